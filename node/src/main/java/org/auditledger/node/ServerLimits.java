package org.auditledger.node;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a public node bounds, so that hostile clients, peers and witnesses cannot exhaust it
 * (docs/security.md). Every wait and every size; defaults in {@link #defaults()}.
 *
 * @param maxConnections open HTTP connections at once; further ones are closed at once
 * @param idleTimeout a connection with no traffic for this long is closed
 * @param requestTimeout a request (line, headers and body) must arrive within this time of the
 *     connection opening or the previous request ending, else the connection is closed
 * @param submissions per client address, for {@code POST /v1/entries}
 * @param searches per client address, for {@code GET /v1/search} and {@code GET /v1/entries?…}
 * @param witness per client address, for {@code POST /add-checkpoint}
 * @param createdPast how far before the node's clock an entry's {@code created} may be
 * @param createdFuture how far after the node's clock an entry's {@code created} may be
 * @param peerTimeout the deadline of one exchange with a peer or witness (connect to last byte)
 */
public record ServerLimits(int maxConnections, Duration idleTimeout, Duration requestTimeout,
    RateLimit submissions, RateLimit searches, RateLimit witness, Duration createdPast,
    Duration createdFuture, Duration peerTimeout) {

  /** At most {@code perSecond} requests a second per address, with bursts of {@code burst}; 0 = off. */
  public record RateLimit(double perSecond, int burst) {
    public static final RateLimit OFF = new RateLimit(0, 0);

    public boolean enabled() {
      return perSecond > 0;
    }

    /** {@code N} (per second, burst 2N), {@code N/BURST}, or {@code 0} for no limit. */
    public static RateLimit parse(String setting, String v) {
      Matcher m = Pattern.compile("([0-9]{1,6}(?:\\.[0-9]{1,3})?)(?:/([0-9]{1,7}))?").matcher(v.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("setting " + setting + "=\"" + v
            + "\" is not a rate: N requests per second, or N/BURST, or 0 for none");
      }
      double rate = Double.parseDouble(m.group(1));
      if (rate == 0) {
        return OFF;
      }
      int burst = m.group(2) != null ? Integer.parseInt(m.group(2)) : (int) Math.max(1, Math.ceil(rate * 2));
      if (burst < 1) {
        throw new IllegalArgumentException("setting " + setting + "=\"" + v + "\": burst must be at least 1");
      }
      return new RateLimit(rate, burst);
    }

    @Override
    public String toString() {
      return enabled() ? perSecond + "/s (burst " + burst + ")" : "off";
    }
  }

  public static ServerLimits defaults() {
    return new ServerLimits(1024, Duration.ofSeconds(60), Duration.ofSeconds(30),
        new RateLimit(100, 200), new RateLimit(20, 40), new RateLimit(10, 20),
        Duration.ofDays(30), Duration.ofHours(1), Duration.ofSeconds(30));
  }

  /** No rate limits: for load tests and benchmarks from one address. */
  public ServerLimits withoutRateLimits() {
    return new ServerLimits(maxConnections, idleTimeout, requestTimeout, RateLimit.OFF, RateLimit.OFF,
        RateLimit.OFF, createdPast, createdFuture, peerTimeout);
  }

  public ServerLimits withRates(RateLimit submissions, RateLimit searches, RateLimit witness) {
    return new ServerLimits(maxConnections, idleTimeout, requestTimeout, submissions, searches, witness,
        createdPast, createdFuture, peerTimeout);
  }

  public ServerLimits withConnections(int maxConnections, Duration idleTimeout, Duration requestTimeout) {
    return new ServerLimits(maxConnections, idleTimeout, requestTimeout, submissions, searches, witness,
        createdPast, createdFuture, peerTimeout);
  }

  public ServerLimits withPeerTimeout(Duration peerTimeout) {
    return new ServerLimits(maxConnections, idleTimeout, requestTimeout, submissions, searches, witness,
        createdPast, createdFuture, peerTimeout);
  }

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  /**
   * Reads a duration: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 30d}, or ISO 8601
   * ({@code PT30S}).
   *
   * @throws IllegalArgumentException naming the setting
   */
  public static Duration duration(String setting, String v) {
    String t = v.trim();
    Matcher m = DURATION.matcher(t.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      Duration d = Duration.parse(t);
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return d;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("setting " + setting + "=\"" + v
          + "\" is not a duration such as 500ms, 30s, 10m, 2h, 30d or PT30S");
    }
  }
}
