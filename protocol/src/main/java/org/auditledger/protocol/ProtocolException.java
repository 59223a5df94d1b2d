package org.auditledger.protocol;

/**
 * Base of every failure the protocol reports. Subclasses are either {@link MalformedException}
 * (the bytes do not parse as the format) or {@link VerificationException} (they parse, but a
 * signature, proof or rule does not hold). Messages carry the values at fault.
 */
public abstract class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected ProtocolException(String message) {
    super(message);
  }

  protected ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
