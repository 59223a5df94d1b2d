package org.auditledger.node.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.auditledger.node.NodeMetrics;
import org.auditledger.node.ServerLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection limits of the HTTP server: at most {@code maxConnections} open at once; a request
 * (line, headers and body) must arrive within {@code requestTimeout} of the connection opening or
 * of the previous response, so a client trickling bytes cannot hold a connection; idle ones close
 * after {@code idleTimeout} (set on the server options). Requests the HTTP decoder refuses (line
 * or headers too long, garbage) get a problem+json answer. Connection faults caused by clients
 * (resets, timeouts) are logged at debug level only: they are not the node's errors.
 */
public final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final Vertx vertx;
  private final ServerLimits limits;
  private final NodeMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();
  /** Per connection, the timer waiting for a complete request (or -1). */
  private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();

  public ConnectionGuard(Vertx vertx, ServerLimits limits, NodeMetrics metrics) {
    this.vertx = vertx;
    this.limits = limits;
    this.metrics = metrics;
  }

  /** Installs the guard on {@code server}; {@code requests} handles every admitted request. */
  public void install(HttpServer server, Handler<HttpServerRequest> requests) {
    server.connectionHandler(this::opened);
    server.exceptionHandler(e -> LOG.debug("connection failed: {}", e.toString()));
    server.invalidRequestHandler(this::invalid);
    server.requestHandler(req -> {
      HttpConnection c = req.connection();
      cancel(c);
      if (!req.isEnded()) {
        // Checked when the timer fires rather than by an end handler: body handlers replace those.
        arm(c, "slow-request", req);
      }
      req.response().endHandler(v -> arm(c, "no-next-request", null));
      requests.handle(req);
    });
  }

  /** Open connections now. */
  public int open() {
    return open.get();
  }

  private void opened(HttpConnection c) {
    c.exceptionHandler(e -> LOG.debug("connection from {} failed: {}", c.remoteAddress(), e.toString()));
    c.closeHandler(v -> {
      open.decrementAndGet();
      cancel(c);
    });
    if (open.incrementAndGet() > limits.maxConnections()) {
      metrics.connectionClosed("too-many");
      c.close();
      return;
    }
    arm(c, "slow-request", null);
  }

  /**
   * Closes {@code c} after the request timeout unless cancelled before, or unless {@code req}
   * (the request being read, if any) has been read completely by then.
   */
  private void arm(HttpConnection c, String reason, HttpServerRequest req) {
    cancel(c);
    long t = vertx.setTimer(limits.requestTimeout().toMillis(), id -> {
      if (waiting.remove(c, id) && (req == null || !req.isEnded())) {
        metrics.connectionClosed(reason);
        c.close();
      }
    });
    waiting.put(c, t);
  }

  private void cancel(HttpConnection c) {
    Long t = waiting.remove(c);
    if (t != null) {
      vertx.cancelTimer(t);
    }
  }

  private void invalid(HttpServerRequest req) {
    Throwable cause = req.decoderResult().cause();
    ApiException p = cause instanceof TooLongHttpLineException
        ? new ApiException(ProblemType.URI_TOO_LONG, "the request line is longer than this node accepts; shorten the URI")
        : cause instanceof TooLongHttpHeaderException
        ? new ApiException(ProblemType.HEADERS_TOO_LARGE, "the request headers are larger than this node accepts")
        : new ApiException(ProblemType.BAD_REQUEST, "the request is not valid HTTP/1.1: "
            + (cause == null ? "unknown fault" : cause.getMessage()));
    req.response().setStatusCode(p.status()).putHeader("Content-Type", "application/problem+json")
        .putHeader("Connection", "close").end(ProblemHandler.body(p, null).toString())
        .onComplete(x -> req.connection().close());
  }
}
