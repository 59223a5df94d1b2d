package org.auditledger.protocol.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.authz.LogView;
import org.auditledger.protocol.authz.UnauthorizedException;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.claims.Claims;
import org.auditledger.protocol.claims.EntryFacts;
import org.auditledger.protocol.claims.KnownLog;
import org.auditledger.protocol.claims.KnownLogs;
import org.auditledger.protocol.cosignature.QuorumNotMetException;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.cosignature.WitnessedCheckpoint;
import org.auditledger.protocol.dsse.InvalidSignatureException;
import org.auditledger.protocol.entry.BrokenChainException;
import org.auditledger.protocol.entry.DuplicateEntryException;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.SchemaViolationException;
import org.auditledger.protocol.evidence.Equivocation;
import org.auditledger.protocol.evidence.Evidence;
import org.auditledger.protocol.evidence.InvalidEntry;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.InvalidProofException;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.tile.EntryBundle;
import org.auditledger.protocol.tile.TileHashReader;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.tile.TileSource;
import org.auditledger.protocol.tile.Tiles;

/**
 * The one way a log is verified, whoever verifies it (a node's mirror, {@code audit verify}):
 *
 * <ol>
 *   <li>open the log's checkpoint with the trusted key and witness policy;
 *   <li>prove it consistent with the state verified before, <em>first</em>, so nothing of a fork
 *       is ever read as the continuation of a verified log;
 *   <li>stream the new entries in chunks: each entry through every rule (leaf encoding,
 *       signatures, schema: in parallel; then in order the {@code prev} chain, unique-payload,
 *       authorization and references, see {@link Replay});
 *   <li>prove each chunk's root against the signed checkpoint (a consistency proof from the
 *       chunk's end, or the root itself at the end) before the {@link Sink} may commit it, so a
 *       sink never holds anything unproven, however the replay ends.
 * </ol>
 *
 * What it refuses is a {@link ReplayException}; when the data proves the log misbehaved (a fork
 * of a checkpoint verified before, an invalid entry inside the signed tree), the exception
 * carries the self-contained {@link Evidence}. Pure: all I/O is the {@link Source}'s, all
 * threads the {@link Parallel}'s. Not thread-safe.
 */
public final class LogReplay {
  /** Where the log is read: its checkpoint note and its tiles. Nothing it returns is trusted. */
  public interface Source extends TileSource {
    byte[] checkpoint();
  }

  /** Runs independent work; the shell chooses how (protocol code starts no threads). */
  public interface Parallel {
    /** Starts {@code f} on each item; the supplier waits and returns the results in order. */
    <T, R> Supplier<List<R>> start(List<T> items, Function<T, R> f);

    /** Everything on the caller's thread, when {@link Supplier#get()} is called. */
    Parallel SERIAL = new Parallel() {
      @Override
      public <T, R> Supplier<List<R>> start(List<T> items, Function<T, R> f) {
        return () -> items.stream().map(f).toList();
      }
    };

