package org.auditledger.node.witness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import org.auditledger.node.api.HttpEndpoint;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.auditledger.node.NodeMetrics;
import org.auditledger.node.ServerLimits;
import org.auditledger.node.api.ApiException;
import org.auditledger.node.api.RateLimiter;
import org.auditledger.node.api.Limits;
import org.auditledger.node.api.Params;
import org.auditledger.node.store.EvidenceStore;
import org.auditledger.protocol.json.StrictJson;

/** {@code POST /add-checkpoint} (C2SP tlog-witness) and {@code GET /v1/alerts}. */
public final class WitnessEndpoint implements HttpEndpoint {
  /** Alerts per page: each record holds two notes of at most 16 KiB. */
  static final int MAX_ALERTS_PAGE = 100;

  private final Witness witness;
  private final EvidenceStore evidence;
  private final WorkerExecutor worker;
  private final RateLimiter rate;

  public WitnessEndpoint(Witness witness, EvidenceStore evidence, WorkerExecutor worker,
      ServerLimits.RateLimit rate, NodeMetrics metrics) {
    this.witness = witness;
    this.evidence = evidence;
    this.worker = worker;
    this.rate = new RateLimiter("add-checkpoint", rate, metrics);
  }

  @Override
  public void addRoutes(Router router) {
    router.post("/add-checkpoint")
        .handler(rate)
        .handler(BodyHandler.create(false).setBodyLimit(Limits.MAX_BODY_BYTES))
        .handler(this::addCheckpoint);
    router.get("/v1/alerts").handler(this::alerts);
  }

  private void addCheckpoint(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    worker.executeBlocking(() -> witness.addCheckpoint(body), false)
        .onSuccess(a -> {
          if (a.problem() != null) {
            ctx.fail(new ApiException(a.problem(), a.body()));
          } else {
            ctx.response().setStatusCode(a.status()).putHeader("Content-Type", a.contentType()).end(a.body());
          }
        })
        .onFailure(ctx::fail);
  }

  /** Newest first; {@code before} pages back, {@code limit} 1..100. */
  private void alerts(RoutingContext ctx) {
    long before = ctx.request().getParam("before") == null ? -1 : Params.nonNegative(ctx, "before", null);
    long limit = Params.nonNegative(ctx, "limit", 50L);
    if (limit < 1 || limit > MAX_ALERTS_PAGE) {
      throw ApiException.badParameter("limit", Long.toString(limit), "1.." + MAX_ALERTS_PAGE);
    }
    worker.executeBlocking(() -> {
          EvidenceStore.Page page = evidence.page(before, (int) limit);
          ObjectNode o = StrictJson.mapper().createObjectNode();
          ArrayNode a = o.putArray("alerts");
          page.records().forEach(a::add);
          if (page.next() >= 0) {
            o.put("next", page.next());
          } else {
            o.putNull("next");
          }
          return io.vertx.core.buffer.Buffer.buffer(o.toString());
        }, false)
        .onSuccess(b -> ctx.response().putHeader("Content-Type", "application/json").end(b))
        .onFailure(ctx::fail);
  }
}
