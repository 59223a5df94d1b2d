package org.auditledger.cli;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import org.auditledger.protocol.replay.LogReplay;
import org.auditledger.protocol.tile.TileId;

/**
 * Any log source served over HTTP as a node serves its log ({@code /checkpoint} and C2SP tiles):
 * typically a protocol {@code TestLog} holding what a dishonest operator could publish, to show
 * that nothing a node would refuse is accepted by a verifier or a mirror.
 */
final class StaticLog implements AutoCloseable {
  private final HttpServer server;

  private StaticLog(HttpServer server) {
    this.server = server;
  }

  static StaticLog serve(Vertx vertx, LogReplay.Source log) {
    HttpServer s = CliHarness.await(vertx.createHttpServer().requestHandler(req -> {
      String path = req.path();
      try {
        if (path.equals("/checkpoint")) {
          req.response().end(Buffer.buffer(log.checkpoint()));
        } else {
          req.response().end(Buffer.buffer(log.tile(TileId.parse(path.substring(1)))));
        }
      } catch (RuntimeException e) {
        req.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1"));
    return new StaticLog(s);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() {
    CliHarness.await(server.close());
  }
}
