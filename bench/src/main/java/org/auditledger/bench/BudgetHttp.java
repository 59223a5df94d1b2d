package org.auditledger.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.node.LedgerNode;
import org.auditledger.node.NodeConfig;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;

/**
 * {@code GET /v1/budget} and {@code /v1/flags} through HTTP, at a size a node can be filled to
 * through its API: starts a node in-process (as {@link LoadDriver}), files P processes of four
 * releases ({@link OcdsReleases}, 5 buyers) as signed spending entries from 32 clients, then
 * times each query over loopback, one request at a time, after a warm-up. Baseline of the same
 * run: {@code GET /v1/log}, the round trip of the smallest answer.
 *
 * <pre>java -Xmx4g -cp bench/target/benchmarks.jar org.auditledger.bench.BudgetHttp [processes] [runs]</pre>
 */
public final class BudgetHttp {
  private BudgetHttp() {}

  public static void main(String[] args) throws Exception {
    int processes = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    OcdsReleases gen = new OcdsReleases(5, 2_000, 600);
    Path dir = Files.createTempDirectory("ledger-budget");
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair clerk = Fixtures.newKey();
    Vertx vertx = Vertx.vertx();
    LedgerNode node = LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir).withPort(0)
        .withRegistrars(List.of(registrar.publicKey().base64()))
        .withLimits(org.auditledger.node.ServerLimits.defaults().withoutRateLimits()))
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    WebClient client = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port()),
        new PoolOptions().setHttp1MaxSize(32));
    String origin = node.origin();
    for (int b = 0; b < 5; b++) {
      ImportRate.post(client, Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), OcdsReleases.buyerId(b),
          origin, "spending"), registrar).toJson().getBytes(StandardCharsets.UTF_8));
    }
    List<byte[]> bodies = java.util.stream.IntStream.range(0, processes).parallel().boxed()
        .flatMap(i -> gen.process(i).stream())
        .map(r -> Fixtures.sign(Fixtures.releasePayload(r.get("buyer").get("id").asText(), r), clerk).toJson()
            .getBytes(StandardCharsets.UTF_8)).toList();
    double rate = ImportRate.run(client, bodies, 32, "releases", null);
    System.out.printf("filed %d releases of %d processes through POST /v1/entries at %.0f/s%n", bodies.size(),
        processes, rate);

    String buyer = OcdsReleases.buyerId(0) + "@" + origin;
    List<String[]> queries = new ArrayList<>();
    queries.add(new String[] {"baseline: GET /v1/log", "/v1/log"});
    queries.add(new String[] {"totals by supplier, period 2026, limit 100", "/v1/budget?by=supplier&period=2026&limit=100"});
    queries.add(new String[] {"totals by buyer, all time", "/v1/budget?by=buyer&limit=100"});
    queries.add(new String[] {"totals by classification, prefix CPV:72, 2026-03",
        "/v1/budget?by=classification&prefix=CPV:72&period=2026-03&limit=100"});
    queries.add(new String[] {"totals by technology, 2026", "/v1/budget?by=technology&period=2026&limit=100"});
    queries.add(new String[] {"totals by supplier, 2026, CSV", "/v1/budget?by=supplier&period=2026&limit=100&format=csv"});
    queries.add(new String[] {"flags, first page of 100", "/v1/flags?limit=100"});
    queries.add(new String[] {"flags of one buyer, first page", "/v1/flags?limit=100&buyer=" + buyer});
    double base = 0;
    for (String[] q : queries) {
      int size = 0;
      for (int i = 0; i < runs / 4; i++) {
        size = get(client, q[1]);
      }
      long[] ns = new long[runs];
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        get(client, q[1]);
        ns[i] = System.nanoTime() - t;
      }
      Arrays.sort(ns);
      double p50 = BudgetQuery.pct(ns, 50);
      if (base == 0) {
        base = p50;
      }
      System.out.printf("%s (%d bytes): p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d requests; p50 / baseline p50 = %.1f%n",
          q[0], size, p50, BudgetQuery.pct(ns, 99), ns[runs - 1] / 1e6, runs, p50 / base);
    }
    client.close();
    node.stop().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private static int get(WebClient client, String uri) throws Exception {
    var r = client.get(uri).send().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    if (r.statusCode() != 200) {
      throw new IllegalStateException(uri + ": " + r.statusCode() + " " + r.bodyAsString());
    }
    return r.body().length();
  }
}
