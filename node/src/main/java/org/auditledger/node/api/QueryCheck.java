package org.auditledger.node.api;

import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose path or query string is not valid percent-encoding (RFC 3986 §2.1),
 * before any handler decodes it: decoded lazily, {@code %zz} or a lone {@code %} would surface
 * deep inside a handler as an unexpected exception, a 500 and a stack trace per request.
 */
public final class QueryCheck implements io.vertx.core.Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    try {
      ctx.normalizedPath();
      ctx.request().params();
      ctx.queryParams();
    } catch (IllegalArgumentException e) {
      ctx.fail(new ApiException(ProblemType.BAD_REQUEST, "the request's path or query string is not valid"
          + " percent-encoding (RFC 3986 §2.1): write a % only as %XX, two hex digits, e.g. %25 for % itself"));
      return;
    }
    ctx.next();
  }
}
