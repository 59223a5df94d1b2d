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
  private final String pointer;

  public ClaimRefusedException(Reason reason, String rule, String target, String detail) {
    this(reason, rule, target, null, detail);
  }

  /** @param pointer the JSON Pointer of the payload member at fault ({@code /refs/2}, {@code /authority}), or null */
  public ClaimRefusedException(Reason reason, String rule, String target, String pointer, String detail) {
    super(detail);
    this.reason = reason;
    this.rule = rule;
    this.target = target;
    this.pointer = pointer;
  }

  /** The JSON Pointer of the payload member at fault, or null. */
  public String pointer() {
    return pointer;
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
