package org.auditledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.auditledger.node.LedgerNode;
import org.auditledger.node.NodeConfig;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.derived.Contribution;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.Pkcs8;
import picocli.CommandLine;

/**
 * OCDS import rate against the decision ingest rate of the same node, in the same run. Starts a
 * node in-process on a fresh log (as {@link LoadDriver}), grants one key roles {@code decision}
 * and {@code spending} for buyer {@code buyer-0}, then, after a warm-up of each:
 *
 * <ol>
 *   <li>baseline: N pre-signed ~1 KiB decisions posted from {@code window} concurrent clients;
 *   <li>N pre-signed version 2 spending entries, each an OCDS release of ~3 KB ({@link
 *       OcdsReleases}, valid against the 1.1.5 release schema), posted the same way: the cost of
 *       a release against a decision at the node;
 *   <li>N other releases as a JSON Lines file imported by the real {@code audit import ocds FILE}
 *       ({@code --window} as above), run in this JVM through {@code Commands.commandLine()}:
 *       validation, signing, submission and receipt checks of the CLI included.
 * </ol>
 *
 * Also, on one thread and without the node: strict parse and schema validation of a decision
 * payload and of a release payload, and the projection of a release (its derived contribution),
 * to tell where a release's cost goes.
 *
 * <pre>java -Xmx4g -cp bench/target/benchmarks.jar org.auditledger.bench.ImportRate [entries] [window] [rounds]
 * taskset -c 1 java -Xmx4g -cp bench/target/benchmarks.jar org.auditledger.bench.ImportRate 10000 32 2 split</pre>
 *
 * With {@code split} the node runs as {@code node/target/audit-node.jar} in a process of its own
 * pinned to CPU 0, and this JVM (the driver's clients and the CLI) should be pinned to CPU 1: the
 * baseline and the import then both meet a node with one core to itself, and the command has its
 * own core, as a publisher's would on a machine of its own.
 */
public final class ImportRate {
  private ImportRate() {}

  static final String BUYER = "buyer-0";

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    // "split": the node in a process of its own on CPU 0 (taskset), this JVM (driver and CLI) meant
    // to run on CPU 1: a publisher's command on its own core, as on a machine of its own.
    boolean split = args.length > 3 && args[3].equals("split");
    int warm = Math.max(n / 5, 400) / 4 * 4;
    OcdsReleases gen = new OcdsReleases(1, 2_000, 3_600);

