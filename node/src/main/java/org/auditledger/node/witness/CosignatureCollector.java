package org.auditledger.node.witness;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.auditledger.node.PeerClient;
import org.auditledger.protocol.wire.PeerSpec;
import org.auditledger.node.sequencer.LogHead;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.cosignature.AddCheckpointRequest;
import org.auditledger.protocol.cosignature.Cosignature;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.note.NoteSignature;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.note.SignedNote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks this log's witnesses (C2SP tlog-witness) to cosign its newest checkpoint, and serves the
 * newest checkpoint with as many verified cosignatures as any recent one has.
 *
 * <p>Each witness makes its own progress: it is asked whenever it has not cosigned the newest
 * checkpoint and no request to it is in flight; each request has a deadline; after a failure that
 * witness waits 1, 2, 4 … up to 60 s. A witness that hangs, fails or lags never delays the others
 * or the log. All state is touched on the Vert.x context the collector was started on.
 */
public final class CosignatureCollector {
  private static final Logger LOG = LoggerFactory.getLogger(CosignatureCollector.class);
  /** A witness answers with a few signature lines; anything larger is refused. */
  static final int MAX_ANSWER_BYTES = 4096;
  /** Recent checkpoints whose cosignatures are kept, to choose the best-cosigned one. */
  static final int RECENT = 32;
  private static final long MAX_BACKOFF_MS = 60_000;

  private final Vertx vertx;
  private final PeerClient client;
  private final List<Asked> witnesses = new ArrayList<>();
  private final Supplier<LogHead> head;
  private final org.auditledger.protocol.merkle.HashReader store;
  private final Duration deadline;
  /** Recent checkpoints by size, each with the cosignatures obtained for it, by witness name. */
  private final LinkedHashMap<Long, Cosigned> recent = new LinkedHashMap<>();
  private volatile SignedCheckpoint served;
  private long timer = -1;

  private static final class Asked {
    final PeerSpec spec;
    long knownSize;
    long cosignedSize = -1;
    boolean inFlight;
    long notBefore;
    long backoffMs;

    Asked(PeerSpec spec) {
      this.spec = spec;
    }
  }

  private record Cosigned(SignedCheckpoint checkpoint, Map<String, NoteSignature> sigs) {}

  public CosignatureCollector(Vertx vertx, PeerClient client, List<PeerSpec> witnesses,
      Supplier<LogHead> head, org.auditledger.protocol.merkle.HashReader store, Duration deadline) {
    this.vertx = vertx;
    this.client = client;
    witnesses.forEach(w -> this.witnesses.add(new Asked(w)));
    this.head = head;
    this.store = store;
    this.deadline = deadline;
  }

  /** The newest checkpoint among those with the most cosignatures, or null before the first. */
  public SignedCheckpoint cosigned() {
    return served;
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
  }

  private void round() {
    LogHead h = head.get();
    if (h.checkpoint() == null) {
      return;
    }
    long now = System.currentTimeMillis();
    for (Asked w : witnesses) {
      if (w.inFlight || w.cosignedSize == h.size() || now < w.notBefore) {
        continue;
      }
      w.inFlight = true;
      SignedCheckpoint cp = h.checkpoint();
      ask(w, cp, true).onComplete(ar -> {
        w.inFlight = false;
        if (ar.succeeded()) {
          w.backoffMs = 0;
          w.notBefore = 0;
          w.cosignedSize = cp.checkpoint().size();
          add(cp, w.spec.vkey().name(), ar.result());
        } else {
          w.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(1000, w.backoffMs * 2));
          w.notBefore = System.currentTimeMillis() + w.backoffMs;
          LOG.debug("witness {} did not cosign size {}: {}; next try in {} ms", w.spec.url(),
              cp.checkpoint().size(), ar.cause().getMessage(), w.backoffMs);
        }
      });
    }
  }

  private void add(SignedCheckpoint cp, String witness, NoteSignature sig) {
    recent.computeIfAbsent(cp.checkpoint().size(), s -> new Cosigned(cp, new HashMap<>())).sigs().put(witness, sig);
    while (recent.size() > RECENT) {
      recent.remove(recent.keySet().iterator().next());
    }
    Cosigned best = null;
    for (Cosigned c : recent.values()) {
      if (best == null || c.sigs().size() > best.sigs().size()
          || c.sigs().size() == best.sigs().size() && c.checkpoint().checkpoint().size() > best.checkpoint().checkpoint().size()) {
        best = c;
      }
    }
    SignedNote note = best.checkpoint().note();
    for (NoteSignature s : best.sigs().values()) {
      note = note.withSignature(s);
    }
    served = new SignedCheckpoint(best.checkpoint().checkpoint(), note);
  }

  /** add-checkpoint with the last size this witness is known to have cosigned; learns it on 409. */
  private Future<NoteSignature> ask(Asked w, SignedCheckpoint cp, boolean retry) {
    long size = cp.checkpoint().size();
    long old = Math.min(w.knownSize, size);
    String url = w.spec.url().replaceAll("/$", "") + "/add-checkpoint";
    return vertx.executeBlocking(() -> new AddCheckpointRequest(old,
            old == 0 ? List.of() : Proofs.consistency(old, size).fetch(store), cp.note()).encode(), false)
        .compose(body -> client.request(HttpMethod.POST, url, Buffer.buffer(body), MAX_ANSWER_BYTES, deadline))
        .compose(r -> {
          if (r.status() == 409 && "text/x.tlog.size".equals(r.contentType()) && retry) {
            String t = r.text().trim();
            if (!t.matches("0|[1-9][0-9]{0,18}")) {
              return Future.failedFuture(url + " answered 409 with a size that is not a number");
            }
            w.knownSize = Long.parseLong(t);
            return ask(w, cp, false);
          }
          if (r.status() != 200) {
            return Future.failedFuture(url + " answered " + r.status() + ": " + r.text());
          }
          // Trust nothing: the line must be a valid cosignature by this witness on this checkpoint.
          SignedNote back = SignedNote.parse((cp.note().text() + "\n" + r.text()).getBytes(StandardCharsets.UTF_8));
          for (NoteSignature s : back.signatures()) {
            if (s.isBy(w.spec.vkey())) {
              Cosignature.verify(cp.checkpoint(), s, w.spec.vkey());
              w.knownSize = size;
              return Future.succeededFuture(s);
            }
          }
          return Future.failedFuture("no cosignature by " + w.spec.vkey().name() + " in the answer of " + url);
        });
  }
}
