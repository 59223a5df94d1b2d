package org.auditledger.protocol.entry;

import org.auditledger.protocol.dsse.Envelope;

/**
 * A leaf whose envelope signatures verified and whose payload is valid: everything about one
 * entry that can be checked without the rest of the log. The chain ({@link Leaf#checkLink}) and
 * authorization ({@code authz.KeyRegistry}) need the entries before it.
 */
public record Entry(Leaf leaf, EntryPayload payload) {
  /**
   * Checks an envelope as submitted: every signature verifies and the payload is valid.
   *
   * @param index the entry's index for messages, or null before sequencing
   */
  public static EntryPayload checkEnvelope(Envelope envelope, Long index) {
    EntryPayload payload;
    try {
      payload = EntryPayload.parse(envelope.payload());
    } catch (SchemaViolationException e) {
      if (index == null) {
        throw e;
      }
      throw new SchemaViolationException("entry " + index + " payload", e.violations());
    }
    envelope.verify(index);
    return payload;
  }

  /** Parses leaf bytes and checks the entry's signatures and payload. */
  public static Entry open(byte[] leafBytes) {
    Leaf leaf = Leaf.parse(leafBytes);
    return new Entry(leaf, checkEnvelope(leaf.envelope(), leaf.index()));
  }

  /**
   * Parses leaf bytes that a replay already verified (read back from the store it wrote them to),
   * without checking the signatures again.
   */
  public static Entry reopen(byte[] leafBytes) {
    Leaf leaf = Leaf.parse(leafBytes);
    return new Entry(leaf, EntryPayload.parse(leaf.envelope().payload()));
  }
}
