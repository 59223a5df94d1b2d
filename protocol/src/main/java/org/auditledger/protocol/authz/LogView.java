package org.auditledger.protocol.authz;

import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryKind;

/**
 * What the rules need to know of earlier entries of the same log: their kinds and leaf hashes
 * (references) and which one carries a given payload (rule unique-payload). Callers answer only
 * for indexes below the entry being checked.
 */
public interface LogView {
  EntryKind kind(long index);

  byte[] leafHash(long index);

  /** The index of an earlier entry with this id, or -1; an answer at or after the entry checked is ignored. */
  default long indexOfEntry(EntryId id) {
    return -1;
  }
}
