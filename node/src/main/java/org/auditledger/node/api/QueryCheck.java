package org.auditledger.node.api;

import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.auditledger.protocol.Text;

/**
 * Refuses a request whose path or query string is not percent-encoded UTF-8, before any handler
 * decodes it, in one place for every endpoint. Two faults, each a 400 {@code bad-request} whose
 * detail names the query parameter (also as member {@code parameter}) or the path:
 *
 * <ul>
 *   <li>not valid percent-encoding (RFC 3986 §2.1): a {@code %} not followed by two hex digits.
 *       Decoded lazily, {@code %zz} or a lone {@code %} would surface deep inside a handler as an
 *       unexpected exception, a 500 and a stack trace per request;
 *   <li>percent-encoded bytes that are not UTF-8 (RFC 3986 §2.5: text is percent-encoded as its
 *       UTF-8 bytes; RFC 3629 §3: no overlong form, no surrogate, nothing past U+10FFFF). The
 *       server's decoder would replace them with U+FFFD, so {@code ?prefix=%FF} would quietly
 *       ask for another prefix than the one sent, and two different requests mean one.
 * </ul>
 *
 * <p>Each maximal run of {@code %XX} is judged as the bytes it encodes, as the decoder reads it:
 * the characters between runs are ASCII, which no UTF-8 sequence has inside it, so a run is
 * valid UTF-8 exactly when the text decoded is.
 */
public final class QueryCheck implements io.vertx.core.Handler<RoutingContext> {
  /** Longest quotation of what a client sent in a detail, in code points. */
  private static final int QUOTE = 64;

  @Override
  public void handle(RoutingContext ctx) {
    ApiException bad = path(ctx.request().path());
    if (bad == null) {
      bad = query(ctx.request().query());
    }
    if (bad == null) {
      try {
        ctx.normalizedPath();
        ctx.request().params();
        ctx.queryParams();
      } catch (IllegalArgumentException e) {
        // Whatever else the server's decoder refuses: still the client's fault, never a 500.
        bad = new ApiException(ProblemType.BAD_REQUEST, "the request's path or query string could not be decoded: "
            + e.getMessage());
      }
    }
    if (bad != null) {
      ctx.fail(bad);
      return;
    }
    ctx.next();
  }

  private static ApiException path(String path) {
    if (path == null) {
      return null;
    }
    for (String segment : path.split("/", -1)) {
      String fault = fault(segment);
      if (fault != null) {
        return new ApiException(ProblemType.BAD_REQUEST, "the path segment \"" + Text.excerpt(segment, QUOTE)
            + "\" " + fault);
      }
    }
    return null;
  }

  private static ApiException query(String query) {
    if (query == null) {
      return null;
    }
    // The separators of the server's decoder (Netty QueryStringDecoder): & and ;.
    for (String pair : query.split("[&;]")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String fault = fault(name);
      if (fault != null) {
        // Named as sent: it does not decode.
        return problem(Text.excerpt(name, QUOTE), "the name of query parameter " + Text.excerpt(name, QUOTE) + " "
            + fault);
      }
      fault = eq < 0 ? null : fault(pair.substring(eq + 1));
      if (fault != null) {
        String decoded = Text.excerpt(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8), QUOTE);
        return problem(decoded, "query parameter " + decoded + " " + fault);
      }
    }
    return null;
  }

  private static ApiException problem(String parameter, String detail) {
    return new ApiException(ProblemType.BAD_REQUEST, detail, Map.of("parameter", parameter));
  }

  /** What is wrong with the percent-encoding of {@code s}, as the end of a sentence; null if nothing. */
  static String fault(String s) {
    int i = s.indexOf('%');
    while (i >= 0) {
      int start = i;
      ByteBuffer bytes = ByteBuffer.allocate((s.length() - i) / 3 + 1);
      while (i < s.length() && s.charAt(i) == '%') {
        int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          return "is not valid percent-encoding (RFC 3986 §2.1): write a % only as %XX, two hex digits, e.g. %25"
              + " for % itself";
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 3;
      }
      bytes.flip();
      try {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
      } catch (CharacterCodingException e) {
        return "is not UTF-8 once percent-decoded: " + Text.excerpt(s.substring(start, i), QUOTE) + " is no UTF-8"
            + " text (RFC 3629: no lone or truncated sequence, overlong form, surrogate or code point past U+10FFFF)."
            + " Percent-encode text as its UTF-8 bytes (RFC 3986 §2.5), e.g. \u00e9 as %C3%A9";
      }
      i = s.indexOf('%', i);
    }
    return null;
  }
}
