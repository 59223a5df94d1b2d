package org.auditledger.cli.client;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected up to a bound: beyond {@code max} bytes the subscription is cancelled
 * and the body fails with {@link TooLarge}, so a node cannot make the CLI buffer more. {@link
 * #abort()} cancels it when the exchange's deadline passes.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** The body passed its bound. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(int max) {
      super("more than " + max + " bytes");
    }
  }

  private final int max;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;

  BoundedBody(int max) {
    this.max = max;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    // Everything as it comes: the bound is enforced by cancelling, not by asking slowly.
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    synchronized (out) {
      for (ByteBuffer b : items) {
        if (out.size() + b.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge(max));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    synchronized (out) {
      result.complete(out.toByteArray());
    }
  }

  /** Stops receiving and fails the body (the exchange's deadline passed); returns the bytes that had arrived. */
  long abort() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    synchronized (out) {
      result.completeExceptionally(new java.io.IOException("the exchange's deadline passed"));
      return out.size();
    }
  }
}
