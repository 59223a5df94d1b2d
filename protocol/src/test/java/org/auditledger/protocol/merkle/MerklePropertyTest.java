package org.auditledger.protocol.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random trees up to a few thousand leaves, cross-checked against the spec-literal {@link
 * ReferenceMerkle}: every generated proof equals the reference and verifies; every proof with one
 * bit flipped, one hash replaced, added or removed, or checked against the wrong index, size or root
 * fails.
 */
class MerklePropertyTest {
  private static final int MAX = 3000;
  private static final long SEED = 0x6962L;
  private static final List<byte[]> LEAVES = new ArrayList<>();
  private static final List<byte[]> ROOTS = new ArrayList<>();
  private static final MemoryHashStore STORE = new MemoryHashStore();

  @BeforeAll
  static void buildTree() {
    CompactRange t = CompactRange.empty();
    ROOTS.add(t.root());
    for (int i = 0; i < MAX; i++) {
      byte[] leaf = Rfc6962.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8));
      LEAVES.add(leaf);
      t.append(leaf, STORE);
      ROOTS.add(t.root());
    }
  }

  /** Verifies the appender's root against MTH for sizes 0..300 and a sample above. */
  @Test
  void appenderRootEqualsReference() {
    Random rnd = new Random(SEED);
    for (int n = 0; n <= 300; n++) {
      assertArrayEquals(ReferenceMerkle.mth(LEAVES.subList(0, n)), ROOTS.get(n), "size " + n);
    }
    for (int i = 0; i < 50; i++) {
      int n = rnd.nextInt(MAX + 1);
      assertArrayEquals(ReferenceMerkle.mth(LEAVES.subList(0, n)), ROOTS.get(n), "size " + n);
    }
  }

  /** Verifies that a compact range resumed from its stored edge continues identically. */
  @Test
  void compactRangeResumesFromStoredEdge() {
    Random rnd = new Random(SEED + 1);
    for (int i = 0; i < 200; i++) {
      int n = rnd.nextInt(MAX - 10);
      CompactRange resumed = CompactRange.of(n, STORE.read(CompactRange.edge(n)));
      assertArrayEquals(ROOTS.get(n), resumed.root(), "resumed root at " + n);
      resumed.append(LEAVES.get(n), (id, h) -> { });
      assertArrayEquals(ROOTS.get(n + 1), resumed.root(), "root after resume+append at " + n);
    }
  }

  /** Verifies thousands of inclusion proofs against the reference, then their mutations. */
  @Test
  void inclusionProofsVerifyAndMutationsFail() {
    Random rnd = new Random(SEED + 2);
    for (int c = 0; c < 2000; c++) {
      int size = 1 + rnd.nextInt(MAX);
      int index = rnd.nextInt(size);
      List<byte[]> proof = Proofs.inclusion(index, size).fetch(STORE);
      if (c < 300) {
        Rfc6962VectorsTest.assertProofEquals(
            ReferenceMerkle.path(index, LEAVES.subList(0, size)), proof, "inclusion " + index + "@" + size);
      }
      assertEquals(ProofVerifier.inclusionProofSize(index, size), proof.size());
      byte[] root = ROOTS.get(size);
      byte[] leaf = LEAVES.get(index);
      ProofVerifier.verifyInclusion(index, size, leaf, proof, root);

      for (UnaryOperator<List<byte[]>> m : mutations(proof, rnd)) {
        List<byte[]> bad = m.apply(proof);
        assertThrows(InvalidProofException.class,
            () -> ProofVerifier.verifyInclusion(index, size, leaf, bad, root),
            "mutated inclusion proof " + index + "@" + size);
      }
      byte[] otherLeaf = LEAVES.get((index + 1) % size);
      if (size > 1) {
        assertThrows(InvalidProofException.class,
            () -> ProofVerifier.verifyInclusion(index, size, otherLeaf, proof, root));
        assertThrows(InvalidProofException.class,
            () -> ProofVerifier.verifyInclusion(index, size, leaf, proof, ROOTS.get(size - 1)));
        int otherIndex = (index + 1 + rnd.nextInt(size - 1)) % size;
        // A proof verifies at another index only if that path shares its shape; the leaf differs,
        // so the root must not match.
        assertThrows(InvalidProofException.class,
            () -> ProofVerifier.verifyInclusion(otherIndex, size, leaf, proof, root));
      }
      assertThrows(InvalidProofException.class,
          () -> ProofVerifier.verifyInclusion(size, size, leaf, proof, root));
    }
  }

  /** Verifies thousands of consistency proofs against the reference, then their mutations. */
  @Test
  void consistencyProofsVerifyAndMutationsFail() {
    Random rnd = new Random(SEED + 3);
    for (int c = 0; c < 2000; c++) {
      int to = 1 + rnd.nextInt(MAX);
      int from = 1 + rnd.nextInt(to);
      List<byte[]> proof = Proofs.consistency(from, to).fetch(STORE);
      if (c < 300) {
        Rfc6962VectorsTest.assertProofEquals(
            ReferenceMerkle.proof(from, LEAVES.subList(0, to)), proof, "consistency " + from + "→" + to);
      }
      assertEquals(ProofVerifier.consistencyProofSize(from, to), proof.size());
      byte[] r1 = ROOTS.get(from);
      byte[] r2 = ROOTS.get(to);
      ProofVerifier.verifyConsistency(from, to, proof, r1, r2);
      if (from == to) {
        assertThrows(InvalidProofException.class,
            () -> ProofVerifier.verifyConsistency(from, to, List.of(), r1, ROOTS.get(to - 1)));
        continue;
      }
      for (UnaryOperator<List<byte[]>> m : mutations(proof, rnd)) {
        List<byte[]> bad = m.apply(proof);
        assertThrows(InvalidProofException.class,
            () -> ProofVerifier.verifyConsistency(from, to, bad, r1, r2),
            "mutated consistency proof " + from + "→" + to);
      }
      assertThrows(InvalidProofException.class,
          () -> ProofVerifier.verifyConsistency(from, to, proof, ROOTS.get(from - 1), r2));
      assertThrows(InvalidProofException.class,
          () -> ProofVerifier.verifyConsistency(from, to, proof, r1, ROOTS.get(to - 1)));
    }
  }

  /** Verifies that a forked tree (one leaf changed) fails the consistency check. */
  @Test
  void forkIsNotConsistent() {
    MemoryHashStore fork = new MemoryHashStore();
    CompactRange t = CompactRange.empty();
    for (int i = 0; i < 1000; i++) {
      t.append(i == 700 ? Rfc6962.leafHash(new byte[] {1}) : LEAVES.get(i), fork);
    }
    List<byte[]> proof = Proofs.consistency(800, 1000).fetch(fork);
    assertThrows(RootMismatchException.class,
        () -> ProofVerifier.verifyConsistency(800, 1000, proof, ROOTS.get(800), t.root()));
  }

  /** Verifies that plans reject out-of-range arguments with the values in the message. */
  @Test
  void plansRejectBadArguments() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Proofs.inclusion(5, 5));
    assertEquals("inclusion proof for index 5 in tree size 5, want 0 <= index < size", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Proofs.consistency(6, 5));
    assertThrows(IllegalArgumentException.class, () -> Proofs.inclusion(-1, 5));
  }

  /** Every way to change a proof by one element or one bit. */
  private static List<UnaryOperator<List<byte[]>>> mutations(List<byte[]> proof, Random rnd) {
    List<UnaryOperator<List<byte[]>>> out = new ArrayList<>();
    for (int i = 0; i < proof.size(); i++) {
      int at = i;
      int bit = rnd.nextInt(256);
      out.add(p -> {
        List<byte[]> q = copy(p);
        q.get(at)[bit / 8] ^= (byte) (1 << (bit % 8));
        return q;
      });
      out.add(p -> {
        List<byte[]> q = copy(p);
        q.remove(at);
        return q;
      });
      out.add(p -> {
        List<byte[]> q = copy(p);
        byte[] other = LEAVES.get(rnd.nextInt(LEAVES.size()));
        // Replace with a hash that differs, or the "mutation" is the proof itself.
        q.set(at, java.util.Arrays.equals(other, q.get(at)) ? Rfc6962.nodeHash(other, other) : other);
        return q;
      });
      out.add(p -> {
        List<byte[]> q = copy(p);
        q.add(at, q.get(at));
        return q;
      });
    }
    out.add(p -> {
      List<byte[]> q = copy(p);
      q.add(LEAVES.get(rnd.nextInt(LEAVES.size())));
      return q;
    });
    out.add(p -> {
      List<byte[]> q = copy(p);
      q.add(0, LEAVES.get(rnd.nextInt(LEAVES.size())));
      return q;
    });
    if (!proof.isEmpty()) {
      out.add(p -> {
        List<byte[]> q = copy(p);
        q.set(0, new byte[31]);
        return q;
      });
    }
    return out;
  }

  private static List<byte[]> copy(List<byte[]> p) {
    List<byte[]> q = new ArrayList<>();
    for (byte[] h : p) {
      q.add(h.clone());
    }
    return q;
  }
}
