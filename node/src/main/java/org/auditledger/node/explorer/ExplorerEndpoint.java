package org.auditledger.node.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.auditledger.node.api.ApiException;
import org.auditledger.node.api.HttpEndpoint;
import org.auditledger.protocol.json.StrictJson;

/**
 * The citizen explorer (docs/explorer.md): plain HTML, CSS and JavaScript modules shipped in the
 * node's jar, served at {@code /} and {@code /explorer/...}, never anything from another origin.
 * The files are read once at start, so a request costs no I/O and an unknown name is a 404
 * problem, never a path into the file system. Every file is served with a strong ETag and {@code
 * Cache-Control: public, no-cache} (RFC 9111 §5.2.2.4): a CDN or browser keeps it and revalidates,
 * so an upgraded node is never shown half old, half new. The content security policy keeps the
 * pages to this origin (scripts, styles, and the API the pages verify).
 */
public final class ExplorerEndpoint implements HttpEndpoint {
  /** The shell and its modules; catalogues are added from {@code i18n/languages.json}. */
  static final List<String> FILES = List.of("index.html", "app.js", "verify.js", "i18n.js", "style.css",
      "i18n/languages.json");

  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  /** One file of the explorer, as served. */
  record Asset(String name, Buffer bytes, String contentType, String etag) {}

  private final Map<String, Asset> assets;

  public ExplorerEndpoint() {
    this.assets = load();
  }

  /** The explorer's files, by name; a language listed without its catalogue stops the node at start. */
  static Map<String, Asset> load() {
    Map<String, Asset> out = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(FILES);
    JsonNode languages = StrictJson.parse(read("i18n/languages.json"), "explorer/i18n/languages.json");
    languages.fieldNames().forEachRemaining(code -> {
      if (!code.matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")) {
        throw new IllegalStateException("explorer/i18n/languages.json: \"" + code + "\" is not a language tag");
      }
      names.add("i18n/" + code + ".json");
    });
    for (String name : names) {
      byte[] b = read(name);
      out.put(name, new Asset(name, Buffer.buffer(b), contentType(name), etag(b)));
    }
    return Map.copyOf(out);
  }

  private static byte[] read(String name) {
    try (InputStream in = ExplorerEndpoint.class.getResourceAsStream("/explorer/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the explorer's file " + name + " is missing from the node's jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return "application/json";
  }

  private static String etag(byte[] b) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(b);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The total size of the explorer's files, uncompressed (the issue bounds it at 200 KB). */
  public long totalBytes() {
    return assets.values().stream().mapToLong(a -> a.bytes().length()).sum();
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/").handler(ctx -> serve(ctx, "index.html"));
    router.get("/explorer/*").handler(ctx -> {
      String path = ctx.normalizedPath();
      // "/explorer/*" also matches "/explorer" itself: no file name there.
      serve(ctx, path.startsWith("/explorer/") ? path.substring("/explorer/".length()) : "");
    });
  }

  private void serve(RoutingContext ctx, String name) {
    Asset a = assets.get(name);
    if (a == null) {
      ctx.fail(ApiException.notFound("the explorer has no file " + name + "; open / for its pages"));
      return;
    }
    var res = ctx.response();
    res.putHeader("Content-Type", a.contentType())
        .putHeader("ETag", a.etag())
        .putHeader("Cache-Control", "public, no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    if (name.endsWith(".html")) {
      res.putHeader("Content-Security-Policy", CSP);
    }
    String match = ctx.request().getHeader("If-None-Match");
    // RFC 9110 §13.1.2: a list of entity tags, compared weakly, or "*".
    if (match != null && java.util.Arrays.stream(match.split(",")).map(String::trim)
        .anyMatch(m -> m.equals("*") || m.equals(a.etag()) || m.equals("W/" + a.etag()))) {
      res.setStatusCode(304).end();
      return;
    }
    res.end(a.bytes());
  }
}
