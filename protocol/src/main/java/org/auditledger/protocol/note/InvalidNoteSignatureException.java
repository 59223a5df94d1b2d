package org.auditledger.protocol.note;

import org.auditledger.protocol.VerificationException;

/** A note whose signature by a trusted key does not verify, or that no trusted key signed. */
public final class InvalidNoteSignatureException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final String keyName;

  public InvalidNoteSignatureException(String keyName, String message) {
    super(message);
    this.keyName = keyName;
  }

  /** The key name at fault, or null when no trusted key signed. */
  public String keyName() {
    return keyName;
  }
}
