package org.auditledger.node.claims;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.auditledger.node.api.LogSource;
import org.auditledger.protocol.claims.KnownLogs;
import org.auditledger.protocol.key.Ed25519PublicKey;

/**
 * The logs this node holds verified: its own and its mirrors, each as a {@link StoreLog} fixed at
 * the head it has when asked. Thread-safe.
 */
public final class NodeLogs {
  /** A log this node holds verified, with the key its checkpoints are signed with. */
  public record Held(LogSource log, Ed25519PublicKey logKey) {}

  private final Held own;
  private final Supplier<List<Held>> mirrors;
  private final Map<String, StoreLog.FactsCache> facts = new java.util.concurrent.ConcurrentHashMap<>();

  public NodeLogs(Held own, Supplier<List<Held>> mirrors) {
    this.own = own;
    this.mirrors = mirrors;
  }

  /** The node's own log at its head now. */
  public StoreLog own() {
    return view(own);
  }

  private StoreLog view(Held h) {
    return new StoreLog(h.log(), h.logKey(), facts.computeIfAbsent(h.log().origin(), o -> new StoreLog.FactsCache()));
  }

  /** Each mirror at its head now, by origin. */
  public Map<String, StoreLog> mirrors() {
    Map<String, StoreLog> held = new HashMap<>();
    for (Held m : mirrors.get()) {
      held.put(m.log().origin(), view(m));
    }
    return held;
  }

  /** The logs held, own first. */
  public List<LogSource> sources() {
    List<LogSource> all = new java.util.ArrayList<>();
    all.add(own.log());
    mirrors.get().forEach(m -> all.add(m.log()));
    return all;
  }

  /** The log held with this origin, or null. */
  public LogSource source(String origin) {
    return held(origin) == null ? null : held(origin).log();
  }

  /** The key the checkpoints of log {@code origin} are signed with, or null if it is not held. */
  public Ed25519PublicKey key(String origin) {
    return held(origin) == null ? null : held(origin).logKey();
  }

  private Held held(String origin) {
    if (own.log().origin().equals(origin)) {
      return own;
    }
    return mirrors.get().stream().filter(m -> m.log().origin().equals(origin)).findFirst().orElse(null);
  }

  /** Every log held, own first, each at its head now. */
  public List<StoreLog> views() {
    List<StoreLog> all = new java.util.ArrayList<>();
    all.add(own());
    all.addAll(mirrors().values());
    return all;
  }

  /** Every log, own and mirrored, at its head now. */
  public KnownLogs all() {
    return KnownLogs.of(own(), KnownLogs.of(mirrors().values()));
  }
}
