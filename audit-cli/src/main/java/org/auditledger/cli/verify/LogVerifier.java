package org.auditledger.cli.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.state.ClaimsState;
import org.auditledger.cli.state.EntryIndex;
import org.auditledger.cli.state.LogState;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.claims.KnownLogs;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.derived.Accountability;
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
  private KnownLogs others = KnownLogs.NONE;
  private boolean othersGiven;

  public LogVerifier(LogClient client, NoteVerifierKey logKey, WitnessPolicy policy, int threads,
      Progress progress) {
    this.client = client;
    this.logKey = logKey;
    this.policy = policy;
    this.threads = threads;
    this.progress = progress;
  }

  /**
   * Other logs, verified before, against which claims are judged; claims on logs not given stay
   * unchecked (kept in the claims state, judged again by a later run that has them).
   */
  public LogVerifier others(KnownLogs others) {
    this.others = others;
    this.othersGiven = true;
    return this;
  }

  /** Calls {@code listener} with each newly verified entry and its index, in order. */
  public LogVerifier onEntry(java.util.function.ObjLongConsumer<Entry> listener) {
    this.onEntry = listener;
    return this;
  }

  /**
   * Verifies the log as the node serves it now, continuing from {@code previous} if given, and
   * judges the claims of its new entries and of those left unchecked before ({@code claims}, null
   * when not kept).
   */
  public Report verify(Optional<LogState> previous, ClaimsState claims) throws AuditException {
    return verify(previous, claims, new Accountability());
  }

  /**
   * As {@link #verify(Optional, ClaimsState)}, recording in {@code derived} the derived facts of
   * each entry verified (and of each entry whose claims are judged again).
   */
  public Report verify(Optional<LogState> previous, ClaimsState claims, Accountability derived) throws AuditException {
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
      ClaimsState before = claims != null ? claims : from == 0 ? ClaimsState.EMPTY
          : new ClaimsState(null, new java.util.TreeSet<>(), List.of());
      Collected c = new Collected(ids, session, before, derived);
      progress.start(size - from);
      try {
        session.run(c, others, c, Long.MAX_VALUE);
      } finally {
        progress.done();
      }
      var cp = session.checkpoint();
      Replay.State st = c.state != null ? c.state : resume != null ? resume.state()
          : Replay.fromStart(logKey.name(), logKey.publicKey()).state();
      LogState state = new LogState(logKey.encode(), new String(cp.checkpoint().encode(), StandardCharsets.UTF_8),
          size, cp.checkpoint().checkpoint().rootHash(), st.edge(), st.lastLeafHash(), st.registry(), ids);
      RemoteLog self = new RemoteLog(client, logKey, cp.checkpoint().encode(), cp.checkpoint().checkpoint(),
          st.registry(), c.keyEntries);
      ClaimsJudge.Outcome judged = new ClaimsJudge(self, others, othersGiven, derived)
          .settle(before, c.appended, c.held, c.keyEntries);
      return new Report(cp.checkpoint().checkpoint(), from, size - from, cp.cosigners(), c.kinds,
          (System.nanoTime() - t0) / 1e9, state, judged.state(), judged.held(), judged.newlyFailed(), self);
    } catch (ReplayException e) {
      throw classify(e);
    } catch (FetchFailure e) {
      throw e.audit();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The verifier's side of the replay: its entry index, the counts, the key entries, the claims
   * that did not hold (with their entry's leaf), and the state reached.
   */
  private final class Collected implements LogReplay.Sink, LogReplay.Earlier {
    private final EntryIndex ids;
    final Map<String, Long> kinds = new TreeMap<>();
    final List<ClaimsJudge.Judged> appended = new ArrayList<>();
    final List<Long> keyEntries;
    final Accountability derived;
    final String origin;
    long held;
    Replay.State state;

    Collected(EntryIndex ids, LogReplay.Session session, ClaimsState before, Accountability derived) {
      this.ids = ids;
      this.derived = derived;
      this.origin = session.checkpoint().checkpoint().checkpoint().origin();
      this.keyEntries = before.keyEntries() == null ? null : new ArrayList<>(before.keyEntries());
    }

    @Override
    public long candidate(EntryId id) {
      return ids.candidate(id);
    }

    @Override
    public void commit(LogReplay.Chunk chunk) {
      for (LogReplay.Appended e : chunk.entries()) {
        ids.put(e.id(), e.index());
        if (e.entry().payload().kind() == org.auditledger.protocol.entry.EntryKind.KEY && keyEntries != null) {
          keyEntries.add(e.index());
        }
        // Only the entries with a claim not holding are kept: memory stays bounded by those.
        if (e.claims().stream().anyMatch(x -> x.status() != Claim.Status.HOLDS)) {
          appended.add(new ClaimsJudge.Judged(e.index(), e.claims()));
        }
        held += e.claims().stream().filter(x -> x.status() == Claim.Status.HOLDS).count();
        derived.apply(origin, e.index(), e.entry().leaf().logged(), e.entry().payload(), e.claims());
        kinds.merge(e.entry().payload().kind().jsonName(), 1L, Long::sum);
        onEntry.accept(e.entry(), e.index());
      }
      progress.advance(chunk.entries().size());
      state = chunk.state();
    }
  }

  /**
   * Verifies the log from the state saved in {@code states} (if any), then saves the new state
   * and its claims: the claims first, so that a state is never next to older claims than its own.
   */
  public Report verifyAndSave(org.auditledger.cli.state.StateDir states) throws AuditException {
    String origin = logKey.name();
    Optional<LogState> previous = states.load(origin);
    Accountability derived = new Accountability();
    byte[] facts = previous.isPresent() ? states.loadDerived(origin) : null;
    if (facts != null) {
      try {
        derived.absorb(facts);
      } catch (IllegalArgumentException e) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "derived state " + states.derivedFile(origin) + ": "
            + e.getMessage() + "; move the log's state directory away to verify it from scratch", e);
      }
    }
    Report r = verify(previous, previous.isPresent() ? states.loadClaims(origin) : null, derived);
    states.saveClaims(origin, r.claims());
    // A state saved before derived facts were kept has none for its older entries: none are
    // written, and derived answers say the log must be verified from scratch.
    if (facts != null || previous.isEmpty()) {
      states.saveDerived(origin, derived.facts());
    }
    states.save(origin, r.state());
    return r;
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
