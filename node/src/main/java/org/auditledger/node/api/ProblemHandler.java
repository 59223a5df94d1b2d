package org.auditledger.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.auditledger.node.sequencer.UnavailableException;
import org.auditledger.node.store.StorageException;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.authz.UnauthorizedException;
import org.auditledger.protocol.dsse.InvalidSignatureException;
import org.auditledger.protocol.entry.DuplicateEntryException;
import org.auditledger.protocol.entry.LeafTooLargeException;
import org.auditledger.protocol.entry.SchemaViolationException;
import org.auditledger.protocol.json.StrictJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to an RFC 9457 problem ({@code application/problem+json}) with a {@code
 * type} of {@code /problems/<slug>} (listed in docs/api.md) and a {@code detail} naming the field,
 * rule or value at fault.
 */
public final class ProblemHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable f = ctx.failure();
    if (f instanceof java.util.concurrent.CompletionException && f.getCause() != null) {
      f = f.getCause();
    }
    ApiException p = toProblem(f, ctx.statusCode());
    if (p.status() >= 500 && !(f instanceof UnavailableException)) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), f);
    }
    send(ctx, p);
  }

  static ApiException toProblem(Throwable f, int status) {
    if (f instanceof ApiException a) {
      return a;
    }
    if (f instanceof SchemaViolationException v) {
      return new ApiException(422, "schema-violation", v.getMessage(), Map.of("violations", v.violations()));
    }
    if (f instanceof LeafTooLargeException e) {
      return new ApiException(413, "entry-too-large", e.getMessage(), Map.of("size", e.size()));
    }
    if (f instanceof MalformedException m) {
      return new ApiException(400, "malformed", m.getMessage());
    }
    if (f instanceof InvalidSignatureException s) {
      return new ApiException(422, "invalid-signature", s.getMessage(), Map.of("keyId", s.keyId()));
    }
    if (f instanceof DuplicateEntryException d) {
      return new ApiException(409, "duplicate-entry", d.getMessage() + ". Resubmitting the very same envelope"
          + " returns its receipt", Map.of("firstIndex", d.firstIndex(), "rule", DuplicateEntryException.RULE));
    }
    if (f instanceof UnauthorizedException u) {
      return new ApiException(403, "unauthorized", u.getMessage(), Map.of("rule", u.rule()));
    }
    if (f instanceof UnavailableException u) {
      return new ApiException(503, "unavailable", u.getMessage());
    }
    if (f instanceof StorageException) {
      return new ApiException(500, "storage-failure",
          "the node could not read or write its store; nothing was changed. Retry, and tell the operator if it persists");
    }
    if (f == null) {
      return switch (status) {
        case 404 -> ApiException.notFound("no such resource; see docs/api.md for the endpoints");
        case 405 -> new ApiException(405, "method-not-allowed", "this resource does not take that method");
        case 413 -> new ApiException(413, "body-too-large",
            "request body exceeds the limit of " + Limits.MAX_BODY_BYTES + " bytes");
        case 400 -> new ApiException(400, "bad-request", "the request could not be read");
        default -> new ApiException(status > 0 ? status : 500, "error", "request failed with status " + status);
      };
    }
    return new ApiException(500, "internal-error", "the node failed to answer: " + f.getClass().getSimpleName());
  }

  static void send(RoutingContext ctx, ApiException p) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("type", "/problems/" + p.slug());
    o.put("title", title(p.slug()));
    o.put("status", p.status());
    o.put("detail", p.getMessage());
    o.put("instance", ctx.request().path());
    p.extensions().forEach((k, v) -> {
      if (v instanceof java.util.List<?> list) {
        ArrayNode a = o.putArray(k);
        for (Object item : list) {
          if (item instanceof SchemaViolationException.Violation viol) {
            a.addObject().put("pointer", viol.pointer()).put("message", viol.message());
          } else {
            a.add(String.valueOf(item));
          }
        }
      } else if (v instanceof Number n) {
        o.put(k, n.longValue());
      } else {
        o.put(k, String.valueOf(v));
      }
    });
    var resp = ctx.response().setStatusCode(p.status())
        .putHeader("Content-Type", "application/problem+json");
    if (p.status() == 503) {
      resp.putHeader("Retry-After", "1");
    } else if (p.status() == 429) {
      resp.putHeader("Retry-After", String.valueOf(p.extensions().getOrDefault("retryAfter", 1)));
    }
    resp.end(o.toString());
  }

  private static String title(String slug) {
    return switch (slug) {
      case "schema-violation" -> "The entry does not match the schema";
      case "entry-too-large" -> "The entry is too large";
      case "body-too-large" -> "The request body is too large";
      case "malformed" -> "The request is malformed";
      case "invalid-signature" -> "A signature does not verify";
      case "unauthorized" -> "The signer is not authorized";
      case "unavailable" -> "The node cannot take this now";
      case "storage-failure" -> "The node's store failed";
      case "not-found" -> "Not found";
      case "bad-parameter" -> "A query parameter is invalid";
      case "unsupported-media-type" -> "Unsupported media type";
      case "method-not-allowed" -> "Method not allowed";
      case "untrusted-checkpoint" -> "The checkpoint is not signed by the log's trusted key";
      case "unknown-log" -> "This witness does not witness that log";
      case "equivocation" -> "The checkpoint contradicts one cosigned before";
      case "inconsistent-checkpoint" -> "The consistency proof does not verify";
      case "duplicate-entry" -> "The entry is already in the log";
      case "rate-limited" -> "Too many requests from this address";
      case "busy" -> "The node is busy with other heavy requests";
      case "created-out-of-range" -> "The entry's creation time is too far from the log's clock";
      case "uri-too-long" -> "The request line is too long";
      case "headers-too-large" -> "The request headers are too large";
      case "forbidden" -> "Not allowed";
      default -> "Request failed";
    };
  }
}
