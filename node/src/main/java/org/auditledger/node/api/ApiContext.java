package org.auditledger.node.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.List;
import org.auditledger.node.NodeMetrics;
import org.auditledger.node.ServerLimits;
import org.auditledger.node.claims.Admission;
import org.auditledger.node.sequencer.Sequencer;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.wire.PeerSpec;

/**
 * What the endpoints share. {@code log} is the log they read ({@code sequencer} takes
 * submissions, and is null for a mirror, as is {@code admission}, which judges the claims of a
 * submission). {@code served} is the checkpoint {@code /checkpoint}
 * serves: the newest one witnesses cosigned, if the log has witnesses, else the newest.
 *
 * <p>Three executors keep blocking work off the event loop and apart: {@code verify} runs
 * signature and schema checks, {@code io} the cheap reads (one entry, a tile, a proof), {@code
 * heavy} the expensive ones (pages of entries, searches), so that many heavy requests cannot
 * delay a cheap one. Heavy work is bounded: beyond {@link Limits#MAX_HEAVY_WAITING} waiting
 * requests the node answers 503.
 */
public record ApiContext(Vertx vertx, LogSource log, Sequencer sequencer, NodeMetrics metrics,
    WorkerExecutor verify, WorkerExecutor io, WorkerExecutor heavy, AtomicInteger heavyWaiting,
    NoteVerifierKey vkey, NoteVerifierKey witnessVkey, Supplier<SignedCheckpoint> served,
    ServerLimits limits, Clock clock, Admission admission, Directory directory, Statuses statuses) {

  /**
   * An entry's status in derived state (protocol.md §10.1), shown with it wherever entries are
   * listed, so that no superseded entry looks current.
   */
  @FunctionalInterface
  public interface Statuses {
    /** Entry {@code index} of log {@code origin}'s status, or null if it is current and not amended. */
    com.fasterxml.jackson.databind.node.ObjectNode of(String origin, long index);

    Statuses NONE = (origin, index) -> null;
  }

  /**
   * What {@code /v1/log} and {@code /mirror/} list: the logs this node mirrors (each served under
   * {@code /mirror/<origin>/}) and the witnesses it asks to cosign its checkpoints.
   */
  public record Directory(List<Mirrored> mirrors, List<PeerSpec> witnesses) {
    public static final Directory NONE = new Directory(List.of(), List.of());

    public Directory {
      mirrors = List.copyOf(mirrors);
      witnesses = List.copyOf(witnesses);
    }
  }

  /** A mirror served by this node, and the key its origin signs checkpoints with. */
  public record Mirrored(LogSource log, NoteVerifierKey vkey) {}

  public LogStore store() {
    return log.store();
  }

  public <T> Future<T> onVerify(Callable<T> work) {
    return verify.executeBlocking(work, false);
  }

  public <T> Future<T> onIo(Callable<T> work) {
    return io.executeBlocking(work, false);
  }

  /** Runs an expensive read, or fails with 503 {@code busy} if too many are already waiting. */
  public <T> Future<T> onHeavy(Callable<T> work) {
    if (heavyWaiting.incrementAndGet() > Limits.MAX_HEAVY_WAITING) {
      heavyWaiting.decrementAndGet();
      return Future.failedFuture(new ApiException(ProblemType.BUSY, "the node is answering "
          + Limits.MAX_HEAVY_WAITING + " searches and pages already; retry shortly"));
    }
    return heavy.executeBlocking(work, false).onComplete(x -> heavyWaiting.decrementAndGet());
  }

  /** This context for a mirror: another log, same executors and limits, no submissions. */
  public ApiContext forMirror(LogSource mirror, NoteVerifierKey mirrorVkey, Supplier<SignedCheckpoint> mirrorServed) {
    return new ApiContext(vertx, mirror, null, metrics, verify, io, heavy, heavyWaiting, mirrorVkey, witnessVkey,
        mirrorServed, limits, clock, null, Directory.NONE, statuses);
  }
}
