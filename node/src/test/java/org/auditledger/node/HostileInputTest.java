package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.LogCapture;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.Leaf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reproduced defects of issue 8 that a single hostile client can cause, against a real node:
 * each was a 201, a wrap-around or a 500 before.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class HostileInputTest {
  @TempDir
  Path dir;
  private TestNode t;
  private LogCapture log;

  @BeforeEach
  void start(Vertx vertx) {
    log = LogCapture.start();
    t = TestNode.start(vertx, dir);
  }

  @AfterEach
  void stop() {
    t.close();
    log.close();
  }

  private long size() {
    return TestNode.json(t.get("/v1/log")).get("size").asLong();
  }

  private static String type(HttpResponse<Buffer> r) {
    return TestNode.json(r).get("type").asText();
  }

  /**
   * Verifies that an entry's envelope with an added co-signature by a never-granted key is not a
   * new entry: 409 naming the first index, log unchanged; the very same envelope still gets 200.
   */
  @Test
  void coSignedCopyOfAnEntryIsRefused() {
    Envelope original = Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "Original"), t.clerk);
    HttpResponse<Buffer> first = t.post(original);
    assertEquals(201, first.statusCode(), first.bodyAsString());
    long index = TestNode.json(first).get("index").asLong();
    long before = size();

    // The envelope as anyone can read it from the log, plus a stranger's signature.
    byte[] leaf = Base64.getDecoder().decode(TestNode.json(t.get("/v1/entries/" + index)).get("leaf").asText());
    Envelope copy = Leaf.parse(leaf).envelope().cosign(Fixtures.newKey());
    HttpResponse<Buffer> r = t.post(copy);
    assertEquals(409, r.statusCode(), r.bodyAsString());
    assertEquals("/problems/duplicate-entry", type(r));
    assertEquals(index, TestNode.json(r).get("firstIndex").asLong());
    // Re-signed by the same clerk with another signer first: same payload, still a copy.
    assertEquals(409, t.post(Fixtures.sign(new String(original.payload(), StandardCharsets.UTF_8),
        Fixtures.newKey(), t.clerk)).statusCode());
    assertEquals(before, size(), "no copy was appended");

    HttpResponse<Buffer> again = t.post(original);
    assertEquals(200, again.statusCode(), again.bodyAsString());
    assertEquals(index, TestNode.json(again).get("index").asLong());
    assertEquals(before, size());
  }

  /**
   * Verifies that reference indexes beyond 2^63-1 are invalid input naming the field: once, 2^64+3
   * wrapped onto entry 3 and 2^63 and 2^64-1 answered 500.
   */
  @Test
  void referenceIndexesOutsideTheRangeAreInvalidInput() {
    String hash = TestNode.json(t.get("/v1/entries/0")).get("leafHash").asText();
    long before = size();
    for (String index : List.of("18446744073709551619", "9223372036854775808", "18446744073709551615")) {
      String payload = Fixtures.decisionPayload(TestNode.TOWN, "Cites " + index).replaceFirst("}$",
          ",\"refs\":[{\"index\":" + index + ",\"leafHash\":\"" + hash + "\",\"rel\":\"cites\"}]}");
      HttpResponse<Buffer> r = t.post(Fixtures.sign(payload, t.clerk));
      assertEquals(422, r.statusCode(), index + ": " + r.bodyAsString());
      assertTrue(r.bodyAsString().contains("/refs/0/index"), r.bodyAsString());
    }
    assertEquals(before, size());
    assertEquals(List.of(), log.errors());
  }

  /**
   * Verifies that a leap-second timestamp from an unknown key with an all-zero signature is a 4xx
   * before any signature is checked, and logs no error.
   */
  @Test
  void leapSecondIsInvalidInputAndLogsNoError() {
    String payload = Fixtures.decisionPayload(TestNode.TOWN, "Leap").replaceFirst("\"created\":\"[^\"]*\"",
        "\"created\":\"2016-12-31T23:59:60Z\"");
    String envelope = "{\"payload\":\"" + Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "\",\"payloadType\":\"application/vnd.auditledger.entry.v1+json\",\"signatures\":[{\"keyid\":\""
        + Fixtures.newKey().publicKey().keyId() + "\",\"sig\":\"" + Base64.getEncoder().encodeToString(new byte[64]) + "\"}]}";
    HttpResponse<Buffer> r = t.postRaw(envelope.getBytes(StandardCharsets.UTF_8), "application/json");
    assertEquals(422, r.statusCode(), r.bodyAsString());
    assertEquals("/problems/schema-violation", type(r));
    assertTrue(r.bodyAsString().contains("/created"), r.bodyAsString());
    assertEquals(List.of(), log.errors());
  }

  /** Verifies that entry indexes at and past 2^63 are a bad parameter, not a 500. */
  @Test
  void entryIndexesBeyondTheLongRangeAreBadParameters() {
    for (String index : List.of("9223372036854775807", "9223372036854775808", "9999999999999999999")) {
      HttpResponse<Buffer> r = t.get("/v1/entries/" + index);
      assertTrue(r.statusCode() == 400 || r.statusCode() == 404, index + ": " + r.statusCode() + " " + r.bodyAsString());
      assertEquals("application/problem+json", r.getHeader("Content-Type"));
    }
    assertEquals(List.of(), log.errors());
  }

  /** Verifies that a client that hangs up in the middle of its body leaves no error in the log. */
  @Test
  void aClientThatHangsUpMidBodyLogsNoError() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", t.node.port())) {
        s.getOutputStream().write(("POST /v1/entries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n{\"payload\":").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        Thread.sleep(100);
      }
    }
    long before = size();
    // The node is still there, and answers.
    assertEquals(before, size());
    Thread.sleep(300);
    assertEquals(List.of(), log.errors());
  }

  /** Verifies that a created time far from the node's clock is refused, naming the window. */
  @Test
  void createdFarFromTheClockIsRefused() {
    long before = size();
    for (String created : List.of("2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z")) {
      String payload = Fixtures.decisionPayload(TestNode.TOWN, "Dated " + created)
          .replaceFirst("\"created\":\"[^\"]*\"", "\"created\":\"" + created + "\"");
      HttpResponse<Buffer> r = t.post(Fixtures.sign(payload, t.clerk));
      assertEquals(422, r.statusCode(), r.bodyAsString());
      assertEquals("/problems/created-out-of-range", type(r));
    }
    assertEquals(before, size());
  }

  /** Verifies that the last registrar cannot revoke itself, which would freeze the log's keys. */
  @Test
  void lastRegistrarCannotRevokeItself() {
    HttpResponse<Buffer> r = t.post(Fixtures.sign(Fixtures.keyPayload("revoke", t.registrar.publicKey(),
        t.node.origin(), t.node.origin(), "registrar"), t.registrar));
    assertEquals(403, r.statusCode(), r.bodyAsString());
    assertEquals("last-registrar", TestNode.json(r).get("rule").asText());
  }

  /** Verifies that a tile path with zero groups is not served: only the canonical path is. */
  @Test
  void nonCanonicalTilePathsAreNotFound() {
    for (int i = 0; i < 20; i++) {
      t.fileDecision("Tile " + i);
    }
    long size = size();
    assertEquals(200, t.get("/tile/entries/000.p/" + size).statusCode());
    HttpResponse<Buffer> r = t.get("/tile/entries/x000/x000/000.p/" + size);
    assertEquals(404, r.statusCode());
    assertEquals("application/problem+json", r.getHeader("Content-Type"));
    assertTrue(r.bodyAsString().contains("not canonical"), r.bodyAsString());
    assertEquals(404, t.get("/tile/0/x000/000.p/" + size).statusCode());
  }

  /** Verifies that a refused submission is counted once in ledger_entries_rejected_total. */
  @Test
  void aRefusalIsCountedOnce() {
    t.post(Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "Stranger"), Fixtures.newKey()));
    String metrics = t.get("/metrics").bodyAsString();
    assertTrue(metrics.contains("ledger_entries_rejected_total{reason=\"UnauthorizedException\"} 1.0"), metrics);
  }
}
