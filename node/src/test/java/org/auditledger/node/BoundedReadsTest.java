package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.node.api.Limits;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Pages are bounded in bytes as well as count; searches are answered from postings alone. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class BoundedReadsTest {
  @TempDir
  Path dir;

  private static String big(String title) {
    return Fixtures.decisionPayload(TestNode.TOWN, title).replace("\"The council decided.\"",
        "\"" + "x".repeat(19_000) + "\"");
  }

  /**
   * Verifies that {@code GET /v1/entries?limit=1000} over large entries answers a page under the
   * byte bound whose {@code next} leads, page by page, through every entry exactly once.
   */
  @Test
  void pagesOfLargeEntriesAreBoundedInBytes(Vertx vertx) {
    try (TestNode t = TestNode.start(vertx, dir)) {
      for (int i = 0; i < 120; i++) {
        assertEquals(201, t.post(Fixtures.sign(big("Large " + i), t.clerk)).statusCode());
      }
      long size = TestNode.json(t.get("/v1/log")).get("size").asLong();
      long from = 0;
      int pages = 0;
      List<Long> seen = new ArrayList<>();
      while (from >= 0) {
        HttpResponse<Buffer> r = t.get("/v1/entries?from=" + from + "&limit=1000");
        assertEquals(200, r.statusCode());
        // One entry more than the bound at most: a page stops before the entry that passes it.
        assertTrue(r.body().length() < Limits.MAX_PAGE_BYTES + 64 * 1024, "page of " + r.body().length() + " bytes");
        JsonNode page = TestNode.json(r);
        page.get("entries").forEach(e -> seen.add(e.get("index").asLong()));
        from = page.get("next").isNull() ? -1 : page.get("next").asLong();
        pages++;
      }
      assertTrue(pages > 1, "large entries need several pages");
      assertEquals(size, seen.size());
      for (int i = 0; i < seen.size(); i++) {
        assertEquals(i, seen.get(i));
      }
    }
  }

  /**
   * Verifies a search on two filters against entries computed in the test: the intersection of
   * postings, in order, paged with {@code after}.
   */
  @Test
  void searchesIntersectPostings(Vertx vertx) {
    try (TestNode t = TestNode.start(vertx, dir)) {
      Ed25519KeyPair other = Fixtures.newKey();
      assertEquals(201, t.post(Fixtures.sign(Fixtures.keyPayload("grant", other.publicKey(), "city",
          t.node.origin(), "decision"), t.registrar)).statusCode());
      List<Long> townByClerk = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        boolean town = i % 3 != 0;
        var r = town ? t.post(Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "T" + i), t.clerk))
            : t.post(Fixtures.sign(Fixtures.decisionPayload("city", "C" + i), other));
        assertEquals(201, r.statusCode());
        if (town) {
          townByClerk.add(TestNode.json(r).get("index").asLong());
        }
      }
      List<Long> got = new ArrayList<>();
      String after = "";
      while (after != null) {
        JsonNode page = TestNode.json(t.get("/v1/search?kind=decision&issuer=town&signer="
            + java.net.URLEncoder.encode(t.clerk.publicKey().keyId(), java.nio.charset.StandardCharsets.UTF_8)
            + "&limit=7" + after));
        page.get("entries").forEach(e -> {
          assertEquals("town", e.get("payload").get("issuer").asText());
          got.add(e.get("index").asLong());
        });
        after = page.get("next").isNull() ? null : "&after=" + page.get("next").asLong();
      }
      assertEquals(townByClerk, got);
    }
  }

  /**
   * Verifies that cheap reads do not queue behind heavy ones: with 24 pages of large entries in
   * flight (more than the heavy pool runs at once), the checkpoint and one entry are answered
   * before the last of those pages. An ordering, not a timing: heavy reads run apart.
   */
  @Test
  void cheapReadsAreAnsweredWhileHeavyOnesRun(Vertx vertx) throws Exception {
    try (TestNode t = TestNode.start(vertx, dir)) {
      for (int i = 0; i < 120; i++) {
        assertEquals(201, t.post(Fixtures.sign(big("Large " + i), t.clerk)).statusCode());
      }
      java.util.concurrent.atomic.AtomicInteger heavyDone = new java.util.concurrent.atomic.AtomicInteger();
      List<io.vertx.core.Future<?>> heavy = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        heavy.add(t.client.get("/v1/entries?from=0&limit=1000").send().onSuccess(r -> heavyDone.incrementAndGet()));
      }
      HttpResponse<Buffer> cp = TestNode.await(t.client.get("/checkpoint").send());
      int heavyBeforeCheckpoint = heavyDone.get();
      HttpResponse<Buffer> one = TestNode.await(t.client.get("/v1/entries/3").send());
      int heavyBeforeEntry = heavyDone.get();
      TestNode.await(io.vertx.core.Future.all(heavy));
      assertEquals(200, cp.statusCode());
      assertEquals(200, one.statusCode());
      assertTrue(heavyBeforeCheckpoint < 24 && heavyBeforeEntry < 24, "cheap reads waited for every heavy one: "
          + heavyBeforeCheckpoint + ", " + heavyBeforeEntry);
    }
  }
}
