package org.auditledger.protocol.entry;

import org.auditledger.protocol.VerificationException;

/**
 * An entry whose payload is already in the log (rule {@code unique-payload}): the same signed
 * statement, whatever signatures were added or changed. Carries both indexes.
 */
public final class DuplicateEntryException extends VerificationException {
  private static final long serialVersionUID = 1L;
  /** The rule id, as listed in docs/protocol.md §6. */
  public static final String RULE = "unique-payload";
  private final long index;
  private final long firstIndex;

  public DuplicateEntryException(long index, long firstIndex) {
    super("entry " + index + " breaks rule \"" + RULE + "\": its payload is already in the log as entry "
        + firstIndex + "; an entry is its signed payload, and co-signatures do not make a new one");
    this.index = index;
    this.firstIndex = firstIndex;
  }

  public long index() {
    return index;
  }

  /** The index of the entry that already carries this payload. */
  public long firstIndex() {
    return firstIndex;
  }

  /**
   * Rule {@code unique-payload}: entry {@code index} may carry a payload only if no earlier entry
   * does.
   *
   * @param earlier the index of an earlier entry with the same {@link EntryId}, or -1
   * @throws DuplicateEntryException if there is one
   */
  public static void check(long index, long earlier) {
    if (earlier >= 0 && earlier < index) {
      throw new DuplicateEntryException(index, earlier);
    }
  }
}
