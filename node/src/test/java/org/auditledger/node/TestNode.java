package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;

/**
 * A real node in this JVM on an ephemeral loopback port, with a real RocksDB under a temporary
 * directory, a registrar key, and a clerk key granted {@code decision}, {@code response} and {@code spending} for issuer "town".
 */
public final class TestNode implements AutoCloseable {
  public static final String TOWN = "town";

  public final Vertx vertx;
  public final Path dir;
  public final Ed25519KeyPair registrar;
  public final Ed25519KeyPair clerk = Fixtures.newKey();
  public LedgerNode node;
  /** Peers given at the next start ({@code URL,VKEY}), and its port (0: any). */
  public List<String> peers = List.of();
  /** How often mirrors poll their peers (and the first back-off after a failure); null: the default. */
  public java.time.Duration mirrorPoll;
  public int port;
  public WebClient client;

  private TestNode(Vertx vertx, Path dir, Ed25519KeyPair registrar) {
    this.vertx = vertx;
    this.dir = dir;
    this.registrar = registrar;
  }

  /** Starts a node with a fresh log and grants the clerk. */
  public static TestNode start(Vertx vertx, Path dir) {
    return start(vertx, dir, List.of());
  }

  /** Starts a node with a fresh log that mirrors {@code peers} ({@code URL,VKEY}) and grants the clerk. */
  public static TestNode start(Vertx vertx, Path dir, List<String> peers) {
    return start(vertx, dir, peers, null);
  }

  /** As {@link #start(Vertx, Path, List)}, its mirrors polling every {@code mirrorPoll}. */
  public static TestNode start(Vertx vertx, Path dir, List<String> peers, java.time.Duration mirrorPoll) {
    TestNode t = new TestNode(vertx, dir, Fixtures.newKey());
    t.peers = peers;
    t.mirrorPoll = mirrorPoll;
    t.startNode();
    HttpResponse<Buffer> r = t.post(Fixtures.sign(
        Fixtures.keyPayload("grant", t.clerk.publicKey(), TOWN, t.node.origin(), "decision", "response", "spending"),
        t.registrar));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return t;
  }

  public void startNode() {
    NodeConfig config = NodeConfig.defaults().withDataDir(dir).withPort(port).withPeers(peers)
        .withRegistrars(List.of(registrar.publicKey().base64()))
        .withLimits(ServerLimits.defaults().withoutRateLimits());
    if (mirrorPoll != null) {
      config = config.withCluster(List.of(), mirrorPoll);
    }
    // A restart on the port the node had: an outgoing connection may hold it for a moment.
    for (int attempt = 1; ; attempt++) {
      try {
        node = await(LedgerNode.start(vertx, config));
        break;
      } catch (AssertionError e) {
        if (port == 0 || attempt == 20 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw e;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(node.port()), new PoolOptions().setHttp1MaxSize(64));
  }

  /** This node's log as a peer: {@code URL,VKEY}. */
  public String asPeer() {
    return "http://127.0.0.1:" + node.port() + "," + node.vkey().encode();
  }

  public void stopNode() {
    client.close();
    await(node.stop());
  }

  public HttpResponse<Buffer> post(Envelope env) {
    return postRaw(env.toJson().getBytes(StandardCharsets.UTF_8), "application/json");
  }

  public HttpResponse<Buffer> postRaw(byte[] body, String contentType) {
    return await(client.post("/v1/entries").putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body)));
  }

  /** Files a decision by the clerk and returns the receipt. */
  public JsonNode fileDecision(String title) {
    HttpResponse<Buffer> r = post(Fixtures.sign(Fixtures.decisionPayload(TOWN, title), clerk));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return json(r);
  }

  public HttpResponse<Buffer> get(String uri) {
    return await(client.get(uri).send());
  }

  /** The receipt of a submission that must have been logged. */
  public static JsonNode receipt(HttpResponse<Buffer> r) {
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return json(r);
  }

  /** The size of this node's own log. */
  public long size() {
    return json(get("/v1/log")).get("size").asLong();
  }

  /** Waits until this node's mirror of log {@code origin} has {@code size} entries. */
  public void awaitMirror(String origin, long size) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    long seen = -1;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<Buffer> r = get("/mirror/" + origin + "/v1/log");
      seen = r.statusCode() == 200 ? json(r).get("size").asLong() : -1;
      if (seen >= size) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the mirror of " + origin + " has " + seen + " entries, not " + size);
  }

  public static JsonNode json(HttpResponse<Buffer> r) {
    return StrictJson.parseDecimals(r.body().getBytes(), "response");
  }

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future failed: " + e, e);
    }
  }

  @Override
  public void close() {
    if (node != null) {
      try {
        stopNode();
      } catch (AssertionError ignored) {
        // already stopped by the test
      }
    }
  }
}
