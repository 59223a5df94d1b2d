package org.auditledger.protocol.authz;

import org.auditledger.protocol.VerificationException;

/** An entry whose signers lack the authority its kind and issuer need; names the rule. */
public final class UnauthorizedException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final long index;
  private final String rule;
  private final String reason;

  public UnauthorizedException(long index, String rule, String message) {
    super("entry " + index + " breaks rule \"" + rule + "\": " + message);
    this.index = index;
    this.rule = rule;
    this.reason = message;
  }

  /** Why, without the entry's index: what a refusal says of an entry given no index. */
  public String reason() {
    return reason;
  }

  public long index() {
    return index;
  }

  /** The rule id, as listed in docs/protocol.md. */
  public String rule() {
    return rule;
  }
}
