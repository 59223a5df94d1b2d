package org.auditledger.cli.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.tile.Tiles;

/**
 * HTTP access to one node or mirror. Nothing it returns is trusted: callers verify. Every answer
 * is bounded in size and every exchange by a deadline that covers the whole of it, from connecting
 * to the last byte of the body, so a node that trickles its answer cannot hold the command. Every
 * failure names the URL (exit 3).
 */
public final class LogClient {
  /** Largest answer read: a full entry bundle of maximal leaves. */
  public static final int MAX_BODY = Tiles.WIDTH * (2 + 65_535);
  /** The deadline of one exchange unless {@code --timeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  public LogClient(String baseUrl) {
    this(baseUrl, DEFAULT_TIMEOUT);
  }

  public LogClient(String baseUrl, Duration timeout) {
    String b = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    this.base = URI.create(b);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public String baseUrl() {
    return base.toString();
  }

  public Duration timeout() {
    return timeout;
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

  /** GET {@code path}, expecting 200 and a JSON object, read defensively. */
  public NodeAnswer getJson(String path) throws AuditException {
    return NodeAnswer.parse(get(path), resolve(path).toString());
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

  public URI resolve(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  private Response send(HttpRequest.Builder b) throws AuditException {
    HttpRequest req = b.timeout(timeout).build();
    BoundedBody[] body = new BoundedBody[1];
    // One future for the whole exchange: it completes only with the body's last byte.
    CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(req, info -> body[0] = new BoundedBody(MAX_BODY));
    try {
      HttpResponse<byte[]> r = sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Response(r.statusCode(), r.body());
    } catch (TimeoutException e) {
      sent.cancel(true);
      long got = body[0] == null ? 0 : body[0].abort();
      throw late(req, got);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof BoundedBody.TooLarge) {
        throw new AuditException(ExitCode.NETWORK, req.uri() + " sent more than " + MAX_BODY + " bytes");
      }
      throw new AuditException(ExitCode.NETWORK, "cannot reach " + req.uri() + ": "
          + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()), c);
    } catch (InterruptedException e) {
      sent.cancel(true);
      Thread.currentThread().interrupt();
      throw new AuditException(ExitCode.NETWORK, "interrupted while fetching " + req.uri(), e);
    }
  }

  private AuditException late(HttpRequest req, long bytes) {
    return new AuditException(ExitCode.NETWORK, req.uri() + " did not send its whole answer within "
        + timeout.toSeconds() + " s" + (bytes > 0 ? " (" + bytes + " bytes arrived)" : "")
        + "; try again, another mirror, or a longer --timeout");
  }

  private static String truncate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
