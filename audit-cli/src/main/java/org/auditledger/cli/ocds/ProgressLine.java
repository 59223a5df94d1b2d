package org.auditledger.cli.ocds;

import java.io.PrintWriter;

/**
 * A one-line progress report on stderr, redrawn in place at most four times a second: releases
 * done, the counts so far and the rate. Only drawn where someone watches (a terminal, or when
 * asked): carriage returns are noise in a log file.
 */
public final class ProgressLine {
  private static final long EVERY_NANOS = 250_000_000L;
  private final PrintWriter err;
  private final ImportSummary summary;
  private final long started = System.nanoTime();
  private long drawn;
  private boolean any;

  public ProgressLine(PrintWriter err, ImportSummary summary) {
    this.err = err;
    this.summary = summary;
  }

  /** Redraws if the last drawing is old enough. */
  public synchronized void tick() {
    long now = System.nanoTime();
    if (now - drawn >= EVERY_NANOS) {
      drawn = now;
      draw(now);
    }
  }

  /** Draws the final figures and ends the line. */
  public synchronized void done() {
    if (any) {
      draw(System.nanoTime());
      err.println();
      err.flush();
    }
  }

  private void draw(long now) {
    any = true;
    double seconds = Math.max(1e-3, (now - started) / 1e9);
    err.print("\rimporting: " + summary.done() + " releases (" + summary.counts() + "), "
        + Math.round(summary.done() / seconds) + "/s   ");
    err.flush();
  }
}
