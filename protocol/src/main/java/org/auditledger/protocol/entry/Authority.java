package org.auditledger.protocol.entry;

import java.util.Arrays;
import java.util.Base64;

/**
 * An entry's claim that its issuer's home is another log, and which grant there authorizes a
 * signer: the key entry at {@code index} (pinned by its leaf hash) of the log {@code log}, judged
 * by that log's key registry after its first {@code size} entries (protocol.md §6.2).
 */
public record Authority(String log, long index, byte[] leafHash, long size) {
  public Authority {
    leafHash = leafHash.clone();
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }

  /** The grant as a reference target, {@code log#index}. */
  public String target() {
    return log + "#" + index;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Authority a && log.equals(a.log) && index == a.index && size == a.size
        && Arrays.equals(leafHash, a.leafHash);
  }

  @Override
  public int hashCode() {
    return log.hashCode() * 31 + Long.hashCode(index);
  }

  @Override
  public String toString() {
    return "authority " + target() + " (" + Base64.getEncoder().encodeToString(leafHash) + ") at size " + size;
  }
}
