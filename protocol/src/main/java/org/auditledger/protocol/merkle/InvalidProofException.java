package org.auditledger.protocol.merkle;

import org.auditledger.protocol.VerificationException;

/** An inclusion or consistency proof that does not verify. */
public class InvalidProofException extends VerificationException {
  private static final long serialVersionUID = 1L;

  public InvalidProofException(String message) {
    super(message);
  }
}
