package org.auditledger.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The node's Prometheus metrics; names are listed in docs/operations.md. */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong treeSize = new AtomicLong();
  private final Counter accepted;
  private final Counter duplicates;
  private final DistributionSummary batchSize;
  private final Timer commit;
  private final Counter fsyncs;
  private final Timer submit;

  public NodeMetrics() {
    accepted = Counter.builder("ledger_entries_accepted").description("entries sequenced").register(registry);
    duplicates = Counter.builder("ledger_entries_duplicate").description("resubmitted identical envelopes").register(registry);
    batchSize = DistributionSummary.builder("ledger_batch_entries").description("entries per committed batch")
        .publishPercentiles(0.5, 0.99).register(registry);
    commit = Timer.builder("ledger_commit").description("RocksDB batch write with fsync")
        .publishPercentiles(0.5, 0.99).register(registry);
    fsyncs = Counter.builder("ledger_fsyncs").description("synced batch writes").register(registry);
    submit = Timer.builder("ledger_submit").description("POST /v1/entries, received to answered")
        .publishPercentiles(0.5, 0.99).register(registry);
    Gauge.builder("ledger_tree_size", treeSize, AtomicLong::get).description("committed entries").register(registry);
  }

  public void rejected(String reason) {
    Counter.builder("ledger_entries_rejected").tag("reason", reason)
        .description("submissions refused").register(registry).increment();
  }

  public void committed(int entries, Duration took, long size) {
    accepted.increment(entries);
    batchSize.record(entries);
    commit.record(took);
    fsyncs.increment();
    treeSize.set(size);
  }

  /** Proven evidence that a peer log equivocated was stored. */
  public void equivocation(String origin) {
    Counter.builder("ledger_equivocations").tag("origin", origin)
        .description("proofs stored that a peer log signed two checkpoints that cannot both be true")
        .register(registry).increment();
  }

  /** A request was refused by a rate limit. */
  public void rateLimited(String endpoint) {
    Counter.builder("ledger_rate_limited").tag("endpoint", endpoint)
        .description("requests refused with 429 by a per-address rate limit").register(registry).increment();
  }

  /** A connection was closed by a server limit (too many, idle, or too slow to send a request). */
  public void connectionClosed(String reason) {
    Counter.builder("ledger_connections_closed").tag("reason", reason)
        .description("connections closed by a server limit").register(registry).increment();
  }

  /** A mirroring round of a peer failed (unreachable, or served data that does not verify). */
  public void mirrorFailure(String origin) {
    Counter.builder("ledger_mirror_failures").tag("origin", origin)
        .description("failed mirroring rounds").register(registry).increment();
  }

  public void duplicate() {
    duplicates.increment();
  }

  public void treeSize(long size) {
    treeSize.set(size);
  }

  public void submitted(Duration took) {
    submit.record(took);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }
}
