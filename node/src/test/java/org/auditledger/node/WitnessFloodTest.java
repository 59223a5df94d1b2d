package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.cosignature.AddCheckpointRequest;
import org.auditledger.protocol.evidence.Equivocation;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.note.SignedNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, defect 2: a witness flooded with genuine checkpoints and junk proofs keeps nothing,
 * while real equivocation, including one only its mirror's verified tree can expose, is kept
 * once each, served newest first, page by page.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class WitnessFloodTest {
  @TempDir
  Path dir;

  private static SignedCheckpoint checkpoint(TestNode n) {
    return SignedCheckpoint.open(n.get("/checkpoint").body().getBytes(), n.node.vkey());
  }

  private static HttpResponse<Buffer> add(WebClient w, long old, List<byte[]> proof, SignedNote cp) {
    return TestNode.await(w.post("/add-checkpoint").sendBuffer(Buffer.buffer(
        new AddCheckpointRequest(old, proof, cp).encode())));
  }

  private static JsonNode alerts(WebClient w, String query) {
    return TestNode.json(TestNode.await(w.get("/v1/alerts" + query).send()));
  }

  private static long mirroredSize(WebClient w, String origin, long want) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    long size = -1;
    while (System.currentTimeMillis() < deadline && size < want) {
      var r = TestNode.await(w.get("/mirror/" + origin + "/v1/log").send());
      size = r.statusCode() == 200 ? TestNode.json(r).get("size").asLong() : -1;
      Thread.sleep(50);
    }
    return size;
  }

  /** Verifies flood resistance, mirror-based evidence, deduplication and paging. */
  @Test
  void floodKeepsNothingAndRealForksAreKeptOnce(Vertx vertx) throws Exception {
    try (TestNode a = TestNode.start(vertx, dir.resolve("a"))) {
      NoteVerifierKey logKey = a.node.vkey();
      for (int i = 0; i < 6; i++) {
        a.fileDecision("Entry " + i);
      }
      LedgerNode w = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("w"))
          .withPort(0).withLimits(ServerLimits.defaults().withoutRateLimits())
          .withPeers(List.of("http://127.0.0.1:" + a.node.port() + "," + logKey.encode()))));
      WebClient wc = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(w.port()));
      SignedCheckpoint cp8 = checkpoint(a);
      assertEquals(8, cp8.checkpoint().size());
      assertEquals(8, mirroredSize(wc, logKey.name(), 8));
      assertEquals(200, add(wc, 0, List.of(), cp8.note()).statusCode());

      for (int i = 0; i < 5; i++) {
        a.fileDecision("More " + i);
      }
      SignedCheckpoint cp13 = checkpoint(a);
      // 1,001 genuine checkpoints with junk proofs of the right length: each refused, none kept.
      int want = org.auditledger.protocol.merkle.ProofVerifier.consistencyProofSize(8, 13);
      List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
      for (int i = 0; i < 1001; i++) {
        List<byte[]> junk = new ArrayList<>();
        for (int k = 0; k < want; k++) {
          byte[] h = new byte[32];
          h[0] = (byte) i;
          h[1] = (byte) (i >> 8);
          junk.add(h);
        }
        flood.add(wc.post("/add-checkpoint").sendBuffer(Buffer.buffer(new AddCheckpointRequest(8, junk, cp13.note()).encode())));
        if (flood.size() == 32) {
          flood.forEach(f -> assertEquals(422, TestNode.await(f).statusCode()));
          flood.clear();
        }
      }
      flood.forEach(f -> assertEquals(422, TestNode.await(f).statusCode()));
      assertEquals(0, alerts(wc, "").get("alerts").size(), "a junk proof is no evidence");

      // Forks signed with the same log key: of sizes 3, 5 and 8, each contradicting the tree the
      // witness's mirror verified, though the witness never cosigned those sizes.
      Path forkDir = dir.resolve("f");
      Files.createDirectories(forkDir);
      Files.copy(dir.resolve("a").resolve("log-key.pem"), forkDir.resolve("log-key.pem"));
      List<String> ids = new ArrayList<>();
      try (TestNode f = TestNode.start(vertx, forkDir)) {
        for (int size : new int[] {3, 5, 8}) {
          while (checkpoint(f).checkpoint().size() < size) {
            f.fileDecision("Forked " + checkpoint(f).checkpoint().size());
          }
          SignedCheckpoint fork = checkpoint(f);
          HttpResponse<Buffer> r = add(wc, 8, List.of(), fork.note());
          assertEquals(409, r.statusCode(), r.bodyAsString());
          assertEquals("/problems/equivocation", TestNode.json(r).get("type").asText());
          // Reported again: kept once.
          assertEquals(409, add(wc, 0, List.of(), fork.note()).statusCode());
          JsonNode newest = alerts(wc, "?limit=1").get("alerts").get(0);
          Equivocation e = Equivocation.fromJson(newest, logKey);
          assertEquals(size, e.first().checkpoint().size());
          ids.add(e.id());
        }
      }
      JsonNode all = alerts(wc, "");
      assertEquals(3, all.get("alerts").size(), all.toString());
      // Newest first, and each proves itself with the log key alone.
      assertEquals(ids.get(2), all.get("alerts").get(0).get("id").asText());
      assertEquals(ids.get(0), all.get("alerts").get(2).get("id").asText());
      // Paged: two, then the last one.
      JsonNode p1 = alerts(wc, "?limit=2");
      assertEquals(2, p1.get("alerts").size());
      JsonNode p2 = alerts(wc, "?limit=2&before=" + p1.get("next").asLong());
      assertEquals(1, p2.get("alerts").size());
      assertTrue(p2.get("next").isNull());
      assertEquals(ids.get(0), p2.get("alerts").get(0).get("id").asText());
      assertTrue(TestNode.await(wc.get("/metrics").send()).bodyAsString()
          .contains("ledger_equivocations_total{origin=\"" + logKey.name() + "\"} 3.0"));
      // The honest checkpoint is still cosigned: evidence never blocks the truth.
      assertEquals(200, add(wc, 8, proofOf(a, 8, 13), cp13.note()).statusCode());
      wc.close();
      TestNode.await(w.stop());
    }
  }

  private static List<byte[]> proofOf(TestNode n, long from, long to) {
    List<byte[]> out = new ArrayList<>();
    TestNode.json(n.get("/v1/proofs/consistency?from=" + from + "&to=" + to)).get("hashes")
        .forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
    return out;
  }
}
