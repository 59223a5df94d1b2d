package org.auditledger.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.auditledger.node.sequencer.UnavailableException;
import org.auditledger.node.store.StorageException;
import org.auditledger.protocol.MalformedException;
import org.auditledger.node.claims.ClaimRefusedException;
import org.auditledger.protocol.authz.UnauthorizedException;
import org.auditledger.protocol.dsse.InvalidSignatureException;
import org.auditledger.protocol.entry.DuplicateEntryException;
import org.auditledger.protocol.entry.DuplicateReleaseException;
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
    if (clientGone(f)) {
      // The client closed the connection mid-request: nobody is left to answer, and it is no
      // failure of the node.
      LOG.debug("{} {}: the client closed the connection", ctx.request().method(), ctx.request().path());
      ctx.response().reset();
      return;
    }
    ApiException p = toProblem(f, ctx.statusCode());
    // Only the node's own failures are errors; a busy or unavailable node is doing its job.
    if (p.type() == ProblemType.INTERNAL_ERROR || p.type() == ProblemType.STORAGE_FAILURE) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), f);
    }
    send(ctx, p);
  }

  private static boolean clientGone(Throwable f) {
    for (Throwable t = f; t != null; t = t.getCause()) {
      if (t instanceof io.vertx.core.http.HttpClosedException) {
        return true;
      }
    }
    return false;
  }

  static ApiException toProblem(Throwable f, int status) {
    if (f instanceof ApiException a) {
      return a;
    }
    if (f instanceof SchemaViolationException v) {
      return new ApiException(ProblemType.SCHEMA_VIOLATION, v.getMessage(), Map.of("violations", v.violations()));
    }
    if (f instanceof LeafTooLargeException e) {
      return new ApiException(ProblemType.ENTRY_TOO_LARGE, e.getMessage(), Map.of("size", e.size()));
    }
    if (f instanceof MalformedException m) {
      return new ApiException(ProblemType.MALFORMED, m.getMessage());
    }
    if (f instanceof InvalidSignatureException s) {
      return new ApiException(ProblemType.INVALID_SIGNATURE, s.getMessage(), Map.of("keyId", s.keyId()));
    }
    if (f instanceof DuplicateEntryException d) {
      // At submission no index was assigned: the detail names only the entry already logged.
      return new ApiException(ProblemType.DUPLICATE_ENTRY, "this payload is already in the log as entry " + d.firstIndex()
          + ", under other signatures (rule " + DuplicateEntryException.RULE + "): an entry is its signed payload, so"
          + " co-signatures are gathered before filing. Resubmitting the very same envelope returns its receipt",
          Map.of("firstIndex", d.firstIndex(), "rule", DuplicateEntryException.RULE));
    }
    if (f instanceof DuplicateReleaseException d) {
      return new ApiException(ProblemType.DUPLICATE_RELEASE, "release \"" + d.release().id() + "\" of contracting"
          + " process " + d.release().ocid() + " is already in the log as entry " + d.firstIndex() + " (rule "
          + DuplicateReleaseException.RULE + "): OCDS never changes a release in place; publish the change as a"
          + " new release with a new id",
          Map.of("firstIndex", d.firstIndex(), "ocid", d.release().ocid(), "releaseId", d.release().id(),
              "rule", DuplicateReleaseException.RULE));
    }
    if (f instanceof UnauthorizedException u) {
      // Refused, so given no index: the detail names none.
      return new ApiException(ProblemType.UNAUTHORIZED, "the entry breaks rule \"" + u.rule() + "\": " + u.reason(),
          Map.of("rule", u.rule()));
    }
    if (f instanceof ClaimRefusedException c) {
      Map<String, Object> ext = new java.util.LinkedHashMap<>();
      ext.put("rule", c.rule());
      if (c.target() != null) {
        ext.put("target", c.target());
      }
      if (c.pointer() != null) {
        ext.put("pointer", c.pointer());
      }
      ProblemType type = switch (c.reason()) {
        case CLAIM_FAILS -> ProblemType.CLAIM_FAILS;
        case UNKNOWN_HOME -> ProblemType.UNKNOWN_HOME;
        case HOME_LOG -> ProblemType.UNAUTHORIZED;
        case MIRROR_BEHIND -> ProblemType.UNAVAILABLE;
      };
      return new ApiException(type, c.getMessage(), ext);
    }
    if (f instanceof UnavailableException u) {
      return new ApiException(ProblemType.UNAVAILABLE, u.getMessage());
    }
    if (f instanceof StorageException) {
      return new ApiException(ProblemType.STORAGE_FAILURE,
          "the node could not read or write its store; nothing was changed. Retry, and tell the operator if it persists");
    }
    if (f == null) {
      return switch (status) {
        case 404 -> ApiException.notFound("no such resource; see docs/api.md for the endpoints");
        case 405 -> new ApiException(ProblemType.METHOD_NOT_ALLOWED, "this resource does not take that method");
        case 413 -> new ApiException(ProblemType.BODY_TOO_LARGE,
            "request body exceeds the limit of " + Limits.MAX_BODY_BYTES + " bytes");
        case 400 -> new ApiException(ProblemType.BAD_REQUEST, "the request could not be read");
        default -> new ApiException(ProblemType.INTERNAL_ERROR, "request failed with status " + status);
      };
    }
    return new ApiException(ProblemType.INTERNAL_ERROR, "the node failed to answer: " + f.getClass().getSimpleName());
  }

  /** Writes the problem of {@code p} as the answer. */
  public static void send(RoutingContext ctx, ApiException p) {
    ctx.response().setStatusCode(p.status()).putHeader("Content-Type", "application/problem+json");
    if (p.status() == 503) {
      ctx.response().putHeader("Retry-After", "1");
    } else if (p.status() == 429) {
      ctx.response().putHeader("Retry-After", String.valueOf(p.extensions().getOrDefault("retryAfter", 1)));
    }
    ctx.response().end(body(p, ctx.request().path()).toString());
  }

  /** The problem document: type, title, status, detail, instance, and the extension members. */
  public static ObjectNode body(ApiException p, String instance) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("type", p.type().uri());
    o.put("title", p.type().title());
    o.put("status", p.status());
    o.put("detail", p.getMessage());
    if (instance != null) {
      o.put("instance", instance);
    }
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
    return o;
  }
}
