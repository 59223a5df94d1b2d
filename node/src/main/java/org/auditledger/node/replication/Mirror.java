package org.auditledger.node.replication;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.auditledger.node.PeerClient;
import org.auditledger.node.api.LogSource;
import org.auditledger.node.sequencer.LogHead;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.authz.RegistryCodec;
import org.auditledger.protocol.entry.DuplicateEntryException;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.evidence.Equivocation;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.tile.EntryBundle;
import org.auditledger.protocol.tile.TileHashReader;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.tile.Tiles;

/**
 * A verified mirror of one peer's log.
 *
 * <p>Catching up runs in chunks of at most {@link #CHUNK_BUNDLES} entry bundles. Each entry is
 * checked (leaf, signatures, schema), chained by {@code prev} to the verified prefix, and
 * authorized; then the chunk's last leaf hash is proven, at its index, into the peer's new signed
 * checkpoint before the chunk is committed. Because every leaf names the hash of the one before,
 * that one proof authenticates the whole chunk: nothing unproven is ever stored, and memory stays
 * bounded. The mirror serves only up to its latest verified signed checkpoint.
 *
 * <p>Not thread-safe: {@link #follow()} runs on one worker at a time.
 */
public final class Mirror implements LogSource, AutoCloseable {
  static final int CHUNK_BUNDLES = 16;
  /** Chunks per round, so that one round stays well under Vert.x's blocked-worker limit. */
  static final int CHUNKS_PER_ROUND = 16;

  /** What a round did: entries added, and whether the mirror reached the peer's checkpoint. */
  public record Round(long added, boolean caughtUp) {}

  /** Largest checkpoint note accepted from a peer (a note may carry up to 100 signatures). */
  static final int MAX_CHECKPOINT_BYTES = 64 * 1024;
  /** Largest entry bundle: 256 leaves of at most 65,535 bytes, each with a 2-byte length. */
  static final int MAX_BUNDLE_BYTES = Tiles.WIDTH * (2 + EntryBundle.MAX_ENTRY_SIZE);

  private final String url;
  private final NoteVerifierKey vkey;
  private final LogStore store;
  private final org.auditledger.node.witness.Evidence evidence;
  private final PeerClient client;
  private final Duration deadline;
  private volatile LogHead head;

  private Mirror(String url, NoteVerifierKey vkey, LogStore store, org.auditledger.node.witness.Evidence evidence,
      PeerClient client, Duration deadline) {
    this.url = url.endsWith("/") ? url : url + "/";
    this.vkey = vkey;
    this.store = store;
    this.evidence = evidence;
    this.client = client;
    this.deadline = deadline;
  }

