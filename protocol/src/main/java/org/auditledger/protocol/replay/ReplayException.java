package org.auditledger.protocol.replay;

import java.util.Optional;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.VerificationException;
import org.auditledger.protocol.evidence.Evidence;

/**
 * Why a replay stopped: which class of failure, the entry and rule at fault when there is one, and
 * the self-contained evidence against the log when the data proved it misbehaved (rather than,
 * say, a cache serving garbage). Nothing after the last committed chunk was committed.
 */
public final class ReplayException extends VerificationException {
  private static final long serialVersionUID = 1L;

  /** The classes of failure, from the checkpoint inwards. */
  public enum Kind {
    /** the checkpoint is malformed or not signed by the trusted log key */
    CHECKPOINT,
    /** too few trusted witnesses cosigned the checkpoint */
    WITNESSES,
    /** the log is not consistent with what was verified before (fork or rollback) */
    INCONSISTENT,
    /** the entries or tiles do not match the signed tree */
    TREE,
    /** an entry is malformed, wrongly signed, off the schema, breaks the chain or repeats a payload */
    ENTRY,
    /** an entry's signer lacked the authority, or a reference does not hold */
    AUTHORIZATION
  }

  private final Kind kind;
  private final Long index;
  private final String rule;
  private final transient Evidence evidence;

  public ReplayException(Kind kind, Long index, String rule, String message, Evidence evidence, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.index = index;
    this.rule = rule;
    this.evidence = evidence;
  }

  static ReplayException of(Kind kind, Long index, String rule, ProtocolException cause, Evidence evidence) {
    return new ReplayException(kind, index, rule, cause.getMessage(), evidence, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** The first entry at fault, or null. */
  public Long index() {
    return index;
  }

  /** The rule broken (protocol.md), or null. */
  public String rule() {
    return rule;
  }

  /** Proof against the log, when the failure is one. */
  public Optional<Evidence> evidence() {
    return Optional.ofNullable(evidence);
  }
}
