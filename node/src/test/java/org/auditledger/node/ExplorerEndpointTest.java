package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.node.explorer.ExplorerEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How the node serves the explorer's files (docs/explorer.md "HTTP"). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ExplorerEndpointTest {
  @TempDir
  Path dir;

  /**
   * Verifies that / and every module are served with their type, a strong ETag and revalidation,
   * that a matching If-None-Match is a 304, that the page carries its CSP, and that an unknown or
   * escaping name is a 404 problem, never a file.
   */
  @Test
  void filesAreServedWithCachingHeadersAndNothingElse(Vertx vertx) {
    TestNode t = TestNode.start(vertx, dir.resolve("n"));
    try {
      HttpResponse<Buffer> page = t.get("/");
      assertEquals(200, page.statusCode());
      assertEquals("text/html; charset=utf-8", page.getHeader("Content-Type"));
      assertTrue(page.getHeader("Content-Security-Policy").contains("script-src 'self'"), page.headers().toString());
      assertTrue(page.bodyAsString().contains("/explorer/app.js"));
      for (String f : List.of("app.js", "verify.js", "i18n.js", "style.css", "i18n/en.json", "i18n/es.json",
          "i18n/languages.json")) {
        HttpResponse<Buffer> r = t.get("/explorer/" + f);
        assertEquals(200, r.statusCode(), f);
        String etag = r.getHeader("ETag");
        assertNotNull(etag, f);
        assertTrue(etag.startsWith("\"") && !etag.startsWith("W/"), "a strong ETag: " + etag);
        assertEquals("public, no-cache", r.getHeader("Cache-Control"), f);
        assertEquals("nosniff", r.getHeader("X-Content-Type-Options"), f);
        HttpResponse<Buffer> again = TestNode.await(t.client.get("/explorer/" + f)
            .putHeader("If-None-Match", "\"other\", " + etag).send());
        assertEquals(304, again.statusCode(), f);
        assertEquals(0, again.body() == null ? 0 : again.body().length(), f);
      }
      assertTrue(t.get("/explorer/app.js").getHeader("Content-Type").startsWith("text/javascript"));
      for (String bad : List.of("/explorer/nothing.js", "/explorer/../pom.xml", "/explorer/%2e%2e/pom.xml",
          "/explorer/", "/explorer", "/explorer/i18n/ru.json")) {
        HttpResponse<Buffer> r = t.get(bad);
        assertEquals(404, r.statusCode(), bad);
        assertEquals("application/problem+json", r.getHeader("Content-Type"), bad);
      }
    } finally {
      t.close();
    }
  }

  /** Verifies the explorer stays under the 200 KB the issue allows for all its assets, uncompressed. */
  @Test
  void assetsWeighUnder200KB() {
    long bytes = new ExplorerEndpoint().totalBytes();
    assertTrue(bytes < 200_000, bytes + " bytes");
  }
}
