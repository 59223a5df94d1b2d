package org.auditledger.node.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.auditledger.node.sequencer.Receipt;
import org.auditledger.node.sequencer.Submission;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryPayload;

/** {@code POST /v1/entries}, {@code GET /v1/entries/{index}}, {@code GET /v1/entries?from&limit}. */
public final class EntriesEndpoint implements HttpEndpoint {
  private static final List<String> MEDIA_TYPES =
      List.of("application/json", "application/vnd.dsse.envelope.v1+json");
  private final ApiContext api;

  public EntriesEndpoint(ApiContext api) {
    this.api = api;
  }

  @Override
  public void addRoutes(Router router) {
    if (api.sequencer() != null) {
      router.post("/v1/entries")
          .handler(new RateLimiter("submission", api.limits().submissions(), api.metrics()))
          .handler(BodyHandler.create(false).setBodyLimit(Limits.MAX_BODY_BYTES))
          .handler(this::submit);
    }
    router.get("/v1/entries/:index").handler(this::get);
    router.get("/v1/entries")
        .handler(new RateLimiter("page", api.limits().searches(), api.metrics()))
        .handler(this::list);
  }

  private void submit(RoutingContext ctx) {
    long t0 = System.nanoTime();
    String type = ctx.request().getHeader("Content-Type");
    String base = type == null ? "" : type.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!MEDIA_TYPES.contains(base)) {
      ctx.fail(new ApiException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type is \"" + type
          + "\"; send the DSSE envelope as application/json"));
      return;
    }
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    api.onVerify(() -> {
          Envelope env = Envelope.parse(body);
          EntryPayload payload = Entry.checkEnvelope(env, null);
          checkCreated(payload);
          List<Claim> claims = api.admission().admit(payload, env.signers(), api.clock().instant());
          List<Claim> unchecked = claims.stream().filter(c -> c.status() == Claim.Status.UNCHECKED).toList();
          return Map.entry(new Submission(env, payload, claims), unchecked);
        })
        .compose(s -> Future.fromCompletionStage(api.sequencer().submit(s.getKey()), ctx.vertx().getOrCreateContext())
            .map(r -> Map.entry(r, s.getValue())))
        .compose(ru -> api.onIo(() -> Json.bytes(receipt(ru.getKey(), ru.getValue()))).map(json -> Map.entry(ru.getKey(), json)))
        .onSuccess(e -> {
          Receipt r = e.getKey();
          api.metrics().submitted(Duration.ofNanos(System.nanoTime() - t0));
          ctx.response().putHeader("Location", "/v1/entries/" + r.index());
          Json.send(ctx, r.created() ? 201 : 200, e.getValue());
        })
        .onFailure(f -> {
          api.metrics().rejected(f.getClass().getSimpleName());
          ctx.fail(f);
        });
  }

  /** The receipt's wire form, and the claims left unchecked (into logs this node does not mirror). */
  private static com.fasterxml.jackson.databind.node.ObjectNode receipt(Receipt r, List<Claim> unchecked) {
    com.fasterxml.jackson.databind.node.ObjectNode o = r.toWire().toJson();
    if (!unchecked.isEmpty()) {
      com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray("unchecked");
      for (Claim c : unchecked) {
        a.addObject().put("rule", c.rule()).put("target", c.target()).put("detail", c.detail());
      }
    }
    return o;
  }

  /**
   * Admission policy, not a protocol rule: {@code created} must lie within the configured window
   * around this node's clock, so that nobody can back-date or pre-date a record far (verifiers see
   * both {@code created} and the log's own {@code logged} time).
   */
  private void checkCreated(EntryPayload payload) {
    Instant now = api.clock().instant();
    Instant created = payload.created().toInstant();
    Instant earliest = now.minus(api.limits().createdPast());
    Instant latest = now.plus(api.limits().createdFuture());
    if (created.isBefore(earliest) || created.isAfter(latest)) {
      throw new ApiException(ProblemType.CREATED_OUT_OF_RANGE, "created " + payload.created() + " is "
          + (created.isBefore(earliest) ? "more than " + api.limits().createdPast() + " before"
              : "more than " + api.limits().createdFuture() + " after")
          + " this node's clock (" + now + "); sign the entry with the current time",
          Map.of("pointer", "/created"));
    }
  }

  private void get(RoutingContext ctx) {
    String raw = ctx.pathParam("index");
    long index;
    try {
      index = Params.nonNegative("index", raw);
    } catch (ApiException e) {
      ctx.fail(e);
      return;
    }
    long size = api.log().head().size();
    if (index >= size) {
      ctx.fail(ApiException.notFound("entry " + index + " does not exist: the log has " + size
          + " entries, [0, " + size + ")"));
      return;
    }
    api.onIo(() -> Json.bytes(Json.entry(api.log().origin(), index, api.store().leaf(index), api.statuses())))
        .onSuccess(b -> {
          // A committed entry never changes.
          ctx.response().putHeader("Cache-Control", "public, max-age=31536000, immutable");
          Json.send(ctx, 200, b);
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    long from = Params.nonNegative(ctx, "from", 0L);
    int limit = Params.limit(ctx);
    long size = api.log().head().size();
    api.onHeavy(() -> {
          int count = (int) Math.max(0, Math.min(limit, size - from));
          List<Long> indexes = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            indexes.add(from + i);
          }
          // Leaves are read one at a time as the page grows, never a thousand large ones at once.
          Json.Page page = Json.page(api.log().origin(), indexes, i -> api.store().leaf(i), api.statuses(),
              "\"from\":" + from + ",\"size\":" + size,
              n -> "\"next\":" + (from + n < size ? Long.toString(from + n) : "null"));
          return page.body();
        })
        .onSuccess(b -> Json.send(ctx, 200, b))
        .onFailure(ctx::fail);
  }
}
