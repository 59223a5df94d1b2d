package org.auditledger.protocol.entry;

import org.auditledger.protocol.MalformedException;

/** A leaf over the 65,535-byte limit of C2SP entry bundles. */
public final class LeafTooLargeException extends MalformedException {
  private static final long serialVersionUID = 1L;
  private final int size;

  public LeafTooLargeException(int size) {
    super("leaf would be " + size + " bytes, limit " + Leaf.MAX_SIZE
        + "; keep large documents off the log and reference them by SHA-256");
    this.size = size;
  }

  public int size() {
    return size;
  }
}
