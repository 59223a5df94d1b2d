package org.auditledger.protocol.dsse;

import org.auditledger.protocol.VerificationException;

/** A DSSE signature that does not verify; carries the entry index (if known) and the key id. */
public final class InvalidSignatureException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final Long entryIndex;
  private final String keyId;

  public InvalidSignatureException(Long entryIndex, String keyId, String message) {
    super((entryIndex == null ? "" : "entry " + entryIndex + ": ") + message);
    this.entryIndex = entryIndex;
    this.keyId = keyId;
  }

  /** The log index of the entry, or null before it is sequenced. */
  public Long entryIndex() {
    return entryIndex;
  }

  public String keyId() {
    return keyId;
  }
}
