package org.auditledger.node.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import org.auditledger.node.NodeMetrics;
import org.auditledger.node.sequencer.Sequencer;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.note.NoteVerifierKey;

/**
 * What the endpoints share. {@code log} is the log they read ({@code sequencer} takes
 * submissions, and is null for a mirror). {@code served} is the checkpoint {@code /checkpoint} serves: the
 * newest one witnesses cosigned, if the log has witnesses, else the newest. {@code verify} runs signature and schema checks, {@code io} runs
 * RocksDB reads; both keep blocking work off the event loop.
 */
public record ApiContext(Vertx vertx, LogSource log, Sequencer sequencer, NodeMetrics metrics,
    WorkerExecutor verify, WorkerExecutor io, NoteVerifierKey vkey,
    NoteVerifierKey witnessVkey, java.util.function.Supplier<org.auditledger.protocol.note.SignedCheckpoint> served) {

  public LogStore store() {
    return log.store();
  }

  public <T> Future<T> onVerify(Callable<T> work) {
    return verify.executeBlocking(work, false);
  }

  public <T> Future<T> onIo(Callable<T> work) {
    return io.executeBlocking(work, false);
  }
}
