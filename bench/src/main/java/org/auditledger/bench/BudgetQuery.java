package org.auditledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.spending.ReleaseProjection;
import org.auditledger.protocol.spending.Spending;

/**
 * Open-budget queries over a large derived state (protocol.md §10.4–10.5). Generates P processes
 * of four releases each ({@link OcdsReleases}: 50 buyers, 2,000 suppliers, 41 CPV codes, two
 * currencies, 2024–2026), projects each release as the node's contribution rule does, times
 * absorbing them into one {@link Spending} ({@code put} of every release, then one {@code
 * refresh} compiling every process) and the heap it then holds, and the latency of the queries
 * {@code GET /v1/budget} and {@code /v1/flags} answer (the {@code Spending} call and the writing
 * of its JSON answer, without HTTP). As the baseline of the same run: one pass over the 1M
 * releases that looks each one's process up in a hash map, the least a query that scanned the
 * releases would cost.
 *
 * <pre>java -Xmx8g -cp bench/target/benchmarks.jar org.auditledger.bench.BudgetQuery [processes] [runs]</pre>
 */
public final class BudgetQuery {
  private BudgetQuery() {}

  static final String LOG = "bench.example/log";

  public static void main(String[] args) throws Exception {
    int processes = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    OcdsReleases gen = new OcdsReleases(50, 2_000, 600);

    // Every generated release passes the entry and release schemas (sample).
    for (int i = 0; i < 50; i++) {
      for (ObjectNode r : gen.process(i * 4999)) {
        EntryPayload.parse(Fixtures.releasePayload(r.get("buyer").get("id").asText(), r).getBytes(StandardCharsets.UTF_8));
      }
    }
    long t0 = System.nanoTime();
    // What each entry's contribution carries (Contribution.of): buyer as name@home, ocid, id, projection.
    Spending.Release[] releases = IntStream.range(0, processes).parallel().boxed().flatMap(i -> gen.process(i).stream()
        .map(r -> new Spending.Release(r.get("buyer").get("id").asText() + "@" + LOG, r.get("ocid").asText(),
            r.get("id").asText(), StrictJson.write(ReleaseProjection.of(r))))).toArray(Spending.Release[]::new);
    long bytes = 0;
    for (Spending.Release r : releases) {
      bytes += r.projection().length();
    }
    System.out.printf("generated %d releases of %d processes in %.1f s; projections %.0f bytes on average%n",
        releases.length, processes, (System.nanoTime() - t0) / 1e9, bytes / (double) releases.length);
    // Filed in an order that interleaves processes, as a log does.
    int[] order = IntStream.range(0, releases.length).toArray();
    shuffle(order);

    long before = heap();
    Spending s = new Spending();
    t0 = System.nanoTime();
    for (int i : order) {
      s.put(LOG + "#" + i, releases[i]);
    }
    long t1 = System.nanoTime();
    s.refresh();
    long t2 = System.nanoTime();
    long after = heap();
    System.out.printf("absorb: put %d releases %.2f s, refresh (compile %d processes, totals, flags) %.2f s, total %.2f s"
            + " (%.1f µs per release)%n", releases.length, (t1 - t0) / 1e9, s.processCount(), (t2 - t1) / 1e9,
        (t2 - t0) / 1e9, (t2 - t0) / 1e3 / releases.length);
    System.out.printf("heap: %.0f MB live before, %.0f MB after absorbing: the state holds %.0f MB"
            + " (%.0f bytes per release; the projections themselves %.0f MB of it)%n",
        before / 1e6, after / 1e6, (after - before) / 1e6, (after - before) / (double) releases.length, bytes / 1e6);

    // Baseline: one pass over every release, looking its process up in a hash map.
    Map<String, Integer> byOcid = new HashMap<>();
    for (Spending.Release r : releases) {
      byOcid.merge(r.ocid(), 1, Integer::sum);
    }
    long[] base = time(runs / 10 + 5, runs / 10 + 5, () -> {
      long n = 0;
      for (Spending.Release r : releases) {
        n += byOcid.get(r.ocid());
      }
      return n;
    });
    report("baseline: one pass over the releases, a HashMap lookup each", base, 0);
    double baseP50 = pct(base, 50);

    List<Object[]> queries = new ArrayList<>();
    queries.add(new Object[] {"totals by supplier, period 2026, limit 100",
        (Supplier<Object>) () -> s.totals("supplier", "2026", null, null, 100)});
    queries.add(new Object[] {"totals by buyer, all time, limit 100",
        (Supplier<Object>) () -> s.totals("buyer", null, null, null, 100)});
    queries.add(new Object[] {"totals by classification, prefix CPV:72, period 2026-03",
        (Supplier<Object>) () -> s.totals("classification", "2026-03", "CPV:72", null, 100)});
    queries.add(new Object[] {"totals by technology, period 2026",
        (Supplier<Object>) () -> s.totals("technology", "2026", null, null, 100)});
    queries.add(new Object[] {"flags, all rules, first page (100)",
        (Supplier<Object>) () -> s.flags(null, null, 0, 100)});
    queries.add(new Object[] {"flags, rule single-bid, first page (100)",
        (Supplier<Object>) () -> s.flags("single-bid", null, 0, 100)});
    queries.add(new Object[] {"flags, rule supplier-concentration, first page",
        (Supplier<Object>) () -> s.flags("supplier-concentration", null, 0, 100)});
    for (Object[] q : queries) {
      @SuppressWarnings("unchecked")
      Supplier<Object> f = (Supplier<Object>) q[1];
      ObjectNode answer = (ObjectNode) f.get();
      int size = StrictJson.write(answer).length();
      // The answer as the endpoint sends it: the query and the writing of its JSON.
      long[] ns = time(runs / 4, runs, () -> StrictJson.write((ObjectNode) f.get()).length());
      report(q[0] + " (" + (answer.has("rows") ? answer.get("rows").size() + " rows" : answer.get("flags").size()
          + " of " + answer.get("total").asInt() + " flags") + ", " + size + " bytes)", ns, baseP50);
    }
  }

  private static void shuffle(int[] a) {
    java.util.Random r = new java.util.Random(42);
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  static long heap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  static long sink;

  /**
   * Nanoseconds of each of {@code runs} calls, after {@code warmup} calls, sorted; a slow query
   * stops warming up after 15 s and being measured after 60 s (the runs made are reported).
   */
  static long[] time(int warmup, int runs, Supplier<Object> f) {
    long end = System.nanoTime() + 15_000_000_000L;
    for (int i = 0; i < warmup && System.nanoTime() < end; i++) {
      sink += f.get().hashCode();
    }
    long[] ns = new long[runs];
    end = System.nanoTime() + 60_000_000_000L;
    int n = 0;
    while (n < runs && (n < 10 || System.nanoTime() < end)) {
      long t = System.nanoTime();
      sink += f.get().hashCode();
      ns[n++] = System.nanoTime() - t;
    }
    ns = Arrays.copyOf(ns, n);
    Arrays.sort(ns);
    return ns;
  }

  static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
  }

  static void report(String what, long[] ns, double baseP50) {
    System.out.printf("%s: p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d runs%s%n", what, pct(ns, 50), pct(ns, 99),
        ns[ns.length - 1] / 1e6, ns.length, baseP50 > 0 ? String.format("; p50 / baseline p50 = %.4f", pct(ns, 50) / baseP50) : "");
  }
}
