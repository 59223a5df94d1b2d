package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Rule unique-release (protocol.md §7.1): a release id is used once per contracting process in a log. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ReleaseRuleTest {
  @TempDir
  Path dir;

  private TestNode t;

  @BeforeEach
  void start(Vertx vertx) {
    t = TestNode.start(vertx, dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private long size() {
    return TestNode.json(t.get("/v1/log")).get("size").asLong();
  }

  private Envelope release(String ocid, String id, String title) {
    return release(TestNode.TOWN, t.clerk, ocid, id, title);
  }

  private static Envelope release(String buyer, org.auditledger.protocol.key.Ed25519KeyPair key, String ocid,
      String id, String title) {
    var r = Fixtures.release(ocid, id, "2026-03-01T00:00:00Z", buyer);
    r.putObject("tender").put("id", "t1").put("title", title);
    return Fixtures.sign(Fixtures.releasePayload(buyer, r), key);
  }

  private void assertDuplicate(HttpResponse<Buffer> r, String ocid, String id, long first) {
    assertEquals(409, r.statusCode(), r.bodyAsString());
    var p = TestNode.json(r);
    assertEquals("/problems/duplicate-release", p.get("type").asText());
    assertEquals("unique-release", p.get("rule").asText());
    assertEquals(ocid, p.get("ocid").asText());
    assertEquals(id, p.get("releaseId").asText());
    assertEquals(first, p.get("firstIndex").asLong());
  }

  /**
   * Verifies that a second release with an id already used in its process is refused naming the
   * entry that holds it, even with another body and after a restart, while the same id in
   * another process and a new id in the same process are logged; and that another buyer using
   * the same ocid and id (squatting a publisher's prefix) neither blocks nor joins the process.
   */
  @Test
  void aReleaseIdIsUsedOncePerProcess() {
    long first = TestNode.receipt(t.post(release("ocds-abc123-1", "r1", "Roads"))).get("index").asLong();
    long before = size();
    assertDuplicate(t.post(release("ocds-abc123-1", "r1", "Roads, amended in place")), "ocds-abc123-1", "r1", first);
    assertEquals(before, size(), "nothing appended");

    TestNode.receipt(t.post(release("ocds-abc123-2", "r1", "Bridges")));
    var squatter = Fixtures.newKey();
    TestNode.receipt(t.post(Fixtures.sign(Fixtures.keyPayload("grant", squatter.publicKey(), "village",
        t.node.origin(), "spending"), t.registrar)));
    TestNode.receipt(t.post(release("village", squatter, "ocds-abc123-1", "r1", "Not the town's")));
    TestNode.receipt(t.post(release("ocds-abc123-1", "r2", "Roads, amended")));

    t.stopNode();
    t.startNode();
    assertDuplicate(t.post(release("ocds-abc123-1", "r1", "Roads again")), "ocds-abc123-1", "r1", first);
  }

  /** Verifies that of releases with one key submitted together (one batch), exactly one is logged. */
  @Test
  void oneOfConcurrentCopiesIsLogged() {
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      all.add(t.client.post("/v1/entries").putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(release("ocds-abc123-9", "same", "Copy " + i).toJson())));
    }
    long logged = 0;
    for (var f : all) {
      HttpResponse<Buffer> r = TestNode.await(f);
      if (r.statusCode() == 201) {
        logged++;
      } else {
        assertEquals("/problems/duplicate-release", TestNode.json(r).get("type").asText(), r.bodyAsString());
      }
    }
    assertEquals(1, logged);
  }
}
