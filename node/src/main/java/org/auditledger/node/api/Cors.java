package org.auditledger.node.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS for the read endpoints (Fetch standard, "CORS protocol"): a {@code GET} or {@code HEAD} of
 * {@code /checkpoint}, {@code /tile/...}, {@code /v1/...} and the same under {@code /mirror/...}
 * is answered with {@code Access-Control-Allow-Origin: *}, so that anyone can host a viewer of a
 * log and verify it in the browser. Everything a read returns is public and needs no credentials.
 * Writes get no CORS header and no preflight answer, so a page elsewhere cannot submit through a
 * visitor's browser.
 */
public final class Cors implements io.vertx.core.Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    if ((m == HttpMethod.GET || m == HttpMethod.HEAD) && readPath(ctx.normalizedPath())) {
      ctx.response().putHeader("Access-Control-Allow-Origin", "*");
      // Headers a viewer reads: the next page of a CSV answer, and where a moved entry is.
      ctx.response().putHeader("Access-Control-Expose-Headers", "Link, Location");
    }
    ctx.next();
  }

  static boolean readPath(String path) {
    String p = path;
    if (p.startsWith("/mirror/")) {
      // /mirror/<origin>/<read path>: the origin itself has slashes, so any read path after it.
      return p.contains("/checkpoint") || p.contains("/tile/") || p.contains("/v1/") || p.equals("/mirror/");
    }
    return p.equals("/checkpoint") || p.startsWith("/tile/") || p.startsWith("/v1/");
  }
}
