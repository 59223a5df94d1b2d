package org.auditledger.protocol.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.auditledger.protocol.json.Fields;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.note.Checkpoint;

/**
 * An inclusion proof (RFC 9162 §2.1.3): {@code {"index":n,"size":s,"hashes":[base64, …]}}, the
 * same object in receipts, bundles and {@code GET /v1/proofs/inclusion}.
 */
public record InclusionProof(long index, long size, List<byte[]> hashes) {
  /** A proof has at most 64 hashes (trees of up to 2^64 leaves). */
  public static final int MAX_HASHES = 64;

  public InclusionProof {
    hashes = List.copyOf(hashes);
  }

  /**
   * Checks that {@code leafHash} is this proof's leaf in {@code checkpoint}'s tree.
   *
   * @throws org.auditledger.protocol.merkle.InvalidProofException if not
   */
  public void verify(byte[] leafHash, Checkpoint checkpoint) {
    if (size != checkpoint.size()) {
      throw new org.auditledger.protocol.merkle.InvalidProofException("inclusion proof is for tree size "
          + size + ", the checkpoint is of size " + checkpoint.size());
    }
    ProofVerifier.verifyInclusion(index, size, leafHash, hashes, checkpoint.rootHash());
  }

  public ObjectNode toJson() {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("index", index).put("size", size);
    Fields.putHashes(o, "hashes", hashes);
    return o;
  }

  /** Reads a proof; {@code what} names it in errors. */
  public static InclusionProof fromJson(JsonNode o, String what) {
    return new InclusionProof(Fields.nonNegative(o, "index", what), Fields.nonNegative(o, "size", what),
        Fields.hashes(o, "hashes", what, MAX_HASHES));
  }
}
