package org.auditledger.node.accountability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.auditledger.node.api.ApiContext;
import org.auditledger.node.api.ApiException;
import org.auditledger.node.api.HttpEndpoint;
import org.auditledger.node.api.Params;
import org.auditledger.node.api.RateLimiter;
import org.auditledger.protocol.derived.Accountability;
import org.auditledger.protocol.derived.FindingStatus;
import org.auditledger.protocol.derived.StatsSummary;
import org.auditledger.protocol.entry.Organization;
import org.auditledger.protocol.json.StrictJson;

/**
 * Derived answers over this node's log and its mirrors (protocol.md §10): {@code GET
 * /v1/findings}, {@code /v1/stats}, {@code /v1/thread}, {@code /v1/status}. Each answer names the
 * logs and sizes it covers ({@code logs}) and the date it is computed as of ({@code asOf}), so
 * that a verifier with the same entries computes the same answer.
 */
public final class AccountabilityEndpoint implements HttpEndpoint {
  private static final String KEY = "[\\x21-\\x22\\x24-\\x2a\\x2c-\\x7e]{1,200}#(0|[1-9][0-9]{0,18})";
  private final ApiContext api;
  private final DerivedState derived;

  public AccountabilityEndpoint(ApiContext api, DerivedState derived) {
    this.api = api;
    this.derived = derived;
  }

  @Override
  public void addRoutes(Router router) {
    // Computed answers: limited per address like searches, and run apart from the cheap reads.
    RateLimiter rate = new RateLimiter("derived", api.limits().searches(), api.metrics());
    router.get("/v1/findings").handler(rate).handler(this::findings);
    router.get("/v1/stats").handler(rate).handler(this::stats);
    router.get("/v1/thread").handler(rate).handler(this::thread);
    router.get("/v1/status").handler(rate).handler(this::status);
  }

  private void findings(RoutingContext ctx) {
    String s = ctx.request().getParam("status");
    FindingStatus status;
    try {
      status = s == null ? null : FindingStatus.of(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("status", s, "open, overdue, responded, implemented or closed");
    }
    Organization org = org(ctx);
    LocalDate asOf = asOf(ctx);
    String after = ctx.request().getParam("after");
    if (after != null && !after.matches(KEY)) {
      throw ApiException.badParameter("after", after, "the key of the last finding seen, origin#index");
    }
    int limit = Params.limit(ctx);
    answer(ctx, a -> a.findings(status, org, asOf, after, limit));
  }

  private void stats(RoutingContext ctx) {
    Organization org = org(ctx);
    LocalDate asOf = asOf(ctx);
    String after = ctx.request().getParam("after");
    if (after != null) {
      try {
        StatsSummary.checkAfter(after);
      } catch (IllegalArgumentException e) {
        throw ApiException.refused("after", e);
      }
    }
    int limit = Params.limit(ctx);
    answer(ctx, a -> a.stats(org, asOf, after, limit));
  }

  private void thread(RoutingContext ctx) {
    String key = entry(ctx);
    answer(ctx, a -> a.threadWithStatus(key));
  }

  private void status(RoutingContext ctx) {
    String key = entry(ctx);
    answer(ctx, a -> a.status(key));
  }

  /** Runs {@code query} on a worker and sends it with the logs and sizes it covers. */
  private void answer(RoutingContext ctx, java.util.function.Function<Accountability, ObjectNode> query) {
    api.onHeavy(() -> {
          ObjectNode o = derived.read((a, sizes) -> {
            ObjectNode answer = query.apply(a);
            ObjectNode logs = answer.putObject("logs");
            new java.util.TreeMap<>(sizes).forEach(logs::put);
            return answer;
          });
          return io.vertx.core.buffer.Buffer.buffer(StrictJson.mapper().writeValueAsBytes(o));
        })
        .onSuccess(b -> ctx.response().putHeader("Content-Type", "application/json").end(b))
        .onFailure(ctx::fail);
  }

  private static String entry(RoutingContext ctx) {
    String key = ctx.request().getParam("entry");
    if (key == null || !key.matches(KEY)) {
      throw ApiException.badParameter("entry", key, "an entry as origin#index, e.g. town.example/log#12");
    }
    return key;
  }

  private static Organization org(RoutingContext ctx) {
    String o = ctx.request().getParam("org");
    if (o == null) {
      return null;
    }
    try {
      return Organization.parse(o);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("org", o, "an organization with its home log, name@origin");
    }
  }

  private LocalDate asOf(RoutingContext ctx) {
    String d = ctx.request().getParam("asOf");
    if (d == null) {
      return LocalDate.ofInstant(api.clock().instant(), ZoneOffset.UTC);
    }
    try {
      return LocalDate.parse(d);
    } catch (DateTimeParseException e) {
      throw ApiException.badParameter("asOf", d, "a date, YYYY-MM-DD");
    }
  }
}
