package org.auditledger.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.auditledger.node.Chromium;
import org.auditledger.node.LedgerNode;
import org.auditledger.node.NodeConfig;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer's first page, served and verified in headless Chromium, on a log of N entries
 * (built as {@link OpenTime} builds it) against the same page of a fresh log of two entries in
 * the same run. Each load is a new browser (cold cache, nothing seen before); the time is from
 * navigation start to the page's {@code explorer-ready} mark (set once every entry shown is
 * proven and the badge is drawn), by the Navigation Timing clock.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.auditledger.bench.ExplorerFirstPage 1000000 /tmp/log1m 7</pre>
 */
public final class ExplorerFirstPage {
  private ExplorerFirstPage() {}

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    Path dir = Path.of(args.length > 1 ? args[1] : "/tmp/log1m");
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    if (!Files.exists(dir.resolve("db"))) {
      OpenTime.build(n, dir);
    }
    Vertx vertx = Vertx.vertx();
    LedgerNode big = LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir).withPort(0))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    Path fresh = Files.createTempDirectory("ledger-explorer");
    LedgerNode small = LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(fresh).withPort(0))
        .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    System.out.printf("logs: %d entries (baseline) and %d entries%n", small.sequencer().head().size(),
        big.sequencer().head().size());
    for (String page : List.of("#/", "#/timeline")) {
      Map<String, List<Double>> times = Map.of("small", new ArrayList<>(), "big", new ArrayList<>());
      double kb = 0;
      for (int run = 0; run < runs + 1; run++) {
        for (var target : List.of(Map.entry("small", small), Map.entry("big", big))) {
          double[] r = load("http://127.0.0.1:" + target.getValue().port() + "/" + page);
          if (run > 0) {
            // The first round warms the node's JIT and page cache, not the browser.
            times.get(target.getKey()).add(r[0]);
          }
          kb = r[1];
        }
      }
      double s = median(times.get("small"));
      double b = median(times.get("big"));
      System.out.printf("%s: first page served and verified, median of %d cold browsers: %.0f ms on %d entries,"
          + " %.0f ms on the baseline (ratio %.2f); max %.0f ms; %.1f KB transferred%n", page, runs, b,
          big.sequencer().head().size(), s, b / s, Collections.max(times.get("big")), kb);
    }
    big.stop().toCompletionStage().toCompletableFuture().get();
    small.stop().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  /** Milliseconds to the explorer-ready mark, and kilobytes the page fetched. */
  private static double[] load(String url) throws Exception {
    ChromeDriver d = Chromium.open("en");
    try {
      d.get(url);
      new WebDriverWait(d, java.time.Duration.ofSeconds(60)).until(x -> Boolean.TRUE.equals(((JavascriptExecutor) x)
          .executeScript("return performance.getEntriesByName('explorer-ready').length > 0")));
      Object ms = d.executeScript("return performance.getEntriesByName('explorer-ready')[0].startTime");
      Object bytes = d.executeScript("return performance.getEntriesByType('resource').concat("
          + "performance.getEntriesByType('navigation')).reduce((a, e) => a + (e.encodedBodySize || 0), 0)");
      if (!"verified".equals(d.findElement(org.openqa.selenium.By.id("badge")).getAttribute("data-state"))) {
        throw new IllegalStateException(url + ": the badge is not green: " + d.findElement(
            org.openqa.selenium.By.id("badge")).getText());
      }
      return new double[] {((Number) ms).doubleValue(), ((Number) bytes).doubleValue() / 1024};
    } finally {
      d.quit();
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
