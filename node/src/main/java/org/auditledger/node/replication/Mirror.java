package org.auditledger.node.replication;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.auditledger.node.PeerClient;
import org.auditledger.node.api.LogSource;
import org.auditledger.node.sequencer.LogHead;
import org.auditledger.node.store.AppendBatch;
import org.auditledger.node.store.LogStore;
import org.auditledger.node.store.StorageException;
import org.auditledger.node.witness.EvidenceRecorder;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.authz.RegistryCodec;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.evidence.Equivocation;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.replay.LogReplay;
import org.auditledger.protocol.replay.Replay;
import org.auditledger.protocol.replay.ReplayException;
import org.auditledger.protocol.tile.EntryBundle;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.tile.Tiles;

/**
 * A verified mirror of one peer's log, kept by the one replay every verifier uses ({@link
 * LogReplay}): the peer's checkpoint is proven consistent with what the mirror verified before,
 * then entries are checked by every rule and written chunk by chunk through the one write path
 * ({@link AppendBatch#append}) only once each chunk's root is proven against the signed
 * checkpoint. The checkpoint itself is stored with the last chunk, never before. What the replay
 * proves against the peer is kept as evidence ({@code /v1/alerts}). The mirror serves only up to
 * its latest verified checkpoint.
 *
 * <p>Not thread-safe: {@link #follow()} runs on one worker at a time.
 */
