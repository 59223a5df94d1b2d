package org.auditledger.protocol.tile;

/** Supplies the bytes of a tile, from a server, a cache or a store. Bytes are not trusted. */
@FunctionalInterface
public interface TileSource {
  byte[] tile(TileId id);
}
