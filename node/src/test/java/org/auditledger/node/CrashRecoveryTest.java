package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability: a node process under concurrent load is killed with SIGKILL at random moments and
 * restarted; every entry it acknowledged must be there, the whole log must verify, and the node
 * must serve again. Ends with a SIGTERM that must stop it cleanly.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.MINUTES)
class CrashRecoveryTest {
  private static final int ROUNDS = 6;
  private static final int CLIENTS = 32;

  @TempDir
  Path dir;

  /** Verifies that no acknowledged entry is lost across repeated SIGKILLs. */
  @Test
  void acknowledgedEntriesSurviveSigkill(Vertx vertx) throws Exception {
    Random rnd = new Random();
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair clerk = Fixtures.newKey();
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger sequence = new AtomicInteger();
    NoteVerifierKey vkey = null;
    for (int round = 0; round < ROUNDS; round++) {
      NodeProcess node = NodeProcess.start(dir, "--registrar", registrar.publicKey().base64());
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(node.port()), new PoolOptions().setHttp1MaxSize(CLIENTS));
      JsonNode log = TestNode.json(TestNode.await(client.get("/v1/log").send()));
      vkey = NoteVerifierKey.parse(log.get("vkey").asText());
      // Every acknowledged entry so far is there, and the log verifies from entry 0.
      verifyLog(client, vkey, acknowledged);
      if (round == 0) {
        String grant = Fixtures.keyPayload("grant", clerk.publicKey(), TestNode.TOWN, vkey.name(), "decision");
        assertEquals(201, TestNode.await(client.post("/v1/entries").putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(Fixtures.sign(grant, registrar).toJson()))).statusCode());
      }
      AtomicBoolean go = new AtomicBoolean(true);
      for (int c = 0; c < CLIENTS; c++) {
        pump(client, clerk, sequence, acknowledged, go);
      }
      Thread.sleep(300 + rnd.nextInt(1200));
      node.kill();
      go.set(false);
      client.close();
    }
    // Finally SIGTERM in the middle of load: in-flight batches are committed, the store closed cleanly.
    NodeProcess last = NodeProcess.start(dir);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(last.port()), new PoolOptions().setHttp1MaxSize(CLIENTS));
    verifyLog(client, vkey, acknowledged);
    AtomicBoolean go = new AtomicBoolean(true);
    for (int c = 0; c < CLIENTS; c++) {
      pump(client, clerk, sequence, acknowledged, go);
    }
    Thread.sleep(500);
    // 143 = 128 + SIGTERM: the JVM's exit status after running the shutdown hooks.
    assertEquals(143, last.terminate(), String.join("\n", last.output()));
    go.set(false);
    client.close();
    assertTrue(last.output().contains("audit-node: stopped cleanly"), String.join("\n", last.output()));

    NodeProcess again = NodeProcess.start(dir);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(again.port()));
    long size = verifyLog(client, vkey, acknowledged);
    System.out.printf("CrashRecoveryTest: %d SIGKILLs and a SIGTERM under load, %d entries acknowledged,"
        + " all present in a verified log of %d%n", ROUNDS, acknowledged.size(), size);
    assertTrue(acknowledged.size() > ROUNDS * 10, "load was applied: " + acknowledged.size() + " acknowledged");
    client.close();
    again.terminate();
  }

  /** Keeps one client submitting until {@code go} turns false; records acknowledgements. */
  private static void pump(WebClient client, Ed25519KeyPair clerk, AtomicInteger seq,
      Map<Long, String> acknowledged, AtomicBoolean go) {
    if (!go.get()) {
      return;
    }
    String body = Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "Load " + seq.incrementAndGet()), clerk).toJson();
    client.post("/v1/entries").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() == 201) {
            JsonNode r = TestNode.json(ar.result());
            acknowledged.put(r.get("index").asLong(), r.get("leafHash").asText());
          }
          if (ar.succeeded()) {
            pump(client, clerk, seq, acknowledged, go);
          }
        });
  }

  /** Reads the whole log, checks every entry, the chain and the signed root; returns the size. */
  private static long verifyLog(WebClient client, NoteVerifierKey vkey, Map<Long, String> acknowledged) {
    byte[] note = TestNode.await(client.get("/checkpoint").send()).body().getBytes();
    SignedCheckpoint cp = SignedCheckpoint.open(note, vkey);
    long size = cp.checkpoint().size();
    CompactRange tree = CompactRange.empty();
    byte[] prev = new byte[0];
    for (long from = 0; from < size; ) {
      JsonNode page = TestNode.json(TestNode.await(client.get("/v1/entries?from=" + from + "&limit=1000").send()));
      for (JsonNode e : page.get("entries")) {
        byte[] leaf = Base64.getDecoder().decode(e.get("leaf").asText());
        Entry entry = Entry.open(leaf);
        entry.leaf().checkLink(from, prev);
        prev = Rfc6962.leafHash(leaf);
        tree.append(prev, (id, h) -> { });
        String ack = acknowledged.get(from);
        if (ack != null) {
          assertEquals(ack, Base64.getEncoder().encodeToString(prev), "acknowledged entry " + from + " unchanged");
        }
        from++;
      }
    }
    assertArrayEquals(cp.checkpoint().rootHash(), tree.root(), "root of all " + size + " leaves");
    for (long index : acknowledged.keySet()) {
      assertTrue(index < size, "acknowledged entry " + index + " survived (size " + size + ")");
    }
    assertNotNull(prev);
    return size;
  }
}
