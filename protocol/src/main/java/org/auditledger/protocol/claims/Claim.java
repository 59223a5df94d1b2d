package org.auditledger.protocol.claims;

import org.auditledger.protocol.entry.Organization;

/**
 * One claim of one entry, judged: the rule that decided it, the entry it is about ({@code
 * origin#index}), and why.
 *
 * @param entry the index of the entry making the claim, in its log
 * @param rule {@link Claims#REF}, {@link Claims#RESPONDS_TO}, {@link Claims#SAME_ISSUER}, {@link
 *     Claims#AUDITED_PARTY} or {@link Claims#AUTHORITY}
 * @param target the entry the claim names, {@code origin#index}
 * @param targetIssuer the issuer of that entry, when the judge found it (derived state uses it:
 *     a finding's audited parties are the issuers of its subjects); null otherwise
 * @param awaiting for an unchecked claim, the log whose growth may decide it; null otherwise, or
 *     when no growth of a known log can
 */
public record Claim(long entry, String rule, String target, Status status, String detail, Organization targetIssuer,
    Awaiting awaiting) {
  /** A claim whose target's issuer is not known (not looked up, or not found). */
  public Claim(long entry, String rule, String target, Status status, String detail) {
    this(entry, rule, target, status, detail, null, null);
  }

  public Claim(long entry, String rule, String target, Status status, String detail, Organization targetIssuer) {
    this(entry, rule, target, status, detail, targetIssuer, null);
  }

  /**
   * An unchecked claim can be judged once log {@code log} is known to at least {@code size}
   * entries (a log not known at all is awaited the same way): who keeps derived state judges it
   * again then, so that answers never depend on the order logs were followed in.
   */
  public record Awaiting(String log, long size) {}

  /** A claim holds, fails, or cannot be judged with the logs known (yet). */
  public enum Status {
    HOLDS, FAILS, UNCHECKED;

    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Override
  public String toString() {
    return "entry " + entry + ": " + rule + " " + target + " " + status.jsonName() + " (" + detail + ")";
  }
}
