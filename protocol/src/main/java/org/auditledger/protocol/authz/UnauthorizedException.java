package org.auditledger.protocol.authz;

import org.auditledger.protocol.VerificationException;

/** An entry whose signers lack the authority its kind and issuer need; names the rule. */
public final class UnauthorizedException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final long index;
  private final String rule;

  public UnauthorizedException(long index, String rule, String message) {
    super("entry " + index + " breaks rule \"" + rule + "\": " + message);
    this.index = index;
    this.rule = rule;
  }

  public long index() {
    return index;
  }

  /** The rule id, as listed in docs/protocol.md. */
  public String rule() {
    return rule;
  }
}
