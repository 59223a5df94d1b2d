package org.auditledger.node.api;

import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.auditledger.node.NodeMetrics;
import org.auditledger.node.ServerLimits.RateLimit;

/**
 * A token bucket per client address, as a route handler: a request that finds its bucket empty
 * is answered 429 with {@code Retry-After} and counted in {@code ledger_rate_limited_total}. The
 * table of addresses is bounded; when full it is cleared, which can only ever be generous. A
 * platform handler, so it runs before the body is read: a refused flood costs no body buffering.
 */
public final class RateLimiter implements PlatformHandler {
  /** Addresses tracked at once. */
  static final int MAX_ADDRESSES = 100_000;

  private final String endpoint;
  private final RateLimit rate;
  private final NodeMetrics metrics;
  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  public RateLimiter(String endpoint, RateLimit rate, NodeMetrics metrics) {
    this(endpoint, rate, metrics, System::nanoTime);
  }

  RateLimiter(String endpoint, RateLimit rate, NodeMetrics metrics, LongSupplier nanos) {
    this.endpoint = endpoint;
    this.rate = rate;
    this.metrics = metrics;
    this.nanos = nanos;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!rate.enabled()) {
      ctx.next();
      return;
    }
    String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    long wait = take(address);
    if (wait == 0) {
      ctx.next();
      return;
    }
    metrics.rateLimited(endpoint);
    ctx.fail(new ApiException(ProblemType.RATE_LIMITED, "more than " + rate.perSecond() + " " + endpoint
        + " requests a second from " + address + " (bursts of " + rate.burst() + "); retry in " + wait + " s",
        Map.of("retryAfter", wait)));
  }

  /** Takes a token for {@code address}: 0 if allowed, else the whole seconds until one is free. */
  long take(String address) {
    if (buckets.size() >= MAX_ADDRESSES) {
      buckets.clear();
    }
    long now = nanos.getAsLong();
    Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(rate.burst(), now));
    synchronized (b) {
      b.tokens = Math.min(rate.burst(), b.tokens + (now - b.at) / 1e9 * rate.perSecond());
      b.at = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / rate.perSecond()));
    }
  }
}
