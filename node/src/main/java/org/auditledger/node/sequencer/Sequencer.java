package org.auditledger.node.sequencer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.auditledger.node.NodeMetrics;
import org.auditledger.node.store.AppendBatch;
import org.auditledger.node.store.LogStorage;
import org.auditledger.node.store.StorageException;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.authz.LogView;
import org.auditledger.protocol.authz.RegistryCodec;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.derived.Contribution;
import org.auditledger.protocol.entry.DuplicateEntryException;
import org.auditledger.protocol.entry.DuplicateReleaseException;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Genesis;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.entry.ReleaseKey;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.HashReader;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.replay.Replay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the log (see package description). One thread owns the replay state (tree,
 * registry, chain); a batch is tried on a copy and only swapped in after its write succeeded, so
 * a failed batch changes nothing and acknowledges nothing. Each entry goes through the same
 * in-order rules as every verifier ({@link Replay}) and into the store through the one write
 * path ({@link AppendBatch#append}).
 */
public final class Sequencer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

  private record Pending(Submission submission, CompletableFuture<Receipt> result) {}

  private final LogStorage store;
  private final NoteSignerKey logKey;
  private final String origin;
  private final NodeMetrics metrics;
  private final Clock clock;
  private final int maxBatch;
  private final BlockingQueue<Pending> queue;
  private final Thread thread;

  // Owned by the sequencer thread.
  private Replay replay;
  private Instant lastLogged;

  private volatile LogHead head;
  private volatile boolean accepting = true;
  private volatile java.util.function.Consumer<LogHead> onCommit = h -> { };
  private volatile java.util.function.BiConsumer<Long, List<Contribution>> onAppended = (size, c) -> { };

  private volatile boolean running = true;

  private Sequencer(LogStorage store, NoteSignerKey logKey, NodeMetrics metrics, Clock clock,
      int maxBatch, int queueCapacity) {
    this.store = store;
    this.logKey = logKey;
    this.origin = logKey.name();
    this.metrics = metrics;
    this.clock = clock;
    this.maxBatch = maxBatch;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.thread = new Thread(this::loop, "ledger-sequencer");
  }

  /**
   * Opens the sequencer on a store, resuming from its committed head with O(log n) reads, and
   * checks that the stored tree matches the stored signed checkpoint.
   *
   * @throws StorageException if the store is inconsistent; the node must not serve it
   */
  public static Sequencer open(LogStorage store, NoteSignerKey logKey, NodeMetrics metrics,
      Clock clock, int maxBatch, int queueCapacity) {
    Sequencer s = new Sequencer(store, logKey, metrics, clock, maxBatch, queueCapacity);
    s.load();
    s.thread.start();
    return s;
  }

  private void load() {
    Ed25519PublicKey pub = logKey.keyPair().publicKey();
    long size = store.size();
    if (size == 0) {
      replay = Replay.fromStart(origin, pub);
      lastLogged = Instant.EPOCH;
      head = new LogHead(0, null, replay.registry().snapshot());
      return;
    }
    byte[] cpBytes = store.checkpoint();
    if (cpBytes == null) {
      throw new StorageException("store has " + size + " entries but no checkpoint");
    }
    SignedCheckpoint cp = SignedCheckpoint.open(cpBytes, logKey.verifierKey());
    if (cp.checkpoint().size() != size) {
      throw new StorageException("stored checkpoint is for size " + cp.checkpoint().size()
          + " but the store has " + size + " entries");
    }
    CompactRange range = CompactRange.of(size, store.read(CompactRange.edge(size)));
    // Integrity at start-up (as Trillian's sequencer): the tree must hash to the signed root.
    if (!Arrays.equals(range.root(), cp.checkpoint().rootHash())) {
      throw new StorageException("stored tree of size " + size + " has root "
          + Base64.getEncoder().encodeToString(range.root()) + " but the signed checkpoint says "
          + Base64.getEncoder().encodeToString(cp.checkpoint().rootHash()));
    }
    byte[] lastLeaf = store.leaf(size - 1);
    if (lastLeaf == null || store.leaf(size) != null) {
      throw new StorageException("store size " + size + " does not match its leaves");
    }
    Leaf last = Leaf.parse(lastLeaf);
    byte[] lastLeafHash = last.leafHash();
    if (!Arrays.equals(lastLeafHash, store.read(List.of(new NodeId(0, size - 1))).get(0))) {
      throw new StorageException("leaf " + (size - 1) + " does not hash to its stored tree node");
    }
    lastLogged = last.logged();
    byte[] reg = store.registry();
    if (reg == null) {
      throw new StorageException("store has " + size + " entries but no key registry");
    }
    KeyRegistry.Snapshot snapshot = RegistryCodec.decode(reg);
    if (snapshot.nextIndex() > size) {
      throw new StorageException("stored key registry is at entry " + snapshot.nextIndex()
          + ", beyond the log's " + size + " entries");
    }
    // Stored at its last change; the entries since did not change it (see store/package-info).
    replay = Replay.resume(origin, pub, new Replay.State(size, range.edgeHashes(), lastLeafHash, snapshot));
    head = new LogHead(size, cp, replay.registry().snapshot());
    metrics.treeSize(size);
  }

  /** Called on the sequencer thread after each committed batch, with the new head. */
  public void onCommit(java.util.function.Consumer<LogHead> listener) {
    this.onCommit = listener;
  }

  /**
   * Calls {@code listener} on the sequencer thread with the size and the derived contributions
   * of each batch once committed, before its entries are acknowledged: derived state is updated
   * through the one write path, one update per entry (protocol.md §10).
   */
  public void onAppended(java.util.function.BiConsumer<Long, List<Contribution>> listener) {
    this.onAppended = listener;
  }

  /** The committed head, as readers may see it. */
  public LogHead head() {
    return head;
  }

  public String origin() {
    return origin;
  }

  /**
   * Queues a checked submission. The future completes once the entry is durable and covered by a
   * signed checkpoint, or fails with the reason (authorization, size, storage).
   *
   * @throws UnavailableException if the queue is full or the node is shutting down
   */
  public CompletableFuture<Receipt> submit(Submission s) {
    if (!accepting) {
      throw new UnavailableException("the node is shutting down");
    }
    CompletableFuture<Receipt> f = new CompletableFuture<>();
    if (!queue.offer(new Pending(s, f))) {
      throw new UnavailableException("the submission queue is full (" + queue.size()
          + " waiting); retry shortly");
    }
    return f;
  }

  /** Writes the genesis entries (protocol.md §6) if the log is empty: one per registrar. */
  public void genesis(List<Ed25519PublicKey> registrars) {
    if (head.size() > 0) {
      return;
    }
    if (registrars.isEmpty()) {
      throw new IllegalArgumentException("a new log needs at least one registrar key");
    }
    List<CompletableFuture<Receipt>> all = new ArrayList<>();
    Ed25519KeyPair key = logKey.keyPair();
    for (Ed25519PublicKey r : registrars) {
      Envelope env = Envelope.sign(Genesis.registrarGrant(origin, r, clock.instant()), List.of(key));
      all.add(submit(new Submission(env, EntryPayload.parse(env.payload()))));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        process(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.error("sequencer batch failed", e);
        for (Pending p : batch) {
          p.result().completeExceptionally(e);
        }
      } finally {
        batch.clear();
      }
    }
  }

  /** An entry staged in the current batch. */
  private record Staged(Pending pending, long index, byte[] leaf, byte[] leafHash, Instant logged, byte[] prev,
      EntryKind kind, Contribution contribution) {}

  /** A resubmission of an envelope already at {@code index}. */
  private record Duplicate(Pending pending, long index) {}

  private void process(List<Pending> batch) {
    Replay r = replay.copy();
    final long startIndex = head.size();
    // The nodes of the tree before the batch that a receipt's proof may need: its right edge.
    Map<NodeId, byte[]> proofNodes = new HashMap<>();
    List<NodeId> edgeIds = CompactRange.edge(startIndex);
    List<byte[]> edge = r.state().edge();
    for (int i = 0; i < edgeIds.size(); i++) {
      proofNodes.put(edgeIds.get(i), edge.get(i));
    }
    long index = startIndex;
    // The log's clock never goes backwards, whatever the system clock does.
    // The leaf holds milliseconds (protocol.md §5.3): every rule and derived answer sees that time.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Instant logged = now.isAfter(lastLogged) ? now : lastLogged;
    List<EntryId> ids = new ArrayList<>(batch.size());
    batch.forEach(p -> ids.add(p.submission().id()));
    // Rule unique-payload: one batched read for the whole batch.
    long[] known = store.indexOfEntries(ids);
    // Rule unique-release (protocol.md §7.1), read the same way.
    List<ReleaseKey> releases = new ArrayList<>(batch.size());
    batch.forEach(p -> releases.add(ReleaseKey.of(p.submission().payload(), origin)));
    long[] knownReleases = store.indexOfReleases(releases);
    Map<ReleaseKey, Long> releasesInBatch = new HashMap<>();
    Map<EntryId, Long> inBatch = new HashMap<>();
    List<Staged> staged = new ArrayList<>();
    List<Duplicate> duplicates = new ArrayList<>();
    boolean registryChanged = false;
    boolean genesis = r.registry().inGenesis();
    LogView view = view(startIndex, staged);
    try (AppendBatch wb = store.batch()) {
      for (int k = 0; k < batch.size(); k++) {
        Pending p = batch.get(k);
        Submission s = p.submission();
        Long sameBatch = inBatch.get(s.id());
        long earlier = sameBatch != null ? sameBatch : known[k];
        if (earlier >= 0) {
          // The same signed payload: the same envelope is an idempotent resubmission; any other
          // (an added or changed signature) would be a copy (rule unique-payload).
          Envelope first = sameBatch != null ? staged.get((int) (sameBatch - startIndex)).pending().submission().envelope()
              : Leaf.parse(store.leaf(earlier)).envelope();
          if (first.equals(s.envelope())) {
            duplicates.add(new Duplicate(p, earlier));
          } else {
            p.result().completeExceptionally(new DuplicateEntryException(index, earlier));
          }
          continue;
        }
        ReleaseKey release = releases.get(k);
        if (release != null) {
          Long sameBatchRelease = releasesInBatch.get(release);
          long holder = sameBatchRelease != null ? sameBatchRelease : knownReleases[k];
          if (holder >= 0) {
            p.result().completeExceptionally(new DuplicateReleaseException(release, holder));
            continue;
          }
        }
        byte[] prev = r.lastLeafHash();
        Entry entry = new Entry(new Leaf(s.envelope(), index, logged, prev), s.payload());
        byte[] bytes;
        byte[] leafHash;
        try {
          bytes = entry.leaf().encode();
          // Last check: append() changes the replay copy only when it allows the entry.
          leafHash = r.append(bytes, entry, view, (id, h) -> {
            wb.node(id, h);
            proofNodes.put(id, h);
          });
        } catch (ProtocolException refused) {
          p.result().completeExceptionally(refused);
          continue;
        }
        Contribution contribution = wb.append(index, bytes, leafHash, entry, s.id(), s.claims());
        registryChanged |= s.payload().kind() == EntryKind.KEY;
        inBatch.put(s.id(), index);
        if (release != null) {
          releasesInBatch.put(release, index);
        }
        staged.add(new Staged(p, index, bytes, leafHash, logged, prev, s.payload().kind(), contribution));
        index++;
      }
      registryChanged |= r.registry().inGenesis() != genesis;
      SignedCheckpoint cp = head.checkpoint();
      if (!staged.isEmpty()) {
        cp = SignedCheckpoint.sign(new Checkpoint(origin, index, r.root()), logKey);
        wb.head(index, cp.encode(), registryChanged ? RegistryCodec.encode(r.registry().snapshot()) : null);
        long t0 = System.nanoTime();
        store.commit(wb);
        metrics.committed(staged.size(), Duration.ofNanos(System.nanoTime() - t0), index);
        // Durable: only now does the in-memory state move on.
        replay = r;
        lastLogged = logged;
        head = new LogHead(index, cp, registryChanged ? r.registry().snapshot() : head.registry());
        try {
          List<Contribution> done = new ArrayList<>();
          for (Staged e : staged) {
            if (e.contribution() != null) {
              done.add(e.contribution());
            }
          }
          onAppended.accept(index, done);
        } catch (RuntimeException e) {
          LOG.warn("derived state not updated for the batch up to {}: {}", index, e.toString());
        }
        try {
          onCommit.accept(head);
        } catch (RuntimeException e) {
          LOG.warn("commit listener failed: {}", e.toString());
        }
      }
      HashReader batchNodes = ids2 -> {
        List<byte[]> out = new ArrayList<>(ids2.size());
        for (NodeId id : ids2) {
          byte[] h = proofNodes.get(id);
          if (h == null) {
            throw new IllegalStateException("node " + id + " is not among the batch's proof nodes");
          }
          out.add(h);
        }
        return out;
      };
      for (Staged e : staged) {
        e.pending().result().complete(new Receipt(e.index(), e.leafHash(), e.logged(), e.prev(), cp, true, batchNodes));
      }
      for (Duplicate d : duplicates) {
        metrics.duplicate();
        d.pending().result().complete(duplicateReceipt(d, startIndex, staged, cp, batchNodes));
      }
    } catch (StorageException e) {
      LOG.error("batch of {} entries not committed: {}", batch.size(), e.getMessage());
      // Every submission of the batch not yet answered fails: none of it was written.
      batch.forEach(x -> x.result().completeExceptionally(e));
    }
  }

  private Receipt duplicateReceipt(Duplicate d, long startIndex, List<Staged> staged, SignedCheckpoint cp,
      HashReader batchNodes) {
    if (d.index() >= startIndex) {
      Staged e = staged.get((int) (d.index() - startIndex));
      return new Receipt(e.index(), e.leafHash(), e.logged(), e.prev(), cp, false, batchNodes);
    }
    // An entry of an earlier batch: rare, read from the store.
    Leaf leaf = Leaf.parse(store.leaf(d.index()));
    return new Receipt(d.index(), leaf.leafHash(), leaf.logged(), leaf.prev(), cp, false, store);
  }

  /** Earlier entries for reference checks: this batch in memory, else the store's indexes. */
  private LogView view(long batchStart, List<Staged> staged) {
    return new LogView() {
      @Override
      public EntryKind kind(long index) {
        return index >= batchStart ? staged.get((int) (index - batchStart)).kind() : store.kind(index);
      }

      @Override
      public byte[] leafHash(long index) {
        return index >= batchStart
            ? staged.get((int) (index - batchStart)).leafHash()
            : store.read(List.of(new NodeId(0, index))).get(0);
      }
    };
  }

  /** Stops taking submissions, commits what is queued, and stops the thread. */
  @Override
  public void close() {
    accepting = false;
    running = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Pending p; (p = queue.poll()) != null; ) {
      p.result().completeExceptionally(new UnavailableException("the node shut down"));
    }
  }
}
