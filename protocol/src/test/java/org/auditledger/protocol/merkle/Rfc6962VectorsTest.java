package org.auditledger.protocol.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.List;
import org.auditledger.protocol.Vectors;
import org.junit.jupiter.api.Test;

/** The 8-leaf reference tree of the Certificate Transparency test suites (RFC 6962 §2.1). */
class Rfc6962VectorsTest {
  private static final JsonNode V = Vectors.merkle();

  private static MemoryHashStore store;
  private static CompactRange tree;

  private static void buildTree() {
    store = new MemoryHashStore();
    tree = CompactRange.empty();
    for (JsonNode leaf : V.get("leavesHex")) {
      tree.append(Rfc6962.leafHash(HexFormat.of().parseHex(leaf.asText())), store);
    }
  }

  /** Verifies that leaf hashes are SHA-256(0x00 || leaf). */
  @Test
  void leafHashesMatchVectors() {
    JsonNode leaves = V.get("leavesHex");
    for (int i = 0; i < leaves.size(); i++) {
      assertArrayEquals(
          Vectors.hex(V.get("leafHashes").get(i)),
          Rfc6962.leafHash(HexFormat.of().parseHex(leaves.get(i).asText())),
          "leaf hash " + i);
    }
  }

  /** Verifies the root of every size 0..8, including the empty tree. */
  @Test
  void rootsOfEverySizeMatchVectors() {
    CompactRange t = CompactRange.empty();
    JsonNode roots = V.get("rootsBySize");
    assertArrayEquals(Vectors.hex(roots.get(0)), t.root(), "root of size 0");
    for (int i = 0; i < V.get("leavesHex").size(); i++) {
      t.append(Rfc6962.leafHash(HexFormat.of().parseHex(V.get("leavesHex").get(i).asText())), (a, b) -> { });
      assertArrayEquals(Vectors.hex(roots.get(i + 1)), t.root(), "root of size " + (i + 1));
    }
    assertEquals(
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        HexFormat.of().formatHex(t.root()));
  }

  /** Verifies that every generated inclusion proof equals the published one and verifies. */
  @Test
  void inclusionProofsMatchVectors() {
    buildTree();
    for (JsonNode c : V.get("inclusionProofs")) {
      long index = c.get("index").asLong();
      long size = c.get("size").asLong();
      List<byte[]> want = Vectors.hexList(c.get("proof"));
      List<byte[]> got = Proofs.inclusion(index, size).fetch(store);
      assertProofEquals(want, got, "inclusion " + index + "@" + size);
      ProofVerifier.verifyInclusion(
          index, size, Vectors.hex(V.get("leafHashes").get((int) index)), want,
          Vectors.hex(V.get("rootsBySize").get((int) size)));
    }
  }

  /** Verifies that every generated consistency proof equals the published one and verifies. */
  @Test
  void consistencyProofsMatchVectors() {
    buildTree();
    for (JsonNode c : V.get("consistencyProofs")) {
      long from = c.get("from").asLong();
      long to = c.get("to").asLong();
      List<byte[]> want = Vectors.hexList(c.get("proof"));
      assertProofEquals(want, Proofs.consistency(from, to).fetch(store), "consistency " + from + "→" + to);
      ProofVerifier.verifyConsistency(
          from, to, want,
          Vectors.hex(V.get("rootsBySize").get((int) from)),
          Vectors.hex(V.get("rootsBySize").get((int) to)));
    }
  }

  static void assertProofEquals(List<byte[]> want, List<byte[]> got, String what) {
    assertEquals(want.size(), got.size(), what + ": proof length");
    for (int i = 0; i < want.size(); i++) {
      assertArrayEquals(want.get(i), got.get(i), what + ": proof[" + i + "]");
    }
  }
}
