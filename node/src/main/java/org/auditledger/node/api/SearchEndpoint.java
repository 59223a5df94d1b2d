package org.auditledger.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.key.Ed25519PublicKey;

/**
 * {@code GET /v1/search?kind=&issuer=&signer=&ref=&after=&limit=}: entries matching every given
 * filter, ascending by index, paged with {@code after} (the last index seen).
 */
public final class SearchEndpoint {
  private final ApiContext api;

  public SearchEndpoint(ApiContext api) {
    this.api = api;
  }

  public void addRoutes(Router router) {
    router.get("/v1/search").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    Map<Byte, String> filters = new LinkedHashMap<>();
    // The most selective index first: the others are checked on the entries it yields.
    String ref = ctx.request().getParam("ref");
    if (ref != null) {
      if (!ref.matches("[\\x21-\\x2a\\x2c-\\x7e]*#(0|[1-9][0-9]{0,18})")) {
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
      filters.put(LogStore.ISSUER, issuer);
    }
    String kind = ctx.request().getParam("kind");
    if (kind != null) {
      try {
        EntryKind.of(kind);
      } catch (IllegalArgumentException e) {
        throw ApiException.badParameter("kind", kind, "decision, spending, finding, response or key");
      }
      filters.put(LogStore.KIND, kind);
    }
    if (filters.isEmpty()) {
      throw new ApiException(400, "bad-parameter", "give at least one of kind=, issuer=, signer=, ref=");
    }
    long after = ctx.request().getParam("after") == null ? -1 : Params.nonNegative(ctx, "after", null);
    int limit = Params.limit(ctx);
    long size = api.log().head().size();
    api.onIo(() -> run(filters, after, limit, size))
        .onSuccess(o -> Json.send(ctx, 200, o))
        .onFailure(ctx::fail);
  }

  private ObjectNode run(Map<Byte, String> filters, long after, int limit, long size) {
    Map.Entry<Byte, String> primary = filters.entrySet().iterator().next();
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("entries");
    long cursor = after;
    int scanned = 0;
    boolean exhausted = false;
    while (a.size() < limit && scanned < Limits.MAX_SEARCH_SCAN) {
      List<Long> chunk = new ArrayList<>();
      api.store().postings(primary.getKey(), primary.getValue(), cursor, 256, chunk::add);
      if (chunk.isEmpty()) {
        exhausted = true;
        break;
      }
      for (long index : chunk) {
        cursor = index;
        scanned++;
        if (index >= size) {
          exhausted = true;
          break;
        }
        ObjectNode e = Json.entry(index, api.store().leaf(index));
        if (matches(e, filters) && a.size() < limit) {
          a.add(e);
        }
        if (a.size() == limit) {
          break;
        }
      }
      if (exhausted) {
        break;
      }
    }
    if (exhausted) {
      o.putNull("next");
    } else {
      o.put("next", cursor);
    }
    return o;
  }

  private static boolean matches(ObjectNode e, Map<Byte, String> filters) {
    JsonNode p = e.get("payload");
    for (Map.Entry<Byte, String> f : filters.entrySet()) {
      boolean ok = switch (f.getKey()) {
        case LogStore.KIND -> f.getValue().equals(p.get("kind").asText());
        case LogStore.ISSUER -> f.getValue().equals(p.get("issuer").asText());
        case LogStore.SIGNER -> contains(e.get("signers"), f.getValue());
        default -> refMatches(p.get("refs"), f.getValue());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode n : array) {
      if (n.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean refMatches(JsonNode refs, String value) {
    if (refs == null) {
      return false;
    }
    for (JsonNode r : refs) {
      String key = (r.has("log") ? r.get("log").asText() : "") + "#" + r.get("index").asLong();
      if (key.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
