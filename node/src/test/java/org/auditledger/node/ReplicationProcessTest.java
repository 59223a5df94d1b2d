package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes as separate processes on loopback, each mirroring the other two: entries filed at
 * each appear in both mirrors; a node stopped while the others keep filing catches up when it
 * restarts, and its own new entries reach the others.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReplicationProcessTest {
  @TempDir
  Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Ed25519KeyPair registrar = Fixtures.newKey();
  private final Ed25519KeyPair clerk = Fixtures.newKey();

  /** Verifies replication among three node processes, across a stop and restart of one. */
  @Test
  void threeNodesMirrorEachOtherAcrossARestart() throws Exception {
    int n = 3;
    String[] origins = new String[n];
    NoteVerifierKey[] vkeys = new NoteVerifierKey[n];
    int[] ports = new int[n];
    for (int i = 0; i < n; i++) {
      origins[i] = "n" + i + ".example/ledger";
      var key = KeyFiles.loadOrCreate(data(i).resolve("log-key.pem")).key();
      vkeys[i] = NoteVerifierKey.ed25519(origins[i], key.publicKey());
      // First start: genesis, and an ephemeral port to reuse once the peers are known.
      NodeProcess p = NodeProcess.start(data(i), "--origin", origins[i], "--registrar", registrar.publicKey().base64());
      ports[i] = p.port();
      p.terminate();
    }
    NodeProcess[] nodes = new NodeProcess[n];
    try {
      for (int i = 0; i < n; i++) {
        nodes[i] = start(i, ports, vkeys);
        post(ports[i], Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", origins[i], "decision"),
            registrar).toJson());
        for (int k = 0; k < 5; k++) {
          post(ports[i], Fixtures.sign(Fixtures.decisionPayload("town", "Node " + i + " decision " + k), clerk).toJson());
        }
      }
      awaitMirrors(ports, origins, new long[] {7, 7, 7});

      nodes[2].terminate();
      for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 3; k++) {
          post(ports[i], Fixtures.sign(Fixtures.decisionPayload("town", "While n2 is down " + k), clerk).toJson());
        }
      }
      nodes[2] = start(2, ports, vkeys);
      post(ports[2], Fixtures.sign(Fixtures.decisionPayload("town", "n2 is back"), clerk).toJson());
      awaitMirrors(ports, origins, new long[] {10, 10, 8});
    } finally {
      for (NodeProcess p : nodes) {
        if (p != null) {
          p.close();
        }
      }
    }
  }

  private Path data(int i) {
    return dir.resolve("n" + i);
  }

  private NodeProcess start(int i, int[] ports, NoteVerifierKey[] vkeys) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(ports[i])));
    for (int j = 0; j < ports.length; j++) {
      if (j != i) {
        args.addAll(List.of("--peer", "http://127.0.0.1:" + ports[j] + "," + vkeys[j].encode()));
      }
    }
    // The port was free when the first start took it; since then any outgoing connection on
    // this machine may hold it for a moment as its local port: wait for it, a bounded time.
    for (int attempt = 1; ; attempt++) {
      try {
        return NodeProcess.start(data(i), args.toArray(new String[0]));
      } catch (java.io.IOException e) {
        if (attempt == 20 || e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  /** Waits until every node's mirror of every other node has that node's size. */
  private void awaitMirrors(int[] ports, String[] origins, long[] sizes) throws Exception {
    for (int i = 0; i < ports.length; i++) {
      for (int j = 0; j < ports.length; j++) {
        if (i == j) {
          continue;
        }
        long deadline = System.currentTimeMillis() + 30_000;
        long size = -1;
        while (System.currentTimeMillis() < deadline) {
          HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[i]
              + "/mirror/" + origins[j] + "/v1/log")).build(), HttpResponse.BodyHandlers.ofByteArray());
          size = r.statusCode() == 200 ? StrictJson.parse(r.body(), "log").get("size").asLong() : -1;
          if (size == sizes[j]) {
            break;
          }
          Thread.sleep(100);
        }
        assertEquals(sizes[j], size, "node " + i + " mirror of " + origins[j]);
      }
    }
  }

  private void post(int port, String envelope) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/entries"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(envelope)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    JsonNode body = StrictJson.parse(r.body(), "receipt");
    assertEquals(201, r.statusCode(), body.toString());
  }
}
