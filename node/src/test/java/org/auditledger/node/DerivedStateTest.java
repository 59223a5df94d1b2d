package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's derived state (protocol.md §10) with three real nodes: the town's, the auditors'
 * (whose finding is about a town decision), and a watchdog's that mirrors both. The watchdog
 * follows the auditors' log while the town's node is down, so the finding's subject is first
 * unknown there; once the town's log is mirrored the claim is judged again and the answer is the
 * one any verifier of both logs gets, whatever the order the logs arrived in, and stays so after
 * a restart (the contributions are stored beside the entries).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class DerivedStateTest {
  @TempDir
  Path dir;

  @Test
  void anUncheckedClaimIsJudgedAgainWhenItsLogArrivesAndTheAnswerSurvivesARestart(Vertx vertx) throws Exception {
    try (TestNode town = TestNode.start(vertx, dir.resolve("town"));
        TestNode audit = TestNode.start(vertx, dir.resolve("auditors"))) {
      Ed25519KeyPair auditor = Fixtures.newKey();
      TestNode.receipt(audit.post(Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "auditors", audit.node.origin(),
          "finding"), audit.registrar)));
      JsonNode decision = town.fileDecision("Road works");
      JsonNode finding = TestNode.receipt(audit.post(Fixtures.sign(Fixtures.withRefs(
          Fixtures.findingPayload("auditors", "No tender").replace("\"recommendations\":[]",
              "\"recommendations\":[],\"responseDueDate\":\"2026-01-31\""),
          Fixtures.ref(town.node.origin(), decision.get("index").asLong(),
              Base64.getDecoder().decode(decision.get("leafHash").asText()), "about")), auditor)));
      String key = audit.node.origin() + "#" + finding.get("index").asLong();
      String townPeer = town.asPeer();
      town.port = town.node.port();
      town.stopNode();

      try (TestNode watchdog = TestNode.start(vertx, dir.resolve("watchdog"), List.of(audit.asPeer(), townPeer),
          java.time.Duration.ofMillis(100))) {
        watchdog.awaitMirror(audit.node.origin(), audit.size());
        JsonNode early = findings(watchdog).get("findings").get(0);
        assertEquals(key, early.get("finding").asText());
        assertEquals("[]", early.get("audited").toString(), "the subject's log is not known yet: " + early);

        town.startNode();
        watchdog.awaitMirror(town.node.origin(), town.size());
        String audited = "[\"" + TestNode.TOWN + "@" + town.node.origin() + "\"]";
        JsonNode later = awaitAudited(watchdog, audited);
        assertEquals("overdue", later.get("status").asText());
        JsonNode stats = TestNode.json(watchdog.get("/v1/stats?asOf=2026-12-01&org="
            + URLEncoder.encode(TestNode.TOWN + "@" + town.node.origin(), StandardCharsets.UTF_8)));
        assertEquals(1, stats.get("organizations").get(0).get("overdue").asLong(), stats.toString());

        // After a restart the stored contributions give the same answer, with no log replayed.
        JsonNode before = findings(watchdog);
        watchdog.stopNode();
        watchdog.startNode();
        assertEquals(before, findings(watchdog));
      }
      // A derived index the node cannot read is computed again from the log, and answers the same.
      JsonNode own = findings(audit);
      audit.port = audit.node.port();
      audit.stopNode();
      try (org.auditledger.node.store.LogStore store = org.auditledger.node.store.LogStore.open(audit.dir.resolve("db"))) {
        store.putContribution(finding.get("index").asLong(), "{\"not\":\"a contribution\"}".getBytes(StandardCharsets.UTF_8));
      }
      audit.startNode();
      assertEquals(own, findings(audit));
    }
  }

  private static JsonNode awaitAudited(TestNode at, String audited) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    JsonNode f = null;
    while (System.currentTimeMillis() < deadline) {
      f = findings(at).get("findings").get(0);
      if (f.get("audited").toString().equals(audited)) {
        return f;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the finding's audited parties stayed " + f);
  }

  private static JsonNode findings(TestNode at) {
    HttpResponse<Buffer> r = at.get("/v1/findings?asOf=2026-12-01");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return TestNode.json(r);
  }


}
