package org.auditledger.protocol.tile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tile paths of C2SP tlog-tiles, including the x001/234 index grouping. */
class TileIdTest {
  /** Verifies the path grammar with the examples of the spec. */
  @Test
  void pathsFollowTheSpecGrouping() {
    assertEquals("tile/0/000", TileId.hashTile(0, 0, 256).path());
    assertEquals("tile/0/x001/x234/067", TileId.hashTile(0, 1234067, 256).path());
    assertEquals("tile/1/x001/000.p/17", TileId.hashTile(1, 1000, 17).path());
    assertEquals("tile/entries/x001/x234/067.p/8", TileId.entryBundle(1234067, 8).path());
  }

  /** Verifies that parse and path are inverse over a spread of indexes and widths. */
  @Test
  void parseInvertsPath() {
    for (long n : new long[] {0, 1, 999, 1000, 1001, 999_999, 1_000_000, 123_456_789_012L}) {
      for (int w : new int[] {1, 128, 255, 256}) {
        for (TileId t : List.of(TileId.hashTile(3, n, w), TileId.entryBundle(n, w))) {
          assertEquals(t, TileId.parse(t.path()));
        }
      }
    }
  }

  /** Verifies that non-canonical and malformed paths are refused. */
  @ParameterizedTest
  @ValueSource(strings = {
      "tile/0/0", "tile/0/0000", "tile/0/001/234", "tile/0/x001", "tile/00/000", "tile/64/000",
      "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/007", "tile/entries/000.p/", "/tile/0/000",
      "tile/-1/000", "tile/0/x1000/000", "tile/0/000/", "tile/data/000",
      // Zero groups decode to the index of a shorter path; only that shorter path is the tile's.
      "tile/entries/x000/x000/000.p/18", "tile/0/x000/005", "tile/1/x000/x001/000"})
  void malformedPathsAreRefused(String path) {
    assertThrows(MalformedException.class, () -> TileId.parse(path));
  }

  /** Verifies the tile inventory of small trees. */
  @Test
  void tilesOfSmallTrees() {
    assertEquals(List.of(), Tiles.hashTiles(0));
    assertEquals(List.of(TileId.hashTile(0, 0, 1)), Tiles.hashTiles(1));
    assertEquals(List.of(TileId.hashTile(0, 0, 256), TileId.hashTile(1, 0, 1)), Tiles.hashTiles(256));
    assertEquals(List.of(TileId.entryBundle(0, 256), TileId.entryBundle(1, 4)), Tiles.entryBundles(260));
  }
}
