package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.tile.EntryBundle;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.tile.Tiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node mirrors a peer over HTTP, verifying everything; the mirror serves the peer's log when
 * the peer is down, survives a restart, and a peer serving garbage never gets into it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class MirrorTest {
  @TempDir
  Path dir;

  private static HttpResponse<Buffer> get(WebClient c, String uri) {
    return TestNode.await(c.get(uri).send());
  }

  private static long mirroredSize(WebClient c, String prefix) throws InterruptedException {
    HttpResponse<Buffer> r = get(c, prefix + "/v1/log");
    return r.statusCode() == 200 ? TestNode.json(r).get("size").asLong() : -1;
  }

  private static void awaitSize(WebClient c, String prefix, long size) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (mirroredSize(c, prefix) < size && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(size, mirroredSize(c, prefix));
  }

  /** Verifies mirroring, serving while the origin is down, restart, and refusal of bad data. */
  @Test
  void mirrorFollowsVerifiesAndServes(Vertx vertx) throws Exception {
    TestNode a = TestNode.start(vertx, dir.resolve("a"));
    for (int i = 0; i < 298; i++) {
      a.fileDecision("Decision " + i);
    }
    NoteVerifierKey vkey = a.node.vkey();
    String origin = a.node.origin();
    String peer = "http://127.0.0.1:" + a.node.port() + "," + vkey.encode();
    NodeConfig bConfig = NodeConfig.defaults().withDataDir(dir.resolve("b")).withPort(0).withPeers(List.of(peer));
    LedgerNode b = TestNode.await(LedgerNode.start(vertx, bConfig));
    WebClient bc = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(b.port()));
    String prefix = "/mirror/" + origin;
    awaitSize(bc, prefix, 300);

    // The mirror alone reproduces the log's signed root from its tiles.
    SignedCheckpoint cp = SignedCheckpoint.open(get(bc, prefix + "/checkpoint").body().getBytes(), vkey);
    CompactRange tree = CompactRange.empty();
    byte[] prev = new byte[0];
    long index = 0;
    for (TileId bundle : Tiles.entryBundles(cp.checkpoint().size())) {
      for (byte[] leaf : EntryBundle.decode(get(bc, prefix + "/" + bundle.path()).body().getBytes(), bundle.width())) {
        Entry.open(leaf).leaf().checkLink(index++, prev);
        prev = Rfc6962.leafHash(leaf);
        tree.append(prev, (id, h) -> { });
      }
    }
    assertArrayEquals(cp.checkpoint().rootHash(), tree.root());

    // New entries follow; then the origin goes down and the mirror still serves its log.
    a.fileDecision("After mirroring");
    awaitSize(bc, prefix, 301);
    a.stopNode();
    assertEquals(200, get(bc, prefix + "/v1/entries/300").statusCode());
    assertEquals(200, get(bc, prefix + "/v1/proofs/inclusion?index=7").statusCode());
    assertEquals(404, get(bc, prefix + "/v1/entries/301").statusCode());

    // A restarted mirror keeps what it verified.
    bc.close();
    TestNode.await(b.stop());
    b = TestNode.await(LedgerNode.start(vertx, bConfig));
    bc = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(b.port()));
    assertEquals(301, mirroredSize(bc, prefix));

    // A peer that flips bytes in entry bundles: nothing enters the mirror.
    a.startNode();
    WebClient up = WebClient.create(vertx);
    int upstream = a.node.port();
    HttpServer proxy = TestNode.await(vertx.createHttpServer().requestHandler(req ->
        up.get(upstream, "127.0.0.1", req.uri()).send().onComplete(ar -> {
          byte[] body = ar.result().body() == null ? new byte[0] : ar.result().body().getBytes().clone();
          if (req.path().startsWith("/tile/entries/") && body.length > 0) {
            body[body.length / 2] ^= 1;
          }
          req.response().setStatusCode(ar.result().statusCode()).end(Buffer.buffer(body));
        })).listen(0, "127.0.0.1"));
    LedgerNode c = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("c"))
        .withPort(0).withPeers(List.of("http://127.0.0.1:" + proxy.actualPort() + "," + vkey.encode()))));
    WebClient cc = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(c.port()));
    Thread.sleep(2500);
    assertEquals(0, mirroredSize(cc, prefix), "nothing unverified is mirrored");
    assertEquals(404, get(cc, prefix + "/checkpoint").statusCode());
    assertTrue(get(cc, "/metrics").bodyAsString().contains("ledger_mirror_failures_total{origin=\"" + origin + "\"}"));
    cc.close();
    TestNode.await(c.stop());
    TestNode.await(proxy.close());
    a.close();

    // A fork of the same size under the same key: the mirror keeps the proof, once, and stays put.
    java.nio.file.Files.createDirectories(dir.resolve("f"));
    java.nio.file.Files.copy(dir.resolve("a").resolve("log-key.pem"), dir.resolve("f").resolve("log-key.pem"));
    try (TestNode f = TestNode.start(vertx, dir.resolve("f"))) {
      for (int i = 0; i < 299; i++) {
        f.fileDecision("Forked " + i);
      }
      bc.close();
      TestNode.await(b.stop());
      b = TestNode.await(LedgerNode.start(vertx, bConfig.withPeers(List.of("http://127.0.0.1:" + f.node.port() + "," + vkey.encode()))));
      bc = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(b.port()));
      Thread.sleep(3500);
      var alerts = TestNode.json(get(bc, "/v1/alerts")).get("alerts");
      assertEquals(1, alerts.size(), alerts.toString());
      assertEquals("equivocation", alerts.get(0).get("type").asText());
      assertEquals(301, mirroredSize(bc, prefix), "the mirror does not follow the fork");
    }
    bc.close();
    TestNode.await(b.stop());
  }
}
