package org.auditledger.node.replication;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.auditledger.node.NodeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one peer and advances its mirror on a worker, never on the event loop and never two
 * rounds at once. After a failure it waits twice as long, up to a minute, then tries again; a
 * failed round leaves the mirror at its last verified chunk.
 */
public final class Follower {
  private static final Logger LOG = LoggerFactory.getLogger(Follower.class);
  private static final long MAX_BACKOFF_MS = 60_000;
  /** The back-off doubles up to 64 poll intervals, and never beyond a minute. */
  private static final int MAX_BACKOFF_POLLS = 64;

  private final Vertx vertx;
  private final Mirror mirror;
  private final WorkerExecutor worker;
  private final NodeMetrics metrics;
  private final long pollMs;
  private long delayMs;
  private long timer = -1;
  private volatile boolean stopped;
  private io.vertx.core.Future<Void> current = io.vertx.core.Future.succeededFuture();
  private boolean running;
  private boolean nudged;

  /** The origin this follower mirrors. */
  public String origin() {
    return mirror.origin();
  }

  public Follower(Vertx vertx, Mirror mirror, WorkerExecutor worker, NodeMetrics metrics, long pollMs) {
    this.vertx = vertx;
    this.mirror = mirror;
    this.worker = worker;
    this.metrics = metrics;
    this.pollMs = pollMs;
    this.delayMs = pollMs;
  }

  public void start() {
    schedule(0);
  }

  private void schedule(long ms) {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, ms), id -> round());
    }
  }

  /** A hint (from the cluster's event bus) that the peer has news: poll now, not at the next tick. */
  public void nudge() {
    if (stopped) {
      return;
    }
    if (running) {
      nudged = true;
      return;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    round();
  }

  private void round() {
    running = true;
    nudged = false;
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    current = done.future();
    worker.executeBlocking(mirror::follow, true).onComplete(ar -> {
      done.complete();
      running = false;
      if (ar.succeeded()) {
        delayMs = pollMs;
        if (!ar.result().caughtUp() || nudged) {
          // More to catch up: go on at once, in a new round.
          schedule(1);
          return;
        }
        if (ar.result().added() > 0) {
          LOG.info("mirror of {} now at {} entries", mirror.origin(), mirror.head().size());
        }
      } else {
        metrics.mirrorFailure(mirror.origin());
        LOG.warn("mirror of {}: {}; retrying in {} ms", mirror.origin(), ar.cause().getMessage(), delayMs);
        delayMs = Math.min(Math.min(MAX_BACKOFF_MS, pollMs * MAX_BACKOFF_POLLS), delayMs * 2);
      }
      schedule(delayMs);
    });
  }

  /** Stops polling; the future completes when the round in flight, if any, has finished. */
  public io.vertx.core.Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return current;
  }
}
