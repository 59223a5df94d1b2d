package org.auditledger.node.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import org.auditledger.node.sequencer.LogHead;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.merkle.Proofs;

/** {@code GET /v1/proofs/inclusion} and {@code GET /v1/proofs/consistency}. */
public final class ProofsEndpoint implements HttpEndpoint {
  private final ApiContext api;

  public ProofsEndpoint(ApiContext api) {
    this.api = api;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/v1/proofs/inclusion").handler(this::inclusion);
    router.get("/v1/proofs/consistency").handler(this::consistency);
  }

  private void inclusion(RoutingContext ctx) {
    LogHead head = api.log().head();
    long size = checkSize(ctx, "size", head);
    String leafHash = ctx.request().getParam("leafHash");
    String indexParam = ctx.request().getParam("index");
    if ((leafHash == null) == (indexParam == null)) {
      throw new ApiException(ProblemType.BAD_PARAMETER, "give exactly one of index= or leafHash=");
    }
    byte[] wanted = leafHash == null ? null : Params.hash("leafHash", leafHash);
    api.onIo(() -> {
          long index = wanted == null ? Params.nonNegative(ctx, "index", null)
              : api.store().indexOfLeafHash(wanted);
          if (index < 0) {
            throw ApiException.notFound("no entry has leaf hash " + leafHash);
          }
          if (index >= size) {
            throw ApiException.notFound("entry " + index + " is not in the tree of size " + size);
          }
          ObjectNode o = Json.object();
          o.put("index", index);
          o.put("size", size);
          o.put("leafHash", Json.b64(api.store().read(java.util.List.of(new NodeId(0, index))).get(0)));
          o.put("rootHash", Json.b64(root(size)));
          Json.hashes(o, "hashes", Proofs.inclusion(index, size).fetch(api.store()));
          checkpointIfHead(o, size, head);
          return o;
        })
        .onSuccess(o -> Json.send(ctx, 200, o))
        .onFailure(ctx::fail);
  }

  private void consistency(RoutingContext ctx) {
    LogHead head = api.log().head();
    long from = Params.nonNegative(ctx, "from", null);
    long to = checkSize(ctx, "to", head);
    if (from > to) {
      throw ApiException.badParameter("from", Long.toString(from), "at most to=" + to);
    }
    api.onIo(() -> {
          ObjectNode o = Json.object();
          o.put("from", from);
          o.put("to", to);
          o.put("fromRootHash", Json.b64(root(from)));
          o.put("toRootHash", Json.b64(root(to)));
          Json.hashes(o, "hashes", Proofs.consistency(from, to).fetch(api.store()));
          checkpointIfHead(o, to, head);
          return o;
        })
        .onSuccess(o -> Json.send(ctx, 200, o))
        .onFailure(ctx::fail);
  }

  /** The root of an earlier tree size, from the stored perfect nodes. */
  private byte[] root(long size) {
    return CompactRange.of(size, api.store().read(CompactRange.edge(size))).root();
  }

  private static long checkSize(RoutingContext ctx, String name, LogHead head) {
    long size = Params.nonNegative(ctx, name, head.size());
    if (size > head.size()) {
      throw ApiException.notFound("tree size " + size + " is beyond the log, which has "
          + head.size() + " entries");
    }
    if (size == 0 && "size".equals(name)) {
      throw ApiException.notFound("the empty tree includes no entry");
    }
    return size;
  }

  private static void checkpointIfHead(ObjectNode o, long size, LogHead head) {
    if (size == head.size() && head.checkpoint() != null) {
      o.put("checkpoint", new String(head.checkpoint().encode(), StandardCharsets.UTF_8));
    }
  }
}
