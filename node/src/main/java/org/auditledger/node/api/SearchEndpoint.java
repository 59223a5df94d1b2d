package org.auditledger.node.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.Text;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.key.Ed25519PublicKey;

/**
 * {@code GET /v1/search?kind=&issuer=&signer=&ref=&after=&limit=}: entries matching every given
 * filter, ascending by index, paged with {@code after} (the last index seen). {@code issuer} is
 * an organization written {@code name@home}, or a bare name matching it in every home log.
 *
 * <p>Answered from the posting index alone: the most selective filter's postings are walked and
 * every other filter is one point lookup per candidate; leaves are read only to render the
 * entries returned.
 */
public final class SearchEndpoint implements HttpEndpoint {
  private final ApiContext api;

  public SearchEndpoint(ApiContext api) {
    this.api = api;
  }

  /** Longest {@code issuer} a search takes, in Unicode code points. */
  static final int MAX_ISSUER = 200;

  @Override
  public void addRoutes(Router router) {
    router.get("/v1/search")
        .handler(new RateLimiter("search", api.limits().searches(), api.metrics()))
        .handler(this::search);
  }

  private void search(RoutingContext ctx) {
    Map<Byte, String> filters = new LinkedHashMap<>();
    // The most selective index first: the others are checked on the entries it yields.
    String ref = ctx.request().getParam("ref");
    if (ref != null) {
      if (!ref.matches("[\\x21-\\x2a\\x2c-\\x7e]{0,200}#(0|[1-9][0-9]{0,18})")) {
        throw ApiException.badParameter("ref", ref, "[origin]#index, e.g. #12 or town.example/log#12");
      }
      filters.put(LogStore.REF, ref);
    }
    String signer = ctx.request().getParam("signer");
    if (signer != null) {
      String keyId = signer.startsWith("ed25519:") ? signer : "ed25519:" + signer;
      try {
        Ed25519PublicKey.ofKeyId(keyId);
      } catch (RuntimeException e) {
        throw ApiException.badParameter("signer", signer, "an Ed25519 key id or base64 public key");
      }
      filters.put(LogStore.SIGNER, keyId);
    }
    String issuer = ctx.request().getParam("issuer");
    if (issuer != null) {
      // Counted in code points, as every length the ledger states (protocol Text).
      if (!Text.within(issuer, 1, MAX_ISSUER)) {
        throw ApiException.badParameter("issuer", Text.excerpt(issuer, 64),
            "an issuer of 1 to " + MAX_ISSUER + " characters (Unicode code points)");
      }
      // name@home is one organization; a bare name matches that name in every home log.
      filters.put(issuer.indexOf('@') >= 0 ? LogStore.ISSUER : LogStore.ISSUER_NAME, issuer);
    }
    String kind = ctx.request().getParam("kind");
    if (kind != null) {
      try {
        EntryKind.of(kind);
      } catch (IllegalArgumentException e) {
        throw ApiException.badParameter("kind", kind, "decision, spending, finding, response, assessment or key");
      }
      filters.put(LogStore.KIND, kind);
    }
    if (filters.isEmpty()) {
      throw new ApiException(ProblemType.BAD_PARAMETER, "give at least one of kind=, issuer=, signer=, ref=");
    }
    long after = ctx.request().getParam("after") == null ? -1 : Params.nonNegative(ctx, "after", null);
    int limit = Params.limit(ctx);
    long size = api.log().head().size();
    api.onHeavy(() -> run(filters, after, limit, size))
        .onSuccess(b -> Json.send(ctx, 200, b))
        .onFailure(ctx::fail);
  }

  private Buffer run(Map<Byte, String> filters, long after, int limit, long size) {
    List<Map.Entry<Byte, String>> all = new ArrayList<>(filters.entrySet());
    Map.Entry<Byte, String> primary = all.get(0);
    List<Map.Entry<Byte, String>> others = all.subList(1, all.size());
    LogStore store = api.store();
    List<Long> hits = new ArrayList<>();
    long cursor = after;
    int scanned = 0;
    boolean exhausted = false;
    while (hits.size() < limit && scanned < Limits.MAX_SEARCH_SCAN && !exhausted) {
      List<Long> chunk = new ArrayList<>();
      store.postings(primary.getKey(), primary.getValue(), cursor, 256, chunk::add);
      exhausted = chunk.isEmpty();
      for (long index : chunk) {
        if (index >= size) {
          exhausted = true;
          break;
        }
        cursor = index;
        scanned++;
        if (others.stream().allMatch(f -> store.hasPosting(f.getKey(), f.getValue(), index))) {
          hits.add(index);
          if (hits.size() == limit) {
            break;
          }
        }
      }
    }
    final long lastScanned = cursor;
    final boolean done = exhausted;
    Json.Page page = Json.page(api.log().origin(), hits, store::leaf, api.statuses(), "", n -> {
      // Stopped early by the byte bound: continue after the last entry returned.
      long next = n < hits.size() ? hits.get(n - 1) : done ? -1 : lastScanned;
      return "\"next\":" + (next < 0 ? "null" : Long.toString(next));
    });
    return page.body();
  }
}
