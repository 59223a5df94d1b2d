package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.CliHarness.Result;
import org.auditledger.cli.client.LogClient;
import org.auditledger.node.LedgerNode;
import org.auditledger.node.NodeConfig;
import org.auditledger.node.ServerLimits;
import org.auditledger.protocol.TestLog;
import org.auditledger.protocol.evidence.Evidence;
import org.auditledger.protocol.evidence.InvalidEntry;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.merkle.Rfc6962;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: a peer that signs, with its real key, a tree whose entries do not hash to it. The
 * mirror never stores or serves that checkpoint, keeps one piece of evidence, shows it at {@code
 * /v1/alerts} and to {@code audit verify --alerts}, and a restart changes nothing.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class ByzantinePeerTest {
  private static final String ORIGIN = "liar.example/log";
  @TempDir
  Path dir;

  private static JsonNode alerts(String node) throws Exception {
    return StrictJson.parse(new LogClient(node).get("v1/alerts"), "alerts").get("alerts");
  }

  private static JsonNode awaitAlerts(String node, int want) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    JsonNode a = alerts(node);
    while (a.size() < want && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      a = alerts(node);
    }
    return a;
  }

  private LedgerNode mirror(Vertx vertx, StaticLog peer, TestLog lying) {
    return CliHarness.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("m")).withPort(0)
        .withLimits(ServerLimits.defaults().withoutRateLimits())
        .withPeers(List.of(peer.url() + "," + lying.logKey.verifierKey().encode()))));
  }

  /** Verifies that the lie is never stored, is kept once as evidence, and survives a restart. */
  @Test
  void aTreeThatIsNotItsEntriesIsNeverMirrored(Vertx vertx) throws Exception {
    TestLog lying = TestLog.honest(ORIGIN, 600).treeLeaf(300, Rfc6962.leafHash("not an entry".getBytes(StandardCharsets.UTF_8)));
    try (StaticLog peer = StaticLog.serve(vertx, lying)) {
      LedgerNode m = mirror(vertx, peer, lying);
      String url = CliHarness.url(m);
      JsonNode a = awaitAlerts(url, 1);
      assertEquals(1, a.size(), a.toString());
      Evidence ev = Evidence.fromJson(a.get(0), lying.logKey.verifierKey());
      assertEquals(InvalidEntry.CHAIN, assertInstanceOf(InvalidEntry.class, ev).rule());
      assertEquals(404, new LogClient(url).request("mirror/" + ORIGIN + "/checkpoint").status(),
          "the signed checkpoint of the lie is never served");
      assertEquals(0, StrictJson.parse(new LogClient(url).get("mirror/" + ORIGIN + "/v1/log"), "log").get("size").asLong());

      Result shown = audit("verify", "--node", peer.url(), "--log-key", lying.logKey.verifierKey().encode(),
          "--state", dir.resolve("s").toString(), "--alerts", url, "--json");
      assertEquals(13, shown.code(), shown.toString());
      assertEquals("invalid-entry", StrictJson.parse(shown.out().getBytes(StandardCharsets.UTF_8), "out")
          .get("evidence").get("type").asText());
      // Without the alerts, the verifier finds the same lie on its own.
      Result alone = audit("verify", "--node", peer.url(), "--log-key", lying.logKey.verifierKey().encode(),
          "--state", dir.resolve("s2").toString(), "--json");
      assertEquals(12, alone.code(), alone.toString());

      CliHarness.await(m.stop());
      LedgerNode again = mirror(vertx, peer, lying);
      Thread.sleep(3000);
      String url2 = CliHarness.url(again);
      assertEquals(404, new LogClient(url2).request("mirror/" + ORIGIN + "/checkpoint").status());
      assertEquals(1, alerts(url2).size(), "found again after the restart, kept once");
      assertTrue(new LogClient(url2).get("metrics").length > 0);
      CliHarness.await(again.stop());
    }
  }
}
