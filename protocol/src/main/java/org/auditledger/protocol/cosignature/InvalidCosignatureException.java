package org.auditledger.protocol.cosignature;

import org.auditledger.protocol.VerificationException;

/** A cosignature by a known witness that does not verify. */
public final class InvalidCosignatureException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final String witness;

  public InvalidCosignatureException(String witness, String message) {
    super(message);
    this.witness = witness;
  }

  public String witness() {
    return witness;
  }
}
