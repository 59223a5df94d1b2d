package org.auditledger.protocol.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.json.Fields;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;

/**
 * A tree signed by the log's key that holds an entry the rules forbid, shown by the entry's leaf
 * and its inclusion proof (and, for some rules, a second leaf or leaf hash and its proof), all in
 * the same signed checkpoint:
 *
 * <pre>
 * rule "entry":          the leaf at index i is not a valid entry by itself (encoding, index,
 *                        signature, schema); the checker re-derives the reason
 * rule "chain":          the leaf at i names as prev a hash other than the tree's leaf at i-1
 * rule "unique-payload": the leaves at i and at j &lt; i carry the same payload (entry id)
 * </pre>
 *
 * What needs the log's whole history to judge (authorization, references) is not evidence of
 * this kind: it is reported, and any verifier can replay it.
 */
public record InvalidEntry(NoteVerifierKey logKey, SignedCheckpoint checkpoint, String rule, Proven entry,
    Proven other) implements Evidence {
  static final String TYPE = "invalid-entry";
  public static final String ENTRY = "entry";
  public static final String CHAIN = "chain";
  public static final String UNIQUE = "unique-payload";

  /** A leaf (or only its hash) at an index, with its inclusion proof in {@link #checkpoint()}. */
  public record Proven(long index, byte[] leaf, byte[] leafHash, List<byte[]> proof) {
    public Proven {
      leaf = leaf == null ? null : leaf.clone();
      leafHash = leafHash.clone();
      proof = List.copyOf(proof);
    }

    public static Proven ofLeaf(long index, byte[] leaf, List<byte[]> proof) {
      return new Proven(index, leaf, Rfc6962.leafHash(leaf), proof);
    }

    @Override
    public byte[] leaf() {
      return leaf == null ? null : leaf.clone();
    }

    @Override
    public byte[] leafHash() {
      return leafHash.clone();
    }
  }

  /**
   * Builds and checks evidence; {@code checkpointNote} must be signed by {@code logKey}.
   *
   * @throws ProtocolException if it proves nothing
   */
  public static InvalidEntry of(NoteVerifierKey logKey, byte[] checkpointNote, String rule, Proven entry, Proven other) {
    SignedCheckpoint cp = Equivocation.open(checkpointNote, logKey, "the");
    InvalidEntry e = new InvalidEntry(logKey, cp, rule, entry, other);
    e.check();
    return e;
  }

  private void check() {
    long size = checkpoint.checkpoint().size();
    byte[] root = checkpoint.checkpoint().rootHash();
    if (entry.leaf == null) {
      throw new MalformedException("evidence about an entry needs its leaf");
    }
    if (!Arrays.equals(Rfc6962.leafHash(entry.leaf), entry.leafHash)) {
      throw new MalformedException("evidence leaf does not hash to its stated leaf hash");
    }
    ProofVerifier.verifyInclusion(entry.index, size, entry.leafHash, entry.proof, root);
    if (other != null) {
      if (other.leaf != null && !Arrays.equals(Rfc6962.leafHash(other.leaf), other.leafHash)) {
        throw new MalformedException("evidence's second leaf does not hash to its stated leaf hash");
      }
      ProofVerifier.verifyInclusion(other.index, size, other.leafHash, other.proof, root);
    }
    switch (rule) {
      case ENTRY -> {
        String why = entryFault();
        if (why == null) {
          throw new MalformedException("the entry at " + entry.index + " is valid by itself: no evidence");
        }
      }
      case CHAIN -> {
        if (other == null || other.index != entry.index - 1) {
          throw new MalformedException("chain evidence needs the tree's leaf hash at index " + (entry.index - 1));
        }
        Leaf leaf = Leaf.parse(entry.leaf);
        if (leaf.index() == entry.index && Arrays.equals(leaf.prev(), other.leafHash)) {
          throw new MalformedException("the leaf at " + entry.index + " names the tree's previous leaf: no evidence");
        }
      }
      case UNIQUE -> {
        if (other == null || other.leaf == null || other.index >= entry.index) {
          throw new MalformedException("unique-payload evidence needs an earlier leaf");
        }
        if (!EntryId.of(Leaf.parse(entry.leaf).envelope()).equals(EntryId.of(Leaf.parse(other.leaf).envelope()))) {
          throw new MalformedException("the two leaves carry different payloads: no evidence");
        }
      }
      default -> throw new MalformedException("evidence rule \"" + rule + "\" is not known");
    }
  }

  /** Why the entry is invalid by itself, or null if it is valid. */
  private String entryFault() {
    try {
      Entry e = Entry.open(entry.leaf);
      return e.leaf().index() != entry.index ? "the leaf at " + entry.index + " says it is entry " + e.leaf().index() : null;
    } catch (ProtocolException e) {
      return e.getMessage();
    }
  }

  @Override
  public String origin() {
    return logKey.name();
  }

  @Override
  public String id() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((origin() + "\0" + rule + "\0" + entry.index + "\0").getBytes(StandardCharsets.UTF_8));
      d.update(entry.leafHash);
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String describe() {
    String at = "the tree of size " + checkpoint.checkpoint().size() + " signed by " + origin();
    return switch (rule) {
      case CHAIN -> at + " holds at " + entry.index + " a leaf whose prev is not its leaf at " + (entry.index - 1);
      case UNIQUE -> at + " holds the same payload at " + other.index + " and " + entry.index;
      default -> at + " holds an invalid entry at " + entry.index + ": " + entryFault();
    };
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("id", id());
    o.put("type", TYPE);
    o.put("origin", origin());
    o.put("logKey", logKey.encode());
    o.put("rule", rule);
    o.putArray("checkpoints").add(Equivocation.text(checkpoint));
    o.set("entry", json(entry));
    if (other != null) {
      o.set("other", json(other));
    }
    return o;
  }

  private static ObjectNode json(Proven p) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("index", p.index);
    if (p.leaf != null) {
      o.put("leaf", Base64.getEncoder().encodeToString(p.leaf));
    }
    o.put("leafHash", Base64.getEncoder().encodeToString(p.leafHash));
    Fields.putHashes(o, "proof", p.proof);
    return o;
  }

  static InvalidEntry fromJson(JsonNode o, NoteVerifierKey logKey) {
    JsonNode cps = Fields.array(o, "checkpoints", "evidence");
    if (cps.size() != 1 || !cps.get(0).isTextual()) {
      throw new MalformedException("invalid-entry evidence has no single checkpoint note");
    }
    JsonNode other = o.get("other");
    return of(logKey, cps.get(0).asText().getBytes(StandardCharsets.UTF_8), Fields.text(o, "rule", "evidence"),
        proven(o.get("entry"), "evidence.entry"), other == null || other.isNull() ? null : proven(other, "evidence.other"));
  }

  private static Proven proven(JsonNode o, String what) {
    byte[] leaf = Fields.object(o, what).hasNonNull("leaf") ? Fields.base64(o, "leaf", what) : null;
    if (leaf != null && leaf.length > Leaf.MAX_SIZE) {
      throw new MalformedException(what + ".leaf is larger than any leaf");
    }
    return new Proven(Fields.nonNegative(o, "index", what), leaf, Fields.hash(o, "leafHash", what),
        Fields.hashes(o, "proof", what, 64));
  }
}
