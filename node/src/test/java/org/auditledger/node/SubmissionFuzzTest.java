package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.auditledger.node.backup.StoreAudit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.LogCapture;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing of the submission path with seeded, reproducible mutations of valid envelopes and
 * payloads (re-signed, so that mutated payloads reach the schema and authorization checks):
 * every answer is 2xx or 4xx, a 4xx never changes the log, no request logs at ERROR, and the
 * log that results passes a full audit. Reproduce a failure with {@code -Dfuzz.seed=N}; more
 * cases with {@code -Dfuzz.cases=N}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
class SubmissionFuzzTest {
  @TempDir
  Path dir;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private Random rnd;

  /** Verifies the invariants over thousands of mutated submissions. */
  @Test
  void mutatedSubmissionsAreAnsweredWithoutHarm(Vertx vertx) {
    long seed = Long.getLong("fuzz.seed", 20261124L);
    int cases = Integer.getInteger("fuzz.cases", 3000);
    rnd = new Random(seed);
    try (LogCapture log = LogCapture.start(); TestNode t = TestNode.start(vertx, dir)) {
      Ed25519KeyPair auditor = Fixtures.newKey();
      assertEquals(201, t.post(Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "audit",
          t.node.origin(), "finding"), t.registrar)).statusCode());
      JsonNode finding = TestNode.json(t.post(Fixtures.sign(Fixtures.findingPayload("audit", "F"), auditor)));
      List<String> corpus = List.of(
          Fixtures.decisionPayload(TestNode.TOWN, "Fuzz"),
          Fixtures.findingPayload("audit", "Fuzz finding"),
          Fixtures.responsePayload(TestNode.TOWN, finding.get("index").asLong(), finding.get("leafHash").asText()),
          Fixtures.keyPayload("grant", Fixtures.newKey().publicKey(), TestNode.TOWN, t.node.origin(), "decision"));
      List<Ed25519KeyPair> signers = List.of(t.clerk, auditor, t.clerk, t.registrar);
      long size = TestNode.json(t.get("/v1/log")).get("size").asLong();
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (int i = 0; i < cases; i++) {
        int pick = rnd.nextInt(corpus.size());
        String payload = corpus.get(pick).replaceFirst("\"created\":\"[^\"]*\"", "\"created\":\"" + Fixtures.created() + "\"");
        byte[] body = mutate(payload, signers.get(pick));
        HttpResponse<Buffer> r = t.postRaw(body, rnd.nextInt(50) == 0 ? "text/plain" : "application/json");
        int status = r.statusCode();
        statuses.merge(status, 1, Integer::sum);
        String what = "case " + i + " (seed " + seed + "): " + new String(body, StandardCharsets.UTF_8);
        assertTrue(status < 500, what + " -> " + status + " " + r.bodyAsString());
        if (status >= 400) {
          assertEquals("application/problem+json", r.getHeader("Content-Type"), what);
          assertTrue(TestNode.json(r).get("detail").asText().length() > 10, what);
        }
        if (status == 201) {
          size++;
        }
        if (i % 100 == 0 || status >= 400 && rnd.nextInt(10) == 0) {
          assertEquals(size, TestNode.json(t.get("/v1/log")).get("size").asLong(), "after " + what);
        }
      }
      assertEquals(size, TestNode.json(t.get("/v1/log")).get("size").asLong());
      System.out.println("SubmissionFuzzTest: " + cases + " cases, seed " + seed + ", statuses " + statuses);
      assertTrue(statuses.keySet().stream().anyMatch(s -> s >= 400) && statuses.containsKey(201),
          "the mutations reach both refusals and acceptances: " + statuses);
      assertEquals(List.of(), log.errors());
      // Whatever was admitted, the log still passes every rule.
      StoreAudit.Result audit = StoreAudit.run(t.node.store(), t.node.vkey());
      assertEquals(size, audit.entries());
    }
  }

  private byte[] mutate(String payload, Ed25519KeyPair signer) {
    int mode = rnd.nextInt(10);
    if (mode < 5) {
      // A mutated payload, properly signed: it passes the envelope and reaches the deeper checks.
      byte[] p = mutatePayload(payload);
      return Envelope.sign(p, List.of(rnd.nextInt(8) == 0 ? Fixtures.newKey() : signer)).toJson()
          .getBytes(StandardCharsets.UTF_8);
    }
    String env = Fixtures.sign(payload, signer).toJson();
    if (mode < 8) {
      return mutateText(env).getBytes(StandardCharsets.UTF_8);
    }
    return mutateEnvelope(env);
  }

  private byte[] mutatePayload(String payload) {
    if (rnd.nextInt(5) == 0) {
      return mutateBytes(payload.getBytes(StandardCharsets.UTF_8));
    }
    ObjectNode root = (ObjectNode) StrictJson.parse(payload.getBytes(StandardCharsets.UTF_8), "fixture");
    int edits = 1 + rnd.nextInt(3);
    for (int e = 0; e < edits; e++) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode target = containers.get(rnd.nextInt(containers.size()));
      if (target instanceof ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        int op = rnd.nextInt(4);
        if (op == 0 && !names.isEmpty()) {
          o.remove(names.get(rnd.nextInt(names.size())));
        } else if (op == 1 || names.isEmpty()) {
          o.set(rnd.nextBoolean() ? "extra" + rnd.nextInt(3) : "refs", value());
        } else {
          o.set(names.get(rnd.nextInt(names.size())), value());
        }
      } else if (target instanceof ArrayNode a) {
        if (a.size() > 0 && rnd.nextBoolean()) {
          a.set(rnd.nextInt(a.size()), value());
        } else {
          a.add(value());
        }
      }
    }
    String text = root.toString();
    if (rnd.nextInt(10) == 0) {
      // A duplicate key, which a tree cannot hold: spliced into the text.
      text = text.replaceFirst("\\{", "{\"v\":1,");
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      Iterator<JsonNode> it = n.elements();
      while (it.hasNext()) {
        collect(it.next(), out);
      }
    }
  }

  private JsonNode value() {
    return switch (rnd.nextInt(22)) {
      case 0 -> F.nullNode();
      case 1 -> F.booleanNode(rnd.nextBoolean());
      case 2 -> F.numberNode(rnd.nextLong());
      case 3 -> F.numberNode(new java.math.BigInteger("18446744073709551619"));
      case 4 -> F.numberNode(new java.math.BigInteger("9223372036854775808"));
      case 5 -> F.numberNode(1.5);
      case 6 -> F.numberNode(-1);
      case 7 -> F.textNode("");
      case 8 -> F.textNode("x".repeat(20_001));
      case 9 -> F.textNode("2016-12-31T23:59:60Z");
      case 10 -> F.textNode("2026-02-30T10:00:00Z");
      case 11 -> F.textNode("9999-12-31T23:59:59+23:59");
      case 12 -> F.textNode("\u0000\u202e\ud83d\ude00");
      case 13 -> F.textNode(Base64.getEncoder().encodeToString(new byte[32]));
      case 14 -> F.textNode(Fixtures.newKey().publicKey().base64());
      case 15 -> F.textNode("ed25519:AAAA");
      case 16 -> {
        ObjectNode ref = F.objectNode();
        ref.put("index", rnd.nextInt(4) == 0 ? Long.MAX_VALUE : rnd.nextInt(10));
        ref.put("leafHash", Base64.getEncoder().encodeToString(new byte[32]));
        ref.put("rel", List.of("about", "responds-to", "amends", "supersedes", "cites", "likes").get(rnd.nextInt(6)));
        if (rnd.nextBoolean()) {
          ref.put("log", rnd.nextBoolean() ? "other.example/log" : "");
        }
        yield F.arrayNode().add(ref);
      }
      case 17 -> {
        ArrayNode deep = F.arrayNode();
        ArrayNode cur = deep;
        for (int i = 0; i < 40; i++) {
          ArrayNode next = F.arrayNode();
          cur.add(next);
          cur = next;
        }
        yield deep;
      }
      case 18 -> F.textNode(List.of("decision", "spending", "finding", "response", "key", "other").get(rnd.nextInt(6)));
      case 19 -> F.textNode(List.of("grant", "revoke", "registrar", "admin").get(rnd.nextInt(4)));
      case 20 -> F.arrayNode().add("registrar").add("decision");
      default -> F.objectNode();
    };
  }

  private String mutateText(String s) {
    StringBuilder b = new StringBuilder(s);
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n && b.length() > 0; i++) {
      int at = rnd.nextInt(b.length());
      switch (rnd.nextInt(6)) {
        case 0 -> b.setCharAt(at, (char) (0x20 + rnd.nextInt(0x5f)));
        case 1 -> b.deleteCharAt(at);
        case 2 -> b.insert(at, List.of("{", "}", "[", "]", ",", "\"", ":", " ", "\\u0000", "1e999", "-0").get(rnd.nextInt(11)));
        case 3 -> b.setLength(at);
        case 4 -> b.insert(at, b.substring(at, Math.min(b.length(), at + rnd.nextInt(40))));
        default -> b.replace(at, Math.min(b.length(), at + 4), "AAAA");
      }
    }
    return b.toString();
  }

  private byte[] mutateBytes(byte[] in) {
    byte[] b = in.clone();
    switch (rnd.nextInt(4)) {
      case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
      case 1 -> b[rnd.nextInt(b.length)] = (byte) 0xC3;
      case 2 -> {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] out = new byte[b.length + 3];
        System.arraycopy(bom, 0, out, 0, 3);
        System.arraycopy(b, 0, out, 3, b.length);
        b = out;
      }
      default -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
    }
    return b;
  }

  private byte[] mutateEnvelope(String env) {
    ObjectNode o = (ObjectNode) StrictJson.parse(env.getBytes(StandardCharsets.UTF_8), "fixture");
    ArrayNode sigs = (ArrayNode) o.get("signatures");
    ObjectNode sig = (ObjectNode) sigs.get(0);
    switch (rnd.nextInt(9)) {
      case 0 -> sig.put("sig", Base64.getEncoder().encodeToString(new byte[rnd.nextInt(3) * 32]));
      case 1 -> sig.put("keyid", "ed25519:" + Base64.getEncoder().encodeToString(new byte[32]));
      case 2 -> sigs.add(sig.deepCopy());
      case 3 -> {
        for (int i = 0; i < 9; i++) {
          ObjectNode extra = F.objectNode();
          extra.put("keyid", Fixtures.newKey().publicKey().keyId());
          extra.put("sig", Base64.getEncoder().encodeToString(new byte[64]));
          sigs.add(extra);
        }
      }
      case 4 -> o.put("payloadType", "application/json");
      case 5 -> o.set("payload", F.numberNode(12));
      case 6 -> o.put("payload", o.get("payload").asText().replace('A', '-'));
      case 7 -> o.removeAll();
      default -> sigs.removeAll();
    }
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }
}
