package org.auditledger.node;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile peer, witness or node on a loopback port: whatever {@code handler} does with each
 * request (never answer, stream forever, trickle), counting the bytes it managed to send.
 */
public final class FakeServer implements AutoCloseable {
  public final HttpServer server;
  public final AtomicLong sent = new AtomicLong();

  private FakeServer(HttpServer server) {
    this.server = server;
  }

  /** Starts on an ephemeral port; a null handler is set later with {@code server.requestHandler}. */
  public static FakeServer start(Vertx vertx, Handler<HttpServerRequest> handler) {
    HttpServer s = vertx.createHttpServer();
    FakeServer f = new FakeServer(s);
    s.requestHandler(req -> {
      if (f.handler != null) {
        f.handler.handle(req);
      }
    });
    f.handler = handler;
    TestNode.await(s.listen(0, "127.0.0.1"));
    return f;
  }

  private volatile Handler<HttpServerRequest> handler;

  /** Replaces what the server does with each request. */
  public void handle(Handler<HttpServerRequest> h) {
    handler = h;
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Streams 64 KiB chunks for as long as the client reads, respecting back-pressure. */
  public void stream(HttpServerRequest req) {
    var resp = req.response().setChunked(true).putHeader("Content-Type", "text/plain");
    io.vertx.core.buffer.Buffer chunk = io.vertx.core.buffer.Buffer.buffer(new byte[64 * 1024]);
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (!resp.writeQueueFull() && !resp.closed()) {
        resp.write(chunk);
        sent.addAndGet(chunk.length());
      }
      if (!resp.closed()) {
        resp.drainHandler(v -> pump[0].run());
      }
    };
    pump[0].run();
  }

  /** Sends the headers, then one byte a second. */
  public void trickle(Vertx vertx, HttpServerRequest req) {
    var resp = req.response().setChunked(true).putHeader("Content-Type", "text/plain");
    resp.writeHead();
    vertx.setPeriodic(1000, id -> {
      if (resp.closed()) {
        vertx.cancelTimer(id);
      } else {
        resp.write("x");
        sent.incrementAndGet();
      }
    });
  }

  @Override
  public void close() {
    TestNode.await(server.close());
  }
}
