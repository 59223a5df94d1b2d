package org.auditledger.cli.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.state.EntryIndex;
import org.auditledger.cli.state.LogState;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.authz.LogView;
import org.auditledger.protocol.authz.UnauthorizedException;
import org.auditledger.protocol.cosignature.QuorumNotMetException;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.entry.BrokenChainException;
import org.auditledger.protocol.entry.DuplicateEntryException;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.merkle.InvalidProofException;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.merkle.RootMismatchException;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.tile.EntryBundle;
import org.auditledger.protocol.tile.TileHashReader;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.replay.Replay;
import org.auditledger.protocol.tile.Tiles;

/**
 * Verifies a log from its checkpoint and tiles, trusting nothing the node says: the checkpoint's
 * signature (and witness quorum), consistency with the last verified state, and for every new
 * entry its leaf encoding, envelope signatures, payload schema, chain link, authorization and,
 * all together, the signed root.
 *
 * <p>Streaming: entry bundles are fetched and their entries checked in parallel on {@code
 * threads} threads, a bounded window ahead; the order-dependent checks (chain, tree, key registry)
 * run in index order on the caller's thread. Memory stays bounded whatever the log's size.
 */
public final class LogVerifier {
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
    SignedCheckpoint cp = checkpoint();
    Checkpoint c = cp.checkpoint();
    List<String> cosigners = witnesses(cp);
    String origin = c.origin();
    long size = c.size();
    TileHashReader hashes = new TileHashReader(size, this::tile);

