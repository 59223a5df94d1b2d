package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.CliHarness.Result;
import org.auditledger.node.LedgerNode;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.TestLog;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.evidence.Equivocation;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.node.store.EvidenceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, defects 1, 2, 5 and 9 as the CLI meets them: a node that trickles, alerts that are
 * malformed or buried under other records, and a log that carries a co-signed copy of an entry.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class HostileNodeTest {
  private static final String ORIGIN = "town.example/ledger";
  @TempDir
  Path dir;

  private static JsonNode json(Result r) {
    return StrictJson.parse(r.out().getBytes(StandardCharsets.UTF_8), "audit output");
  }

  private static HttpServer serve(Vertx vertx, io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> h) {
    return CliHarness.await(vertx.createHttpServer().requestHandler(h).listen(0, "127.0.0.1"));
  }

  /**
   * Verifies that a node sending headers and then one byte a second is cut off at the deadline:
   * exit 3, naming the URL (it ran forever before).
   */
  @Test
  void aTricklingNodeIsCutOffAtTheDeadline(Vertx vertx) {
    HttpServer slow = serve(vertx, req -> {
      var resp = req.response().setChunked(true);
      resp.writeHead();
      vertx.setPeriodic(1000, id -> {
        if (resp.closed()) {
          vertx.cancelTimer(id);
        } else {
          resp.write("x");
        }
      });
    });
    String url = "http://127.0.0.1:" + slow.actualPort();
    NoteVerifierKey vkey = NoteVerifierKey.ed25519(ORIGIN, Fixtures.newKey().publicKey());
    long t0 = System.nanoTime();
    Result r = audit("verify", "--node", url, "--log-key", vkey.encode(), "--state", dir.toString(), "--timeout", "2");
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains(url + "/checkpoint"), r.err());
    assertTrue(seconds < 10, "took " + seconds + " s");
    CliHarness.await(slow.close());
  }

  /** Verifies that malformed alerts are a network failure (exit 3) with a JSON report, never a crash. */
  @Test
  void malformedAlertsAreANetworkFailure(Vertx vertx) throws Exception {
    Ed25519KeyPair registrar = Fixtures.newKey();
    LedgerNode node = CliHarness.node(vertx, dir.resolve("a"), registrar, ORIGIN);
    for (String body : List.of("{}", "[]", "not json", "{\"alerts\":{}}", "{\"alerts\":[1]}",
        "{\"alerts\":[],\"next\":\"x\"}", "{\"alerts\":[],\"next\":5}")) {
      HttpServer bad = serve(vertx, req -> req.response().putHeader("Content-Type", "application/json").end(body));
      String url = "http://127.0.0.1:" + bad.actualPort();
      Result r = audit("verify", "--node", CliHarness.url(node), "--log-key", node.vkey().encode(),
          "--state", dir.resolve("s").toString(), "--alerts", url, "--json");
      assertEquals(3, r.code(), body + ": " + r);
      assertFalse(r.err().contains("Exception"), r.err());
      JsonNode out = json(r);
      assertEquals(3, out.get("exitCode").asInt());
      assertTrue(out.get("detail").asText().contains(url), out.toString());
      CliHarness.await(bad.close());
    }
    CliHarness.await(node.stop());
  }

  /**
   * Verifies that {@code audit verify --alerts} reads every page: a real equivocation recorded
   * first and 150 records about other logs after it (the oldest 1,000 were all it read before).
   */
  @Test
  void alertsAreReadPageByPage(Vertx vertx) throws Exception {
    Ed25519KeyPair registrar = Fixtures.newKey();
    LedgerNode log = CliHarness.node(vertx, dir.resolve("a"), registrar, ORIGIN);
    LedgerNode w = CliHarness.node(vertx, dir.resolve("w"), registrar, "w.example/ledger");
    NoteSignerKey logKey = new NoteSignerKey(ORIGIN, org.auditledger.node.KeyFiles.load(dir.resolve("a").resolve("log-key.pem")));
    EvidenceStore evidence = new EvidenceStore(w.store());
    byte[] real = log.sequencer().head().checkpoint().encode();
    byte[] forged = SignedCheckpoint.sign(new Checkpoint(ORIGIN, log.sequencer().head().size(),
        Rfc6962.leafHash("fork".getBytes(StandardCharsets.UTF_8))), logKey).encode();
    evidence.add(Equivocation.sameSize(logKey.verifierKey(), real, forged), "test", java.time.Instant.now());
    for (int o = 0; o < 2; o++) {
      NoteSignerKey other = new NoteSignerKey("other" + o + ".example/log", Fixtures.newKey());
      for (int i = 0; i < 75; i++) {
        byte[] a = SignedCheckpoint.sign(new Checkpoint(other.name(), 5, Rfc6962.leafHash(new byte[] {(byte) i})), other).encode();
        byte[] b = SignedCheckpoint.sign(new Checkpoint(other.name(), 5, Rfc6962.leafHash(new byte[] {(byte) i, 1})), other).encode();
        assertEquals(EvidenceStore.Added.NEW, evidence.add(Equivocation.sameSize(other.verifierKey(), a, b), "test",
            java.time.Instant.now()));
      }
    }
    Result r = audit("verify", "--node", CliHarness.url(log), "--log-key", logKey.verifierKey().encode(),
        "--state", dir.resolve("s").toString(), "--alerts", CliHarness.url(w));
    assertEquals(11, r.code(), r.toString());
    assertTrue(r.err().contains("signed two trees of size"), r.err());
    CliHarness.await(w.stop());
    CliHarness.await(log.stop());
  }

  /**
   * Verifies that a log in which an entry appears twice, the second time with an added
   * co-signature, fails rule unique-payload at the copy, whether verified at once or in two runs.
   */
  @Test
  void aCoSignedCopyFailsVerification(Vertx vertx) {
    TestLog honest = TestLog.honest(ORIGIN, 300);
    List<Envelope> all = new ArrayList<>();
    honest.leaves.forEach(l -> all.add(org.auditledger.protocol.entry.Leaf.parse(l).envelope()));
    TestLog copied = new TestLog(honest.logKey).append(all);
    Envelope decision = org.auditledger.protocol.entry.Leaf.parse(honest.leaves.get(2)).envelope();
    copied.append(List.of(decision.cosign(Fixtures.newKey())));
    try (StaticLog h = StaticLog.serve(vertx, honest); StaticLog c = StaticLog.serve(vertx, copied)) {
      String vkey = honest.logKey.verifierKey().encode();
      Result once = audit("verify", "--node", c.url(), "--log-key", vkey, "--state", dir.resolve("s1").toString(), "--json");
      assertEquals(13, once.code(), once.toString());
      assertEquals("unique-payload", json(once).get("rule").asText());
      assertEquals(302, json(once).get("entry").asLong());
      // The copy and the original, both proven in the signed tree: evidence anyone can check.
      assertEquals("invalid-entry", json(once).get("evidence").get("type").asText());

      assertEquals(0, audit("verify", "--node", h.url(), "--log-key", vkey, "--state", dir.resolve("s2").toString()).code());
      Result later = audit("verify", "--node", c.url(), "--log-key", vkey, "--state", dir.resolve("s2").toString(), "--json");
      assertEquals(13, later.code(), later.toString());
      assertEquals("unique-payload", json(later).get("rule").asText());
    }
  }
}
