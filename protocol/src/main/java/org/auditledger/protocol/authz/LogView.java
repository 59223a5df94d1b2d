package org.auditledger.protocol.authz;

import org.auditledger.protocol.entry.EntryKind;

/**
 * What the rules need to know of earlier entries of the same log, to check references. Callers
 * answer only for indexes below the entry being checked.
 */
public interface LogView {
  EntryKind kind(long index);

  byte[] leafHash(long index);
}
