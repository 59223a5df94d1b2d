package org.auditledger.node.witness;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.auditledger.node.PeerSpec;
import org.auditledger.node.sequencer.LogHead;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.cosignature.AddCheckpointRequest;
import org.auditledger.protocol.cosignature.Cosignature;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.note.NoteSignature;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.note.SignedNote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks this log's witnesses (C2SP tlog-witness) to cosign its newest checkpoint, and keeps the
 * newest checkpoint with the verified cosignatures it got. Runs on a timer; a witness that is
 * down is retried at the next round and never blocks the log.
 */
public final class CosignatureCollector {
  private static final Logger LOG = LoggerFactory.getLogger(CosignatureCollector.class);

  private final Vertx vertx;
  private final WebClient client;
  private final List<PeerSpec> witnesses;
  private final Supplier<LogHead> head;
  private final LogStore store;
  private final Map<String, Long> knownSize = new HashMap<>();
  private volatile SignedCheckpoint cosigned;
  private boolean running;
  private long timer = -1;

  public CosignatureCollector(Vertx vertx, List<PeerSpec> witnesses, Supplier<LogHead> head, LogStore store) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    this.witnesses = List.copyOf(witnesses);
    this.head = head;
    this.store = store;
  }

  /** The newest checkpoint carrying every cosignature obtained for it, or null. */
  public SignedCheckpoint cosigned() {
    return cosigned;
  }

  public void start(long periodMillis) {
    if (!witnesses.isEmpty()) {
      timer = vertx.setPeriodic(periodMillis, id -> round());
    }
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    client.close();
  }

  private void round() {
    LogHead h = head.get();
    if (running || h.checkpoint() == null
        || (cosigned != null && cosigned.checkpoint().size() == h.size())) {
      return;
    }
    running = true;
    SignedCheckpoint cp = h.checkpoint();
    List<Future<NoteSignature>> asks = new ArrayList<>();
    for (PeerSpec w : witnesses) {
      asks.add(ask(w, cp, true).otherwise(e -> {
        LOG.debug("witness {} did not cosign size {}: {}", w.url(), cp.checkpoint().size(), e.getMessage());
        return null;
      }));
    }
    Future.join(asks).onComplete(done -> {
      SignedNote note = cp.note();
      int got = 0;
      for (Future<NoteSignature> f : asks) {
        if (f.succeeded() && f.result() != null) {
          note = note.withSignature(f.result());
          got++;
        }
      }
      if (got > 0) {
        cosigned = new SignedCheckpoint(cp.checkpoint(), note);
      }
      running = false;
    });
  }

  /** add-checkpoint with the last size this witness is known to have cosigned; learns it on 409. */
  private Future<NoteSignature> ask(PeerSpec w, SignedCheckpoint cp, boolean retry) {
    long old = Math.min(knownSize.getOrDefault(w.url(), 0L), cp.checkpoint().size());
    return vertx.executeBlocking(() -> new AddCheckpointRequest(old,
            old == 0 ? List.of() : Proofs.consistency(old, cp.checkpoint().size()).fetch(store), cp.note()).encode(), false)
        .compose(body -> client.postAbs(w.url().replaceAll("/$", "") + "/add-checkpoint").sendBuffer(Buffer.buffer(body)))
        .compose(r -> {
          if (r.statusCode() == 409 && "text/x.tlog.size".equals(r.getHeader("Content-Type")) && retry) {
            knownSize.put(w.url(), Long.parseLong(r.bodyAsString().trim()));
            return ask(w, cp, false);
          }
          if (r.statusCode() != 200) {
            return Future.failedFuture("answered " + r.statusCode() + ": " + r.bodyAsString());
          }
          // Trust nothing: the line must be a valid cosignature by this witness on this checkpoint.
          SignedNote back = SignedNote.parse((cp.note().text() + "\n" + r.bodyAsString()).getBytes(StandardCharsets.UTF_8));
          for (NoteSignature s : back.signatures()) {
            if (s.isBy(w.vkey())) {
              Cosignature.verify(cp.checkpoint(), s, w.vkey());
              knownSize.put(w.url(), cp.checkpoint().size());
              return Future.succeededFuture(s);
            }
          }
          return Future.failedFuture("no cosignature by " + w.vkey().name() + " in the answer");
        });
  }
}
