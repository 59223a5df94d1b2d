package org.auditledger.protocol.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.VerificationException;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.cosignature.WitnessedCheckpoint;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.json.Fields;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.NoteVerifierKey;

/**
 * An offline proof of one entry (after C2SP tlog-proof): the entry's leaf and its inclusion proof
 * in a signed (and cosigned) checkpoint, and every {@code key} entry before it, each with its
 * proof into the same checkpoint, so that its signer's authority can be replayed with no network.
 *
 * <pre>
 * {"format":"auditledger-bundle/v2","origin","vkey","checkpoint":"note",
 *  "entry":{"index":n,"leaf":b64,"inclusionProof":{"index","size","hashes"}},
 *  "grants":[{"index":k,"leaf":b64,"inclusionProof":{…}}, …]}
 * </pre>
 *
 * Version 1 wrote each {@code inclusionProof} as a bare array of hashes; it is still read.
 */
public record ProofBundle(String origin, String vkey, byte[] checkpoint, Proven entry, List<Proven> grants) {
  public static final String FORMAT = "auditledger-bundle/v2";
  static final String FORMAT_V1 = "auditledger-bundle/v1";

  /** One leaf and its inclusion proof. */
  public record Proven(byte[] leaf, InclusionProof proof) {
    public Proven {
      leaf = leaf.clone();
    }

    @Override
    public byte[] leaf() {
      return leaf.clone();
    }

    public long index() {
      return proof.index();
    }
  }

  public ProofBundle {
    checkpoint = checkpoint.clone();
    grants = List.copyOf(grants);
  }

  /** What a bundle failed on, so that callers can say which part of it is at fault. */
  public enum Part { CHECKPOINT, WITNESSES, PROOF, ENTRY, AUTHORIZATION }

  /** A bundle that does not prove its entry; {@link #part()} says where it failed. */
  public static final class Failure extends VerificationException {
    private static final long serialVersionUID = 1L;
    private final Part part;
    private final Long index;

    Failure(Part part, Long index, ProtocolException cause) {
      super((index == null ? "" : "bundle entry " + index + ": ") + cause.getMessage(), cause);
      this.part = part;
      this.index = index;
    }

    public Part part() {
      return part;
    }

    /** The entry at fault, or null for the checkpoint. */
    public Long index() {
      return index;
    }
  }

  /** What a bundle proves: this entry is in this checkpoint and its signer was authorized. */
  public record Verified(Entry entry, WitnessedCheckpoint checkpoint, int grants) {}

  /**
   * Verifies the bundle against keys the caller trusts: the checkpoint's signature and witness
   * quorum, every inclusion proof, every leaf, and the replay of the key entries in order up to
   * the entry. References inside the log can be checked only as "earlier" offline.
   *
   * @throws Failure naming the part and entry at fault
   */
  public Verified verify(NoteVerifierKey logKey, WitnessPolicy policy) {
    WitnessedCheckpoint cp;
    try {
      cp = WitnessedCheckpoint.open(checkpoint, logKey, WitnessPolicy.none());
    } catch (ProtocolException e) {
      throw new Failure(Part.CHECKPOINT, null, e);
    }
    try {
      cp = new WitnessedCheckpoint(cp.checkpoint(), policy.check(cp.checkpoint().checkpoint(), cp.checkpoint().note()));
    } catch (ProtocolException e) {
      throw new Failure(Part.WITNESSES, null, e);
    }
    KeyRegistry registry = KeyRegistry.empty(cp.checkpoint().checkpoint().origin(), logKey.publicKey());
    for (Proven g : grants) {
      Entry grant = open(g, cp);
      if (grant.payload().kind() != EntryKind.KEY) {
        throw new Failure(Part.ENTRY, g.index(), new MalformedException("a bundled grant is a "
            + grant.payload().kind().jsonName() + " entry, not a key entry"));
      }
      authorize(registry, grant);
    }
    Entry e = open(entry, cp);
    authorize(registry, e);
    return new Verified(e, cp, grants.size());
  }

  private static Entry open(Proven p, WitnessedCheckpoint cp) {
    long index = p.index();
    try {
      p.proof().verify(Rfc6962.leafHash(p.leaf), cp.checkpoint().checkpoint());
    } catch (ProtocolException e) {
      throw new Failure(Part.PROOF, index, e);
    }
    try {
      Entry e = Entry.open(p.leaf);
      if (e.leaf().index() != index) {
        throw new MalformedException("the leaf says it is entry " + e.leaf().index());
      }
      return e;
    } catch (ProtocolException e) {
      throw new Failure(Part.ENTRY, index, e);
    }
  }

  private static void authorize(KeyRegistry registry, Entry e) {
    long index = e.leaf().index();
    try {
      registry.replay(e);
    } catch (ProtocolException u) {
      throw new Failure(Part.AUTHORIZATION, index, u);
    } catch (IllegalArgumentException u) {
      throw new Failure(Part.ENTRY, index, new MalformedException("bundle entries are out of order at " + index));
    }
  }

  public ObjectNode toJson() {
    ObjectNode b = StrictJson.mapper().createObjectNode();
    b.put("format", FORMAT).put("origin", origin).put("vkey", vkey);
    b.put("checkpoint", new String(checkpoint, StandardCharsets.UTF_8));
    b.set("entry", json(entry));
    ArrayNode a = b.putArray("grants");
    grants.forEach(g -> a.add(json(g)));
    return b;
  }

  private static ObjectNode json(Proven p) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("index", p.index()).put("leaf", Base64.getEncoder().encodeToString(p.leaf));
    o.set("inclusionProof", p.proof().toJson());
    return o;
  }

  /**
   * Reads a bundle (format v2, or v1); {@code what} names it in errors.
   *
   * @throws MalformedException naming the field at fault
   */
  public static ProofBundle fromJson(JsonNode b, String what) {
    String format = Fields.text(b, "format", what);
    if (!FORMAT.equals(format) && !FORMAT_V1.equals(format)) {
      throw new MalformedException(what + " is not a proof bundle (format \"" + format + "\", want " + FORMAT + ")");
    }
    byte[] checkpoint = Fields.text(b, "checkpoint", what).getBytes(StandardCharsets.UTF_8);
    long size = org.auditledger.protocol.note.Checkpoint.parse(
        org.auditledger.protocol.note.SignedNote.parse(checkpoint).text()).size();
    List<Proven> grants = new ArrayList<>();
    JsonNode g = Fields.array(b, "grants", what);
    for (int i = 0; i < g.size(); i++) {
      grants.add(proven(g.get(i), what + ".grants[" + i + "]", size));
    }
    return new ProofBundle(Fields.text(b, "origin", what), Fields.text(b, "vkey", what), checkpoint,
        proven(b.get("entry"), what + ".entry", size), grants);
  }

  private static Proven proven(JsonNode o, String what, long size) {
    long index = Fields.nonNegative(o, "index", what);
    byte[] leaf = Fields.base64(o, "leaf", what);
    JsonNode p = Fields.object(o, what).get("inclusionProof");
    InclusionProof proof = p != null && p.isArray()
        // Version 1: the hashes alone, for the bundle's checkpoint.
        ? new InclusionProof(index, size, Fields.hashes(Fields.object(o, what), "inclusionProof", what, InclusionProof.MAX_HASHES))
        : InclusionProof.fromJson(Fields.object(p, what + ".inclusionProof"), what + ".inclusionProof");
    if (proof.index() != index) {
      throw new MalformedException(what + ": index " + index + " but its proof is for " + proof.index());
    }
    return new Proven(leaf, proof);
  }
}
