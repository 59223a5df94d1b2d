package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit verify} against a mirror gives the same result as against the origin. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class MirrorVerifyTest {
  @TempDir
  Path dir;

  /** Verifies a log at its origin and at a mirror, with the same size and root. */
  @Test
  void mirrorVerifiesLikeTheOrigin(Vertx vertx) throws Exception {
    Ed25519KeyPair registrar = Fixtures.newKey();
    LedgerNode a = CliHarness.node(vertx, dir.resolve("a"), registrar, "town.example/ledger");
    LogClient c = new LogClient(CliHarness.url(a));
    Ed25519KeyPair clerk = Fixtures.newKey();
    c.submit(Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", a.origin(), "decision"), registrar)
        .toJson().getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 40; i++) {
      c.submit(Fixtures.sign(Fixtures.decisionPayload("town", "D" + i), clerk).toJson().getBytes(StandardCharsets.UTF_8));
    }
    LedgerNode b = CliHarness.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("b"))
        .withPort(0).withPeers(List.of(CliHarness.url(a) + "," + a.vkey().encode()))));
    String mirror = CliHarness.url(b) + "/mirror/" + a.origin();
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      LogClient.Response r = new LogClient(mirror).request("v1/log");
      if (r.status() == 200 && StrictJson.parse(r.body(), "log").get("size").asLong() == 42) {
        break;
      }
      Thread.sleep(200);
    }
    Result atOrigin = audit("verify", "--node", CliHarness.url(a), "--log-key", a.vkey().encode(), "--json",
        "--state", dir.resolve("s1").toString());
    Result atMirror = audit("verify", "--node", mirror, "--log-key", a.vkey().encode(), "--json",
        "--state", dir.resolve("s2").toString());
    assertEquals(0, atOrigin.code(), atOrigin.toString());
    assertEquals(0, atMirror.code(), atMirror.toString());
    JsonNode o = StrictJson.parse(atOrigin.out().getBytes(StandardCharsets.UTF_8), "o");
    JsonNode m = StrictJson.parse(atMirror.out().getBytes(StandardCharsets.UTF_8), "m");
    assertEquals(42, m.get("size").asLong());
    assertEquals(o.get("root"), m.get("root"));
    assertEquals(o.get("kinds"), m.get("kinds"));

    // The mirror's indexes come from the same write path: the same search answers and registry.
    for (String q : List.of("v1/search?kind=key", "v1/search?kind=decision&limit=7&after=9",
        "v1/search?issuer=town&kind=decision", "v1/keys")) {
      JsonNode atA = StrictJson.parse(new LogClient(CliHarness.url(a)).get(q), q);
      JsonNode atB = StrictJson.parse(new LogClient(mirror).get(q), q);
      assertEquals(atA, atB, q);
    }
    // A bundle made at the mirror carries the key entries and verifies offline.
    Path bundle = dir.resolve("bundle.json");
    Result proved = audit("prove", "--node", mirror, "--log-key", a.vkey().encode(), "--index", "30",
        "--out", bundle.toString(), "--state", dir.resolve("s3").toString());
    assertEquals(0, proved.code(), proved.toString());
    Result checked = audit("verify-bundle", bundle.toString(), "--log-key", a.vkey().encode());
    assertEquals(0, checked.code(), checked.toString());
    assertTrue(checked.out().contains("authorized by 2 key entries"), checked.out());
    CliHarness.await(b.stop());
    CliHarness.await(a.stop());
  }
}
