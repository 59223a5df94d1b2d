package org.auditledger.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.tile.Tiles;

/**
 * HTTP access to one node or mirror. Nothing it returns is trusted: callers verify. Every answer
 * is bounded in size, and every failure names the URL.
 */
public final class LogClient {
  /** Largest answer read: a full entry bundle of maximal leaves. */
  public static final int MAX_BODY = Tiles.WIDTH * (2 + 65_535);

  private final URI base;
  private final HttpClient http;

  public LogClient(String baseUrl) {
    String b = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    this.base = URI.create(b);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public String baseUrl() {
    return base.toString();
  }

  /** An HTTP answer: status and body. */
  public record Response(int status, byte[] body) {
    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** GET {@code path}, expecting 200. */
  public byte[] get(String path) throws AuditException {
    Response r = send(HttpRequest.newBuilder(resolve(path)).GET());
    if (r.status() != 200) {
      throw new AuditException(ExitCode.NETWORK, base.resolve(path) + " answered " + r.status()
          + ": " + truncate(r.text()));
    }
    return r.body();
  }

  /** GET {@code path}, any status. */
  public Response request(String path) throws AuditException {
    return send(HttpRequest.newBuilder(resolve(path)).GET());
  }

  public byte[] checkpoint() throws AuditException {
    return get("checkpoint");
  }

  public byte[] tile(TileId id) throws AuditException {
    return get(id.path());
  }

  /** POST a DSSE envelope to /v1/entries. */
  public Response submit(byte[] envelopeJson) throws AuditException {
    return submitTo("v1/entries", envelopeJson);
  }

  /** POST {@code body} to {@code path}, any status. */
  public Response submitTo(String path, byte[] body) throws AuditException {
    return send(HttpRequest.newBuilder(resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private URI resolve(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  private Response send(HttpRequest.Builder b) throws AuditException {
    HttpRequest req = b.timeout(Duration.ofSeconds(60)).build();
    try {
      HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
          throw new AuditException(ExitCode.NETWORK, req.uri() + " sent more than " + MAX_BODY + " bytes");
        }
        return new Response(r.statusCode(), body);
      }
    } catch (IOException e) {
      throw new AuditException(ExitCode.NETWORK, "cannot reach " + req.uri() + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException(ExitCode.NETWORK, "interrupted while fetching " + req.uri(), e);
    }
  }

  private static String truncate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
