package org.auditledger.node.accountability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.auditledger.node.claims.NodeLogs;
import org.auditledger.node.claims.StoreLog;
import org.auditledger.node.store.LogReader;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.claims.Claims;
import org.auditledger.protocol.claims.KnownLogs;
import org.auditledger.protocol.derived.Accountability;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;

/**
 * The node's derived state (protocol.md §10) over its own log and its mirrors: one {@link
 * Accountability}, updated once per appended entry by the sequencer and by each mirror as they
 * commit, and read by the API. At start it is rebuilt from the entries that contribute to it,
 * found through the search postings (findings, responses, assessments, and entries with
 * references), never by a scan of the logs. Thread-safe.
 */
public final class DerivedState {
  private static final List<EntryKind> CONTRIBUTING = List.of(EntryKind.FINDING, EntryKind.RESPONSE, EntryKind.ASSESSMENT);
  private final Accountability state = new Accountability();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Long> sizes = new TreeMap<>();

  /** Records an entry of log {@code origin} with its claims as judged. */
  public void apply(String origin, long index, Instant logged, EntryPayload p, List<Claim> claims) {
    lock.writeLock().lock();
    try {
      state.apply(origin, index, logged, p, claims);
      sizes.merge(origin, index + 1, Math::max);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Reads the state under the lock: {@code query} must not keep what it is given. */
  public <T> T read(Function<Accountability, T> query) {
    lock.readLock().lock();
    try {
      return query.apply(state);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The entries of each log the state covers: {@code [0, size)} by origin. */
  public Map<String, Long> sizes() {
    lock.readLock().lock();
    try {
      return Map.copyOf(sizes);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Rebuilds the state from the logs as stored: for each log, the entries that can contribute,
   * each judged against the entries of its log before it and the other logs at their heads.
   */
  public void rebuild(NodeLogs logs) {
    List<StoreLog> all = new ArrayList<>();
    all.add(logs.own());
    all.addAll(logs.mirrors().values());
    KnownLogs heads = logs.all();
    for (StoreLog log : all) {
      LogReader store = log.store();
      TreeSet<Long> indexes = new TreeSet<>();
      for (EntryKind k : CONTRIBUTING) {
        long[] after = {-1};
        while (true) {
          List<Long> page = new ArrayList<>();
          store.postings(LogReader.KIND, k.jsonName(), after[0], 10_000, page::add);
          indexes.addAll(page);
          if (page.size() < 10_000) {
            break;
          }
          after[0] = page.get(page.size() - 1);
        }
      }
      store.entriesWithAny(LogReader.REF, indexes::add);
      for (long i : indexes.headSet(log.size())) {
        Entry e = Entry.reopen(store.leaf(i));
        List<Claim> claims = Claims.check(log.origin(), i, e.leaf().logged(), e.payload(), e.leaf().envelope().signers(),
            KnownLogs.of(log.before(i), heads));
        apply(log.origin(), i, e.leaf().logged(), e.payload(), claims);
      }
      lock.writeLock().lock();
      try {
        sizes.merge(log.origin(), log.size(), Math::max);
      } finally {
        lock.writeLock().unlock();
      }
    }
  }
}
