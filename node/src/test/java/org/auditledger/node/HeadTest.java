package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * {@code HEAD} (RFC 9110 §9.3.2): every resource a {@code GET} reads answers a {@code HEAD} with
 * the same status and header fields and no content, on this node's log and on a mirror's; a
 * write stays a write.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class HeadTest {
  @TempDir
  Path dir;

  /** The header fields a HEAD must answer as the GET does. */
  private static final List<String> SAME = List.of("Content-Type", "Cache-Control", "Access-Control-Allow-Origin",
      "Access-Control-Expose-Headers", "Link", "Location", "Retry-After");

  private static HttpResponse<Buffer> send(TestNode t, HttpMethod m, String uri) {
    return TestNode.await(t.client.request(m, uri).putHeader("Origin", "https://viewer.example").send());
  }

  /** Verifies that HEAD answers as GET on {@code uri}, without content, with the GET's length. */
  private static void headAsGet(TestNode t, String uri) {
    HttpResponse<Buffer> get = send(t, HttpMethod.GET, uri);
    HttpResponse<Buffer> head = send(t, HttpMethod.HEAD, uri);
    assertEquals(get.statusCode(), head.statusCode(), "HEAD " + uri + " answered " + head.statusCode()
        + " where GET answered " + get.statusCode() + ": " + head.getHeader("Content-Type"));
    for (String h : SAME) {
      assertEquals(get.getHeader(h), head.getHeader(h), h + " of HEAD " + uri);
    }
    assertTrue(head.body() == null || head.body().length() == 0, "HEAD " + uri + " has no content");
    int length = get.body() == null ? 0 : get.body().length();
    assertEquals(Integer.toString(length), head.getHeader("Content-Length"), "Content-Length of HEAD " + uri);
  }

  /**
   * Verifies that HEAD answers as GET on the checkpoint, tiles, entries, pages, proofs, keys,
   * searches, derived answers (JSON and CSV), health, a 404, a bad parameter and a mirror's
   * checkpoint and tile; that HEAD of a write-only resource is the 405 a GET gets; and that
   * submissions are unchanged.
   */
  @Test
  void headAnswersAsGetWithoutContent(Vertx vertx) throws Exception {
    TestNode a = TestNode.start(vertx, dir.resolve("a"));
    TestNode b = TestNode.start(vertx, dir.resolve("b"), List.of(a.asPeer()), java.time.Duration.ofMillis(100));
    try {
      HttpResponse<Buffer> post = TestNode.await(a.client.post("/v1/entries").putHeader("Content-Type",
          "application/json").sendBuffer(Buffer.buffer(Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "h"),
          a.clerk).toJson())));
      assertEquals(201, post.statusCode(), post.bodyAsString());
      assertNotNull(post.getHeader("Location"));
      long size = a.size();
      for (String uri : List.of("/checkpoint", "/v1/log", "/tile/0/000.p/" + size, "/tile/entries/000.p/" + size,
          "/v1/entries/0", "/v1/entries?limit=2", "/v1/entries/99999", "/v1/entries/x",
          "/v1/proofs/inclusion?index=0", "/v1/proofs/consistency?from=1", "/v1/keys", "/v1/search?kind=decision",
          "/v1/budget?by=buyer", "/v1/budget?format=csv&limit=1", "/v1/flags", "/v1/stats", "/v1/alerts",
          "/health", "/mirror/", "/no/such/thing", "/v1/admin/backup", "/add-checkpoint")) {
        headAsGet(a, uri);
      }
      assertEquals(405, send(a, HttpMethod.HEAD, "/v1/admin/backup").statusCode(), "a write-only resource");
      b.awaitMirror(a.node.origin(), size);
      String mirror = "/mirror/" + a.node.origin();
      for (String uri : List.of(mirror + "/checkpoint", mirror + "/tile/0/000.p/" + size, mirror + "/v1/entries/0",
          mirror + "/v1/log")) {
        headAsGet(b, uri);
      }
      assertEquals(size, a.size(), "a HEAD wrote nothing");
    } finally {
      b.close();
      a.close();
    }
  }
}
