package org.auditledger.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import org.auditledger.node.sequencer.LogHead;
import org.auditledger.protocol.authz.KeyRegistry;

/**
 * The log's head and metadata: {@code /v1/log} (with the mirrors and witnesses of this node),
 * {@code /checkpoint} (C2SP), {@code /v1/keys}, {@code /mirror/}, {@code /health}, {@code /metrics}.
 */
public final class LogEndpoint implements HttpEndpoint {
  private final ApiContext api;

  public LogEndpoint(ApiContext api) {
    this.api = api;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/v1/log").handler(this::log);
    router.get("/checkpoint").handler(this::checkpoint);
    router.get("/v1/keys").handler(this::keys);
    if (api.sequencer() != null) {
      router.get("/mirror/").handler(this::mirrors);
      router.get("/health").handler(this::health);
      router.get("/metrics").handler(this::metrics);
    }
  }

  private void log(RoutingContext ctx) {
    LogHead head = api.log().head();
    ObjectNode o = Json.object();
    o.put("origin", api.log().origin());
    o.put("vkey", api.vkey().encode());
    o.put("witnessVkey", api.witnessVkey().encode());
    o.put("size", head.size());
    if (head.checkpoint() != null) {
      o.put("rootHash", Json.b64(head.checkpoint().checkpoint().rootHash()));
      o.put("checkpoint", new String(head.checkpoint().encode(), StandardCharsets.UTF_8));
    }
    if (api.sequencer() != null) {
      o.set("mirrors", mirrorList());
      ArrayNode w = o.putArray("witnesses");
      for (var spec : api.directory().witnesses()) {
        w.addObject().put("name", spec.vkey().name()).put("vkey", spec.vkey().encode()).put("url", spec.url());
      }
    }
    Json.send(ctx, 200, o);
  }

  /** {@code GET /mirror/}: the logs this node mirrors, each served under {@code url}. */
  private void mirrors(RoutingContext ctx) {
    ObjectNode o = Json.object();
    o.set("mirrors", mirrorList());
    Json.send(ctx, 200, o);
  }

  private ArrayNode mirrorList() {
    ArrayNode a = Json.object().arrayNode();
    for (ApiContext.Mirrored m : api.directory().mirrors()) {
      LogHead h = m.log().head();
      ObjectNode e = a.addObject();
      e.put("origin", m.log().origin()).put("vkey", m.vkey().encode()).put("size", h.size());
      if (h.checkpoint() != null) {
        e.put("rootHash", Json.b64(h.checkpoint().checkpoint().rootHash()));
      }
      e.put("url", "/mirror/" + m.log().origin() + "/");
    }
    return a;
  }

  private void checkpoint(RoutingContext ctx) {
    var cp = api.served().get();
    if (cp == null) {
      throw ApiException.notFound("the log has no checkpoint yet");
    }
    ctx.response()
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .end(new String(cp.encode(), StandardCharsets.UTF_8));
  }

  private void keys(RoutingContext ctx) {
    LogHead head = api.log().head();
    // A registry can hold many keys: serialized on a worker, not the event loop.
    api.onIo(() -> {
          ObjectNode o = Json.object();
          o.put("size", head.size());
          ArrayNode a = o.putArray("keys");
          for (KeyRegistry.Held h : head.registry().held()) {
            ObjectNode k = a.addObject();
            k.put("keyId", h.key().keyId());
            k.put("organization", h.organization());
            k.put("role", h.role().jsonName());
            k.put("grantedAt", h.grant().sinceIndex());
            if (h.grant().validUntil() != null) {
              k.put("validUntil", h.grant().validUntil().toString());
            }
          }
          return Json.bytes(o);
        })
        .onSuccess(b -> Json.send(ctx, 200, b))
        .onFailure(ctx::fail);
  }

  private void health(RoutingContext ctx) {
    ObjectNode o = Json.object();
    o.put("status", "UP");
    o.put("size", api.log().head().size());
    Json.send(ctx, 200, o);
  }

  private void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(api.metrics().scrape());
  }
}
