package org.auditledger.protocol;

/** Well-formed input whose signature, proof or rule check failed. */
public class VerificationException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  public VerificationException(String message) {
    super(message);
  }

  public VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
