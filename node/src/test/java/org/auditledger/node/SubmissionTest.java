package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/entries against a real node: receipts, idempotence, group commit, every refusal. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class SubmissionTest {
  @TempDir
  Path dir;
  private TestNode t;

  @BeforeEach
  void start(Vertx vertx) {
    t = TestNode.start(vertx, dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private long size() {
    return TestNode.json(t.get("/v1/log")).get("size").asLong();
  }

  /** Verifies that a receipt's proof verifies against its checkpoint, signed by the log key. */
  @Test
  void receiptProvesInclusionInSignedCheckpoint() {
    JsonNode r = t.fileDecision("Budget 2027");
    SignedCheckpoint cp = SignedCheckpoint.open(r.get("checkpoint").asText().getBytes(StandardCharsets.UTF_8),
        t.node.vkey());
    long index = r.get("index").asLong();
    assertEquals(2, index);
    assertEquals(3, cp.checkpoint().size());
    List<byte[]> hashes = new ArrayList<>();
    r.get("inclusionProof").get("hashes").forEach(h -> hashes.add(Base64.getDecoder().decode(h.asText())));
    ProofVerifier.verifyInclusion(index, cp.checkpoint().size(),
        Base64.getDecoder().decode(r.get("leafHash").asText()), hashes, cp.checkpoint().rootHash());
  }

  /** Verifies that an identical envelope resubmitted gets 200 and its original index. */
  @Test
  void resubmissionReturnsOriginalIndex() {
    Envelope env = Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "Once"), t.clerk);
    HttpResponse<Buffer> first = t.post(env);
    HttpResponse<Buffer> again = t.post(env);
    assertEquals(201, first.statusCode());
    assertEquals(200, again.statusCode());
    assertEquals(TestNode.json(first).get("index"), TestNode.json(again).get("index"));
    assertEquals(3, size());
  }

  /** Verifies that concurrent submitters are batched: fewer fsyncs than entries, all acknowledged. */
  @Test
  void concurrentSubmissionsAreGroupCommitted(VertxTestContext ctx) {
    int n = 300;
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Envelope env = Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "Concurrent " + i), t.clerk);
      all.add(t.client.post("/v1/entries").putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer(env.toJson())));
    }
    Future.all(all)
        .compose(done -> t.client.get("/metrics").send().map(m -> m.bodyAsString()))
        .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
          Set<Long> indexes = new HashSet<>();
          for (Future<HttpResponse<Buffer>> f : all) {
            assertEquals(201, f.result().statusCode(), f.result().bodyAsString());
            indexes.add(TestNode.json(f.result()).get("index").asLong());
          }
          assertEquals(n, indexes.size());
          assertEquals(2 + n, (long) metric(metrics, "ledger_tree_size"));
          double fsyncs = metric(metrics, "ledger_fsyncs_total");
          assertTrue(fsyncs < n, "group commit: " + fsyncs + " fsyncs for " + n + " entries");
          ctx.completeNow();
        })));
  }

  /** Verifies every refusal: status, problem type, a detail naming the fault, and no change. */
  @Test
  void refusalsAreProblemsAndChangeNothing() {
    Ed25519KeyPair stranger = Fixtures.newKey();
    String good = Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "x"), t.clerk).toJson();
    Envelope badSig = Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "y"), t.clerk);
    byte[] sig = badSig.signatures().get(0).sig();
    sig[3] ^= 1;
    Envelope forged = new Envelope(badSig.payloadType(), badSig.payload(),
        List.of(new Envelope.Signature(t.clerk.publicKey(), sig)));
    Object[][] cases = {
        {"{\"payload\":\"e30=\",\"payload\":\"e30=\"}".getBytes(StandardCharsets.UTF_8), 400, "malformed", "Duplicate field 'payload'"},
        {"not json".getBytes(StandardCharsets.UTF_8), 400, "malformed", "not valid JSON"},
        {good.replace("\"signatures\"", "\"extra\":1,\"signatures\"").getBytes(StandardCharsets.UTF_8), 400, "malformed", "extra"},
        {Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "z").replace("\"adopted\"", "\"perhaps\""), t.clerk).toJson()
            .getBytes(StandardCharsets.UTF_8), 422, "schema-violation", "/body/result"},
        {Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "z").replace("\"decision\"", "\"memo\""), t.clerk).toJson()
            .getBytes(StandardCharsets.UTF_8), 422, "schema-violation", "/kind"},
        {forged.toJson().getBytes(StandardCharsets.UTF_8), 422, "invalid-signature", t.clerk.publicKey().keyId()},
        {Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "w"), stranger).toJson().getBytes(StandardCharsets.UTF_8),
            403, "unauthorized", "role \"decision\""},
        {Fixtures.sign(Fixtures.decisionPayload("city", "w"), t.clerk).toJson().getBytes(StandardCharsets.UTF_8),
            403, "unauthorized", "issuer \"city\""},
        {new byte[70_000], 413, "body-too-large", "65536"},
    };
    long before = size();
    for (Object[] c : cases) {
      HttpResponse<Buffer> r = t.postRaw((byte[]) c[0], "application/json");
      assertEquals(c[1], r.statusCode(), r.bodyAsString());
      assertEquals("application/problem+json", r.getHeader("Content-Type"));
      JsonNode p = TestNode.json(r);
      assertEquals("/problems/" + c[2], p.get("type").asText());
      assertEquals(c[1], p.get("status").asInt());
      assertTrue(p.get("detail").asText().contains((String) c[3]), p.get("detail").asText() + " names " + c[3]);
    }
    HttpResponse<Buffer> wrongType = t.postRaw(good.getBytes(StandardCharsets.UTF_8), "text/plain");
    assertEquals(415, wrongType.statusCode());
    assertEquals(before, size(), "no refusal changed the log");
    assertEquals(before, TestNode.json(t.get("/v1/entries?from=0&limit=1000")).get("entries").size());
  }

  /**
   * Verifies that an entry whose body fits the request limit but whose leaf would exceed 65,535
   * bytes is refused with 413, and changes nothing.
   */
  @Test
  void oversizeLeafIsRefused() {
    long before = size();
    byte[] body = null;
    // The leaf adds index, time and prev (about 130 bytes) to the envelope: aim just below the body limit.
    for (int pad = 47_000; pad < 50_000; pad += 3) {
      byte[] b = Fixtures.sign(decisionWithSources(pad), t.clerk).toJson().getBytes(StandardCharsets.UTF_8);
      if (b.length > 65_536 - 60) {
        body = b;
        break;
      }
    }
    assertTrue(body != null && body.length <= 65_536, "body fits the request limit");
    HttpResponse<Buffer> r = t.postRaw(body, "application/json");
    assertEquals(413, r.statusCode(), r.bodyAsString());
    assertEquals("/problems/entry-too-large", TestNode.json(r).get("type").asText());
    assertEquals(before, size());
  }

  /** A decision whose sources' URIs add up to about {@code pad} characters. */
  private static String decisionWithSources(int pad) {
    StringBuilder sources = new StringBuilder();
    int left = pad;
    for (int i = 0; left > 0 && i < 32; i++) {
      int len = Math.min(1900, left);
      sources.append(i == 0 ? "" : ",").append("{\"uri\":\"https://e.example/").append("a".repeat(len)).append("\"}");
      left -= len;
    }
    String d = Fixtures.decisionPayload(TestNode.TOWN, "Big");
    return d.replace("\"result\":\"adopted\"", "\"result\":\"adopted\",\"sources\":[" + sources + "]");
  }

  private static double metric(String scrape, String name) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("metric " + name + " not in scrape");
  }
}
