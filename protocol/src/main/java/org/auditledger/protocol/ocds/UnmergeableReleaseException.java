package org.auditledger.protocol.ocds;

import org.auditledger.protocol.MalformedException;

/**
 * A release the merge routine cannot read: not an object, without a {@code date} or {@code ocid}
 * it can order and group by, or with an {@code id} in an array that is neither a string nor an
 * integer. Names the release by its position in the list given and the field by its JSON Pointer.
 */
public final class UnmergeableReleaseException extends MalformedException {
  private static final long serialVersionUID = 1L;
  private final int release;
  private final String pointer;
  private final String reason;

  public UnmergeableReleaseException(int release, String pointer, String reason) {
    super("release " + release + " (position in the list given, from 0): "
        + (pointer.isEmpty() ? "/" : pointer) + ": " + reason);
    this.release = release;
    this.pointer = pointer;
    this.reason = reason;
  }

  /** What is wrong, without the release and pointer. */
  public String reason() {
    return reason;
  }

  /** The position of the release in the list given to the merge routine. */
  public int release() {
    return release;
  }

  /** Where in that release (RFC 6901), {@code ""} for the release itself. */
  public String pointer() {
    return pointer;
  }
}