public final class Mirror implements LogSource, AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Mirror.class);
  static final int CHUNK_BUNDLES = 16;
  /** Chunks per round, so that one round stays well under Vert.x's blocked-worker limit. */
  static final int CHUNKS_PER_ROUND = 16;
  /** Largest checkpoint note accepted from a peer (a note may carry up to 100 signatures). */
  static final int MAX_CHECKPOINT_BYTES = 64 * 1024;
  /** Largest entry bundle: 256 leaves of at most 65,535 bytes, each with a 2-byte length. */
  static final int MAX_BUNDLE_BYTES = Tiles.WIDTH * (2 + EntryBundle.MAX_ENTRY_SIZE);

  /** What a round did: entries added, and whether the mirror reached the peer's checkpoint. */
  public record Round(long added, boolean caughtUp) {}

  private final String url;
  private final NoteVerifierKey vkey;
  private final LogStore store;
  private final EvidenceRecorder evidence;
  private final PeerClient client;
  private final Duration deadline;
  private final LogReplay replay;
  private volatile LogHead head;

  private Mirror(String url, NoteVerifierKey vkey, LogStore store, EvidenceRecorder evidence, PeerClient client,
      Duration deadline, Executor checks) {
    this.url = url.endsWith("/") ? url : url + "/";
    this.vkey = vkey;
    this.store = store;
    this.evidence = evidence;
    this.client = client;
    this.deadline = deadline;
    this.replay = new LogReplay(vkey, WitnessPolicy.none(), LogReplay.Parallel.on(checks), CHUNK_BUNDLES);
  }

  /**
   * Opens (or creates) the mirror of the log {@code vkey} names, served by {@code url}; every
   * fetch from the peer is bounded by size and by {@code deadline}; entries are checked on {@code
   * checks}. The stored head is verified as the node's own is: its tree must hash to the signed
   * checkpoint.
   *
   * @throws StorageException if the stored mirror does not hold what its checkpoint says
   */
  public static Mirror open(Path dataDir, String url, NoteVerifierKey vkey, EvidenceRecorder evidence, PeerClient client,
      Duration deadline, Executor checks) {
    Path dir = dataDir.resolve("mirrors").resolve(dirName(vkey.name())).resolve("db");
    LogStore store = LogStore.open(dir);
    try {
      if (store.origin() == null) {
        store.setOrigin(vkey.name());
      }
      Mirror m = new Mirror(url, vkey, store, evidence, client, deadline, checks);
      m.head = verifiedHead(store, vkey, dir);
      return m;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static LogHead verifiedHead(LogStore store, NoteVerifierKey vkey, Path dir) {
    byte[] cp = store.checkpoint();
    KeyRegistry reg = registry(store, vkey);
    if (cp == null) {
      return new LogHead(0, null, reg.snapshot());
    }
    SignedCheckpoint c;
    try {
      c = SignedCheckpoint.open(cp, vkey);
    } catch (ProtocolException e) {
      throw new StorageException("the mirror in " + dir + " holds a checkpoint not signed by " + vkey.encode()
          + "; move the directory away to mirror the log again", e);
    }
    long size = c.checkpoint().size();
    if (size > store.size() || !Arrays.equals(c.checkpoint().rootHash(),
        CompactRange.of(size, store.read(CompactRange.edge(size))).root())) {
      throw new StorageException("the mirror in " + dir + " does not hold the tree its checkpoint of size " + size
          + " signs; move the directory away to mirror the log again");
    }
    return new LogHead(size, c, reg.snapshot());
  }

  @Override
  public String origin() {
    return vkey.name();
  }

  @Override
  public LogHead head() {
    return head;
  }

  @Override
  public LogStore store() {
    return store;
  }

  public NoteVerifierKey vkey() {
    return vkey;
  }

  public String url() {
    return url;
  }

  /**
   * One round: fetch the peer's checkpoint and, if it is newer, catch up towards it.
   *
   * @return entries newly mirrored, and whether the mirror caught up (else call again soon)
   * @throws IOException if the peer cannot be reached or serves data that does not verify (the
   *     mirror is then unchanged beyond its last proven chunk)
   */
  private volatile java.util.function.Supplier<org.auditledger.protocol.claims.KnownLogs> others =
      () -> org.auditledger.protocol.claims.KnownLogs.NONE;
  private volatile java.util.function.BiConsumer<Long, List<org.auditledger.protocol.derived.Contribution>> onAppended =
      (size, c) -> { };

  /** The other logs this node holds, against which the claims of mirrored entries are judged. */
  public void others(java.util.function.Supplier<org.auditledger.protocol.claims.KnownLogs> logs) {
    this.others = logs;
  }

  /** Calls {@code listener} with each proven chunk's entries once stored (for derived state). */
  public void onAppended(java.util.function.BiConsumer<Long, List<org.auditledger.protocol.derived.Contribution>> listener) {
    this.onAppended = listener;
  }

  public Round follow() throws IOException {
    byte[] note = get("checkpoint", MAX_CHECKPOINT_BYTES);
    SignedCheckpoint target;
    try {
      target = SignedCheckpoint.open(note, vkey);
    } catch (ProtocolException e) {
      throw new IOException("peer " + url + " served a checkpoint that does not verify: " + e.getMessage(), e);
    }
    LogHead h = head;
    if (h.checkpoint() != null && target.checkpoint().size() <= h.size()) {
      // Not newer: it must agree with the tree this mirror verified (same root at that size).
      Optional<Equivocation> seen = Equivocation.contradicting(vkey, h.checkpoint(), store, note);
      if (seen.isPresent()) {
        evidence.record(seen.get(), "mirror of " + url);
        throw new IOException("peer " + url + " contradicts the tree this mirror verified: " + seen.get().describe());
      }
      return new Round(0, true);
    }
    long start = store.size();
    LogReplay.Outcome out;
    try {
      out = replay.run(resume(h), source(note), earlier(), others.get(), this::commit,
          (long) CHUNKS_PER_ROUND * CHUNK_BUNDLES * Tiles.WIDTH);
    } catch (ReplayException e) {
      e.evidence().ifPresent(ev -> evidence.record(ev, "mirror of " + url));
      throw new IOException("mirroring " + url + " stopped at entry " + store.size() + ": " + e.getMessage(), e);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return new Round(store.size() - start, out.complete());
  }

  /** Where the last round stopped: every chunk stored was proven, whether or not it ended at a checkpoint. */
  private LogReplay.Resume resume(LogHead h) {
    long size = store.size();
    if (size == 0) {
      return null;
    }
    byte[] lastLeafHash = store.read(List.of(new NodeId(0, size - 1))).get(0);
    Replay.State state = new Replay.State(size, store.read(CompactRange.edge(size)), lastLeafHash,
        registry(store, vkey).snapshot());
    return new LogReplay.Resume(state, h.checkpoint() == null ? null : h.checkpoint().encode());
  }

  /** Writes one proven chunk, and the checkpoint with the chunk that reaches it. */
  private void commit(LogReplay.Chunk chunk) {
    List<org.auditledger.protocol.derived.Contribution> contributions = new java.util.ArrayList<>();
    try (AppendBatch b = store.batch()) {
      for (LogReplay.Appended e : chunk.entries()) {
        var c = b.append(e.index(), e.leaf(), e.leafHash(), e.entry(), e.id(), e.claims());
        if (c != null) {
          contributions.add(c);
        }
      }
      chunk.nodes().forEach(n -> b.node(n.id(), n.hash()));
      byte[] registry = RegistryCodec.encode(chunk.state().registry());
      if (chunk.complete()) {
        b.head(chunk.state().size(), chunk.checkpoint().checkpoint().encode(), registry);
      } else {
        b.progress(chunk.state().size(), registry);
      }
      store.commit(b);
    }
    if (chunk.complete()) {
      head = new LogHead(chunk.state().size(), chunk.checkpoint().checkpoint(), chunk.state().registry());
    }
    try {
      onAppended.accept(chunk.state().size(), contributions);
    } catch (RuntimeException e) {
      LOG.warn("mirror of {}: derived state not updated: {}", url, e.toString());
    }
  }

  private LogReplay.Source source(byte[] note) {
    return new LogReplay.Source() {
      @Override
      public byte[] checkpoint() {
        return note;
      }

      @Override
      public byte[] tile(TileId id) {
        int max = id.isEntryBundle() ? MAX_BUNDLE_BYTES : id.width() * 32;
        try {
          return get(id.path(), max);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }

  private LogReplay.Earlier earlier() {
    return new LogReplay.Earlier() {
      @Override
      public long candidate(EntryId id) {
        return store.indexOfEntry(id);
      }

      @Override
      public byte[] leaf(long index) {
        return store.leaf(index);
      }
    };
  }

  private static KeyRegistry registry(LogStore store, NoteVerifierKey vkey) {
    byte[] r = store.registry();
    return r == null ? KeyRegistry.empty(vkey.name(), vkey.publicKey())
        : KeyRegistry.restore(vkey.name(), vkey.publicKey(), RegistryCodec.decode(r), store.size());
  }

  private byte[] get(String path, int maxBytes) throws IOException {
    return client.getBlocking(url + path, maxBytes, deadline);
  }

  static String dirName(String origin) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(origin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
