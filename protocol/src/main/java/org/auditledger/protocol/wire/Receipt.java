package org.auditledger.protocol.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.VerificationException;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.json.Fields;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;

/**
 * The answer to a submission: where the entry is, the signed checkpoint that covers it, the
 * inclusion proof in that checkpoint, and the two fields the log added to the envelope ({@code
 * logged}, {@code prev}), so that whoever filed the envelope can rebuild the exact leaf and check
 * everything without asking again:
 *
 * <pre>
 * {"index":n,"leafHash":b64,"logged":"…Z","prev":b64|"","checkpoint":"note",
 *  "inclusionProof":{"index":n,"size":s,"hashes":[…]}}
 * </pre>
 */
public record Receipt(long index, byte[] leafHash, Instant logged, byte[] prev, byte[] checkpoint,
    InclusionProof inclusionProof) {
  public Receipt {
    leafHash = leafHash.clone();
    prev = prev.clone();
    checkpoint = checkpoint.clone();
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }

  @Override
  public byte[] prev() {
    return prev.clone();
  }

  @Override
  public byte[] checkpoint() {
    return checkpoint.clone();
  }

  /**
   * Checks that this receipt proves {@code filed} is entry {@code index} of the log {@code logKey}
   * signs: the leaf rebuilt from {@code filed} has the receipt's leaf hash, the checkpoint is
   * signed by the log, and the proof puts the leaf in its tree.
   *
   * @return the signed checkpoint
   * @throws VerificationException or {@link MalformedException} with the reason if not
   */
  public SignedCheckpoint verify(Envelope filed, NoteVerifierKey logKey) {
    return verify(filed, note -> SignedCheckpoint.open(note, logKey));
  }

  /**
   * As {@link #verify(Envelope, NoteVerifierKey)}, the checkpoint opened by {@code open}: {@link
   * SignedCheckpoint#open} or a memo of it, as a bulk import keeps for the receipts of one batch,
   * which all carry the same signed checkpoint.
   */
  public SignedCheckpoint verify(Envelope filed, Function<byte[], SignedCheckpoint> open) {
    byte[] rebuilt;
    try {
      rebuilt = new Leaf(filed, index, logged, prev).leafHash();
    } catch (IllegalArgumentException e) {
      throw new MalformedException("the receipt cannot describe a leaf: " + e.getMessage(), e);
    }
    if (!Arrays.equals(rebuilt, leafHash)) {
      throw new VerificationException("the receipt's leaf hash is not that of the filed envelope at index "
          + index + " (logged " + logged + ")");
    }
    SignedCheckpoint cp = open.apply(checkpoint.clone());
    if (inclusionProof.index() != index) {
      throw new VerificationException("the receipt's proof is for index " + inclusionProof.index() + ", not " + index);
    }
    inclusionProof.verify(leafHash, cp.checkpoint());
    return cp;
  }

  public ObjectNode toJson() {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("index", index);
    o.put("leafHash", Base64.getEncoder().encodeToString(leafHash));
    o.put("logged", Leaf.formatLogged(logged));
    o.put("prev", Base64.getEncoder().encodeToString(prev));
    o.put("checkpoint", new String(checkpoint, StandardCharsets.UTF_8));
    o.set("inclusionProof", inclusionProof.toJson());
    return o;
  }

  public static Receipt fromJson(JsonNode o, String what) {
    Instant logged;
    try {
      logged = Instant.parse(Fields.text(o, "logged", what));
    } catch (DateTimeParseException e) {
      throw new MalformedException(what + ".logged is not an RFC 3339 time", e);
    }
    byte[] prev = Fields.base64(o, "prev", what);
    if (prev.length != 0 && prev.length != 32) {
      throw new MalformedException(what + ".prev is neither empty nor a 32-byte hash");
    }
    return new Receipt(Fields.nonNegative(o, "index", what), Fields.hash(o, "leafHash", what), logged, prev,
        Fields.text(o, "checkpoint", what).getBytes(StandardCharsets.UTF_8),
        InclusionProof.fromJson(Fields.object(o.get("inclusionProof"), what + ".inclusionProof"), what + ".inclusionProof"));
  }
}