    long from = 0;
    Replay replay = Replay.fromStart(origin, logKey.publicKey());
    EntryIndex ids = new EntryIndex();
    if (previous.isPresent()) {
      LogState s = previous.get();
      if (!s.vkey().equals(logKey.encode())) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "the state of \"" + origin
            + "\" was verified with the log key " + s.vkey() + ", not " + logKey.encode());
      }
      consistency(s, c, hashes);
      // A state saved before entry ids were indexed cannot check rule unique-payload against the
      // entries it covers: replay them all again (consistency with it was proven above).
      if (s.entries() != null) {
        replay = Replay.resume(origin, logKey.publicKey(),
            new Replay.State(s.size(), s.edge(), s.lastLeafHash(), s.registry()));
        if (!Arrays.equals(replay.root(), s.root())) {
          throw new AuditException(ExitCode.LOCAL_INPUT, "the saved state of \"" + origin
              + "\" is damaged (its tree edge does not hash to its root); move it away to start over");
        }
        from = s.size();
        ids = s.entries();
      }
    }

    Map<String, Long> kinds = new TreeMap<>();
    progress.start(size - from);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "audit-verify");
      t.setDaemon(true);
      return t;
    });
    View view = new View(hashes, c, ids);
    try {
      Deque<Future<List<Checked>>> window = new ArrayDeque<>();
      long nextBundle = from / Tiles.WIDTH;
      long lastBundle = size == 0 ? -1 : (size - 1) / Tiles.WIDTH;
      long index = from;
      final long start = from;
      while (nextBundle <= lastBundle || !window.isEmpty()) {
        while (nextBundle <= lastBundle && window.size() < threads * 4) {
          long b = nextBundle++;
          long skip = Math.max(0, start - b * Tiles.WIDTH);
          window.add(pool.submit(() -> checkBundle(b, size, (int) skip)));
        }
        for (Checked e : await(window.poll())) {
          if (e.failure() != null) {
            throw classify(e.failure(), e.index());
          }
          EntryId id = EntryId.of(e.entry().leaf().envelope());
          byte[] leafHash;
          try {
            leafHash = replay.append(e.leaf(), e.entry(), view.upTo(index), null);
          } catch (ProtocolException | FetchFailure ex) {
            throw classify(ex, index);
          }
          ids.put(id, index);
          peers.check(index, origin, e.entry().payload().refs());
          kinds.merge(e.entry().payload().kind().jsonName(), 1L, Long::sum);
          view.remember(index, leafHash, e.entry().payload().kind(), id);
          onEntry.accept(e.entry(), index);
          index++;
          progress.advance(1);
        }
      }
    } finally {
      pool.shutdownNow();
      progress.done();
    }
    try {
      replay.checkRoot(c);
    } catch (RootMismatchException e) {
      throw new AuditException(ExitCode.TREE, "the " + size + " entries hash to root "
          + b64(e.computed()) + ", but the signed checkpoint says " + b64(c.rootHash()), e);
    }
    Replay.State st = replay.state();
    LogState state = new LogState(logKey.encode(), new String(cp.encode(), java.nio.charset.StandardCharsets.UTF_8),
        size, c.rootHash(), st.edge(), st.lastLeafHash(), st.registry(), ids);
    return new Report(c, from, size - from, cosigners, kinds, (System.nanoTime() - t0) / 1e9, state,
        peers.checked(), peers.unchecked());
  }

  /** The entries of one bundle from {@code skip} on, each parsed and checked on its own. */
  private List<Checked> checkBundle(long bundle, long size, int skip) {
    TileId id = Tiles.tileFor(TileId.ENTRIES, bundle, size);
    long first = bundle * Tiles.WIDTH;
    List<Checked> out = new ArrayList<>();
    List<byte[]> leaves;
    try {
      leaves = EntryBundle.decode(tile(id), id.width());
    } catch (RuntimeException e) {
      out.add(new Checked(first + skip, null, null, e));
      return out;
    }
    for (int i = skip; i < leaves.size(); i++) {
      byte[] leaf = leaves.get(i);
      try {
        out.add(new Checked(first + i, Entry.open(leaf), leaf, null));
      } catch (RuntimeException e) {
        out.add(new Checked(first + i, null, null, e));
        break;
      }
    }
    return out;
  }

  private record Checked(long index, Entry entry, byte[] leaf, RuntimeException failure) {}

  private SignedCheckpoint checkpoint() throws AuditException {
    byte[] note = client.checkpoint();
    try {
      return SignedCheckpoint.open(note, logKey);
    } catch (ProtocolException e) {
      throw new AuditException(ExitCode.CHECKPOINT, "checkpoint from " + client.baseUrl()
          + " is not valid for log key " + logKey.encode() + ": " + e.getMessage(), e);
    }
  }

  private List<String> witnesses(SignedCheckpoint cp) throws AuditException {
    try {
      return policy.check(cp.checkpoint(), cp.note());
    } catch (QuorumNotMetException e) {
      throw new AuditException(ExitCode.WITNESS, e.getMessage(), e);
    }
  }

  /** The new tree must extend the verified one (RFC 9162 §2.1.4), proven from tiles. */
  private void consistency(LogState s, Checkpoint c, TileHashReader hashes) throws AuditException {
    if (c.size() < s.size()) {
      throw new AuditException(ExitCode.INCONSISTENT, "rollback: the node serves a tree of size "
          + c.size() + ", smaller than the size " + s.size() + " verified before");
    }
    try {
      List<byte[]> proof = Proofs.consistency(s.size(), c.size()).fetch(hashes);
      ProofVerifier.verifyConsistency(s.size(), c.size(), proof, s.root(), c.rootHash());
    } catch (InvalidProofException e) {
      throw new AuditException(ExitCode.INCONSISTENT, "fork: the tree of size " + c.size()
          + " does not extend the tree of size " + s.size() + " verified before (root "
          + b64(s.root()) + "): " + e.getMessage(), e);
    } catch (FetchFailure e) {
      throw e.audit();
    } catch (MalformedException e) {
      throw new AuditException(ExitCode.INCONSISTENT, "fork: cannot prove the tree of size " + c.size()
          + " extends the one verified before: " + e.getMessage(), e);
    }
  }

  private byte[] tile(TileId id) {
    try {
      return client.tile(id);
    } catch (AuditException e) {
      throw new FetchFailure(e);
    }
  }

  /**
   * Earlier entries for reference checks and rule unique-payload: remembered if recent, else
   * proven from tiles (a leaf is used only once its hash is proven into the signed root).
   */
  private final class View {
    private final TileHashReader hashes;
    private final Checkpoint checkpoint;
    private final EntryIndex ids;
    private record Seen(byte[] leafHash, EntryKind kind, EntryId id) {}

    private final Map<Long, Seen> recent = new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Seen> eldest) {
        return size() > 4096;
      }
    };

    View(TileHashReader hashes, Checkpoint checkpoint, EntryIndex ids) {
      this.hashes = hashes;
      this.checkpoint = checkpoint;
      this.ids = ids;
    }

    void remember(long index, byte[] leafHash, EntryKind kind, EntryId id) {
      recent.put(index, new Seen(leafHash, kind, id));
    }

    private Seen seen(long index) {
      Seen r = recent.get(index);
      if (r != null) {
        return r;
      }
      byte[] h = provenLeafHash(index);
      TileId bundle = Tiles.tileFor(TileId.ENTRIES, index / Tiles.WIDTH, checkpoint.size());
      byte[] leaf = EntryBundle.decode(tile(bundle), bundle.width()).get((int) (index % Tiles.WIDTH));
      if (!Arrays.equals(Rfc6962.leafHash(leaf), h)) {
        throw new MalformedException("entry " + index + " as served does not match the signed tree");
      }
      Entry e = Entry.open(leaf);
      Seen s = new Seen(h, e.payload().kind(), EntryId.of(e.leaf().envelope()));
      recent.put(index, s);
      return s;
    }

    /** Authenticated against the signed root, not taken from the tile as given. */
    private byte[] provenLeafHash(long index) {
      byte[] h = hashes.read(List.of(new NodeId(0, index))).get(0);
      ProofVerifier.verifyInclusion(index, checkpoint.size(), h,
          Proofs.inclusion(index, checkpoint.size()).fetch(hashes), checkpoint.rootHash());
      return h;
    }

    LogView upTo(long current) {
      return new LogView() {
        @Override
        public EntryKind kind(long index) {
          return seen(index).kind();
        }

        @Override
        public byte[] leafHash(long index) {
          Seen r = recent.get(index);
          return r != null ? r.leafHash() : provenLeafHash(index);
        }

        @Override
        public long indexOfEntry(EntryId id) {
          long candidate = ids.candidate(id);
          // The index keeps 8 bytes of each id: a hit is a copy only if the whole id matches.
          return candidate >= 0 && candidate < current && seen(candidate).id().equals(id) ? candidate : -1;
        }
      };
    }
  }

  private static AuditException classify(Throwable t, long index) {
    if (t instanceof FetchFailure f) {
      return f.audit();
    }
    if (t instanceof UnauthorizedException u) {
      return new AuditException(ExitCode.AUTHORIZATION, u.getMessage(), index, u.rule(), u);
    }
    if (t instanceof DuplicateEntryException d) {
      return new AuditException(ExitCode.ENTRY, d.getMessage(), index, DuplicateEntryException.RULE, d);
    }
    if (t instanceof BrokenChainException b) {
      return new AuditException(ExitCode.ENTRY, b.getMessage(), index, "chain", b);
    }
    if (t instanceof InvalidProofException p) {
      return new AuditException(ExitCode.TREE, "entry " + index + ": " + p.getMessage(), index, "tree", p);
    }
    String rule = t instanceof org.auditledger.protocol.dsse.InvalidSignatureException ? "signature"
        : t instanceof org.auditledger.protocol.entry.SchemaViolationException ? "schema" : "format";
    String msg = t.getMessage() != null && t.getMessage().startsWith("entry ") ? t.getMessage()
        : "entry " + index + ": " + t.getMessage();
    return new AuditException(ExitCode.ENTRY, msg, index, rule, t);
  }

  private static <T> T await(Future<T> f) throws AuditException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof FetchFailure ff) {
        throw ff.audit();
      }
      throw new AuditException(ExitCode.ENTRY, "verification failed: " + c, c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException(ExitCode.NETWORK, "interrupted", e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
