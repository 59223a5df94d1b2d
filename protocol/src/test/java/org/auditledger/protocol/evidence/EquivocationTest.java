package org.auditledger.protocol.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.cosignature.Cosignature;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.MemoryHashStore;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.note.SignedNote;
import org.junit.jupiter.api.Test;

/** Evidence is kept only when it proves, by itself, that a log contradicted itself. */
class EquivocationTest {
  private static final String ORIGIN = "town.example/log";
  private final NoteSignerKey log = new NoteSignerKey(ORIGIN, Fixtures.newKey());
  private final NoteSignerKey other = new NoteSignerKey(ORIGIN, Fixtures.newKey());

  /** A tree of leaves "prefix-i", with its nodes kept for proofs. */
  private static final class Tree {
    final CompactRange range = CompactRange.empty();
    final MemoryHashStore nodes = new MemoryHashStore();
    final List<byte[]> roots = new ArrayList<>();

    Tree(String prefix, int size) {
      roots.add(range.root());
      for (int i = 0; i < size; i++) {
        range.append(Rfc6962.leafHash((prefix + i).getBytes(StandardCharsets.UTF_8)), nodes);
        roots.add(range.root());
      }
    }
  }

  private byte[] note(NoteSignerKey key, long size, byte[] root) {
    return SignedCheckpoint.sign(new Checkpoint(ORIGIN, size, root), key).encode();
  }

  /** Verifies two signed checkpoints of one size with different roots are evidence. */
  @Test
  void sameSizeDifferentRoots() {
    Tree t = new Tree("a", 5);
    Tree u = new Tree("b", 5);
    Equivocation e = Equivocation.sameSize(log.verifierKey(), note(log, 5, t.roots.get(5)), note(log, 5, u.roots.get(5)));
    assertEquals(e, Equivocation.fromJson(e.toJson(), log.verifierKey()));
    // Same checkpoint twice, or one not signed by the log key, proves nothing.
    assertThrows(ProtocolException.class, () -> Equivocation.sameSize(log.verifierKey(),
        note(log, 5, t.roots.get(5)), note(log, 5, t.roots.get(5))));
    assertThrows(ProtocolException.class, () -> Equivocation.sameSize(log.verifierKey(),
        note(log, 5, t.roots.get(5)), note(other, 5, u.roots.get(5))));
  }

  /**
   * Verifies a fork between different sizes: checkpoint A of size 3 from one tree, B of size 7 of
   * another, with the proof that B's tree had another root at size 3.
   */
  @Test
  void forkAcrossSizesIsProvenByAConsistencyProof() {
    Tree honest = new Tree("a", 7);
    Tree forked = new Tree("b", 3);
    for (int m : new int[] {1, 2, 3, 4, 6}) {
      byte[] a = note(log, m, forked.roots.size() > m ? forked.roots.get(m) : new Tree("b", m).roots.get(m));
      byte[] b = note(log, 7, honest.roots.get(7));
      List<byte[]> proof = Proofs.consistency(m, 7).fetch(honest.nodes);
      Equivocation e = Equivocation.fork(log.verifierKey(), a, b, honest.roots.get(m), proof);
      Equivocation again = Equivocation.fromJson(e.toJson(), log.verifierKey());
      assertEquals(e.id(), again.id());
      // The same order however it is reported.
      assertEquals(e.id(), Equivocation.fork(log.verifierKey(), b, a, honest.roots.get(m), proof).id());
    }
  }

  /**
   * Verifies that flooding material proves nothing: a junk proof, a prior root equal to the
   * checkpoint's, a claimed prior root for size 0, or a consistent pair.
   */
  @Test
  void junkIsNotEvidence() {
    Tree t = new Tree("a", 9);
    byte[] a = note(log, 4, t.roots.get(4));
    byte[] b = note(log, 9, t.roots.get(9));
    List<byte[]> proof = Proofs.consistency(4, 9).fetch(t.nodes);
    // Consistent: the prior root is A's root.
    assertThrows(ProtocolException.class, () -> Equivocation.fork(log.verifierKey(), a, b, t.roots.get(4), proof));
    // A made-up prior root does not verify against B.
    assertThrows(ProtocolException.class, () -> Equivocation.fork(log.verifierKey(), a, b, new Tree("c", 4).roots.get(4), proof));
    List<byte[]> junk = new ArrayList<>(proof);
    junk.set(0, new byte[32]);
    assertThrows(ProtocolException.class, () -> Equivocation.fork(log.verifierKey(), a, b, new Tree("c", 4).roots.get(4), junk));
    // Size 0: every tree extends the empty one.
    byte[] empty = note(log, 0, Rfc6962.emptyRoot());
    assertThrows(ProtocolException.class, () -> Equivocation.fork(log.verifierKey(), empty, b, new byte[32], List.of()));
  }

  /** Verifies that only the log's own signature is kept, so cosignatures never change the id. */
  @Test
  void onlyTheLogSignatureIsKept() {
    Tree t = new Tree("a", 5);
    Tree u = new Tree("b", 5);
    byte[] a = note(log, 5, t.roots.get(5));
    SignedCheckpoint cp = SignedCheckpoint.open(a, log.verifierKey());
    SignedNote cosigned = cp.note().withSignature(Cosignature.sign("w", Fixtures.newKey(), cp.checkpoint(), 1));
    Equivocation plain = Equivocation.sameSize(log.verifierKey(), a, note(log, 5, u.roots.get(5)));
    Equivocation extra = Equivocation.sameSize(log.verifierKey(), cosigned.encodeBytes(), note(log, 5, u.roots.get(5)));
    assertEquals(plain.id(), extra.id());
    assertEquals(1, extra.first().note().signatures().size());
  }
}
