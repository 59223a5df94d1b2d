package org.auditledger.cli.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

  /** Cuts exchanges past their deadline; one daemon thread for every client of this JVM. */
  private static final ScheduledExecutorService DEADLINES = deadlines();

  private static ScheduledExecutorService deadlines() {
    java.util.concurrent.ScheduledThreadPoolExecutor e = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "audit-deadlines");
      t.setDaemon(true);
      return t;
    });
    // A bulk import arms and cancels one deadline per exchange: cancelled ones leave the queue at once.
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

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
        .followRedirects(HttpClient.Redirect.NEVER)
        // HTTP/1.1 as the node speaks it: no h2c upgrade offered on every new connection.
        .version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
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
    AtomicReference<BoundedBody> body = new AtomicReference<>();
    AtomicBoolean late = new AtomicBoolean();
    // One deadline for the whole exchange: the request's own timeout ends at the headers, this one
    // cuts a body still trickling in. A synchronous send, not sendAsync: with a common pool of one
    // thread (2 cores) every sendAsync completion starts a thread of its own (docs/benchmarks.md).
    ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
      late.set(true);
      BoundedBody got = body.get();
      if (got != null) {
        got.abort();
      }
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      HttpResponse<byte[]> r = http.send(req, info -> {
        BoundedBody bounded = new BoundedBody(MAX_BODY);
        body.set(bounded);
        if (late.get()) {
          bounded.abort();
        }
        return bounded;
      });
      if (late.get()) {
        throw late(req, r.body().length);
      }
      return new Response(r.statusCode(), r.body());
    } catch (HttpTimeoutException e) {
      throw late(req, 0);
    } catch (IOException e) {
      if (late.get()) {
        BoundedBody got = body.get();
        throw late(req, got == null ? 0 : got.abort());
      }
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof BoundedBody.TooLarge) {
          throw new AuditException(ExitCode.NETWORK, req.uri() + " sent more than " + MAX_BODY + " bytes");
        }
      }
      throw new AuditException(ExitCode.NETWORK, "cannot reach " + req.uri() + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException(ExitCode.NETWORK, "interrupted while fetching " + req.uri(), e);
    } finally {
      deadline.cancel(false);
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
