package org.auditledger.protocol.entry;

import org.auditledger.protocol.VerificationException;

/**
 * A release whose {@code id} is already used in its contracting process in this log (rule
 * {@code unique-release}, protocol.md §7.1): an OCDS release is never changed in place; a change
 * is a new release with a new id.
 */
public final class DuplicateReleaseException extends VerificationException {
  private static final long serialVersionUID = 1L;
  /** The rule id, as listed in docs/protocol.md §7.1. */
  public static final String RULE = "unique-release";
  private final transient ReleaseKey release;
  private final long firstIndex;

  public DuplicateReleaseException(ReleaseKey release, long firstIndex) {
    super("release \"" + release.id() + "\" of " + release.ocid() + " is already in the log as entry " + firstIndex
        + " (rule \"" + RULE + "\"): a changed release is published as a new release with a new id");
    this.release = release;
    this.firstIndex = firstIndex;
  }

  public ReleaseKey release() {
    return release;
  }

  /** The index of the entry that already holds this release. */
  public long firstIndex() {
    return firstIndex;
  }
}
