package org.auditledger.node.replication;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.auditledger.node.api.LogSource;
import org.auditledger.node.sequencer.LogHead;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.authz.RegistryCodec;
import org.auditledger.protocol.entry.Entry;
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

  private final String url;
  private final NoteVerifierKey vkey;
  private final LogStore store;
  private final org.auditledger.node.witness.Evidence evidence;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private volatile LogHead head;
  private long equivocationReportedAt = -1;

  private Mirror(String url, NoteVerifierKey vkey, LogStore store, org.auditledger.node.witness.Evidence evidence) {
    this.url = url.endsWith("/") ? url : url + "/";
    this.vkey = vkey;
    this.store = store;
    this.evidence = evidence;
  }

  /** Opens (or creates) the mirror of the log {@code vkey} names, served by {@code url}. */
  public static Mirror open(Path dataDir, String url, NoteVerifierKey vkey,
      org.auditledger.node.witness.Evidence evidence) {
    LogStore store = LogStore.open(dataDir.resolve("mirrors").resolve(dirName(vkey.name())).resolve("db"));
    if (store.origin() == null) {
      store.setOrigin(vkey.name());
    }
    Mirror m = new Mirror(url, vkey, store, evidence);
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
    try {
      target = SignedCheckpoint.open(get("checkpoint"), vkey);
    } catch (RuntimeException e) {
      throw new IOException("peer " + url + " served a checkpoint that does not verify: " + e.getMessage(), e);
    }
    long goal = target.checkpoint().size();
    LogHead h = head;
    if (h.checkpoint() != null && goal <= h.size()) {
      if (goal == h.size() && !Arrays.equals(target.checkpoint().rootHash(), h.checkpoint().checkpoint().rootHash())) {
        if (equivocationReportedAt != goal) {
          evidence.record("equivocation", vkey, h.checkpoint().encode(), target.encode(), goal, List.of(),
              "the peer signed two trees of size " + goal + " with different roots", java.time.Instant.now());
          equivocationReportedAt = goal;
        }
        throw new IOException("peer " + url + " signed two different trees of size " + goal + " (equivocation)");
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
          for (int k = 0; k < leaves.size(); k++) {
            long i = size + k;
            byte[] leaf = leaves.get(k);
            Entry e = entries.get(k);
            e.leaf().checkLink(i, prev);
            reg.authorize(i, e.leaf().logged(), e.payload(), e.leaf().envelope().signers(), null);
            keys |= e.payload().kind() == org.auditledger.protocol.entry.EntryKind.KEY;
            prev = Rfc6962.leafHash(leaf);
            range.append(prev, b::node);
            b.leaf(i, leaf, prev, digest(e.leaf().envelope().toJson()));
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
    try {
      return get(id.path());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private byte[] get(String path) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).GET().build();
    try {
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IOException(req.uri() + " answered " + r.statusCode());
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
