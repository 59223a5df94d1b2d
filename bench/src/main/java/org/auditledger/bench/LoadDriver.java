package org.auditledger.bench;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.auditledger.node.LedgerNode;
import org.auditledger.node.NodeConfig;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;

/**
 * HTTP load driver: starts a node on a fresh temporary log, submits pre-signed ~1 KiB entries
 * from concurrent clients on loopback, then requests inclusion proofs; reports throughput and
 * latency percentiles, and as the baseline of the same run the raw single-thread Ed25519 verify
 * rate of this machine.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.auditledger.bench.LoadDriver [entries] [concurrency] [node data dir]</pre>
 */
public final class LoadDriver {
  private LoadDriver() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    int warmup = Math.min(10_000, entries / 5);

    double verifyRate = rawVerifyRate();
    System.out.printf("baseline: raw Bouncy Castle Ed25519 verify, 1 thread: %.0f/s%n", verifyRate);

    Path dir = Files.createTempDirectory("ledger-load");
    Ed25519KeyPair clerk = Fixtures.newKey();
    Vertx vertx = Vertx.vertx();
    // With a third argument DATA_DIR, drive an already running node (a separate process, started
    // with --data DATA_DIR --port 8080 --rateSubmissions 0 --rateSearches 0), to measure its CPU
    // apart from this driver's.
    LedgerNode node = null;
    Ed25519KeyPair registrar;
    int port;
    String origin;
    if (args.length > 2) {
      Path data = Path.of(args[2]);
      registrar = org.auditledger.node.KeyFiles.load(data.resolve("registrar-key.pem"));
      port = 8080;
    } else {
      registrar = Fixtures.newKey();
      // One address sends every request: per-address rate limits would measure themselves.
      NodeConfig config = NodeConfig.defaults().withDataDir(dir).withPort(0)
          .withRegistrars(List.of(registrar.publicKey().base64()))
          .withLimits(org.auditledger.node.ServerLimits.defaults().withoutRateLimits());
      node = await(LedgerNode.start(vertx, config));
      port = node.port();
    }
    WebClient client = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(concurrency));
    origin = StrictJson.parse(await(client.get("/v1/log").send()).body().getBytes(), "log").get("origin").asText();
    String grant = Fixtures.keyPayload("grant", clerk.publicKey(), "town", origin, "decision", "response");
    post(client, Fixtures.sign(grant, registrar).toJson().getBytes(StandardCharsets.UTF_8));
    // With -Dmix=accountability, one entry in ten is a finding about a decision and one in ten a
    // response to a finding: the entries derived state (protocol.md §10) is made of.
    boolean mix = "accountability".equals(System.getProperty("mix"));
    Ed25519KeyPair auditor = Fixtures.newKey();
    String subject = null;
    String finding = null;
    if (mix) {
      post(client, Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "auditors", origin, "finding"),
          registrar).toJson().getBytes(StandardCharsets.UTF_8));
      var d = receipt(client, Fixtures.sign(Fixtures.decisionPayload("town", "Subject"), clerk).toJson()
          .getBytes(StandardCharsets.UTF_8));
      subject = Fixtures.ref(null, d.get("index").asLong(), java.util.Base64.getDecoder().decode(d.get("leafHash").asText()),
          "about");
      var f = receipt(client, Fixtures.sign(Fixtures.withRefs(Fixtures.findingPayload("auditors", "Finding"), subject),
          auditor).toJson().getBytes(StandardCharsets.UTF_8));
      finding = Fixtures.ref(null, f.get("index").asLong(), java.util.Base64.getDecoder().decode(f.get("leafHash").asText()),
          "responds-to");
    }

    System.out.printf("signing %d entries of about 1 KiB%s...%n", warmup + entries, mix ? " (accountability mix)" : "");
    String text = "The council decided as follows. ".repeat(24);
    List<byte[]> bodies = new ArrayList<>(warmup + entries);
    for (int i = 0; i < warmup + entries; i++) {
      String payload;
      Ed25519KeyPair key = clerk;
      if (mix && i % 10 == 3) {
        payload = Fixtures.withRefs(Fixtures.findingPayload("auditors", "Load finding " + i)
            .replace("\"condition\":\"c\"", "\"condition\":\"" + text + "\""), subject);
        key = auditor;
      } else if (mix && i % 10 == 7) {
        payload = "{\"v\":1,\"kind\":\"response\",\"issuer\":\"town\",\"created\":\"" + Fixtures.created()
            + "\",\"body\":{\"position\":\"concur\",\"text\":\"" + text + "\"},\"refs\":[" + finding + "]}";
      } else {
        payload = Fixtures.decisionPayload("town", "Load entry " + i).replace("The council decided.", text);
      }
      bodies.add(Fixtures.sign(payload, key).toJson().getBytes(StandardCharsets.UTF_8));
    }
    System.out.printf("envelope size: %d bytes%n", bodies.get(0).length);

    run(client, bodies.subList(0, warmup), concurrency, "warm-up", null);
    Histogram lat = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    double rate = run(client, bodies.subList(warmup, warmup + entries), concurrency, "submit", lat);
    System.out.printf("submit: %d entries, %d clients: %.0f entries/s durable; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        entries, concurrency, rate, lat.getValueAtPercentile(50) / 1000.0,
        lat.getValueAtPercentile(99) / 1000.0, lat.getMaxValue() / 1000.0);
    System.out.printf("ratio: submit rate / raw 1-thread verify rate = %.2f%n", rate / verifyRate);

    long size = StrictJson.parse(await(client.get("/v1/log").send()).body().getBytes(), "log").get("size").asLong();
    Histogram proofLat = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    double proofs = proofs(client, size, 50_000, concurrency, proofLat);
    System.out.printf("proofs: %.0f inclusion proofs/s over a log of %d; latency p50 %.1f ms, p99 %.1f ms%n",
        proofs, size, proofLat.getValueAtPercentile(50) / 1000.0, proofLat.getValueAtPercentile(99) / 1000.0);
    System.out.println(client.get("/metrics").send().toCompletionStage().toCompletableFuture().get()
        .bodyAsString().lines().filter(l -> l.startsWith("ledger_batch_entries") || l.startsWith("ledger_commit_seconds{")
            || l.startsWith("ledger_fsyncs_total")).reduce("", (a, b) -> a + b + "\n"));

    client.close();
    if (node != null) {
      await(node.stop());
    }
    await(vertx.close());
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Ed25519 verifications per second on one thread over a 1 KiB message, for 3 s after 2 s warm-up. */
  static double rawVerifyRate() {
    Ed25519KeyPair k = Fixtures.newKey();
    byte[] msg = new byte[1024];
    byte[] sig = k.sign(msg);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < end) {
      k.publicKey().verify(msg, sig);
    }
    long n = 0;
    long t0 = System.nanoTime();
    end = t0 + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < end) {
      if (k.publicKey().verify(msg, sig)) {
        n++;
      }
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static double run(WebClient client, List<byte[]> bodies, int concurrency, String what,
      Histogram lat) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    List<Future<Void>> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      Promise<Void> done = Promise.promise();
      workers.add(done.future());
      submitNext(client, bodies, next, failures, lat, done);
    }
    await(Future.all(workers));
    double secs = (System.nanoTime() - t0) / 1e9;
    if (failures.get() > 0) {
      throw new IllegalStateException(what + ": " + failures.get() + " submissions failed");
    }
    return bodies.size() / secs;
  }

  private static void submitNext(WebClient client, List<byte[]> bodies, AtomicInteger next,
      AtomicInteger failures, Histogram lat, Promise<Void> done) {
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
            failures.incrementAndGet();
          } else if (lat != null) {
            lat.recordValue((System.nanoTime() - t0) / 1000);
          }
          submitNext(client, bodies, next, failures, lat, done);
        });
  }

  private static double proofs(WebClient client, long size, int count, int concurrency, Histogram lat)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      Promise<Void> done = Promise.promise();
      workers.add(done.future());
      proofNext(client, size, count, next, lat, done);
    }
    await(Future.all(workers));
    return count / ((System.nanoTime() - t0) / 1e9);
  }

  private static void proofNext(WebClient client, long size, int count, AtomicInteger next,
      Histogram lat, Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= count) {
      done.complete();
      return;
    }
    long index = (i * 7919L) % size;
    long t0 = System.nanoTime();
    client.get("/v1/proofs/inclusion?index=" + index + "&size=" + size).send().onComplete(ar -> {
      if (ar.succeeded() && ar.result().statusCode() == 200) {
        lat.recordValue((System.nanoTime() - t0) / 1000);
      } else {
        done.tryFail("proof request failed: " + (ar.failed() ? ar.cause() : ar.result().bodyAsString()));
        return;
      }
      proofNext(client, size, count, next, lat, done);
    });
  }

  private static void post(WebClient client, byte[] body) throws Exception {
    var r = await(client.post("/v1/entries").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    if (r.statusCode() != 201) {
      throw new IllegalStateException("setup submission failed: " + r.bodyAsString());
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode receipt(WebClient client, byte[] body) throws Exception {
    var r = await(client.post("/v1/entries").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    if (r.statusCode() != 201) {
      throw new IllegalStateException("setup submission failed: " + r.bodyAsString());
    }
    return StrictJson.parse(r.body().getBytes(), "receipt");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
  }
}
