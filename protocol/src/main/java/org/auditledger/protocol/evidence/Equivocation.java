package org.auditledger.protocol.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.HashReader;
import org.auditledger.protocol.merkle.InvalidProofException;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteSignature;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.note.SignedNote;

/**
 * Two checkpoints of one log, both signed by its key, that cannot both be true (see the package
 * description). Built only through {@link #sameSize} and {@link #fork}, which check it, or read
 * through {@link #fromJson}, which checks it again: an instance is always a proof.
 *
 * @param first the checkpoint of the smaller (or equal) size, with only the log's signature
 * @param second the other checkpoint, with only the log's signature
 * @param priorRoot for different sizes, the root of {@code second}'s tree at {@code first}'s size;
 *     null for equal sizes
 * @param proof for different sizes, the consistency proof from {@code first}'s size to {@code
 *     second}'s; empty for equal sizes
 */
public record Equivocation(NoteVerifierKey logKey, SignedCheckpoint first, SignedCheckpoint second,
    byte[] priorRoot, List<byte[]> proof) implements Evidence {
  static final String TYPE = "equivocation";

  /** Largest note kept in evidence; a log's checkpoints are a few hundred bytes. */
  public static final int MAX_NOTE_BYTES = 16 * 1024;

  public Equivocation {
    priorRoot = priorRoot == null ? null : priorRoot.clone();
    proof = List.copyOf(proof);
  }

  @Override
  public byte[] priorRoot() {
    return priorRoot == null ? null : priorRoot.clone();
  }

  /**
   * Evidence from two signed checkpoints of the same size with different roots.
   *
   * @throws ProtocolException if the notes are not both signed by {@code logKey} or do not differ
   */
  public static Equivocation sameSize(NoteVerifierKey logKey, byte[] a, byte[] b) {
    return check(logKey, open(a, logKey, "first"), open(b, logKey, "second"), null, List.of());
  }

  /**
   * Evidence from checkpoint {@code a} and a larger checkpoint {@code b} whose tree had, at a's
   * size, the root {@code priorRoot} (shown by {@code proof}) rather than a's root.
   *
   * @throws ProtocolException if it proves nothing
   */
  public static Equivocation fork(NoteVerifierKey logKey, byte[] a, byte[] b, byte[] priorRoot,
      List<byte[]> proof) {
    return check(logKey, open(a, logKey, "first"), open(b, logKey, "second"), priorRoot, proof);
  }

  /**
   * Whether {@code offered}, a checkpoint note of the log, contradicts a tree this caller has
   * verified itself: {@code known} is that tree's signed checkpoint and {@code knownTree} reads its
   * perfect nodes (e.g. a mirror's store). A checkpoint larger than {@code known} cannot be judged
   * from it and yields nothing.
   *
   * @return the evidence, if {@code offered} is signed by the log and contradicts the tree
   * @throws ProtocolException if {@code offered} is not a checkpoint signed by {@code logKey}
   */
  public static Optional<Equivocation> contradicting(NoteVerifierKey logKey,
      SignedCheckpoint known, HashReader knownTree, byte[] offered) {
    SignedCheckpoint x = open(offered, logKey, "offered");
    long s = x.checkpoint().size();
    long n = known.checkpoint().size();
    if (s > n) {
      return Optional.empty();
    }
    if (s == n) {
      return Arrays.equals(x.checkpoint().rootHash(), known.checkpoint().rootHash())
          ? Optional.empty()
          : Optional.of(check(logKey, x, open(known.encode(), logKey, "known"), null, List.of()));
    }
    byte[] prior = CompactRange.of(s,
        knownTree.read(CompactRange.edge(s))).root();
    if (Arrays.equals(prior, x.checkpoint().rootHash())) {
      return Optional.empty();
    }
    List<byte[]> proof = Proofs.consistency(s, n).fetch(knownTree);
    return Optional.of(check(logKey, x, open(known.encode(), logKey, "known"), prior, proof));
  }

  private static Equivocation check(NoteVerifierKey logKey, SignedCheckpoint a, SignedCheckpoint b,
      byte[] priorRoot, List<byte[]> proof) {
    if (a.checkpoint().size() > b.checkpoint().size()) {
      SignedCheckpoint t = a;
      a = b;
      b = t;
    }
    Checkpoint ca = a.checkpoint();
    Checkpoint cb = b.checkpoint();
    if (ca.size() == cb.size()) {
      if (Arrays.equals(ca.rootHash(), cb.rootHash())) {
        throw new MalformedException("two checkpoints of size " + ca.size()
            + " with the same root do not contradict each other");
      }
      if (priorRoot != null || !proof.isEmpty()) {
        throw new MalformedException("evidence about two checkpoints of one size carries no proof");
      }
      return new Equivocation(logKey, a, b, null, List.of());
    }
    if (priorRoot == null || priorRoot.length != Rfc6962.HASH_SIZE) {
      throw new MalformedException("evidence about checkpoints of sizes " + ca.size() + " and "
          + cb.size() + " needs the 32-byte root of the larger tree at size " + ca.size());
    }
    if (Arrays.equals(priorRoot, ca.rootHash())) {
      throw new MalformedException("the larger tree had the same root at size " + ca.size()
          + ": the checkpoints agree");
    }
    // Every tree extends the empty one (RFC 9162 §2.1.4.1): its only root is SHA-256("").
    if (ca.size() == 0 && !Arrays.equals(priorRoot, Rfc6962.emptyRoot())) {
      throw new MalformedException("the root of every tree at size 0 is SHA-256 of the empty string");
    }
    ProofVerifier.verifyConsistency(ca.size(), cb.size(), proof, priorRoot, cb.rootHash());
    return new Equivocation(logKey, a, b, priorRoot, proof);
  }

  /** A signed checkpoint by the log key, keeping only the log's own signature line. */
  static SignedCheckpoint open(byte[] note, NoteVerifierKey logKey, String which) {
    if (note.length > MAX_NOTE_BYTES) {
      throw new MalformedException(which + " checkpoint note has " + note.length
          + " bytes, limit " + MAX_NOTE_BYTES);
    }
    SignedCheckpoint cp = SignedCheckpoint.open(note, logKey);
    List<NoteSignature> own = new ArrayList<>();
    for (NoteSignature s : cp.note().signatures()) {
      if (s.isBy(logKey)) {
        own.add(s);
      }
    }
    return new SignedCheckpoint(cp.checkpoint(), new SignedNote(cp.note().text(), own));
  }

  @Override
  public String origin() {
    return logKey.name();
  }

  /**
   * A stable identity of the contradiction itself: the origin, the size {@code m} of {@code first}
   * and the two roots the log committed to for its first {@code m} entries (first's root, and
   * {@code priorRoot} or second's root), unordered. The same lie reported against different later
   * checkpoints, by different nodes, or with other signatures is stored once.
   */
  @Override
  public String id() {
    byte[] r1 = first.checkpoint().rootHash();
    byte[] r2 = priorRoot != null ? priorRoot : second.checkpoint().rootHash();
    if (Arrays.compare(r1, r2) > 0) {
      byte[] t = r1;
      r1 = r2;
      r2 = t;
    }
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(origin().getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(Long.toString(first.checkpoint().size()).getBytes(StandardCharsets.US_ASCII));
      d.update((byte) 0);
      d.update(r1);
      d.update(r2);
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String describe() {
    Checkpoint a = first.checkpoint();
    Checkpoint b = second.checkpoint();
    Base64.Encoder e = Base64.getEncoder();
    if (a.size() == b.size()) {
      return "the log key of " + origin() + " signed two trees of size " + a.size()
          + " with different roots (" + e.encodeToString(a.rootHash()) + " and "
          + e.encodeToString(b.rootHash()) + ")";
    }
    return "the log key of " + origin() + " signed a tree of size " + a.size() + " with root "
        + e.encodeToString(a.rootHash()) + ", but its tree of size " + b.size()
        + " had root " + e.encodeToString(priorRoot) + " at that size (consistency proof included)";
  }

  /**
   * The evidence as served at {@code /v1/alerts} (docs/api.md): {@code {"id","type":
   * "equivocation","origin","logKey","checkpoints":[note,note],"priorRoot"?,"proof":[…]}}.
   */
  @Override
  public ObjectNode toJson() {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("id", id());
    o.put("type", TYPE);
    o.put("origin", origin());
    o.put("logKey", logKey.encode());
    o.putArray("checkpoints").add(text(first)).add(text(second));
    if (priorRoot != null) {
      o.put("priorRoot", Base64.getEncoder().encodeToString(priorRoot));
    }
    ArrayNode p = o.putArray("proof");
    proof.forEach(h -> p.add(Base64.getEncoder().encodeToString(h)));
    return o;
  }

  /**
   * Reads evidence and checks it against the log key the reader trusts (never the one the
   * record names).
   *
   * @throws ProtocolException if it is malformed or proves nothing against {@code logKey}
   */
  public static Equivocation fromJson(JsonNode o, NoteVerifierKey logKey) {
    if (o == null || !o.isObject()) {
      throw new MalformedException("evidence is not a JSON object");
    }
    JsonNode cps = o.get("checkpoints");
    if (cps == null || !cps.isArray() || cps.size() != 2 || !cps.get(0).isTextual()
        || !cps.get(1).isTextual()) {
      throw new MalformedException("evidence has no \"checkpoints\" array of two notes");
    }
    byte[] prior = null;
    if (o.hasNonNull("priorRoot")) {
      prior = base64(o.get("priorRoot"), "priorRoot");
    }
    List<byte[]> proof = new ArrayList<>();
    JsonNode p = o.get("proof");
    if (p != null && !p.isNull()) {
      if (!p.isArray() || p.size() > 64) {
        throw new MalformedException("evidence \"proof\" is not an array of at most 64 hashes");
      }
      for (JsonNode h : p) {
        proof.add(base64(h, "proof"));
      }
    }
    byte[] a = cps.get(0).asText().getBytes(StandardCharsets.UTF_8);
    byte[] b = cps.get(1).asText().getBytes(StandardCharsets.UTF_8);
    try {
      return check(logKey, open(a, logKey, "first"), open(b, logKey, "second"), prior, proof);
    } catch (InvalidProofException e) {
      throw new InvalidProofException("evidence consistency proof does not verify: " + e.getMessage());
    }
  }

  private static byte[] base64(JsonNode n, String what) {
    if (!n.isTextual()) {
      throw new MalformedException("evidence \"" + what + "\" is not base64 text");
    }
    try {
      return Base64.getDecoder().decode(n.asText());
    } catch (IllegalArgumentException e) {
      throw new MalformedException("evidence \"" + what + "\" is not base64", e);
    }
  }

  static String text(SignedCheckpoint c) {
    return new String(c.encode(), StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Equivocation e && id().equals(e.id());
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }
}
