package org.auditledger.cli.verify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.state.EntryIndex;
import org.auditledger.cli.state.LogState;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.replay.LogReplay;
import org.auditledger.protocol.replay.Replay;
import org.auditledger.protocol.replay.ReplayException;
import org.auditledger.protocol.tile.TileId;

/**
 * {@code audit verify}'s shell around the one replay ({@link LogReplay}): the log is read from a
 * node or mirror through {@link LogClient}, entries are checked on {@code threads} threads, and
 * what the replay concludes becomes the report, the saved state, or an exit code. Nothing is
 * taken on trust; memory stays bounded whatever the log's size.
 */
public final class LogVerifier {
  /** Entry bundles per proven chunk. */
  static final int CHUNK_BUNDLES = 16;

  private final LogClient client;
  private final NoteVerifierKey logKey;
  private final WitnessPolicy policy;
  private final int threads;
  private final Progress progress;
  private java.util.function.ObjLongConsumer<Entry> onEntry = (e, i) -> { };
  private PeerLogs peers = new PeerLogs();

  public LogVerifier(LogClient client, NoteVerifierKey logKey, WitnessPolicy policy, int threads,
      Progress progress) {
    this.client = client;
    this.logKey = logKey;
    this.policy = policy;
    this.threads = threads;
    this.progress = progress;
  }

  /** Other logs whose references are checked; references to logs not listed are counted. */
  public LogVerifier peers(PeerLogs peers) {
    this.peers = peers;
    return this;
  }

  /** Calls {@code listener} with each newly verified entry and its index, in order. */
  public LogVerifier onEntry(java.util.function.ObjLongConsumer<Entry> listener) {
    this.onEntry = listener;
    return this;
  }

  /** Verifies the log as the node serves it now, continuing from {@code previous} if given. */
  public Report verify(Optional<LogState> previous) throws AuditException {
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "audit-verify");
      t.setDaemon(true);
      return t;
    });
    LogReplay engine = new LogReplay(logKey, policy, LogReplay.Parallel.on(pool), CHUNK_BUNDLES);
    LogReplay.Source source = new LogReplay.Source() {
      @Override
      public byte[] checkpoint() {
        try {
          return client.checkpoint();
        } catch (AuditException e) {
          throw new FetchFailure(e);
        }
      }

      @Override
      public byte[] tile(TileId id) {
        try {
          return client.tile(id);
        } catch (AuditException e) {
          throw new FetchFailure(e);
        }
      }
    };
    try {
      LogReplay.Resume resume = null;
      EntryIndex ids = new EntryIndex();
      if (previous.isPresent()) {
        LogState s = previous.get();
        if (!s.vkey().equals(logKey.encode())) {
          throw new AuditException(ExitCode.LOCAL_INPUT, "the state of \"" + logKey.name()
              + "\" was verified with the log key " + s.vkey() + ", not " + logKey.encode());
        }
        if (!Arrays.equals(CompactRange.of(s.size(), s.edge()).root(), s.root())) {
          throw new AuditException(ExitCode.LOCAL_INPUT, "the saved state of \"" + logKey.name()
              + "\" is damaged (its tree edge does not hash to its root); move it away to start over");
        }
        resume = new LogReplay.Resume(new Replay.State(s.size(), s.edge(), s.lastLeafHash(), s.registry()),
            s.checkpoint().getBytes(StandardCharsets.UTF_8));
        if (s.entries() == null) {
          // A state saved before entry ids were indexed: prove consistency with it, then replay
          // every entry again so rule unique-payload covers them all.
          engine.open(resume, source);
          resume = null;
        } else {
          ids = s.entries();
        }
      }
      LogReplay.Session session = engine.open(resume, source);
      long size = session.checkpoint().checkpoint().checkpoint().size();
      long from = session.from();
      Collected c = new Collected(ids, session);
      progress.start(size - from);
      try {
        session.run(c, c, Long.MAX_VALUE);
      } finally {
        progress.done();
      }
      var cp = session.checkpoint();
      Replay.State st = c.state != null ? c.state : resume != null ? resume.state()
          : Replay.fromStart(logKey.name(), logKey.publicKey()).state();
      LogState state = new LogState(logKey.encode(), new String(cp.checkpoint().encode(), StandardCharsets.UTF_8),
          size, cp.checkpoint().checkpoint().rootHash(), st.edge(), st.lastLeafHash(), st.registry(), ids);
      return new Report(cp.checkpoint().checkpoint(), from, size - from, cp.cosigners(), c.kinds,
          (System.nanoTime() - t0) / 1e9, state, peers.checked(), peers.unchecked());
    } catch (ReplayException e) {
      throw classify(e);
    } catch (FetchFailure e) {
      throw e.audit();
    } finally {
      pool.shutdownNow();
    }
  }

  /** The verifier's side of the replay: its entry index, the counts, and the state reached. */
  private final class Collected implements LogReplay.Sink, LogReplay.Earlier {
    private final EntryIndex ids;
    private final String origin;
    final Map<String, Long> kinds = new TreeMap<>();
    Replay.State state;

    Collected(EntryIndex ids, LogReplay.Session session) {
      this.ids = ids;
      this.origin = session.checkpoint().checkpoint().checkpoint().origin();
    }

    @Override
    public long candidate(EntryId id) {
      return ids.candidate(id);
    }

    @Override
    public void commit(LogReplay.Chunk chunk) {
      for (LogReplay.Appended e : chunk.entries()) {
        ids.put(e.id(), e.index());
        try {
          peers.check(e.index(), origin, e.entry().payload().refs());
        } catch (AuditException a) {
          throw new FetchFailure(a);
        }
        kinds.merge(e.entry().payload().kind().jsonName(), 1L, Long::sum);
        onEntry.accept(e.entry(), e.index());
      }
      progress.advance(chunk.entries().size());
      state = chunk.state();
    }
  }

  /** The replay's class of failure as the CLI's exit code; evidence goes with it. */
  static AuditException classify(ReplayException e) {
    ExitCode code = switch (e.kind()) {
      case CHECKPOINT -> ExitCode.CHECKPOINT;
      case WITNESSES -> ExitCode.WITNESS;
      case INCONSISTENT -> ExitCode.INCONSISTENT;
      case TREE -> ExitCode.TREE;
      case ENTRY -> ExitCode.ENTRY;
      case AUTHORIZATION -> ExitCode.AUTHORIZATION;
    };
    return new AuditException(code, e.getMessage(), e.index(), e.rule(), e).withEvidence(e.evidence().orElse(null));
  }
}
