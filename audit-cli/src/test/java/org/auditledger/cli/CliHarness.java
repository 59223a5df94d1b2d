package org.auditledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.command.Commands;
import org.auditledger.cli.client.LogClient;
import org.auditledger.node.LedgerNode;
import org.auditledger.node.NodeConfig;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.Pkcs8;
import picocli.CommandLine;

/** Runs the real {@code audit} command line in this JVM against real nodes. */
final class CliHarness {
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  private CliHarness() {}

  static Result audit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Commands.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Writes {@code key} as a 0600 PEM file. */
  static Path keyFile(Path dir, String name, Ed25519KeyPair key) throws IOException {
    Path f = dir.resolve(name);
    Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(f, Pkcs8.encode(key), StandardCharsets.US_ASCII);
    return f;
  }

  /** A node on an ephemeral port whose registrar is {@code registrar}. */
  static LedgerNode node(Vertx vertx, Path data, Ed25519KeyPair registrar, String origin) {
    return node(vertx, data, registrar, origin, List.of());
  }

  /** As {@link #node(Vertx, Path, Ed25519KeyPair, String)}, mirroring {@code peers} ({@code URL,VKEY}). */
  static LedgerNode node(Vertx vertx, Path data, Ed25519KeyPair registrar, String origin, List<String> peers) {
    NodeConfig c = NodeConfig.defaults().withDataDir(data).withPort(0).withPeers(peers)
        .withRegistrars(List.of(registrar.publicKey().base64()))
        .withLimits(org.auditledger.node.ServerLimits.defaults().withoutRateLimits());
    if (origin != null) {
      c = c.withOrigin(origin);
    }
    return await(LedgerNode.start(vertx, c));
  }

  static String url(LedgerNode n) {
    return "http://127.0.0.1:" + n.port();
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Ed25519KeyPair newKey() {
    return Fixtures.newKey();
  }

  /** What a command printed on stdout, as JSON. */
  static JsonNode json(Result r) {
    return StrictJson.parse(r.out().getBytes(StandardCharsets.UTF_8), "output");
  }

  /** Submits an envelope straight to a node; it must be logged. */
  static void submit(LedgerNode n, String envelope) throws Exception {
    var r = new LogClient(url(n)).submit(envelope.getBytes(StandardCharsets.UTF_8));
    assertEquals(201, r.status(), r.text());
  }

  /** Waits until {@code at}'s mirror of log {@code origin} has {@code size} entries. */
  static void awaitMirror(LedgerNode at, String origin, long size) throws Exception {
    LogClient c = new LogClient(url(at));
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      var r = c.request("mirror/" + origin + "/v1/log");
      if (r.status() == 200 && StrictJson.parse(r.body(), "log").get("size").asLong() >= size) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the mirror of " + origin + " did not reach " + size);
  }
}
