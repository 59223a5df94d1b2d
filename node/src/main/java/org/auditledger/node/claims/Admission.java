package org.auditledger.node.claims;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.authz.Role;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.claims.Claims;
import org.auditledger.protocol.claims.KnownLogs;
import org.auditledger.protocol.entry.Authority;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Ref;
import org.auditledger.protocol.key.Ed25519PublicKey;

/**
 * The claims of a submission, judged before it is sequenced against the logs this node holds
 * verified: its own and every mirror (docs/protocol.md §6.2). Claims are the protocol's ({@link
 * Claims}); on top of them the node applies its admission policies:
 *
 * <ul>
 *   <li>a claim that fails is refused ({@code claim-fails}, with the rule);
 *   <li>{@code ref}: a reference into this log names an entry it already has;
 *   <li>{@code unknown-home}: an entry for an organization homed in another log is taken only if
 *       this node mirrors that log, so that its authority is checked, never assumed;
 *   <li>{@code authority-current}: the grant named must still be held in the home log as mirrored
 *       now, not only at the size the submitter consulted (a revoked key files nothing new);
 *   <li>{@code home-log}: a key entry may not grant or revoke roles for an organization that a
 *       mirrored log grants roles for (or that is a mirrored log's origin): its home is there;
 *   <li>a mirror behind the entries a claim names answers "retry" rather than judging early.
 * </ul>
 *
 * Claims into logs this node does not mirror stay unchecked and are returned, for the receipt.
 * Thread-safe: every call takes the heads of the logs as they are then.
 */
public final class Admission {
  private final NodeLogs logs;

  public Admission(NodeLogs logs) {
    this.logs = logs;
  }

  /**
   * Judges the claims of an entry about to be submitted.
   *
   * @param signers the keys whose signatures on it verified
   * @param now the node's clock: the entry is logged no earlier
   * @return the claims, as judged (those left unchecked name logs not mirrored here)
   * @throws ClaimRefusedException if the node refuses the entry
   */
  public List<Claim> admit(EntryPayload p, List<Ed25519PublicKey> signers, Instant now) {
    StoreLog self = logs.own();
    String origin = self.origin();
    Map<String, StoreLog> held = logs.mirrors();
    if (p.kind() == EntryKind.KEY) {
      checkHomeLog(p.keyGrant().organization(), origin, held);
    }
    for (int i = 0; i < p.refs().size(); i++) {
      Ref r = p.refs().get(i);
      String log = r.logIn(origin);
      StoreLog target = log.equals(origin) ? self : held.get(log);
      if (target != null && r.index() >= target.size()) {
        if (target == self) {
          throw new ClaimRefusedException(ClaimRefusedException.Reason.CLAIM_FAILS, Claims.REF, r.targetIn(origin),
              "/refs/" + i + "/index", "reference /refs/" + i + " (" + r.targetIn(origin) + ") names an entry this log"
                  + " does not have: it has " + self.size() + " entries");
        }
        throw behind(target, r.index() + 1, r.targetIn(origin));
      }
    }
    Authority a = p.foreignIn(origin) ? p.authority() : null;
    StoreLog home = null;
    if (a != null) {
      home = held.get(a.log());
      if (home == null) {
        throw new ClaimRefusedException(ClaimRefusedException.Reason.UNKNOWN_HOME, "unknown-home", a.target(),
            "the issuer " + p.issuerIn(origin) + " has its home in log " + a.log() + ", which this node does not"
                + " mirror, so it cannot check the authority claimed there; file the entry in its home log, or at a"
                + " node that mirrors it");
      }
      if (a.size() > home.size()) {
        throw behind(home, a.size(), a.target());
      }
    }
    List<Claim> claims = Claims.check(origin, self.size(), now, p, signers,
        KnownLogs.of(self, KnownLogs.of(held.values())));
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      // Claims come one per reference, in order, then the authority (Claims.check).
      String pointer = i < p.refs().size() ? "/refs/" + i + (Claims.REF.equals(c.rule()) ? "/leafHash" : "") : "/authority";
      switch (c.status()) {
        case FAILS -> throw new ClaimRefusedException(ClaimRefusedException.Reason.CLAIM_FAILS, c.rule(), c.target(),
            pointer, "claim " + c.rule() + " of " + pointer + " on " + c.target() + " fails: " + c.detail());
        case UNCHECKED, HOLDS -> { }
      }
    }
    if (a != null) {
      checkAuthorityCurrent(p, a, home);
    }
    return claims;
  }

  private static void checkHomeLog(String organization, String origin, Map<String, StoreLog> held) {
    if (organization.equals(origin)) {
      return;
    }
    for (StoreLog m : held.values()) {
      if (m.origin().equals(organization) || m.grantsFor(organization)) {
        throw new ClaimRefusedException(ClaimRefusedException.Reason.HOME_LOG, "home-log", null,
            "organization \"" + organization + "\" has its home in log " + m.origin() + " (mirrored here): its"
                + " keys and roles are granted there, not in " + origin + "; entries for it are filed here with"
                + " their authority in " + m.origin());
      }
    }
  }

  /** Policy authority-current: the grant still stands at the home log's head mirrored here. */
  private static void checkAuthorityCurrent(EntryPayload p, Authority a, StoreLog home) {
    Ed25519PublicKey subject = home.entry(a.index()).grant().subject();
    Role need = Role.requiredFor(p.kind());
    KeyRegistry now = home.registryAt(home.size());
    KeyRegistry.Grant g = now.grant(subject, p.issuer(), need);
    if (g == null || g.sinceIndex() != a.index()) {
      throw new ClaimRefusedException(ClaimRefusedException.Reason.CLAIM_FAILS, "authority-current", a.target(),
          "the grant " + a.target() + " to " + subject.keyId() + " no longer stands in " + a.log() + " at its size "
              + home.size() + " (revoked or replaced); sign with a key the home log grants now");
    }
  }

  private static ClaimRefusedException behind(StoreLog mirror, long needed, String target) {
    return new ClaimRefusedException(ClaimRefusedException.Reason.MIRROR_BEHIND, "mirror-behind", target,
        "this node's mirror of " + mirror.origin() + " has " + mirror.size() + " entries and the claim on " + target
            + " needs " + needed + "; it is catching up, retry shortly");
  }
}
