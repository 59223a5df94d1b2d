package org.auditledger.cli.client;

import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.merkle.InvalidProofException;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.wire.InclusionProof;
import org.auditledger.protocol.wire.ProofBundle;

/**
 * One entry fetched and proven into a trusted checkpoint; nothing is taken on trust but {@code
 * status}, the node's word on what supersedes or amends it (null if current), kept only to be
 * checked by whoever shows it.
 */
public record Proven(Entry entry, byte[] leaf, InclusionProof proof, com.fasterxml.jackson.databind.JsonNode status) {

  public long index() {
    return proof.index();
  }

  public ProofBundle.Proven wire() {
    return new ProofBundle.Proven(leaf, proof);
  }

  /** Entry {@code index}, checked and proven into {@code cp}, a checkpoint already trusted. */
  public static Proven fetch(LogClient client, Checkpoint cp, long index) throws AuditException {
    long size = cp.size();
    if (index < 0 || index >= size) {
      throw new AuditException(ExitCode.USAGE, "entry " + index + " is not in the log's " + size + " entries");
    }
    NodeAnswer answer = client.getJson("v1/entries/" + index);
    byte[] leaf = answer.base64("leaf");
    com.fasterxml.jackson.databind.JsonNode status = answer.json().get("status");
    String path = "v1/proofs/inclusion?index=" + index + "&size=" + size;
    InclusionProof proof;
    try {
      proof = InclusionProof.fromJson(client.getJson(path).json(), client.resolve(path).toString());
    } catch (ProtocolException e) {
      throw new AuditException(ExitCode.NETWORK, e.getMessage(), e);
    }
    try {
      if (proof.index() != index) {
        throw new InvalidProofException("the node answered a proof for entry " + proof.index());
      }
      proof.verify(Rfc6962.leafHash(leaf), cp);
      Entry entry = Entry.open(leaf);
      if (entry.leaf().index() != index) {
        throw new AuditException(ExitCode.ENTRY, "entry " + index + " says it is entry " + entry.leaf().index(), index, "chain", null);
      }
      return new Proven(entry, leaf, proof, status);
    } catch (InvalidProofException ex) {
      throw new AuditException(ExitCode.TREE, "entry " + index + " is not in the signed tree: " + ex.getMessage(), index, "tree", ex);
    } catch (ProtocolException ex) {
      throw new AuditException(ExitCode.ENTRY, "entry " + index + ": " + ex.getMessage(), index, "format", ex);
    }
  }
}
