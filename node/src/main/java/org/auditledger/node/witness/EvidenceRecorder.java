package org.auditledger.node.witness;

import java.time.Clock;
import org.auditledger.node.NodeMetrics;
import org.auditledger.node.store.EvidenceStore;
import org.auditledger.protocol.evidence.Evidence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records proven misbehaviour of peer logs ({@link Evidence}, already checked against the log's
 * key) in this node's store, where {@code /v1/alerts} serves it. Thread-safe.
 */
public final class EvidenceRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceRecorder.class);
  private final EvidenceStore store;
  private final NodeMetrics metrics;
  private final Clock clock;

  public EvidenceRecorder(EvidenceStore store, NodeMetrics metrics, Clock clock) {
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Stores {@code e} once; {@code how} says how it was found (witness request, mirror). */
  public void record(Evidence e, String how) {
    EvidenceStore.Added added = store.add(e, how + ": " + e.describe(), clock.instant());
    if (added == EvidenceStore.Added.NEW) {
      metrics.equivocation(e.origin());
      LOG.warn("equivocation by {} ({}): {}; evidence {} kept at /v1/alerts", e.origin(), how, e.describe(), e.id());
    } else if (added == EvidenceStore.Added.FULL) {
      LOG.warn("equivocation by {} not stored: {} records are kept per origin", e.origin(), EvidenceStore.MAX_PER_ORIGIN);
    }
  }
}
