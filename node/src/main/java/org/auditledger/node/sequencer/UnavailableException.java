package org.auditledger.node.sequencer;

/** The sequencer cannot take the submission now (queue full, or shutting down); retry later. */
public final class UnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(String message) {
    super(message);
  }
}
