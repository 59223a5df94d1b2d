package org.auditledger.cli;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.auditledger.protocol.tile.EntryBundle;

/**
 * An HTTP proxy in front of a real node that rewrites chosen answers, to prove the CLI believes
 * nothing it is not able to check. {@code rewrite} gets the path and body and returns the body to
 * serve.
 */
final class TamperingProxy implements AutoCloseable {
  private final HttpServer server;
  volatile BiFunction<String, byte[], byte[]> rewrite = (p, b) -> b;

  TamperingProxy(Vertx vertx, int upstreamPort) {
    WebClient client = WebClient.create(vertx);
    server = CliHarness.await(vertx.createHttpServer().requestHandler(req -> {
      String path = req.uri();
      client.get(upstreamPort, "127.0.0.1", path).send().onComplete(ar -> {
        if (ar.failed()) {
          req.response().setStatusCode(502).end();
          return;
        }
        byte[] body = ar.result().body() == null ? new byte[0] : ar.result().body().getBytes();
        byte[] served = ar.result().statusCode() == 200 ? rewrite.apply(req.path(), body) : body;
        req.response().setStatusCode(ar.result().statusCode()).end(Buffer.buffer(served));
      });
    }).listen(0, "127.0.0.1"));
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Flips one bit at {@code offset} (from the middle if negative) of answers whose path starts with {@code prefix}. */
  static BiFunction<String, byte[], byte[]> flip(String prefix, int offset) {
    return (p, b) -> {
      if (!p.startsWith(prefix) || b.length == 0) {
        return b;
      }
      byte[] c = b.clone();
      int at = offset >= 0 ? offset : b.length / 2;
      c[at] ^= 0x01;
      return c;
    };
  }

  /** Drops entry {@code which} from full entry bundles. */
  static BiFunction<String, byte[], byte[]> dropEntry(int which) {
    return (p, b) -> {
      if (!p.startsWith("/tile/entries/")) {
        return b;
      }
      int count = p.contains(".p/") ? Integer.parseInt(p.substring(p.lastIndexOf('/') + 1)) : 256;
      List<byte[]> entries = new ArrayList<>(EntryBundle.decode(b, count));
      entries.remove(which);
      return EntryBundle.encode(entries);
    };
  }

  @Override
  public void close() {
    CliHarness.await(server.close());
  }
}
