package org.auditledger.node.claims;

/**
 * A submission refused by this node's admission of claims (docs/protocol.md §6.2): what kind of
 * refusal, the rule, and the entry the claim names ({@code origin#index}, or null).
 */
public final class ClaimRefusedException extends RuntimeException {
  /** Why the node refused. */
  public enum Reason {
    /** A claim fails against a log this node holds verified. */
    CLAIM_FAILS,
    /** The issuer's home log is not mirrored here, so its authority cannot be checked. */
    UNKNOWN_HOME,
    /** A key entry would grant roles for an organization whose home is a log mirrored here. */
    HOME_LOG,
    /** The mirror of a log a claim needs is behind the entries the claim names: retry later. */
    MIRROR_BEHIND
  }

  private final Reason reason;
  private final String rule;
  private final String target;

  public ClaimRefusedException(Reason reason, String rule, String target, String detail) {
    super(detail);
    this.reason = reason;
    this.rule = rule;
    this.target = target;
  }

  public Reason reason() {
    return reason;
  }

  public String rule() {
    return rule;
  }

  /** The entry the claim names, {@code origin#index}, or null. */
  public String target() {
    return target;
  }
}
