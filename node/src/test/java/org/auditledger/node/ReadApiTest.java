package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Rfc6962;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The read endpoints of one node holding a small log (genesis, a grant, 20 decisions, a finding, a response). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ReadApiTest {
  @TempDir
  static Path dir;
  private static TestNode t;
  private static long findingIndex;

  @BeforeAll
  static void start(Vertx vertx) {
    t = TestNode.start(vertx, dir);
    for (int i = 0; i < 20; i++) {
      t.fileDecision("Decision " + i);
    }
    var auditor = Fixtures.newKey();
    assertEquals(201, t.post(Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "audit",
        t.node.origin(), "finding"), t.registrar)).statusCode());
    JsonNode f = TestNode.json(t.post(Fixtures.sign(Fixtures.findingPayload("audit", "Late"), auditor)));
    findingIndex = f.get("index").asLong();
    HttpResponse<Buffer> resp = t.post(Fixtures.sign(
        Fixtures.responsePayload(TestNode.TOWN, findingIndex, f.get("leafHash").asText()), t.clerk));
    assertEquals(201, resp.statusCode(), resp.bodyAsString());
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  private static JsonNode get(String uri, int status) {
    HttpResponse<Buffer> r = t.get(uri);
    assertEquals(status, r.statusCode(), uri + ": " + r.bodyAsString());
    return TestNode.json(r);
  }

  /** Verifies /v1/log and that an entry's leaf bytes hash to its stated leaf hash. */
  @Test
  void logAndEntries() {
    JsonNode log = get("/v1/log", 200);
    long size = log.get("size").asLong();
    assertEquals(25, size);
    assertEquals(t.node.vkey().encode(), log.get("vkey").asText());
    JsonNode e = get("/v1/entries/5", 200);
    byte[] leaf = Base64.getDecoder().decode(e.get("leaf").asText());
    assertEquals(e.get("leafHash").asText(), Base64.getEncoder().encodeToString(Rfc6962.leafHash(leaf)));
    assertEquals(5, Leaf.parse(leaf).index());
    assertEquals("decision", e.get("payload").get("kind").asText());
    JsonNode page = get("/v1/entries?from=10&limit=7", 200);
    assertEquals(7, page.get("entries").size());
    assertEquals(17, page.get("next").asLong());
    assertTrue(get("/v1/entries?from=20&limit=1000", 200).get("next").isNull());
    assertTrue(get("/v1/entries/25", 404).get("detail").asText().contains("25 entries"));
    get("/v1/entries/-1", 400);
    get("/v1/entries?limit=0", 400);
    get("/v1/entries?limit=1001", 400);
  }

  /** Verifies inclusion proofs by index and by leaf hash, for old and current sizes. */
  @Test
  void inclusionProofs() {
    JsonNode e = get("/v1/entries/7", 200);
    for (String q : List.of("index=7&size=20", "index=7",
        "leafHash=" + e.get("leafHash").asText().replace("+", "%2B").replace("/", "%2F"))) {
      JsonNode p = get("/v1/proofs/inclusion?" + q, 200);
      ProofVerifier.verifyInclusion(7, p.get("size").asLong(), Base64.getDecoder().decode(e.get("leafHash").asText()),
          hashes(p.get("hashes")), Base64.getDecoder().decode(p.get("rootHash").asText()));
    }
    get("/v1/proofs/inclusion?index=7&size=7", 404);
    get("/v1/proofs/inclusion?index=1&size=99", 404);
    get("/v1/proofs/inclusion?index=x", 400);
    get("/v1/proofs/inclusion", 400);
    get("/v1/proofs/inclusion?leafHash=" + "00".repeat(32), 404);
  }

  /** Verifies consistency proofs between every pair of a few sizes. */
  @Test
  void consistencyProofs() {
    for (long from : new long[] {0, 1, 5, 13, 25}) {
      JsonNode p = get("/v1/proofs/consistency?from=" + from + "&to=25", 200);
      ProofVerifier.verifyConsistency(from, 25, hashes(p.get("hashes")),
          Base64.getDecoder().decode(p.get("fromRootHash").asText()),
          Base64.getDecoder().decode(p.get("toRootHash").asText()));
    }
    JsonNode head = get("/v1/log", 200);
    assertEquals(head.get("rootHash").asText(), get("/v1/proofs/consistency?from=3", 200).get("toRootHash").asText());
    get("/v1/proofs/consistency?from=9&to=5", 400);
    get("/v1/proofs/consistency?from=1&to=26", 404);
  }

  /** Verifies search by kind, issuer, signer and reference, and paging. */
  @Test
  void search() {
    assertEquals(20, get("/v1/search?kind=decision", 200).get("entries").size());
    JsonNode page = get("/v1/search?kind=decision&limit=5", 200);
    assertEquals(5, page.get("entries").size());
    long next = page.get("next").asLong();
    JsonNode rest = get("/v1/search?kind=decision&after=" + next + "&limit=100", 200);
    assertEquals(15, rest.get("entries").size());
    assertTrue(rest.get("next").isNull());
    assertEquals(21, get("/v1/search?issuer=town", 200).get("entries").size());
    assertEquals(1, get("/v1/search?issuer=town&kind=response", 200).get("entries").size());
    assertEquals(21, get("/v1/search?signer=" + java.net.URLEncoder.encode(t.clerk.publicKey().keyId(), java.nio.charset.StandardCharsets.UTF_8), 200).get("entries").size());
    JsonNode refs = get("/v1/search?ref=%23" + findingIndex, 200);
    assertEquals(1, refs.get("entries").size());
    assertEquals("response", refs.get("entries").get(0).get("payload").get("kind").asText());
    get("/v1/search", 400);
    get("/v1/search?kind=memo", 400);
    get("/v1/search?signer=nope", 400);
  }

  /** Verifies the key registry as replayed, health and metrics. */
  @Test
  void keysHealthMetrics() {
    JsonNode keys = get("/v1/keys", 200);
    List<String> roles = new ArrayList<>();
    keys.get("keys").forEach(k -> roles.add(k.get("role").asText() + "@" + k.get("organization").asText()));
    assertTrue(roles.contains("registrar@*"), roles.toString());
    assertTrue(roles.contains("decision@town") && roles.contains("finding@audit"), roles.toString());
    assertEquals("UP", get("/health", 200).get("status").asText());
    String metrics = t.get("/metrics").bodyAsString();
    assertTrue(metrics.contains("ledger_tree_size 25.0"), metrics);
    assertTrue(metrics.contains("ledger_commit_seconds"), metrics);
    assertEquals("/problems/not-found", get("/no/such/thing", 404).get("type").asText());
  }

  private static List<byte[]> hashes(JsonNode a) {
    List<byte[]> out = new ArrayList<>();
    a.forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
    return out;
  }
}
