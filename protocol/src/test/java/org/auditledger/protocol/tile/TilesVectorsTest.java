package org.auditledger.protocol.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.auditledger.protocol.Vectors;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.MemoryHashStore;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.merkle.Rfc6962;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** C2SP tlog-tiles vectors: every tile of trees up to 70,000 leaves, byte for byte. */
class TilesVectorsTest {
  private static final JsonNode V = Vectors.tiles();
  private static final MemoryHashStore STORE = new MemoryHashStore();
  private static final Map<Long, byte[]> ROOTS = new TreeMap<>();
  private static long maxSize;

  @BeforeAll
  static void build() throws Exception {
    V.get("sizes").forEach(s -> maxSize = Math.max(maxSize, s.asLong()));
    CompactRange t = CompactRange.empty();
    for (long i = 0; i < maxSize; i++) {
      t.append(Rfc6962.leafHash(("leaf-" + i).getBytes(StandardCharsets.US_ASCII)), STORE);
      if (V.get("roots").has(Long.toString(i + 1))) {
        ROOTS.put(i + 1, t.root());
      }
    }
  }

  /** Verifies the roots of the vector tree sizes. */
  @Test
  void rootsMatchVectors() {
    V.get("roots").fields().forEachRemaining(e ->
        assertArrayEquals(Vectors.hex(e.getValue()), ROOTS.get(Long.parseLong(e.getKey())),
            "root of size " + e.getKey()));
  }

  /**
   * Verifies every tile of the vectors (each partial width a growing tree passes through, and the
   * full tiles) byte for byte, and that the inventory of each listed size is among them.
   */
  @Test
  void everyTileMatchesVectors() throws Exception {
    TreeSet<String> vectorPaths = new TreeSet<>();
    V.get("tileSha256").fieldNames().forEachRemaining(vectorPaths::add);
    for (JsonNode s : V.get("sizes")) {
      for (TileId tile : Tiles.hashTiles(s.asLong())) {
        assertTrue(vectorPaths.contains(tile.path()), tile.path() + " of size " + s + " in vectors");
      }
    }
    for (String path : vectorPaths) {
      byte[] tile = Tiles.hashTile(TileId.parse(path), STORE);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(tile);
      assertEquals(V.get("tileSha256").get(path).asText(), HexFormat.of().formatHex(digest), path);
    }
    assertEquals(661, vectorPaths.size());
  }

  /** Verifies that proofs built from tiles alone equal the stored-node proofs and verify. */
  @Test
  void proofsFromTilesVerify() {
    for (long size : ROOTS.keySet()) {
      TileHashReader reader = new TileHashReader(size, id -> Tiles.hashTile(id, STORE));
      for (long index : new long[] {0, size / 3, size / 2, size - 1}) {
        List<byte[]> proof = Proofs.inclusion(index, size).fetch(reader);
        byte[] leaf = Rfc6962.leafHash(("leaf-" + index).getBytes(StandardCharsets.US_ASCII));
        ProofVerifier.verifyInclusion(index, size, leaf, proof, ROOTS.get(size));
      }
      for (long older : ROOTS.keySet()) {
        if (older <= size) {
          List<byte[]> proof = Proofs.consistency(older, size).fetch(reader);
          ProofVerifier.verifyConsistency(older, size, proof, ROOTS.get(older), ROOTS.get(size));
        }
      }
    }
  }
}