    Path dir = Files.createTempDirectory("ledger-import");
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair clerk = Fixtures.newKey();
    Path keyFile = dir.resolve("clerk.pem");
    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keyFile, Pkcs8.encode(clerk), StandardCharsets.US_ASCII);
    Vertx vertx = Vertx.vertx();
    LedgerNode node = null;
    Process child = null;
    int port;
    if (split) {
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        port = free.getLocalPort();
      }
      child = new ProcessBuilder("taskset", "-c", "0", ProcessHandle.current().info().command().orElse("java"),
          "-Xmx2g", "-jar", "node/target/audit-node.jar", "--data", dir.resolve("node").toString(), "--port",
          Integer.toString(port), "--registrar", registrar.publicKey().base64(), "--rate-submissions", "0")
          .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
      System.out.println("node: a process of its own on CPU 0, port " + port);
    } else {
      NodeConfig config = NodeConfig.defaults().withDataDir(dir.resolve("node")).withPort(0)
          .withRegistrars(List.of(registrar.publicKey().base64()))
          .withLimits(org.auditledger.node.ServerLimits.defaults().withoutRateLimits());
      node = await(LedgerNode.start(vertx, config));
      port = node.port();
    }
    String url = "http://127.0.0.1:" + port;
    WebClient client = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(window));
    com.fasterxml.jackson.databind.JsonNode log = null;
    for (int i = 0; log == null; i++) {
      try {
        log = StrictJson.parse(await(client.get("/v1/log").send()).body().getBytes(), "log");
      } catch (Exception notYet) {
        if (i > 600) {
          throw notYet;
        }
        Thread.sleep(100);
      }
    }
    String origin = log.get("origin").asText();
    String vkey = log.get("vkey").asText();
    post(client, Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), BUYER, origin, "decision", "spending"),
        registrar).toJson().getBytes(StandardCharsets.UTF_8));

    // Processes: per round, [driver warm-up | driver measured | import warm-up | import measured].
    int per = (warm + n + warm + n) / 4;
    String text = "The council decided as follows. ".repeat(24);
    List<String> decisionPayloads = new ArrayList<>();
    for (int i = 0; i < rounds * (warm + n); i++) {
      decisionPayloads.add(Fixtures.decisionPayload(BUYER, "Load entry " + i).replace("The council decided.", text));
    }
    List<String> releasePayloads = new ArrayList<>();
    List<List<String>> importLines = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      int base = round * per;
      IntStream.range(base, base + (warm + n) / 4).forEach(p -> gen.process(p)
          .forEach(r -> releasePayloads.add(Fixtures.releasePayload(BUYER, r))));
      List<String> lines = new ArrayList<>();
      IntStream.range(base + (warm + n) / 4, base + per).forEach(p -> gen.process(p)
          .forEach(r -> lines.add(StrictJson.write(r))));
      importLines.add(lines);
    }
    System.out.printf("payloads: decision %d bytes; release payload %.0f bytes on average (JSON Lines release %.0f)%n",
        decisionPayloads.get(0).length(), releasePayloads.stream().mapToInt(String::length).average().orElse(0),
        importLines.get(0).stream().mapToInt(String::length).average().orElse(0));

    localCosts(decisionPayloads.subList(0, Math.min(2_000, decisionPayloads.size())),
        releasePayloads.subList(0, Math.min(2_000, releasePayloads.size())));

    System.out.printf("signing %d decisions and %d releases...%n", decisionPayloads.size(), releasePayloads.size());
    List<byte[]> decisions = decisionPayloads.parallelStream()
        .map(p -> Fixtures.sign(p, clerk).toJson().getBytes(StandardCharsets.UTF_8)).toList();
    List<byte[]> releases = releasePayloads.parallelStream()
        .map(p -> Fixtures.sign(p, clerk).toJson().getBytes(StandardCharsets.UTF_8)).toList();

    for (int round = 0; round < rounds; round++) {
      int d0 = round * (warm + n);
      List<String> lines = importLines.get(round);
      run(client, decisions.subList(d0, d0 + warm), window, "decisions warm-up", null);
      run(client, releases.subList(d0, d0 + warm), window, "releases warm-up", null);
      importFile(dir, "warm-" + round, lines.subList(0, warm), url, vkey, keyFile, window);

      Histogram dl = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
      double dr = run(client, decisions.subList(d0 + warm, d0 + warm + n), window, "decisions", dl);
      System.out.printf("round %d: baseline decisions: %d entries, %d clients: %.0f entries/s; p50 %.1f ms, p99 %.1f ms%n",
          round + 1, n, window, dr, dl.getValueAtPercentile(50) / 1000.0, dl.getValueAtPercentile(99) / 1000.0);
      Histogram rl = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
      double rr = run(client, releases.subList(d0 + warm, d0 + warm + n), window, "releases", rl);
      System.out.printf("round %d: releases via the driver: %d entries, %d clients: %.0f releases/s; p50 %.1f ms,"
              + " p99 %.1f ms; ratio releases / decisions = %.2f%n", round + 1, n, window, rr,
          rl.getValueAtPercentile(50) / 1000.0, rl.getValueAtPercentile(99) / 1000.0, rr / dr);
      double ir = importFile(dir, "measured-" + round, lines.subList(warm, warm + n), url, vkey, keyFile, window);
      if (ir > 0) {
        System.out.printf("round %d: audit import ocds: %d releases, --window %d: %.0f releases/s;"
            + " ratio import / decisions = %.2f, import / releases via the driver = %.2f%n", round + 1, n, window, ir,
            ir / dr, ir / rr);
      }
    }
    System.out.println(await(client.get("/metrics").send()).bodyAsString().lines()
        .filter(l -> l.startsWith("ledger_batch_entries") || l.startsWith("ledger_commit_seconds{")
            || l.startsWith("ledger_fsyncs_total")).reduce("", (a, b) -> a + b + "\n"));

    client.close();
    if (node != null) {
      await(node.stop());
    }
    if (child != null) {
      child.destroy();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    await(vertx.close());
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One thread, no node: validation of each kind of payload and the projection of a release. */
  private static void localCosts(List<String> decisionPayloads, List<String> releasePayloads) {
    List<byte[]> d = decisionPayloads.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
    List<byte[]> r = releasePayloads.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
    for (int w = 0; w < 3; w++) {
      perEntry(d, EntryPayload::parse);
      perEntry(r, EntryPayload::parse);
    }
    double dp = perEntry(d, EntryPayload::parse);
    double rp = perEntry(r, EntryPayload::parse);
    List<EntryPayload> parsed = r.stream().map(EntryPayload::parse).toList();
    java.time.Instant now = java.time.Instant.now();
    for (int w = 0; w < 3; w++) {
      perEntry(parsed, p -> Contribution.of("bench.example/log", 1, now, p, List.of()));
    }
    double proj = perEntry(parsed, p -> Contribution.of("bench.example/log", 1, now, p, List.of()));
    System.out.printf("one thread, no node: strict parse + schema of a decision payload %.0f µs, of a release payload"
        + " %.0f µs (%.1f×); a release's derived contribution (projection) %.0f µs%n", dp, rp, rp / dp, proj);
  }

  private static <T> double perEntry(List<T> items, java.util.function.Function<T, Object> f) {
    long t0 = System.nanoTime();
    int h = 0;
    for (T t : items) {
      h += System.identityHashCode(f.apply(t)) & 1;
    }
    BudgetQuery.sink += h;
    return (System.nanoTime() - t0) / 1e3 / items.size();
  }

  /** Runs {@code audit import ocds} on {@code lines} written as JSON Lines; releases/s, or 0 if unavailable. */
  private static double importFile(Path dir, String name, List<String> lines, String url, String vkey, Path keyFile,
      int window) throws Exception {
    CommandLine audit = org.auditledger.cli.command.Commands.commandLine();
    CommandLine imp = audit.getSubcommands().get("import");
    if (imp == null || !imp.getSubcommands().containsKey("ocds")) {
      System.out.println("audit import ocds: not in this build of audit-cli; skipped");
      return 0;
    }
    Path file = dir.resolve(name + ".jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    int code = audit.execute("import", "ocds", file.toString(), "--node", url, "--log-key", vkey,
        "--key", keyFile.toString(), "--window", Integer.toString(window), "--state", dir.resolve("state").toString());
    double secs = (System.nanoTime() - t0) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("audit import ocds " + name + ": exit " + code);
    }
    return lines.size() / secs;
  }

  static double run(WebClient client, List<byte[]> bodies, int concurrency, String what, Histogram lat)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    List<String> first = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Future<Void>> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      Promise<Void> done = Promise.promise();
      workers.add(done.future());
      submitNext(client, bodies, next, failures, first, lat, done);
    }
    await(Future.all(workers));
    double secs = (System.nanoTime() - t0) / 1e9;
    if (failures.get() > 0) {
      throw new IllegalStateException(what + ": " + failures.get() + " submissions failed, first: " + first);
    }
    return bodies.size() / secs;
  }

  private static void submitNext(WebClient client, List<byte[]> bodies, AtomicInteger next, AtomicInteger failures,
      List<String> first, Histogram lat, Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= bodies.size()) {
      done.complete();
      return;
    }
    long t0 = System.nanoTime();
    client.post("/v1/entries").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(bodies.get(i)))
        .onComplete(ar -> {
          if (ar.failed() || ar.result().statusCode() != 201) {
            if (failures.incrementAndGet() == 1) {
              first.add(ar.failed() ? ar.cause().toString() : ar.result().bodyAsString());
            }
          } else if (lat != null) {
            lat.recordValue((System.nanoTime() - t0) / 1000);
          }
          submitNext(client, bodies, next, failures, first, lat, done);
        });
  }

  static void post(WebClient client, byte[] body) throws Exception {
    var r = await(client.post("/v1/entries").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    if (r.statusCode() != 201) {
      throw new IllegalStateException("setup submission failed: " + r.bodyAsString());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
  }
}
