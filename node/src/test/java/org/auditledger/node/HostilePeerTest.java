package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, defects 3 and 4: a witness that never answers and a peer that streams forever or
 * trickles are cut off by size and deadline; the node and its healthy witnesses go on.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class HostilePeerTest {
  @TempDir
  Path dir;

  private static ServerLimits quick() {
    return ServerLimits.defaults().withoutRateLimits().withPeerTimeout(Duration.ofSeconds(2));
  }

  private static WebClient client(Vertx vertx, LedgerNode n) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(n.port()));
  }

  /**
   * Verifies that with one hung witness and one healthy one, {@code /checkpoint} soon carries the
   * healthy witness's cosignature (the log waited for the hung one forever before).
   */
  @Test
  void aHungWitnessDoesNotBlockTheOthers(Vertx vertx) throws Exception {
    try (FakeServer hung = FakeServer.start(vertx, req -> { })) {
      var logKey = KeyFiles.loadOrCreate(dir.resolve("a").resolve("log-key.pem")).key();
      NoteVerifierKey logVkey = NoteVerifierKey.ed25519("town.example/log", logKey.publicKey());
      LedgerNode w = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("w"))
          .withPort(0).withLimits(quick()).withPeers(List.of(logVkey.encode()))));
      NoteVerifierKey hungKey = NoteVerifierKey.cosigner("hung.example/witness", Fixtures.newKey().publicKey());
      LedgerNode a = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("a"))
          .withPort(0).withOrigin(logVkey.name()).withLimits(quick())
          .withWitnesses(List.of(hung.url() + "," + hungKey.encode(), "http://127.0.0.1:" + w.port() + ","
              + w.witness().vkey().encode()))));
      WebClient ac = client(vertx, a);
      long t0 = System.nanoTime();
      boolean cosigned = false;
      while (!cosigned && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
        Thread.sleep(200);
        SignedNote served = SignedNote.parse(TestNode.await(ac.get("/checkpoint").send()).body().getBytes());
        cosigned = served.signatures().stream().anyMatch(s -> s.isBy(w.witness().vkey()));
      }
      assertTrue(cosigned, "the healthy witness's cosignature was served");
      ac.close();
      TestNode.await(a.stop());
      TestNode.await(w.stop());
    }
  }

  /**
   * Verifies that a peer streaming an endless {@code /checkpoint}, and one trickling a byte a
   * second, make the mirror's rounds fail within the deadline having read a bounded amount, while
   * the node keeps serving its own log.
   */
  @Test
  void endlessAndTricklingPeersAreCutOff(Vertx vertx) throws Exception {
    try (FakeServer endless = FakeServer.start(vertx, null);
        FakeServer trickle = FakeServer.start(vertx, null)) {
      endless.handle(endless::stream);
      trickle.handle(req -> trickle.trickle(vertx, req));
      NoteVerifierKey k1 = NoteVerifierKey.ed25519("endless.example/log", Fixtures.newKey().publicKey());
      NoteVerifierKey k2 = NoteVerifierKey.ed25519("trickle.example/log", Fixtures.newKey().publicKey());
      LedgerNode b = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("b"))
          .withPort(0).withLimits(quick())
          .withPeers(List.of(endless.url() + "," + k1.encode(), trickle.url() + "," + k2.encode()))));
      WebClient bc = client(vertx, b);
      long t0 = System.nanoTime();
      String metrics = "";
      while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)
          && !(metrics.contains("origin=\"endless.example/log\"") && metrics.contains("origin=\"trickle.example/log\""))) {
        Thread.sleep(200);
        metrics = TestNode.await(bc.get("/metrics").send()).bodyAsString();
        // Cheap reads stay fast while the rounds fail.
        assertEquals(200, TestNode.await(bc.get("/checkpoint").send()).statusCode());
      }
      assertTrue(metrics.contains("ledger_mirror_failures_total{origin=\"endless.example/log\"}"), metrics);
      assertTrue(metrics.contains("ledger_mirror_failures_total{origin=\"trickle.example/log\"}"), metrics);
      // The checkpoint limit is 64 KiB; what else was sent sat in socket buffers, unread.
      assertTrue(endless.sent.get() < 32L << 20, "the endless peer sent " + endless.sent.get() + " bytes");
      bc.close();
      TestNode.await(b.stop());
    }
  }

  /**
   * Verifies that a node stops at once while its mirror polls a peer every few milliseconds: a
   * round that begins as the node stops fails at once, it does not wait for the exchange's
   * deadline (two minutes here; it did before).
   */
  @Test
  void aNodeStopsAtOnceWhileItsMirrorPolls(Vertx vertx) throws Exception {
    LedgerNode peer = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("p"))
        .withPort(0).withLimits(ServerLimits.defaults().withoutRateLimits())));
    for (int round = 0; round < 3; round++) {
      LedgerNode n = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("m"))
          .withPort(0).withLimits(ServerLimits.defaults().withoutRateLimits().withPeerTimeout(Duration.ofMinutes(2)))
          .withPeers(List.of("http://127.0.0.1:" + peer.port() + "," + peer.vkey().encode()))
          .withCluster(List.of(), Duration.ofMillis(5))));
      Thread.sleep(300);
      n.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    TestNode.await(peer.stop());
  }
}
