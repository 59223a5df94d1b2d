package org.auditledger.node.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code HEAD} for every resource a {@code GET} reads (RFC 9110 §9.3.2: "identical to GET except
 * that the server MUST NOT send content", with the same header fields). Installed once, first on
 * the router, rather than route by route: a {@code HEAD} is routed again as the {@code GET} of
 * the same target, so that it meets exactly the handlers, checks, rate limits, CORS header and
 * problems the {@code GET} would, and any route added later has it too. A target that only takes
 * writes answers the 405 its {@code GET} does; writes themselves never pass here.
 *
 * <p>The HTTP server sends no content for a {@code HEAD} (it knows the request's method), but
 * neither does it count the content it drops into {@code Content-Length}; the field is set here
 * to what the {@code GET} would send, as §9.3.2 allows and as caches and {@code curl -I} expect.
 */
public final class Head implements io.vertx.core.Handler<RoutingContext> {
  /** Marks a request routed again as a GET: a reroute keeps the context's data, not its handlers. */
  private static final String REROUTED = Head.class.getName();

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (ctx.request().method() == HttpMethod.HEAD && path != null && path.startsWith("/")) {
      ctx.put(REROUTED, Boolean.TRUE);
      // The path and query as sent, still encoded (an absolute-form target loses its scheme and
      // host, which routing never looks at): decoded again, and checked, as the GET's are.
      String query = ctx.request().query();
      ctx.reroute(HttpMethod.GET, query == null ? path : path + "?" + query);
      return;
    }
    if (ctx.get(REROUTED) != null) {
      // Called as the head is written; by then a whole answer given to end(...) is counted.
      ctx.addHeadersEndHandler(v -> contentLength(ctx.response()));
    }
    ctx.next();
  }

  private static void contentLength(HttpServerResponse r) {
    // A chunked answer has no length to tell (and the server drops its Transfer-Encoding).
    if (!r.isChunked() && !r.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      r.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(r.bytesWritten()));
    }
  }
}
