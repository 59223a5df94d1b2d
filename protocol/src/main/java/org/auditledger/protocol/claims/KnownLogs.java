package org.auditledger.protocol.claims;

import java.util.HashMap;
import java.util.Map;

/** The logs known to whoever judges claims, by origin. */
@FunctionalInterface
public interface KnownLogs {
  /** The log with this origin, or null if it is not known. */
  KnownLog log(String origin);

  KnownLogs NONE = origin -> null;

  /** {@code first} and then {@code rest}. */
  static KnownLogs of(KnownLog first, KnownLogs rest) {
    return origin -> origin.equals(first.origin()) ? first : rest.log(origin);
  }

  /** These logs, and no other. */
  static KnownLogs of(Iterable<? extends KnownLog> logs) {
    Map<String, KnownLog> m = new HashMap<>();
    logs.forEach(l -> m.put(l.origin(), l));
    return m::get;
  }
}
