package org.auditledger.node.api;

import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.HexFormat;
import org.auditledger.protocol.merkle.Rfc6962;

/** Strict reading of query and path parameters; each failure names the parameter. */
public final class Params {
  private Params() {}

  public static long nonNegative(RoutingContext ctx, String name, Long dflt) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isEmpty()) {
      if (dflt == null) {
        throw new ApiException(ProblemType.BAD_PARAMETER, "query parameter " + name + " is required",
            java.util.Map.of("parameter", name));
      }
      return dflt;
    }
    return nonNegative(name, v);
  }

  /** {@code v}, the value of parameter {@code name}, as a non-negative integer below 2^63. */
  public static long nonNegative(String name, String v) {
    if (!v.matches("0|[1-9][0-9]{0,18}")) {
      throw ApiException.badParameter(name, v, "a non-negative decimal integer");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badParameter(name, v, "a non-negative decimal integer below 2^63");
    }
  }

  public static int limit(RoutingContext ctx) {
    long l = nonNegative(ctx, "limit", (long) Limits.DEFAULT_PAGE);
    if (l < 1 || l > Limits.MAX_PAGE) {
      throw ApiException.badParameter("limit", Long.toString(l), "1.." + Limits.MAX_PAGE);
    }
    return (int) l;
  }

  /** A 32-byte hash given as base64 (standard or URL-safe) or hex. */
  static byte[] hash(String name, String v) {
    byte[] h = null;
    try {
      if (v.matches("[0-9a-fA-F]{64}")) {
        h = HexFormat.of().parseHex(v);
      } else if (v.contains("-") || v.contains("_")) {
        h = Base64.getUrlDecoder().decode(v);
      } else {
        h = Base64.getDecoder().decode(v);
      }
    } catch (IllegalArgumentException e) {
      h = null;
    }
    if (h == null || h.length != Rfc6962.HASH_SIZE) {
      throw ApiException.badParameter(name, v, "a 32-byte hash in base64 or hex");
    }
    return h;
  }
}
