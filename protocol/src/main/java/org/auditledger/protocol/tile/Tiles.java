package org.auditledger.protocol.tile;

import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.merkle.HashReader;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.merkle.Rfc6962;

/** Tile arithmetic of C2SP tlog-tiles, height 8. */
public final class Tiles {
  /** Tile height: levels of the Merkle tree per tile level. */
  public static final int HEIGHT = 8;
  /** Hashes (or entries) in a full tile. */
  public static final int WIDTH = 1 << HEIGHT;

  private Tiles() {}

  /** Every hash tile a tree of {@code size} leaves has: full tiles and the partial right edge. */
  public static List<TileId> hashTiles(long size) {
    List<TileId> out = new ArrayList<>();
    for (int level = 0; level * HEIGHT < 64; level++) {
      long nodes = size >>> (level * HEIGHT);
      if (nodes == 0) {
        break;
      }
      addLevel(out, level, nodes);
    }
    return out;
  }

  /** Every entry bundle a tree of {@code size} leaves has. */
  public static List<TileId> entryBundles(long size) {
    List<TileId> out = new ArrayList<>();
    addLevel(out, TileId.ENTRIES, size);
    return out;
  }

  /** The tile at {@code level} that holds node index {@code n} of that level, for a tree size. */
  public static TileId tileFor(int level, long tileIndex, long size) {
    long nodes = level == TileId.ENTRIES ? size : size >>> (level * HEIGHT);
    long full = nodes / WIDTH;
    if (tileIndex < full) {
      return new TileId(level, tileIndex, WIDTH);
    }
    long rest = nodes % WIDTH;
    if (tileIndex == full && rest > 0) {
      return new TileId(level, tileIndex, (int) rest);
    }
    throw new IllegalArgumentException(
        "tree size " + size + " has no tile " + tileIndex + " at level " + level);
  }

  private static void addLevel(List<TileId> out, int level, long nodes) {
    long full = nodes / WIDTH;
    for (long n = 0; n < full; n++) {
      out.add(new TileId(level, n, WIDTH));
    }
    int rest = (int) (nodes % WIDTH);
    if (rest > 0) {
      out.add(new TileId(level, full, rest));
    }
  }

  /** The perfect nodes a hash tile holds, left to right. */
  public static List<NodeId> nodes(TileId tile) {
    if (tile.isEntryBundle()) {
      throw new IllegalArgumentException(tile + " is an entry bundle, not a hash tile");
    }
    List<NodeId> ids = new ArrayList<>(tile.width());
    long first = tile.index() * WIDTH;
    for (int i = 0; i < tile.width(); i++) {
      ids.add(new NodeId(tile.level() * HEIGHT, first + i));
    }
    return ids;
  }

  /** The bytes of a hash tile: its nodes' hashes, concatenated. */
  public static byte[] hashTile(TileId tile, HashReader reader) {
    List<byte[]> hashes = reader.read(nodes(tile));
    byte[] out = new byte[hashes.size() * Rfc6962.HASH_SIZE];
    for (int i = 0; i < hashes.size(); i++) {
      byte[] h = hashes.get(i);
      if (h.length != Rfc6962.HASH_SIZE) {
        throw new IllegalArgumentException("node hash of " + h.length + " bytes in " + tile);
      }
      System.arraycopy(h, 0, out, i * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
    }
    return out;
  }
}
