package org.auditledger.protocol;

/** The input does not follow the format: a parse error, not a failed check. */
public class MalformedException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  public MalformedException(String message) {
    super(message);
  }

  public MalformedException(String message, Throwable cause) {
    super(message, cause);
  }
}