  /**
   * Opens (or creates) the mirror of the log {@code vkey} names, served by {@code url}; every
   * fetch from the peer is bounded by size and by {@code deadline}.
   */
  public static Mirror open(Path dataDir, String url, NoteVerifierKey vkey,
      org.auditledger.node.witness.Evidence evidence, PeerClient client, Duration deadline) {
    LogStore store = LogStore.open(dataDir.resolve("mirrors").resolve(dirName(vkey.name())).resolve("db"));
    if (store.origin() == null) {
      store.setOrigin(vkey.name());
    }
    Mirror m = new Mirror(url, vkey, store, evidence, client, deadline);
    byte[] cp = store.checkpoint();
    KeyRegistry reg = registry(store, vkey);
    m.head = cp == null ? new LogHead(0, null, reg.snapshot())
        : new LogHead(SignedCheckpoint.open(cp, vkey).checkpoint().size(), SignedCheckpoint.open(cp, vkey), reg.snapshot());
    return m;
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
   * One round: fetch the peer's checkpoint and, if it is newer, catch up to it.
   *
   * @return entries newly mirrored, and whether the mirror caught up (else call again soon)
   * @throws IOException if the peer cannot be reached or serves data that does not verify (the
   *     mirror is then unchanged beyond its last verified chunk)
   */
  public Round follow() throws IOException {
    SignedCheckpoint target;
    byte[] note = get("checkpoint", MAX_CHECKPOINT_BYTES);
    try {
      target = SignedCheckpoint.open(note, vkey);
    } catch (RuntimeException e) {
      throw new IOException("peer " + url + " served a checkpoint that does not verify: " + e.getMessage(), e);
    }
    long goal = target.checkpoint().size();
    LogHead h = head;
    if (h.checkpoint() != null && goal <= h.size()) {
      // Not newer: it must agree with the tree this mirror verified (same root at that size).
      Optional<Equivocation> seen = Equivocation.contradicting(vkey, h.checkpoint(), store, note);
      if (seen.isPresent()) {
        evidence.record(seen.get(), "mirror of " + url);
        throw new IOException("peer " + url + " contradicts the tree this mirror verified: " + seen.get().describe());
      }
      return new Round(0, true);
    }
    long size = store.size();
    CompactRange range = CompactRange.of(size, store.read(CompactRange.edge(size)));
    byte[] prev = size == 0 ? new byte[0] : store.read(List.of(new NodeId(0, size - 1))).get(0);
    KeyRegistry reg = registry(store, vkey);
    TileHashReader hashes = new TileHashReader(goal, this::tile);
    long start = size;
    int chunks = 0;
    try {
      while (size < goal && chunks++ < CHUNKS_PER_ROUND) {
        long chunkEnd = Math.min(goal, (size / Tiles.WIDTH + CHUNK_BUNDLES) * Tiles.WIDTH);
        try (LogStore.Batch b = store.batch()) {
          boolean keys = false;
          List<byte[]> leaves = new java.util.ArrayList<>();
          for (long i = size; i < chunkEnd; ) {
            TileId id = Tiles.tileFor(TileId.ENTRIES, i / Tiles.WIDTH, goal);
            List<byte[]> bundle = EntryBundle.decode(tile(id), id.width());
            for (int k = (int) (i % Tiles.WIDTH); k < bundle.size() && i < chunkEnd; k++, i++) {
              leaves.add(bundle.get(k));
            }
          }
          // Signatures and schemas in parallel; chain, registry and tree in order.
          List<Entry> entries = leaves.parallelStream().map(Entry::open).toList();
          java.util.Map<EntryId, Long> inChunk = new java.util.HashMap<>();
          for (int k = 0; k < leaves.size(); k++) {
            long i = size + k;
            byte[] leaf = leaves.get(k);
            Entry e = entries.get(k);
            e.leaf().checkLink(i, prev);
            EntryId id = EntryId.of(e.leaf().envelope());
            Long earlier = inChunk.get(id);
            DuplicateEntryException.check(i, earlier != null ? earlier : store.indexOfEntry(id));
            reg.authorize(i, e.leaf().logged(), e.payload(), e.leaf().envelope().signers(), null);
            keys |= e.payload().kind() == org.auditledger.protocol.entry.EntryKind.KEY;
            prev = Rfc6962.leafHash(leaf);
            range.append(prev, b::node);
            b.leaf(i, leaf, prev, id);
            inChunk.put(id, i);
          }
          // The chunk's last leaf, at its index, in the peer's signed tree: authenticates the chunk.
          ProofVerifier.verifyInclusion(chunkEnd - 1, goal, prev,
              Proofs.inclusion(chunkEnd - 1, goal).fetch(hashes), target.checkpoint().rootHash());
          byte[] registry = keys ? RegistryCodec.encode(reg.snapshot()) : null;
          if (chunkEnd == goal) {
            b.head(goal, target.encode(), registry);
          } else {
            b.progress(chunkEnd, registry);
          }
          store.commit(b);
          size = chunkEnd;
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("mirroring " + url + " stopped at entry " + size + ": " + e.getMessage(), e);
    }
    if (size < goal) {
      return new Round(size - start, false);
    }
    if (!Arrays.equals(range.root(), target.checkpoint().rootHash())) {
      throw new IOException("mirror of " + url + " hashes to a root other than the signed one");
    }
    head = new LogHead(goal, target, reg.snapshot());
    return new Round(goal - start, true);
  }

  private static KeyRegistry registry(LogStore store, NoteVerifierKey vkey) {
    byte[] r = store.registry();
    return r == null ? KeyRegistry.empty(vkey.name(), vkey.publicKey())
        : KeyRegistry.restore(vkey.name(), vkey.publicKey(), RegistryCodec.decode(r), store.size());
  }

  private byte[] tile(TileId id) {
    int max = id.isEntryBundle() ? MAX_BUNDLE_BYTES : id.width() * Rfc6962.HASH_SIZE;
    try {
      return get(id.path(), max);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