    /**
     * On the caller's executor (whose threads the shell owns). A failure of any item is rethrown
     * by {@link Supplier#get()} as it was thrown.
     */
    static Parallel on(java.util.concurrent.Executor executor) {
      return new Parallel() {
        @Override
        public <T, R> Supplier<List<R>> start(List<T> items, Function<T, R> f) {
          List<java.util.concurrent.CompletableFuture<R>> futures = new ArrayList<>(items.size());
          items.forEach(i -> futures.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> f.apply(i), executor)));
          return () -> {
            List<R> out = new ArrayList<>(futures.size());
            for (java.util.concurrent.CompletableFuture<R> cf : futures) {
              try {
                out.add(cf.join());
              } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                  throw re;
                }
                if (e.getCause() instanceof Error err) {
                  throw err;
                }
                throw e;
              }
            }
            return out;
          };
        }
      };
    }
  }

  /** What the caller already holds of entries before the replay's start. */
  public interface Earlier {
    /** An earlier entry that may carry this id (an exact or a candidate index), or -1. */
    long candidate(EntryId id);

    /** The leaf of earlier entry {@code index} as the caller keeps it, or null to read the log's. */
    default byte[] leaf(long index) {
      return null;
    }
  }

  /** Receives each proven chunk; it may store it (a mirror) or remember it (a verifier). */
  public interface Sink {
    void commit(Chunk chunk);
  }

  /**
   * One entry replayed, with its claims judged against the logs known to the run ({@link
   * Claims}): a claim that fails does not stop the replay, the log being intact.
   */
  public record Appended(long index, byte[] leaf, byte[] leafHash, Entry entry, EntryId id, List<Claim> claims) {
    public Appended {
      claims = List.copyOf(claims);
    }
  }

  /** A tree node an appended entry completed, for storage. */
  public record NodeHash(NodeId id, byte[] hash) {}

  /**
   * A proven chunk: its entries, the tree nodes they complete, and the state after them;
   * {@code complete} when it ends at the checkpoint's size (then the checkpoint may be served).
   */
  public record Chunk(List<Appended> entries, List<NodeHash> nodes, Replay.State state,
      WitnessedCheckpoint checkpoint, boolean complete) {}

  /** Where to resume: a verified state and the signed checkpoint note it was proven against. */
  public record Resume(Replay.State state, byte[] checkpointNote) {}

  /** What a run did: the checkpoint, entries {@code [from, to)} proven, and whether all of it. */
  public record Outcome(WitnessedCheckpoint checkpoint, long from, long to, boolean complete) {}

  private static final int RECENT = 4096;
  private static final int EARLIER_BUNDLES = 16;

  private final NoteVerifierKey logKey;
  private final WitnessPolicy policy;
  private final Parallel parallel;
  private final int chunkBundles;

  /** @param chunkBundles entry bundles per proven chunk (4096 entries for 16) */
  public LogReplay(NoteVerifierKey logKey, WitnessPolicy policy, Parallel parallel, int chunkBundles) {
    if (chunkBundles < 1) {
      throw new IllegalArgumentException("chunks of at least one bundle");
    }
    this.logKey = logKey;
    this.policy = policy;
    this.parallel = parallel;
    this.chunkBundles = chunkBundles;
  }

  /**
   * Verifies the log {@code source} serves now, from {@code previous} (null: from the start), at
   * most {@code maxEntries} new entries.
   *
   * @throws ReplayException naming the class, entry and rule, with evidence when there is some
   */
  public Outcome run(Resume previous, Source source, Earlier earlier, Sink sink, long maxEntries) {
    return open(previous, source).run(earlier, sink, maxEntries);
  }

  /** As {@link #run(Resume, Source, Earlier, Sink, long)}, judging claims against {@code others} too. */
  public Outcome run(Resume previous, Source source, Earlier earlier, KnownLogs others, Sink sink, long maxEntries) {
    return open(previous, source).run(earlier, others, sink, maxEntries);
  }

  /**
   * Opens the log's checkpoint and proves it consistent with {@code previous}: the first half of
   * {@link #run}, for callers that want to see the checkpoint before any entry is read.
   *
   * @throws ReplayException if the checkpoint is not trusted, or not consistent with {@code previous}
   */
  public Session open(Resume previous, Source source) {
    byte[] note = source.checkpoint();
    WitnessedCheckpoint target = open(note);
    Checkpoint c = target.checkpoint().checkpoint();
    Run run = new Run(target, note, source);
    Replay replay = Replay.fromStart(c.origin(), logKey.publicKey());
    if (previous != null) {
      run.consistentWith(previous);
      replay = Replay.resume(c.origin(), logKey.publicKey(), previous.state());
    }
    return new Session(run, replay);
  }

  /** A checkpoint opened and proven consistent with the state before, ready to stream entries. */
  public final class Session {
    private final Run run;
    private final Replay replay;

    private Session(Run run, Replay replay) {
      this.run = run;
      this.replay = replay;
    }

    /** The checkpoint this session verifies against. */
    public WitnessedCheckpoint checkpoint() {
      return run.target;
    }

    /** The size verified before (0 from the start). */
    public long from() {
      return replay.size();
    }

    /** Streams at most {@code maxEntries} entries through every rule, chunk by proven chunk. */
    public Outcome run(Earlier earlier, Sink sink, long maxEntries) {
      return run(earlier, KnownLogs.NONE, sink, maxEntries);
    }

    /**
     * As {@link #run(Earlier, Sink, long)}, judging the entries' claims against this log and
     * {@code others}.
     */
    public Outcome run(Earlier earlier, KnownLogs others, Sink sink, long maxEntries) {
      run.earlier = earlier;
      run.others = others;
      long size = run.checkpoint.size();
      long from = replay.size();
      long end = maxEntries >= size - from ? size : from + Math.max(0, maxEntries);
      // Two chunks are always downloading and being checked while one is applied, so that the
      // checking threads never wait for the in-order work.
      java.util.ArrayDeque<long[]> ranges = new java.util.ArrayDeque<>();
      java.util.ArrayDeque<Supplier<List<Opened>>> pending = new java.util.ArrayDeque<>();
      long next = from;
      while (next < end || !pending.isEmpty()) {
        while (next < end && pending.size() < 2) {
          long e = chunkEnd(next, end);
          ranges.add(new long[] {next, e});
          pending.add(run.fetch(next, e));
          next = e;
        }
        long[] r = ranges.poll();
        List<Opened> opened = pending.poll().get();
        if (next < end) {
          long e = chunkEnd(next, end);
          ranges.add(new long[] {next, e});
          pending.add(run.fetch(next, e));
          next = e;
        }
        sink.commit(run.apply(replay, r[0], r[1], opened));
      }
      return new Outcome(run.target, from, end, end == size);
    }
  }

  private long chunkEnd(long start, long end) {
    return Math.min(end, (start / Tiles.WIDTH + chunkBundles) * Tiles.WIDTH);
  }

  private WitnessedCheckpoint open(byte[] note) {
    WitnessedCheckpoint cp;
    try {
      cp = WitnessedCheckpoint.open(note, logKey, WitnessPolicy.none());
    } catch (ProtocolException e) {
      throw new ReplayException(ReplayException.Kind.CHECKPOINT, null, null,
          "checkpoint is not valid for log key " + logKey.encode() + ": " + e.getMessage(), null, e);
    }
    return withWitnesses(cp);
  }

  private WitnessedCheckpoint withWitnesses(WitnessedCheckpoint cp) {
    try {
      return new WitnessedCheckpoint(cp.checkpoint(), policy.check(cp.checkpoint().checkpoint(), cp.checkpoint().note()));
    } catch (QuorumNotMetException e) {
      throw ReplayException.of(ReplayException.Kind.WITNESSES, null, null, e, null);
    }
  }

  /**
   * An entry as downloaded and checked on its own, with its leaf hash and id (all computed in
   * parallel); {@code failure} if that check failed.
   */
  private record Opened(long index, byte[] leaf, Entry entry, byte[] leafHash, EntryId id, ProtocolException failure) {}

  private record Seen(EntryFacts facts, EntryId id) {}

  /** One run against one signed checkpoint. */
  private final class Run {
    final WitnessedCheckpoint target;
    final byte[] note;
    final Checkpoint checkpoint;
    final Source source;
    Earlier earlier;
    KnownLogs others = KnownLogs.NONE;
    final TileHashReader hashes;
    final Map<Long, Seen> recent = new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Seen> eldest) {
        return size() > RECENT;
      }
    };

    // Entry bundles read back for earlier entries that references name: references cluster, so
    // a few bundles spare a fetch per reference.
    final Map<TileId, List<byte[]>> bundles = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<TileId, List<byte[]>> eldest) {
        return size() > EARLIER_BUNDLES;
      }
    };

    Run(WitnessedCheckpoint target, byte[] note, Source source) {
      this.target = target;
      this.note = note;
      this.checkpoint = target.checkpoint().checkpoint();
      this.source = source;
      this.hashes = new TileHashReader(checkpoint.size(), source);
    }

    /** RFC 9162 §2.1.4: the signed tree extends the one verified before, or we stop here. */
    void consistentWith(Resume previous) {
      long s = previous.state().size();
      long n = checkpoint.size();
      if (n < s) {
        throw new ReplayException(ReplayException.Kind.INCONSISTENT, null, "rollback", "rollback: the log serves a tree of size "
            + n + ", smaller than the size " + s + " verified before", null, null);
      }
      byte[] root = CompactRange.of(s, previous.state().edge()).root();
      try {
        ProofVerifier.verifyConsistency(s, n, Proofs.consistency(s, n).fetch(hashes), root, checkpoint.rootHash());
      } catch (ProtocolException e) {
        throw new ReplayException(ReplayException.Kind.INCONSISTENT, null, "fork", "fork: the tree of size " + n
            + " does not extend the tree of size " + s + " verified before: " + e.getMessage(),
            forkEvidence(previous.checkpointNote()), e);
      }
    }

    /** Evidence when the checkpoint verified before and this one cannot both be true. */
    private Evidence forkEvidence(byte[] known) {
      if (known == null) {
        return null;
      }
      try {
        Checkpoint k = org.auditledger.protocol.note.SignedCheckpoint.open(known, logKey).checkpoint();
        if (k.size() == checkpoint.size()) {
          return Arrays.equals(k.rootHash(), checkpoint.rootHash()) ? null : Equivocation.sameSize(logKey, known, note);
        }
        if (k.size() > checkpoint.size()) {
          return null;
        }
        byte[] prior = CompactRange.of(k.size(), hashes.read(CompactRange.edge(k.size()))).root();
        return Equivocation.fork(logKey, known, note, prior, Proofs.consistency(k.size(), checkpoint.size()).fetch(hashes));
      } catch (ProtocolException | IllegalArgumentException notProof) {
        // The tiles do not prove the contradiction: it may be the server, not the log.
        return null;
      }
    }

    /** Downloads and checks, in parallel, the entries [a, b). */
    Supplier<List<List<Opened>>> fetchBundles(long a, long b) {
      List<Long> bundles = new ArrayList<>();
      for (long k = a / Tiles.WIDTH; k * Tiles.WIDTH < b; k++) {
        bundles.add(k);
      }
      return parallel.start(bundles, k -> openBundle(k, a, b));
    }

    Supplier<List<Opened>> fetch(long a, long b) {
      Supplier<List<List<Opened>>> s = fetchBundles(a, b);
      return () -> {
        List<Opened> out = new ArrayList<>((int) (b - a));
        s.get().forEach(out::addAll);
        return out;
      };
    }

    private List<Opened> openBundle(long bundle, long a, long b) {
      TileId id = Tiles.tileFor(TileId.ENTRIES, bundle, checkpoint.size());
      long first = bundle * Tiles.WIDTH;
      List<byte[]> leaves;
      try {
        leaves = EntryBundle.decode(source.tile(id), id.width());
      } catch (ProtocolException e) {
        return List.of(new Opened(Math.max(a, first), null, null, null, null, e));
      }
      List<Opened> out = new ArrayList<>();
      for (long i = Math.max(a, first); i < Math.min(b, first + id.width()); i++) {
        byte[] leaf = leaves.get((int) (i - first));
        try {
          Entry e = Entry.open(leaf);
          out.add(new Opened(i, leaf, e, Rfc6962.leafHash(leaf), EntryId.of(e.leaf().envelope()), null));
        } catch (ProtocolException e) {
          out.add(new Opened(i, leaf, null, null, null, e));
          break;
        }
      }
      return out;
    }

    /** Applies the in-order rules to entries [a, b), proves the chunk, and returns it. */
    Chunk apply(Replay replay, long a, long b, List<Opened> opened) {
      List<Appended> appended = new ArrayList<>((int) (b - a));
      List<NodeHash> nodes = new ArrayList<>();
      Map<EntryId, Long> ids = new HashMap<>();
      LogView view = view(ids);
      Self self = new Self();
      KnownLogs logs = KnownLogs.of(self, others);
      long expect = a;
      for (Opened o : opened) {
        if (o.index() != expect || o.failure() != null) {
          throw entryFailure(o.index() != expect ? expect : o.index(), o);
        }
        EntryId id = o.id();
        byte[] leafHash = o.leafHash();
        try {
          replay.append(leafHash, id, o.entry(), view, (nid, h) -> nodes.add(new NodeHash(nid, h)));
        } catch (BrokenChainException e) {
          throw ReplayException.of(ReplayException.Kind.ENTRY, o.index(), "chain", e, chainEvidence(o));
        } catch (DuplicateEntryException e) {
          throw ReplayException.of(ReplayException.Kind.ENTRY, o.index(), DuplicateEntryException.RULE, e,
              duplicateEvidence(o, e.firstIndex()));
        } catch (UnauthorizedException e) {
          throw ReplayException.of(ReplayException.Kind.AUTHORIZATION, o.index(), e.rule(), e, null);
        } catch (ProtocolException e) {
          throw ReplayException.of(ReplayException.Kind.ENTRY, o.index(), "format", e, null);
        }
        ids.put(id, o.index());
        self.size = o.index();
        List<Claim> claims = Claims.check(checkpoint.origin(), o.index(), o.entry().leaf().logged(), o.entry().payload(),
            o.entry().leaf().envelope().signers(), logs);
        recent.put(o.index(), new Seen(EntryFacts.of(checkpoint.origin(), leafHash, o.entry().payload()), id));
        appended.add(new Appended(o.index(), o.leaf(), leafHash, o.entry(), id, claims));
        expect++;
      }
      if (expect != b) {
        throw new ReplayException(ReplayException.Kind.ENTRY, expect, "format", "entry " + expect
            + " is missing from the entry bundles served", null, null);
      }
      prove(replay, a, b, appended);
      return new Chunk(appended, nodes, replay.state(), target, b == checkpoint.size());
    }

    /** The chunk's entries hash to the signed tree: its root at b extends to the checkpoint's. */
    private void prove(Replay replay, long a, long b, List<Appended> appended) {
      byte[] root = replay.root();
      long n = checkpoint.size();
      try {
        if (b == n) {
          replay.checkRoot(checkpoint);
        } else {
          ProofVerifier.verifyConsistency(b, n, Proofs.consistency(b, n).fetch(hashes), root, checkpoint.rootHash());
        }
      } catch (ProtocolException | IllegalArgumentException e) {
        throw new ReplayException(ReplayException.Kind.TREE, a, "tree", "entries [" + a + ", " + b
            + ") do not hash to the signed tree of size " + n + ": " + e.getMessage(), treeEvidence(a, b, appended), e);
      }
    }

    /**
     * The served chain and the signed tree disagree in [a, b): find k with the tree's leaf at k
     * other than the served one, while the served leaf at k+1 is the tree's. That leaf of the
     * signed tree names as prev a hash the tree does not hold at k: self-contained evidence.
     */
    private Evidence treeEvidence(long a, long b, List<Appended> appended) {
      try {
        for (int k = appended.size() - 2; k >= 0; k--) {
          Appended left = appended.get(k);
          Appended right = appended.get(k + 1);
          byte[] hk = hashes.read(List.of(new NodeId(0, left.index()))).get(0);
          byte[] hk1 = hashes.read(List.of(new NodeId(0, right.index()))).get(0);
          if (!Arrays.equals(hk, left.leafHash()) && Arrays.equals(hk1, right.leafHash())) {
            return InvalidEntry.of(logKey, note, InvalidEntry.CHAIN,
                InvalidEntry.Proven.ofLeaf(right.index(), right.leaf(), inclusion(right.index())),
                new InvalidEntry.Proven(left.index(), null, hk, inclusion(left.index())));
          }
        }
      } catch (ProtocolException | IllegalArgumentException notProof) {
        // The tiles do not authenticate what they claim: the server may be at fault, not the log.
      }
      return null;
    }

    private List<byte[]> inclusion(long index) {
      return Proofs.inclusion(index, checkpoint.size()).fetch(hashes);
    }

    /** A leaf of the signed tree, with its proof; null if the server's data does not prove it. */
    private InvalidEntry.Proven provenLeaf(long index, byte[] leaf) {
      try {
        byte[] bytes = leaf;
        if (bytes == null) {
          TileId bundle = Tiles.tileFor(TileId.ENTRIES, index / Tiles.WIDTH, checkpoint.size());
          List<byte[]> leaves = bundles.get(bundle);
          if (leaves == null) {
            leaves = EntryBundle.decode(source.tile(bundle), bundle.width());
            bundles.put(bundle, leaves);
          }
          bytes = leaves.get((int) (index % Tiles.WIDTH));
        }
        List<byte[]> proof = inclusion(index);
        ProofVerifier.verifyInclusion(index, checkpoint.size(), Rfc6962.leafHash(bytes), proof, checkpoint.rootHash());
        return InvalidEntry.Proven.ofLeaf(index, bytes, proof);
      } catch (ProtocolException | IllegalArgumentException e) {
        return null;
      }
    }

    private ReplayException entryFailure(long index, Opened o) {
      ProtocolException cause = o.failure() != null ? o.failure()
          : new MalformedException("entry " + index + " is missing from the entry bundles served");
      String rule = cause instanceof InvalidSignatureException ? "signature"
          : cause instanceof SchemaViolationException ? "schema" : "format";
      Evidence evidence = null;
      if (o.leaf() != null && o.index() == index) {
        InvalidEntry.Proven p = provenLeaf(index, o.leaf());
        if (p != null) {
          try {
            evidence = InvalidEntry.of(logKey, note, InvalidEntry.ENTRY, p, null);
          } catch (ProtocolException notProof) {
            evidence = null;
          }
        }
      }
      String msg = cause.getMessage() != null && cause.getMessage().startsWith("entry ") ? cause.getMessage()
          : "entry " + index + ": " + cause.getMessage();
      return new ReplayException(ReplayException.Kind.ENTRY, index, rule, msg, evidence, cause);
    }

    private Evidence chainEvidence(Opened o) {
      if (o.index() == 0) {
        return null;
      }
      InvalidEntry.Proven entry = provenLeaf(o.index(), o.leaf());
      try {
        byte[] prev = hashes.read(List.of(new NodeId(0, o.index() - 1))).get(0);
        List<byte[]> proof = inclusion(o.index() - 1);
        return entry == null ? null : InvalidEntry.of(logKey, note, InvalidEntry.CHAIN, entry,
            new InvalidEntry.Proven(o.index() - 1, null, prev, proof));
      } catch (ProtocolException | IllegalArgumentException notProof) {
        return null;
      }
    }

    private Evidence duplicateEvidence(Opened o, long first) {
      InvalidEntry.Proven entry = provenLeaf(o.index(), o.leaf());
      InvalidEntry.Proven other = provenLeaf(first, earlier.leaf(first));
      try {
        return entry == null || other == null ? null : InvalidEntry.of(logKey, note, InvalidEntry.UNIQUE, entry, other);
      } catch (ProtocolException notProof) {
        return null;
      }
    }

    /** Earlier entries: this chunk and recent ones in memory, else the caller's, else the log's tiles. */
    private LogView view(Map<EntryId, Long> chunkIds) {
      return new LogView() {
        @Override
        public EntryKind kind(long index) {
          return seen(index).facts().kind();
        }

        @Override
        public byte[] leafHash(long index) {
          return seen(index).facts().leafHash();
        }

        @Override
        public long indexOfEntry(EntryId id) {
          Long inChunk = chunkIds.get(id);
          if (inChunk != null) {
            return inChunk;
          }
          long c = earlier.candidate(id);
          return c >= 0 && seen(c).id().equals(id) ? c : -1;
        }
      };
    }

    private Seen seen(long index) {
      Seen s = recent.get(index);
      if (s != null) {
        return s;
      }
      byte[] leaf = earlier.leaf(index);
      if (leaf == null) {
        InvalidEntry.Proven p = provenLeaf(index, null);
        if (p == null) {
          throw new MalformedException("entry " + index + " as served is not in the signed tree");
        }
        leaf = p.leaf();
      }
      // An earlier entry, proven into the signed tree: it was verified when it was replayed (in
      // this run, or in the one that left the state resumed), so only its facts are read.
      Entry e = Entry.reopen(leaf);
      s = new Seen(EntryFacts.of(checkpoint.origin(), Rfc6962.leafHash(leaf), e.payload()), EntryId.of(e.leaf().envelope()));
      recent.put(index, s);
      return s;
    }

    /**
     * The log being replayed as claims see it: the entries before the one judged. Its registry
     * at an earlier size is not kept (an entry needs no authority in its issuer's home log).
     */
    private final class Self implements KnownLog {
      long size;

      @Override
      public String origin() {
        return checkpoint.origin();
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public EntryFacts entry(long index) {
        return seen(index).facts();
      }

      @Override
      public org.auditledger.protocol.authz.KeyRegistry registryAt(long size) {
        return null;
      }
    }
  }
}
