package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection limits of a public node, with raw sockets as a hostile client would use them:
 * a cap on connections, slow requests cut off, problem+json on undecodable requests, and rate
 * limits answered 429 with Retry-After.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class ConnectionLimitsTest {
  @TempDir
  Path dir;
  private LedgerNode node;

  @BeforeEach
  void start(Vertx vertx) {
    ServerLimits limits = ServerLimits.defaults()
        .withConnections(4, Duration.ofSeconds(5), Duration.ofSeconds(1))
        .withRates(ServerLimits.RateLimit.parse("rateSubmissions", "1/2"),
            ServerLimits.RateLimit.parse("rateSearches", "1/2"), ServerLimits.RateLimit.parse("rateWitness", "1/2"));
    node = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir).withPort(0).withLimits(limits)));
  }

  @AfterEach
  void stop() {
    TestNode.await(node.stop());
  }

  private Socket open() throws IOException {
    Socket s = new Socket("127.0.0.1", node.port());
    s.setSoTimeout(5000);
    return s;
  }

  /** Reads until the server closes; returns what it sent, or throws if it did not close in time. */
  private static String readToClose(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder b = new StringBuilder();
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) >= 0; ) {
      b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    }
    return b.toString();
  }

  private static String exchange(Socket s, String request) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return readToClose(s);
  }

  /** Verifies that connections beyond the cap are closed at once and the others still work. */
  @Test
  void connectionsBeyondTheCapAreClosed() throws Exception {
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(open());
    }
    Thread.sleep(200);
    try (Socket extra = open()) {
      assertEquals("", readToClose(extra), "the fifth connection is closed without an answer");
    }
    for (Socket s : held) {
      s.close();
    }
    Thread.sleep(200);
    try (Socket ok = open()) {
      String r = exchange(ok, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(r.startsWith("HTTP/1.1 200"), r);
    }
    assertTrue(exchangeMetrics().contains("ledger_connections_closed_total{reason=\"too-many\"}"));
  }

  /**
   * Verifies that a client sending half its headers, or a body a byte at a time, is cut off after
   * the request timeout instead of holding the connection.
   */
  @Test
  void slowRequestsAreCutOff() throws Exception {
    try (Socket s = open()) {
      s.getOutputStream().write("GET /checkpoint HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
      long t0 = System.nanoTime();
      assertEquals("", readToClose(s));
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4));
    }
    try (Socket s = open()) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/entries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      long t0 = System.nanoTime();
      boolean closed = false;
      try {
        for (int i = 0; i < 40 && !closed; i++) {
          out.write('{');
          out.flush();
          Thread.sleep(100);
          closed = s.getInputStream().available() < 0;
        }
        closed = readToCloseQuietly(s);
      } catch (IOException e) {
        closed = true;
      }
      assertTrue(closed, "the trickling request was cut off");
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    }
    String metrics = exchangeMetrics();
    assertTrue(metrics.contains("ledger_connections_closed_total{reason=\"slow-request\"}"), metrics);
  }

  private static boolean readToCloseQuietly(Socket s) {
    try {
      readToClose(s);
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Verifies that a request line or headers too large get a problem+json answer, not a bare status. */
  @Test
  void undecodableRequestsGetProblems() throws Exception {
    try (Socket s = open()) {
      String r = exchange(s, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(r.matches("(?s)HTTP/1.[01] 414.*"), r);
      assertTrue(r.contains("application/problem+json") && r.contains("/problems/uri-too-long"), r);
    }
    try (Socket s = open()) {
      String r = exchange(s, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
      assertTrue(r.matches("(?s)HTTP/1.[01] 431.*"), r);
      assertTrue(r.contains("/problems/headers-too-large"), r);
    }
  }

  /** Verifies the per-address rate limit: 429, Retry-After, and a metric. */
  @Test
  void searchesAreRateLimitedPerAddress() throws Exception {
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 4; i++) {
      try (Socket s = open()) {
        String r = exchange(s, "GET /v1/search?kind=key HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        if (r.startsWith("HTTP/1.1 429")) {
          limited++;
          assertTrue(r.contains("/problems/rate-limited"), r);
          retryAfter = r.lines().filter(l -> l.toLowerCase().startsWith("retry-after:")).findFirst().orElse(null);
        } else {
          assertTrue(r.startsWith("HTTP/1.1 200"), r);
        }
      }
    }
    assertTrue(limited >= 1, "bursts of 2 at 1/s: the later searches are refused");
    assertTrue(retryAfter != null && retryAfter.matches("(?i)retry-after: [1-9][0-9]*"), String.valueOf(retryAfter));
    assertTrue(exchangeMetrics().contains("ledger_rate_limited_total{endpoint=\"search\"}"));
  }

  @Test
  void submissionsAndAddCheckpointAreRateLimitedPerAddress() throws Exception {
    for (String[] endpoint : new String[][] {{"/v1/entries", "submission"}, {"/add-checkpoint", "add-checkpoint"}}) {
      int limited = 0;
      for (int i = 0; i < 4; i++) {
        try (Socket s = open()) {
          String r = exchange(s, "POST " + endpoint[0] + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
          if (r.startsWith("HTTP/1.1 429")) {
            limited++;
            assertTrue(r.toLowerCase().contains("retry-after: "), r);
          } else {
            assertTrue(r.startsWith("HTTP/1.1 4"), endpoint[0] + ": " + r);
          }
        }
      }
      assertTrue(limited >= 1, endpoint[0] + ": bursts of 2 at 1/s: the later requests are refused");
    }
    String metrics = exchangeMetrics();
    assertTrue(metrics.contains("ledger_rate_limited_total{endpoint=\"submission\"}")
        && metrics.contains("ledger_rate_limited_total{endpoint=\"add-checkpoint\"}"), metrics);
  }

  private String exchangeMetrics() throws IOException {
    try (Socket s = open()) {
      return exchange(s, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }
  }
}
