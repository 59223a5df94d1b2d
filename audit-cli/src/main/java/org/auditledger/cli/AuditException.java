package org.auditledger.cli;

/**
 * A failure that ends a command: its exit code class, and the entry and rule at fault when known.
 */
public final class AuditException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ExitCode code;
  private final Long entryIndex;
  private final String rule;
  private transient org.auditledger.protocol.evidence.Evidence evidence;

  public AuditException(ExitCode code, String message) {
    this(code, message, null, null, null);
  }

  public AuditException(ExitCode code, String message, Throwable cause) {
    this(code, message, null, null, cause);
  }

  public AuditException(ExitCode code, String message, Long entryIndex, String rule, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.entryIndex = entryIndex;
    this.rule = rule;
  }

  public ExitCode code() {
    return code;
  }

  public Long entryIndex() {
    return entryIndex;
  }

  public String rule() {
    return rule;
  }

  /** This failure with the self-contained evidence against the log that proves it, if any. */
  public AuditException withEvidence(org.auditledger.protocol.evidence.Evidence e) {
    this.evidence = e;
    return this;
  }

  /** Evidence against the log, to publish, or null. */
  public org.auditledger.protocol.evidence.Evidence evidence() {
    return evidence;
  }
}
