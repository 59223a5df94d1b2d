package org.auditledger.node.accountability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.auditledger.node.api.LogSource;
import org.auditledger.node.claims.NodeLogs;
import org.auditledger.node.claims.StoreLog;
import org.auditledger.node.store.LogReader;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.claims.Claims;
import org.auditledger.protocol.claims.KnownLogs;
import org.auditledger.protocol.derived.Accountability;
import org.auditledger.protocol.derived.Contribution;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryKind;

/**
 * The node's derived state (protocol.md §10) over its own log and its mirrors: one {@link
 * Accountability}. Each store keeps every entry's {@link Contribution} beside the entry, written
 * by the one write path; at start they are read back from each store's derived index (never from
 * the log), and each commit of the sequencer or a mirror adds its entries' contributions.
 *
 * <p>A contribution with unchecked claims names the logs it awaits; when such a log reaches the
 * size awaited, the entry's claims are judged again and its contribution replaced (in memory and
 * in its store), so that the answers depend on the entries held, not on the order in which the
 * logs were followed. Thread-safe: a commit, with the judgments it makes decidable, is applied
 * under one write lock by the state's own thread, so a reader sees the state of whole commits
 * with the sizes they cover, and no commit waits for a reader.
 */
public final class DerivedState {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DerivedState.class);
  private static final List<EntryKind> CONTRIBUTING = List.of(EntryKind.FINDING, EntryKind.RESPONSE, EntryKind.ASSESSMENT,
      EntryKind.SPENDING);
  private final NodeLogs logs;
  private final Accountability state;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Long> sizes = new TreeMap<>();
  // Entries whose claims wait for a log: by awaited origin, then the size awaited.
  private final Map<String, TreeMap<Long, Set<String>>> pending = new HashMap<>();
  private final Map<String, List<Claim.Awaiting>> awaitedBy = new HashMap<>();

  private static final long MAX_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
  private final java.util.concurrent.ExecutorService applier = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "ledger-derived");
    t.setDaemon(true);
    return t;
  });
  private final Object progress = new Object();
  // Guarded by applier: commits handed over and not yet taken by the applier thread.
  private final java.util.ArrayDeque<Commit> queued = new java.util.ArrayDeque<>();
  private long submitted;
  private long applied;

  /** With the technology-spending view of {@code technology} (protocol.md §10.4). */
  public DerivedState(NodeLogs logs, List<String> technology) {
    this.logs = logs;
    this.state = new Accountability(technology);
  }

  /**
   * Loads the contributions every store holds, computes those a store lacks (a store upgraded
   * from an earlier format), then judges again what became decidable. Blocks: call it on a worker
   * before serving.
   */
  public void load() {
    lock.writeLock().lock();
    try {
      loadLocked();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void loadLocked() {
    for (LogSource source : logs.sources()) {
      LogStore store = source.store();
      long size = source.head().size();
      if (!store.derivedComplete()) {
        LOG.info("computing the derived index of {} ({} entries): once, after an upgrade", source.origin(), size);
        compute(source);
        store.markDerivedComplete();
      }
      List<Contribution> read = new ArrayList<>();
      try {
        store.contributions((index, bytes) -> {
          if (index < size) {
            read.add(Contribution.decode(bytes));
          }
        });
      } catch (IllegalArgumentException unreadable) {
        // A derived index is derived: one this node cannot read (damaged, or of another
        // encoding) is computed again from the log, never a reason not to serve it.
        LOG.warn("the derived index of {} cannot be read ({}): computing it again from the log", source.origin(),
            unreadable.getMessage());
        read.clear();
        store.clearContributions();
        compute(source);
        store.contributions((index, bytes) -> {
          if (index < size) {
            read.add(Contribution.decode(bytes));
          }
        });
      }
      read.forEach(this::put);
      covered(source.origin(), size);
    }
    // Built now, under the write lock: readers then only read.
    state.index();
    settle(awaitedOrigins());
    state.index();
  }

  /** Judges and stores the contribution of every entry of {@code source} that may have one. */
  private void compute(LogSource source) {
    StoreLog log = new StoreLog(source, logs.key(source.origin()));
    LogReader store = log.store();
    java.util.TreeSet<Long> indexes = new java.util.TreeSet<>();
    for (EntryKind k : CONTRIBUTING) {
      long after = -1;
      while (true) {
        List<Long> page = new ArrayList<>();
        store.postings(LogReader.KIND, k.jsonName(), after, 10_000, page::add);
        indexes.addAll(page);
        if (page.size() < 10_000) {
          break;
        }
        after = page.get(page.size() - 1);
      }
    }
    store.entriesWithAny(LogReader.REF, indexes::add);
    KnownLogs heads = logs.all();
    for (long i : indexes.headSet(log.size())) {
      Contribution c = judge(log, i, heads);
      source.store().putContribution(i, c == null ? null : c.encode());
    }
  }

  private static Contribution judge(StoreLog log, long index, KnownLogs heads) {
    Entry e = Entry.reopen(log.store().leaf(index));
    List<Claim> claims = Claims.check(log.origin(), index, e.leaf().logged(), e.payload(), e.leaf().envelope().signers(),
        KnownLogs.of(log.before(index), heads));
    return Contribution.of(log.origin(), index, e.leaf().logged(), e.payload(), claims);
  }

  /**
   * Adds what a commit of log {@code origin} up to {@code size} entries stored (the contributions
   * the store computed for it), then judges again the entries that awaited this log or whose
   * awaited logs already grew. Called on the committing thread, once per batch.
   */
  public void committed(String origin, long size, List<Contribution> contributions) {
    // Applied in commit order by one thread of its own: a commit never waits for a long query
    // holding the read lock, and a query waits for every commit made before it began (read()).
    synchronized (applier) {
      queued.add(new Commit(++submitted, origin, size, contributions));
      applier.execute(this::applyQueued);
    }
  }

  /** A commit not yet applied. */
  private record Commit(long n, String origin, long size, List<Contribution> contributions) {}

  /**
   * Applies every commit queued so far, in order, then compiles the processes they changed once:
   * when commits come faster than they are applied, a process whose releases arrive in several
   * batches is compiled once, not once per batch. Queries see only whole, indexed applications.
   */
  private void applyQueued() {
    List<Commit> batch;
    synchronized (applier) {
      batch = new ArrayList<>(queued);
      queued.clear();
    }
    if (batch.isEmpty()) {
      return;
    }
    lock.writeLock().lock();
    try {
      for (Commit commit : batch) {
        try {
          Set<String> touched = new LinkedHashSet<>();
          touched.add(commit.origin());
          for (Contribution c : commit.contributions()) {
            put(c);
            c.awaiting().forEach(w -> touched.add(w.log()));
          }
          covered(commit.origin(), commit.size());
          settle(touched);
        } catch (RuntimeException e) {
          LOG.warn("derived state: the commit of {} up to {} not applied: {}", commit.origin(), commit.size(),
              e.toString());
        }
      }
      // Processes changed are compiled now, under the write lock: queries only read.
      state.index();
    } catch (RuntimeException e) {
      LOG.warn("derived state: commits up to {} applied but not indexed: {}", batch.get(batch.size() - 1).n(),
          e.toString());
    } finally {
      lock.writeLock().unlock();
      synchronized (progress) {
        applied = batch.get(batch.size() - 1).n();
        progress.notifyAll();
      }
    }
  }

  /** Stops applying commits; those queued are applied first. */
  public void close() {
    applier.shutdown();
    try {
      applier.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // The methods below run under the write lock.

  private void covered(String origin, long size) {
    sizes.merge(origin, size, Math::max);
  }

  private void put(Contribution c) {
    state.put(c);
    unpend(c.key());
    if (!c.awaiting().isEmpty()) {
      awaitedBy.put(c.key(), c.awaiting());
      for (Claim.Awaiting w : c.awaiting()) {
        pending.computeIfAbsent(w.log(), k -> new TreeMap<>()).computeIfAbsent(w.size(), k -> new HashSet<>()).add(c.key());
      }
    }
  }

  private void unpend(String key) {
    List<Claim.Awaiting> old = awaitedBy.remove(key);
    if (old == null) {
      return;
    }
    for (Claim.Awaiting w : old) {
      TreeMap<Long, Set<String>> bySize = pending.get(w.log());
      Set<String> keys = bySize == null ? null : bySize.get(w.size());
      if (keys != null) {
        keys.remove(key);
        if (keys.isEmpty()) {
          bySize.remove(w.size());
        }
        if (bySize.isEmpty()) {
          pending.remove(w.log());
        }
      }
    }
  }

  private Set<String> awaitedOrigins() {
    return new HashSet<>(pending.keySet());
  }

  /** Judges again every entry that awaits one of {@code origins} at a size it now has. */
  private void settle(Set<String> origins) {
    Map<String, StoreLog> held = new HashMap<>();
    for (StoreLog l : logs.views()) {
      held.put(l.origin(), l);
    }
    KnownLogs heads = KnownLogs.of(held.values());
    for (String origin : origins) {
      StoreLog awaited = held.get(origin);
      TreeMap<Long, Set<String>> bySize = pending.get(origin);
      if (awaited == null || bySize == null) {
        continue;
      }
      List<String> due = new ArrayList<>();
      bySize.headMap(awaited.size(), true).values().forEach(due::addAll);
      for (String key : due) {
        int hash = key.lastIndexOf('#');
        StoreLog host = held.get(key.substring(0, hash));
        long index = Long.parseLong(key.substring(hash + 1));
        if (host == null || index >= host.size()) {
          continue;
        }
        try {
          Contribution c = judge(host, index, heads);
          logs.source(host.origin()).store().putContribution(index, c == null ? null : c.encode());
          if (c == null) {
            remove(key);
          } else {
            put(c);
          }
        } catch (RuntimeException e) {
          // Not tried again before the next start: a store that cannot answer would fail again.
          unpend(key);
          LOG.warn("derived state: claims of {} not judged again: {}", key, e.toString());
        }
      }
    }
  }

  private void remove(String key) {
    state.remove(key);
    unpend(key);
  }

  /**
   * Reads the state under the lock, with the entries of each log it covers ({@code [0, size)} by
   * origin): {@code query} must not keep what it is given.
   */
  public <T> T read(java.util.function.BiFunction<Accountability, Map<String, Long>, T> query) {
    long target;
    synchronized (applier) {
      target = submitted;
    }
    long deadline = System.nanoTime() + MAX_WAIT_NANOS;
    synchronized (progress) {
      // Every commit made before the query began is in its answer (read your writes); a state
      // that cannot catch up in time answers as it is, and says which sizes it covers.
      while (applied < target && System.nanoTime() < deadline) {
        try {
          progress.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return peek(query);
  }

  /** As {@link #read}, without waiting for commits in flight: for what entries show of their status. */
  public <T> T peek(java.util.function.BiFunction<Accountability, Map<String, Long>, T> query) {
    lock.readLock().lock();
    try {
      return query.apply(state, Map.copyOf(sizes));
    } finally {
      lock.readLock().unlock();
    }
  }
}
