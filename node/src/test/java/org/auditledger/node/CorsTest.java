package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** CORS (issue 13): reads of a log and of its mirrors are open to any origin; writes are not. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class CorsTest {
  @TempDir
  Path dir;

  private static String acao(HttpResponse<Buffer> r) {
    return r.getHeader("Access-Control-Allow-Origin");
  }

  private static HttpResponse<Buffer> get(TestNode t, String uri) {
    return TestNode.await(t.client.get(uri).putHeader("Origin", "https://viewer.example").send());
  }

  /**
   * Verifies that GETs of the checkpoint, tiles, entries, a 404 and a mirror's checkpoint allow
   * any origin, and that a submission, its preflight and the metrics do not.
   */
  @Test
  void readsAreOpenWritesAreNot(Vertx vertx) throws Exception {
    TestNode a = TestNode.start(vertx, dir.resolve("a"));
    TestNode b = TestNode.start(vertx, dir.resolve("b"), List.of(a.asPeer()), java.time.Duration.ofMillis(100));
    try {
      for (String uri : List.of("/checkpoint", "/tile/0/000.p/2", "/v1/entries/0", "/v1/log", "/v1/entries/99999",
          "/v1/budget?format=csv")) {
        HttpResponse<Buffer> r = get(a, uri);
        assertEquals("*", acao(r), uri + " answered " + r.statusCode());
      }
      String origin = a.node.origin();
      HttpResponse<Buffer> m = null;
      for (int i = 0; i < 100; i++) {
        m = get(b, "/mirror/" + origin + "/checkpoint");
        if (m.statusCode() == 200) {
          break;
        }
        Thread.sleep(100);
      }
      assertEquals(200, m.statusCode(), m.bodyAsString());
      assertEquals("*", acao(m), "a mirror's checkpoint");

      HttpResponse<Buffer> post = TestNode.await(a.client.post("/v1/entries").putHeader("Origin", "https://viewer.example")
          .putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "t"), a.clerk).toJson())));
      assertEquals(201, post.statusCode());
      assertNull(acao(post), "a submission");
      HttpResponse<Buffer> preflight = TestNode.await(a.client.request(HttpMethod.OPTIONS, "/v1/entries")
          .putHeader("Origin", "https://viewer.example").putHeader("Access-Control-Request-Method", "POST").send());
      assertNull(acao(preflight), "a preflight of a submission");
      assertNull(acao(get(a, "/metrics")), "metrics");
    } finally {
      b.close();
      a.close();
    }
  }
}
