package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.cosignature.AddCheckpointRequest;
import org.auditledger.protocol.cosignature.Cosignature;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.note.SignedNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node as a C2SP tlog-witness of a peer log: cosigns consistent checkpoints, answers 409 with
 * its known size, refuses bad proofs, and keeps a fork signed by the peer's key as evidence.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class WitnessTest {
  @TempDir
  Path dir;

  private static SignedCheckpoint checkpoint(TestNode n) {
    return SignedCheckpoint.open(n.get("/checkpoint").body().getBytes(), n.node.vkey());
  }

  private static List<byte[]> proof(TestNode n, long from, long to) {
    List<byte[]> out = new ArrayList<>();
    TestNode.json(n.get("/v1/proofs/consistency?from=" + from + "&to=" + to)).get("hashes")
        .forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
    return out;
  }

  private static HttpResponse<Buffer> add(WebClient w, long old, List<byte[]> proof, SignedNote cp) {
    return TestNode.await(w.post("/add-checkpoint").sendBuffer(Buffer.buffer(
        new AddCheckpointRequest(old, proof, cp).encode())));
  }

  /** Verifies add-checkpoint end to end against a real peer log, a fork of it, and bad requests. */
  @Test
  void witnessCosignsConsistentCheckpointsAndKeepsEvidenceOfForks(Vertx vertx) throws Exception {
    try (TestNode a = TestNode.start(vertx, dir.resolve("a"))) {
      NoteVerifierKey logKey = a.node.vkey();
      LedgerNode w = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("w"))
          .withPort(0).withPeers(List.of("http://127.0.0.1:" + a.node.port() + "," + logKey.encode()))));
      WebClient wc = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(w.port()));
      NoteVerifierKey witnessKey = NoteVerifierKey.parse(TestNode.json(
          TestNode.await(wc.get("/v1/log").send())).get("witnessVkey").asText());

      // First contact: old 0, empty proof; the answer is a cosignature line by the witness key.
      SignedCheckpoint cp2 = checkpoint(a);
      HttpResponse<Buffer> first = add(wc, 0, List.of(), cp2.note());
      assertEquals(200, first.statusCode(), first.bodyAsString());
      SignedNote cosigned = SignedNote.parse((new String(cp2.encode(), StandardCharsets.UTF_8)
          + first.bodyAsString()).getBytes(StandardCharsets.UTF_8));
      var sig = cosigned.signatures().get(cosigned.signatures().size() - 1);
      assertTrue(Cosignature.verify(cp2.checkpoint(), sig, witnessKey) > 0);

      HttpResponse<Buffer> stale = add(wc, 0, List.of(), cp2.note());
      assertEquals(409, stale.statusCode());
      assertEquals("text/x.tlog.size", stale.getHeader("Content-Type"));
      assertEquals("2\n", stale.bodyAsString());

      for (int i = 0; i < 3; i++) {
        a.fileDecision("Growing " + i);
      }
      SignedCheckpoint cp5 = checkpoint(a);
      assertEquals(200, add(wc, 2, proof(a, 2, 5), cp5.note()).statusCode());

      a.fileDecision("Six");
      SignedCheckpoint cp6 = checkpoint(a);
      List<byte[]> bad = proof(a, 5, 6);
      bad.set(0, new byte[32]);
      HttpResponse<Buffer> refused = add(wc, 5, bad, cp6.note());
      assertEquals(422, refused.statusCode(), refused.bodyAsString());
      // A junk proof with a genuine checkpoint proves nothing about the log: no evidence kept.
      assertEquals(0, TestNode.json(TestNode.await(wc.get("/v1/alerts").send())).get("alerts").size());
      assertEquals(200, add(wc, 5, proof(a, 5, 6), cp6.note()).statusCode(), "the record was not moved");
      // Between equal sizes the consistency proof is empty: a junk one is refused, not cosigned.
      assertEquals(422, add(wc, 6, List.of(new byte[32]), cp6.note()).statusCode());
      assertEquals(200, add(wc, 6, List.of(), cp6.note()).statusCode());

      // A fork: the same log key and origin, another history of the same size.
      Path forkDir = dir.resolve("f");
      Files.createDirectories(forkDir);
      Files.copy(dir.resolve("a").resolve("log-key.pem"), forkDir.resolve("log-key.pem"));
      try (TestNode f = TestNode.start(vertx, forkDir)) {
        for (int i = 0; i < 4; i++) {
          f.fileDecision("Forked " + i);
        }
        SignedCheckpoint fork6 = checkpoint(f);
        assertEquals(6, fork6.checkpoint().size());
        HttpResponse<Buffer> equivocation = add(wc, 6, List.of(), fork6.note());
        assertEquals(409, equivocation.statusCode(), equivocation.bodyAsString());
        assertEquals("/problems/equivocation", TestNode.json(equivocation).get("type").asText());
      }
      JsonNode alerts = TestNode.json(TestNode.await(wc.get("/v1/alerts").send())).get("alerts");
      assertEquals(1, alerts.size(), alerts.toString());
      JsonNode eq = alerts.get(0);
      assertEquals("equivocation", eq.get("type").asText());
      // Self-contained: both checkpoints verify with the log key, same size, different roots.
      Checkpoint c1 = SignedCheckpoint.open(eq.get("checkpoints").get(0).asText().getBytes(StandardCharsets.UTF_8), logKey).checkpoint();
      Checkpoint c2 = SignedCheckpoint.open(eq.get("checkpoints").get(1).asText().getBytes(StandardCharsets.UTF_8), logKey).checkpoint();
      assertEquals(c1.size(), c2.size());
      assertTrue(!java.util.Arrays.equals(c1.rootHash(), c2.rootHash()));
      assertTrue(TestNode.await(wc.get("/metrics").send()).bodyAsString()
          .contains("ledger_equivocations_total{origin=\"" + logKey.name() + "\"} 1.0"));

      // Unknown log, untrusted signature, old size above size, garbage.
      SignedCheckpoint own = SignedCheckpoint.open(TestNode.await(wc.get("/checkpoint").send()).body().getBytes(), w.vkey());
      assertEquals(404, add(wc, 0, List.of(), own.note()).statusCode());
      SignedCheckpoint forged = SignedCheckpoint.sign(cp6.checkpoint(), new NoteSignerKey(logKey.name(), Fixtures.newKey()));
      assertEquals(403, add(wc, 6, List.of(), forged.note()).statusCode());
      assertEquals(400, add(wc, 7, List.of(), cp6.note()).statusCode());
      HttpResponse<Buffer> garbage = TestNode.await(wc.post("/add-checkpoint").sendBuffer(Buffer.buffer("hello")));
      assertEquals(400, garbage.statusCode());
      assertEquals("application/problem+json", garbage.getHeader("Content-Type"));
      wc.close();
      TestNode.await(w.stop());
    }
  }
}
