package org.auditledger.node.claims;

import java.util.ArrayList;
import java.util.List;
import org.auditledger.node.api.LogSource;
import org.auditledger.node.sequencer.LogHead;
import org.auditledger.node.store.LogReader;
import org.auditledger.node.store.StorageException;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.claims.EntryFacts;
import org.auditledger.protocol.claims.KnownLog;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.merkle.Rfc6962;

/**
 * A log this node holds verified (its own, or a mirror) as claims see it, fixed at the head it
 * had when made: every entry below that size passed the one replay before it was stored, so its
 * facts are read back without checking signatures again.
 */
public final class StoreLog implements KnownLog {
  private static final int KEY_PAGE = 1_000;
  private final String origin;
  private final LogHead head;
  private final LogReader store;
  private final Ed25519PublicKey logKey;
  private final long limit;
  private final FactsCache facts;

  public StoreLog(LogSource source, Ed25519PublicKey logKey) {
    this(source, logKey, null);
  }

  /** As {@link #StoreLog(LogSource, Ed25519PublicKey)}, sharing {@code facts} with other views of the log. */
  public StoreLog(LogSource source, Ed25519PublicKey logKey, FactsCache facts) {
    this(source.origin(), source.head(), source.store(), logKey, -1, facts);
  }

  private StoreLog(String origin, LogHead head, LogReader store, Ed25519PublicKey logKey, long limit, FactsCache facts) {
    this.facts = facts;
    this.origin = origin;
    this.head = head;
    this.store = store;
    this.logKey = logKey;
    // One read of the head: the view stays fixed however the log grows.
    this.limit = limit < 0 ? head.size() : limit;
  }

  /** This log as known before entry {@code size}: what an entry's claims on its own log may see. */
  public StoreLog before(long size) {
    return new StoreLog(origin, head, store, logKey, Math.min(size, limit), facts);
  }

  /** The store read. */
  public LogReader store() {
    return store;
  }

  @Override
  public String origin() {
    return origin;
  }

  @Override
  public long size() {
    return limit;
  }

  /** The head this view is fixed at. */
  public LogHead head() {
    return head;
  }

  @Override
  public EntryFacts entry(long index) {
    EntryFacts f = facts == null ? null : facts.get(index);
    if (f == null) {
      byte[] leaf = leaf(index);
      f = EntryFacts.of(origin, Rfc6962.leafHash(leaf), Entry.reopen(leaf).payload());
      if (facts != null) {
        facts.put(index, f);
      }
    }
    return f;
  }

  /**
   * The facts of a log's entries recently judged, shared by the views of it: an entry below the
   * head never changes, and the entries references name (a finding, its subject) are named again
   * and again. Thread-safe, bounded.
   */
  public static final class FactsCache {
    private static final int MAX = 16_384;
    private final java.util.Map<Long, EntryFacts> byIndex = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(java.util.Map.Entry<Long, EntryFacts> eldest) {
        return size() > MAX;
      }
    };

    synchronized EntryFacts get(long index) {
      return byIndex.get(index);
    }

    synchronized void put(long index, EntryFacts f) {
      byIndex.put(index, f);
    }
  }

  /**
   * At the head, its registry snapshot; below it, the key entries below {@code size} replayed
   * (key entries are few: found through their search postings, never by a scan of the log).
   */
  @Override
  public KeyRegistry registryAt(long size) {
    if (size > limit) {
      throw new IllegalArgumentException("size " + size + " is beyond the known size " + limit);
    }
    if (size == head.size() && head.registry() != null) {
      return KeyRegistry.restore(origin, logKey, head.registry(), size);
    }
    List<Entry> keys = new ArrayList<>();
    long[] after = {-1};
    while (true) {
      List<Long> page = new ArrayList<>();
      store.postings(LogReader.KIND, "key", after[0], KEY_PAGE, page::add);
      for (long i : page) {
        if (i >= size) {
          return KeyRegistry.ofKeyEntries(origin, logKey, keys, size);
        }
        keys.add(open(i));
      }
      if (page.size() < KEY_PAGE) {
        return KeyRegistry.ofKeyEntries(origin, logKey, keys, size);
      }
      after[0] = page.get(page.size() - 1);
    }
  }

  /** Whether any key entry of this log grants roles for organization {@code name}. */
  public boolean grantsFor(String name) {
    boolean[] found = {false};
    store.postings(LogReader.GRANTED, name, -1, 1, i -> found[0] = i < limit);
    return found[0];
  }

  private Entry open(long index) {
    return Entry.reopen(leaf(index));
  }

  private byte[] leaf(long index) {
    byte[] leaf = store.leaf(index);
    if (leaf == null) {
      throw new StorageException("entry " + index + " of " + origin + " is below its head but not stored");
    }
    return leaf;
  }
}
