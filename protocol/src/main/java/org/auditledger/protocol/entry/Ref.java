package org.auditledger.protocol.entry;

import java.util.Arrays;
import java.util.Base64;

/**
 * A reference from one entry to another: in another log ({@code log} = its origin) or in this one
 * ({@code log} = null). {@code leafHash} pins the exact entry.
 */
public record Ref(String log, long index, byte[] leafHash, String rel) {
  public static final String ABOUT = "about";
  public static final String RESPONDS_TO = "responds-to";
  public static final String AMENDS = "amends";
  public static final String SUPERSEDES = "supersedes";
  public static final String CITES = "cites";
  public static final String ASSESSES = "assesses";

  public Ref {
    leafHash = leafHash.clone();
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }

  /** The origin of the log referenced, for a reference in an entry of log {@code origin}. */
  public String logIn(String origin) {
    return log == null ? origin : log;
  }

  /** The referenced entry as {@code origin#index}, for a reference in an entry of log {@code origin}. */
  public String targetIn(String origin) {
    return logIn(origin) + "#" + index;
  }

  /** Whether the reference points into the log the entry is in. */
  public boolean isLocal(String origin) {
    return log == null || log.equals(origin);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ref r && java.util.Objects.equals(log, r.log) && index == r.index
        && Arrays.equals(leafHash, r.leafHash) && rel.equals(r.rel);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Arrays.hashCode(leafHash);
  }

  @Override
  public String toString() {
    return rel + " " + (log == null ? "" : log) + "#" + index + " ("
        + Base64.getEncoder().encodeToString(leafHash) + ")";
  }
}
