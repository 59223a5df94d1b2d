package org.auditledger.node;

import java.util.List;
import java.util.function.LongConsumer;
import org.auditledger.node.store.AppendBatch;
import org.auditledger.node.store.LogStorage;
import org.auditledger.node.store.LogStore;
import org.auditledger.node.store.StorageException;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.merkle.NodeId;

/**
 * A real store that fails on demand: at the n-th entry staged in a batch, or at commit. To prove
 * that a batch that fails midway leaves nothing visible (after square/tape's faulty file).
 */
final class FailingStorage implements LogStorage {
  private final LogStore store;
  volatile int failAtAppend = -1;
  volatile boolean failCommit;
  /** When set, commit waits for it (after counting down {@link #committing}). */
  volatile java.util.concurrent.CountDownLatch hold;
  final java.util.concurrent.Semaphore committing = new java.util.concurrent.Semaphore(0);

  FailingStorage(LogStore store) {
    this.store = store;
  }

  /** A batch of the real store that can fail while entries are staged. */
  private final class Wrapped implements AppendBatch {
    final AppendBatch real = store.batch();
    int appended;

    @Override
    public org.auditledger.protocol.derived.Contribution append(long index, byte[] leaf, byte[] leafHash, Entry entry,
        EntryId id, List<Claim> claims) {
      if (appended++ == failAtAppend) {
        throw new StorageException("injected failure while staging entry " + index);
      }
      return real.append(index, leaf, leafHash, entry, id, claims);
    }

    @Override
    public void node(NodeId id, byte[] hash) {
      real.node(id, hash);
    }

    @Override
    public void progress(long size, byte[] registry) {
      real.progress(size, registry);
    }

    @Override
    public void head(long size, byte[] checkpoint, byte[] registry) {
      real.head(size, checkpoint, registry);
    }

    @Override
    public void close() {
      real.close();
    }
  }

  @Override
  public AppendBatch batch() {
    return new Wrapped();
  }

  @Override
  public void commit(AppendBatch batch) {
    // Decided on entry: a batch held at commit keeps the setting it arrived with.
    boolean fail = failCommit;
    java.util.concurrent.CountDownLatch h = hold;
    if (h != null) {
      committing.release();
      try {
        h.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (fail) {
      throw new StorageException("injected failure at commit");
    }
    store.commit(((Wrapped) batch).real);
  }

  @Override public String origin() { return store.origin(); }
  @Override public long size() { return store.size(); }
  @Override public byte[] checkpoint() { return store.checkpoint(); }
  @Override public byte[] registry() { return store.registry(); }
  @Override public byte[] leaf(long index) { return store.leaf(index); }
  @Override public List<byte[]> leaves(long from, int count) { return store.leaves(from, count); }
  @Override public long indexOfLeafHash(byte[] leafHash) { return store.indexOfLeafHash(leafHash); }
  @Override public long indexOfEntry(EntryId id) { return store.indexOfEntry(id); }
  @Override public long[] indexOfEntries(List<EntryId> ids) { return store.indexOfEntries(ids); }
  @Override public long[] indexOfReleases(List<org.auditledger.protocol.entry.ReleaseKey> keys) { return store.indexOfReleases(keys); }
  @Override public EntryKind kind(long index) { return store.kind(index); }
  @Override public void postings(byte field, String value, long after, int limit, LongConsumer visitor) {
    store.postings(field, value, after, limit, visitor);
  }
  @Override public void entriesWithAny(byte field, LongConsumer visitor) { store.entriesWithAny(field, visitor); }
  @Override public boolean hasPosting(byte field, String value, long index) { return store.hasPosting(field, value, index); }
  @Override public List<byte[]> read(List<NodeId> ids) { return store.read(ids); }
  @Override public void contributions(java.util.function.BiConsumer<Long, byte[]> visitor) { store.contributions(visitor); }
  @Override public boolean derivedComplete() { return store.derivedComplete(); }
}
