package org.auditledger.protocol.claims;

import org.auditledger.protocol.authz.KeyRegistry;

/**
 * A log whose entries {@code [0, size)} the caller verified, as claims see it. Answers come from
 * verified data only (a node's store or mirror, a verifier's proven fetches); an answer that
 * cannot be given (a peer unreachable) is an exception, never a guess.
 */
public interface KnownLog {
  String origin();

  /** Entries {@code [0, size)} can be asked about. */
  long size();

  /** The facts of entry {@code index < size()}. */
  EntryFacts entry(long index);

  /**
   * The key registry after the first {@code size <= size()} entries, or null if this view cannot
   * replay it (claims on it stay unchecked).
   */
  KeyRegistry registryAt(long size);
}
