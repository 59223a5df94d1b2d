package org.auditledger.node.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.tile.EntryBundle;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.tile.Tiles;

/**
 * C2SP tlog-tiles: {@code GET /tile/<L>/<N>[.p/<W>]} and {@code GET /tile/entries/<N>[.p/<W>]}.
 * A tile's content never changes once its nodes exist, so every tile is served as immutable.
 */
public final class TilesEndpoint implements HttpEndpoint {
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private final ApiContext api;

  public TilesEndpoint(ApiContext api) {
    this.api = api;
  }

  @Override
  public void addRoutes(Router router) {
    router.getWithRegex("/tile/.+").handler(this::tile);
  }

  private void tile(RoutingContext ctx) {
    String full = ctx.request().path();
    // Under a mount point (a mirror's /mirror/<origin>/), the tile path follows it.
    String mount = ctx.mountPoint() == null ? "" : ctx.mountPoint().replaceAll("/$", "");
    String path = full.substring(mount.length() + 1);
    TileId tile;
    try {
      tile = TileId.parse(path);
    } catch (MalformedException e) {
      throw ApiException.notFound(e.getMessage());
    }
    long size = api.log().head().size();
    long items = tile.index() * Tiles.WIDTH + tile.width();
    // Level 8L has size >> 8L perfect nodes; the tile needs the first `items` of them.
    int shift = tile.isEntryBundle() ? 0 : Tiles.HEIGHT * tile.level();
    if (tile.index() > Long.MAX_VALUE / Tiles.WIDTH - 1 || shift >= 64 || items > (size >>> shift)) {
      throw ApiException.notFound(path + " does not exist yet: the log has " + size + " entries");
    }
    api.onIo(() -> {
          if (tile.isEntryBundle()) {
            List<byte[]> leaves = api.store().leaves(tile.index() * Tiles.WIDTH, tile.width());
            if (leaves.size() != tile.width()) {
              throw new IllegalStateException("store returned " + leaves.size() + " leaves for " + path);
            }
            return EntryBundle.encode(leaves);
          }
          return Tiles.hashTile(tile, api.store());
        })
        .onSuccess(bytes -> ctx.response()
            .putHeader("Content-Type", "application/octet-stream")
            .putHeader("Cache-Control", IMMUTABLE)
            .end(Buffer.buffer(bytes)))
        .onFailure(ctx::fail);
  }
}
