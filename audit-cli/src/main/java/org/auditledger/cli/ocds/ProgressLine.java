package org.auditledger.cli.ocds;

import java.io.PrintWriter;

/**
 * A one-line progress report on stderr, redrawn in place at most four times a second: a bar and
 * percentage when the end is known (the releases of a package, or the bytes of a JSON Lines file
 * read), then releases done, the counts so far and the rate. Only drawn where someone watches (a
 * terminal, or when asked): carriage returns are noise in a log file.
 */
public final class ProgressLine {
  private static final long EVERY_NANOS = 250_000_000L;
  private final PrintWriter err;
  private final ImportSummary summary;
  private final long started = System.nanoTime();
  private final java.util.function.DoubleSupplier fraction;
  private long drawn;
  private boolean any;

  /** @param fraction how much of the input is done, 0 to 1, or negative when not known (stdin) */
  public ProgressLine(PrintWriter err, ImportSummary summary, java.util.function.DoubleSupplier fraction) {
    this.err = err;
    this.summary = summary;
    this.fraction = fraction;
  }

  private static final int WIDTH = 30;

  static String bar(double f) {
    if (f < 0) {
      return "";
    }
    int full = (int) Math.round(Math.min(1, f) * WIDTH);
    return "[" + "#".repeat(full) + "-".repeat(WIDTH - full) + "] " + Math.round(Math.min(1, f) * 100) + "% ";
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
    err.print("\rimporting " + bar(fraction.getAsDouble()) + summary.done() + " releases (" + summary.counts() + "), "
        + Math.round(summary.done() / seconds) + "/s   ");
    err.flush();
  }
}
