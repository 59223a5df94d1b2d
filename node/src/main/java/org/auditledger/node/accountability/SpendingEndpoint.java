package org.auditledger.node.accountability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.auditledger.node.api.ApiContext;
import org.auditledger.node.api.ApiException;
import org.auditledger.node.api.HttpEndpoint;
import org.auditledger.node.api.Params;
import org.auditledger.node.api.RateLimiter;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.spending.BudgetCsv;
import org.auditledger.protocol.spending.Spending;

/**
 * The open-budget views and red flags over this node's log and its mirrors (protocol.md §10.4,
 * §10.5): {@code GET /v1/budget} (JSON, or CSV with {@code format=csv}) and {@code GET /v1/flags}.
 * Answered from the derived state, never from the log; each JSON answer names the logs and sizes
 * it covers, so that a verifier with the same entries computes the same answer.
 */
public final class SpendingEndpoint implements HttpEndpoint {
  private final ApiContext api;
  private final DerivedState derived;

  public SpendingEndpoint(ApiContext api, DerivedState derived) {
    this.api = api;
    this.derived = derived;
  }

  @Override
  public void addRoutes(Router router) {
    RateLimiter rate = new RateLimiter("derived", api.limits().searches(), api.metrics());
    router.get("/v1/budget").handler(rate).handler(this::budget);
    router.get("/v1/flags").handler(rate).handler(this::flags);
  }

  private void budget(RoutingContext ctx) {
    String by = text(ctx, "by", "all");
    String period = text(ctx, "period", null);
    String prefix = text(ctx, "prefix", null);
    String after = text(ctx, "after", null);
    String format = text(ctx, "format", "json");
    if (!format.equals("json") && !format.equals("csv")) {
      throw ApiException.badParameter("format", format, "json or csv");
    }
    int limit = Params.limit(ctx);
    answer(ctx, s -> s.totals(by, period, prefix, after, limit), format.equals("csv"));
  }

  private void flags(RoutingContext ctx) {
    String rule = text(ctx, "rule", null);
    String buyer = text(ctx, "buyer", null);
    long offset = Params.nonNegative(ctx, "offset", 0L);
    if (offset > Integer.MAX_VALUE) {
      throw ApiException.badParameter("offset", Long.toString(offset), "at most " + Integer.MAX_VALUE);
    }
    int limit = Params.limit(ctx);
    answer(ctx, s -> s.flags(rule, buyer, (int) offset, limit), false);
  }

  /** Text parameter {@code name}, bounded as the protocol bounds a totals or flags query's text. */
  private static String text(RoutingContext ctx, String name, String dflt) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Spending.checkText(name, v);
    } catch (IllegalArgumentException e) {
      throw ApiException.refused(name, e);
    }
  }

  /** An answer as sent: its bytes, and the key of the next page if there is one. */
  private record Sent(Buffer body, String next) {}

  /** Runs {@code query} on a worker; a parameter the query refuses is a 400 naming it. */
  private void answer(RoutingContext ctx, java.util.function.Function<Spending, ObjectNode> query, boolean csv) {
    api.onHeavy(() -> {
          ObjectNode o;
          try {
            o = derived.read((a, sizes) -> {
              ObjectNode answer = query.apply(a.spending());
              ObjectNode logs = answer.putObject("logs");
              new java.util.TreeMap<>(sizes).forEach(logs::put);
              return answer;
            });
          } catch (IllegalArgumentException e) {
            // Spending names the parameter first: "period: want a year ...".
            String m = e.getMessage();
            int colon = m.indexOf(':');
            throw ApiException.refused(colon > 0 ? m.substring(0, colon) : "query", e);
          }
          String next = o.hasNonNull("next") ? o.get("next").asText() : null;
          return new Sent(csv ? Buffer.buffer(BudgetCsv.of(o)) : Buffer.buffer(StrictJson.mapper().writeValueAsBytes(o)), next);
        })
        .onSuccess(sent -> {
          if (csv) {
            ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8; header=present");
            if (sent.next() != null) {
              // CSV has no place for it: the next page is linked (RFC 8288).
              ctx.response().putHeader("Link", "<" + nextUri(ctx, sent.next()) + ">; rel=\"next\"");
            }
          } else {
            ctx.response().putHeader("Content-Type", "application/json");
          }
          ctx.response().end(sent.body());
        })
        .onFailure(ctx::fail);
  }

  private static String nextUri(RoutingContext ctx, String next) {
    StringBuilder u = new StringBuilder(ctx.request().path()).append('?');
    ctx.queryParams().forEach(e -> {
      if (!e.getKey().equals("after")) {
        u.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).append('&');
      }
    });
    return u.append("after=").append(URLEncoder.encode(next, StandardCharsets.UTF_8)).toString();
  }
}
