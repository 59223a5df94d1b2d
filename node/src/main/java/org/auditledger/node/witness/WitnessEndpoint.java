package org.auditledger.node.witness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.auditledger.node.api.ApiException;
import org.auditledger.node.api.Limits;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.json.StrictJson;

/** {@code POST /add-checkpoint} (C2SP tlog-witness) and {@code GET /v1/alerts}. */
public final class WitnessEndpoint {
  private final Witness witness;
  private final LogStore store;
  private final WorkerExecutor worker;

  public WitnessEndpoint(Witness witness, LogStore store, WorkerExecutor worker) {
    this.witness = witness;
    this.store = store;
    this.worker = worker;
  }

  public void addRoutes(Router router) {
    router.post("/add-checkpoint")
        .handler(BodyHandler.create(false).setBodyLimit(Limits.MAX_BODY_BYTES))
        .handler(this::addCheckpoint);
    router.get("/v1/alerts").handler(this::alerts);
  }

  private void addCheckpoint(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    worker.executeBlocking(() -> witness.addCheckpoint(body), false)
        .onSuccess(a -> {
          if (a.slug() != null) {
            ctx.fail(new ApiException(a.status(), a.slug(), a.body()));
          } else {
            ctx.response().setStatusCode(a.status()).putHeader("Content-Type", a.contentType()).end(a.body());
          }
        })
        .onFailure(ctx::fail);
  }

  private void alerts(RoutingContext ctx) {
    worker.executeBlocking(() -> {
          ObjectNode o = StrictJson.mapper().createObjectNode();
          ArrayNode a = o.putArray("alerts");
          for (byte[] e : store.evidence(Limits.MAX_PAGE)) {
            a.add(StrictJson.parse(e, "stored evidence"));
          }
          return o;
        }, false)
        .onSuccess(o -> ctx.response().putHeader("Content-Type", "application/json").end(o.toString()))
        .onFailure(ctx::fail);
  }
}
