package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.auditledger.node.replication.Cluster;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in a Hazelcast cluster (TCP/IP join on loopback): the event bus pushes each new
 * checkpoint, so a mirror polling only once a minute still follows within seconds.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterTest {
  @TempDir
  Path dir;

  /** Verifies that the clustered event bus makes a slow-polling mirror follow at once. */
  @Test
  void eventBusPushMakesMirrorsFollowAtOnce() throws Exception {
    String cluster = "audit-ledger-test-" + UUID.randomUUID();
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair clerk = Fixtures.newKey();
    NodeConfig ca = NodeConfig.defaults().withDataDir(dir.resolve("a")).withPort(0)
        .withRegistrars(List.of(registrar.publicKey().base64())).withCluster(List.of("127.0.0.1"), java.time.Duration.ofMinutes(1));
    Vertx va = TestNode.await(Cluster.vertx(ca, cluster));
    Vertx vb = null;
    try {
      LedgerNode a = TestNode.await(LedgerNode.start(va, ca));
      WebClient ac = WebClient.create(va, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(a.port()));
      post(ac, Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", a.origin(), "decision"), registrar).toJson());
      NodeConfig cb = NodeConfig.defaults().withDataDir(dir.resolve("b")).withPort(0)
          .withPeers(List.of("http://127.0.0.1:" + a.port() + "," + a.vkey().encode()))
          .withCluster(List.of("127.0.0.1"), java.time.Duration.ofMinutes(1));
      vb = TestNode.await(Cluster.vertx(cb, cluster));
      assertTrue(va.isClustered() && vb.isClustered());
      LedgerNode b = TestNode.await(LedgerNode.start(vb, cb));
      WebClient bc = WebClient.create(vb, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(b.port()));
      String log = "/mirror/" + a.origin() + "/v1/log";
      assertEquals(2, awaitSize(bc, log, 2, 30_000), "first round at start");

      // Polling alone would take up to 60 s; the pushed checkpoint makes it milliseconds.
      int entries = 50;
      long[] lagMs = new long[entries];
      for (int i = 1; i <= entries; i++) {
        post(ac, Fixtures.sign(Fixtures.decisionPayload("town", "Pushed " + i), clerk).toJson());
        long t0 = System.nanoTime();
        assertEquals(2 + i, awaitSize(bc, log, 2 + i, 10_000));
        lagMs[i - 1] = (System.nanoTime() - t0) / 1_000_000;
      }
      java.util.Arrays.sort(lagMs);
      System.out.printf("ClusterTest: %d entries mirrored after their receipts in p50 %d ms, p99 %d ms, max %d ms%n",
          entries, lagMs[entries / 2], lagMs[(int) Math.ceil(entries * 0.99) - 1], lagMs[entries - 1]);
      TestNode.await(b.stop());
      TestNode.await(a.stop());
    } finally {
      if (vb != null) {
        TestNode.await(vb.close());
      }
      TestNode.await(va.close());
    }
  }

  private static void post(WebClient c, String envelope) {
    var r = TestNode.await(c.post("/v1/entries").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(envelope.getBytes(StandardCharsets.UTF_8))));
    assertEquals(201, r.statusCode(), r.bodyAsString());
  }

  private static long awaitSize(WebClient c, String uri, long want, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    long size = -1;
    while (System.currentTimeMillis() < deadline) {
      var r = TestNode.await(c.get(uri).send());
      size = r.statusCode() == 200 ? TestNode.json(r).get("size").asLong() : -1;
      if (size >= want) {
        return size;
      }
      Thread.sleep(50);
    }
    return size;
  }
}
