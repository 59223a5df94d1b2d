package org.auditledger.protocol.tile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.merkle.HashReader;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.merkle.Rfc6962;

/**
 * Reads perfect-node hashes of a tree of a given size from its hash tiles. A node whose level is
 * not a multiple of 8 is recomputed from the level-0 hashes of its tile (C2SP tlog-tiles: a tile
 * stores only its bottom row).
 *
 * <p>Tiles are untrusted: this reader checks only their length. Callers authenticate the hashes
 * by verifying the proof they build against a signed root.
 */
public final class TileHashReader implements HashReader {
  private final long size;
  private final TileSource source;
  /** Tiles kept, most recently used; a bound so that long-lived readers stay small. */
  private static final int CACHE_TILES = 256;

  private final Map<TileId, byte[]> cache = new java.util.LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<TileId, byte[]> eldest) {
      return size() > CACHE_TILES;
    }
  };

  public TileHashReader(long size, TileSource source) {
    this.size = size;
    this.source = source;
  }

  @Override
  public List<byte[]> read(List<NodeId> ids) {
    List<byte[]> out = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      out.add(read(id));
    }
    return out;
  }

  private byte[] read(NodeId id) {
    int tileLevel = id.level() / Tiles.HEIGHT;
    int within = id.level() % Tiles.HEIGHT;
    long bottomFirst = id.index() << within;
    long bottomCount = 1L << within;
    if (((id.index() + 1) << id.level()) > size) {
      throw new IllegalArgumentException("node " + id + " is not complete in tree size " + size);
    }
    TileId tile = Tiles.tileFor(tileLevel, bottomFirst / Tiles.WIDTH, size);
    byte[] data = cache.computeIfAbsent(tile, this::fetch);
    int offset = (int) (bottomFirst % Tiles.WIDTH);
    List<byte[]> row = new ArrayList<>((int) bottomCount);
    for (int i = 0; i < bottomCount; i++) {
      int from = (offset + i) * Rfc6962.HASH_SIZE;
      byte[] h = new byte[Rfc6962.HASH_SIZE];
      System.arraycopy(data, from, h, 0, Rfc6962.HASH_SIZE);
      row.add(h);
    }
    // Fold the bottom row up `within` levels; the run is a perfect subtree.
    while (row.size() > 1) {
      List<byte[]> up = new ArrayList<>(row.size() / 2);
      for (int i = 0; i < row.size(); i += 2) {
        up.add(Rfc6962.nodeHash(row.get(i), row.get(i + 1)));
      }
      row = up;
    }
    return row.get(0);
  }

  private byte[] fetch(TileId tile) {
    byte[] data = source.tile(tile);
    int want = tile.width() * Rfc6962.HASH_SIZE;
    if (data == null || data.length != want) {
      throw new MalformedException(
          tile.path() + " has " + (data == null ? "no" : data.length) + " bytes, want " + want);
    }
    return data;
  }
}
