package org.auditledger.node;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP to other nodes (peers this node mirrors, witnesses it asks), none of which is trusted: every
 * exchange is bounded by a size and by a deadline covering the whole exchange (connect, headers
 * and the last byte of the body), so a peer that streams forever or trickles one byte a second is
 * cut off. The body is never buffered beyond its bound.
 */
public final class PeerClient {
  /** An answer: status, content type, and the whole body. */
  public record Answer(int status, String contentType, Buffer body) {
    public String text() {
      return body.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final Vertx vertx;
  private final Context eventLoop;
  private final HttpClient http;

  /**
   * @param eventLoop the event-loop context every exchange runs on, whoever calls: a blocked
   *     worker waiting for an answer must never be the context that answer is delivered to
   */
  private final java.util.Set<Promise<Answer>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public PeerClient(Vertx vertx, Context eventLoop, Duration connectTimeout) {
    if (!eventLoop.isEventLoopContext()) {
      throw new IllegalArgumentException("PeerClient needs an event-loop context");
    }
    this.vertx = vertx;
    this.eventLoop = eventLoop;
    this.http = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) connectTimeout.toMillis())
        .setKeepAlive(true));
  }

  /**
   * Sends one request; the future fails (and the connection is reset) if the body exceeds
   * {@code maxBytes} or the exchange is not over within {@code deadline}.
   */
  public Future<Answer> request(HttpMethod method, String url, Buffer body, int maxBytes, Duration deadline) {
    Promise<Answer> done = Promise.promise();
    if (closed) {
      done.fail(new IOException(method + " " + url + ": the node is stopping"));
      return done.future();
    }
    inFlight.add(done);
    done.future().onComplete(x -> inFlight.remove(done));
    eventLoop.runOnContext(v -> exchange(method, url, body, maxBytes, deadline, done));
    return done.future();
  }

  private void exchange(HttpMethod method, String url, Buffer body, int maxBytes, Duration deadline,
      Promise<Answer> done) {
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> {
      if (done.tryFail(new TimeoutException(method + " " + url + " did not complete within "
          + deadline.toMillis() + " ms"))) {
        reset(sent.get());
      }
    });
    RequestOptions ro = new RequestOptions().setMethod(method).setAbsoluteURI(url)
        .setIdleTimeout(deadline.toMillis()).setFollowRedirects(false);
    http.request(ro)
        .compose(req -> {
          sent.set(req);
          if (done.future().isComplete()) {
            reset(req);
          }
          return body == null ? req.send() : req.putHeader("Content-Type", "text/plain").send(body);
        })
        .onSuccess(resp -> {
          String length = resp.getHeader("Content-Length");
          if (length != null && length.length() < 20 && length.matches("[0-9]+")
              && Long.parseLong(length) > maxBytes) {
            tooLarge(done, sent.get(), url, maxBytes);
            return;
          }
          Buffer acc = Buffer.buffer();
          resp.exceptionHandler(done::tryFail);
          resp.handler(chunk -> {
            if (acc.length() + chunk.length() > maxBytes) {
              tooLarge(done, sent.get(), url, maxBytes);
            } else if (!done.future().isComplete()) {
              acc.appendBuffer(chunk);
            }
          });
          resp.endHandler(v -> done.tryComplete(
              new Answer(resp.statusCode(), resp.getHeader("Content-Type"), acc)));
        })
        .onFailure(done::tryFail);
    done.future().onComplete(x -> vertx.cancelTimer(timer));
  }

  /** GET that must answer 200; for blocking callers (a worker thread, never an event loop). */
  public byte[] getBlocking(String url, int maxBytes, Duration deadline) throws IOException {
    Answer a;
    try {
      a = request(HttpMethod.GET, url, null, maxBytes, deadline).toCompletionStage().toCompletableFuture()
          .get(deadline.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw new IOException(c instanceof TimeoutException ? c.getMessage()
          : "GET " + url + ": " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()), c);
    } catch (TimeoutException e) {
      throw new IOException("GET " + url + " did not complete within " + deadline.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + url, e);
    }
    if (a.status() != 200) {
      String text = a.text();
      throw new IOException("GET " + url + " answered " + a.status() + ": "
          + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
    }
    return a.body().getBytes();
  }

  private static void tooLarge(Promise<Answer> done, HttpClientRequest req, String url, int maxBytes) {
    if (done.tryFail(new IOException(url + " sent more than " + maxBytes + " bytes"))) {
      reset(req);
    }
  }

  private static void reset(HttpClientRequest req) {
    if (req != null) {
      req.reset();
    }
  }

  /**
   * Closes the client. Exchanges in flight fail at once, so that a node stopping never waits for
   * a peer's deadline.
   */
  public Future<Void> close() {
    closed = true;
    for (Promise<Answer> p : List.copyOf(inFlight)) {
      p.tryFail(new IOException("the node is stopping"));
    }
    return http.close();
  }
}
