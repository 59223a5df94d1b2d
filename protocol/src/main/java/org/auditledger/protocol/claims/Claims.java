package org.auditledger.protocol.claims;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.authz.Role;
import org.auditledger.protocol.claims.Claim.Status;
import org.auditledger.protocol.entry.Authority;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.KeyGrant;
import org.auditledger.protocol.entry.Organization;
import org.auditledger.protocol.entry.Ref;
import org.auditledger.protocol.key.Ed25519PublicKey;

/**
 * The rules of claims (protocol.md §6.2), one definition for the node at submission, its mirrors
 * and every verifier. Each reference of an entry is one claim, judged by the first rule it
 * breaks, in this order:
 *
 * <ul>
 *   <li>{@code ref}: the log names an entry at that index with that leaf hash;
 *   <li>{@code responds-to}: a {@code responds-to} reference names a finding;
 *   <li>{@code audited-party}: whoever responds to a finding is an audited party of it: the
 *       issuer (name and home log) of one of the entries the finding is {@code about}. A finding
 *       about a decision or spending entry of the town is answered by the town as it issued that
 *       entry; a finding with no {@code about} subject names no audited party, and any issuer may
 *       respond to it;
 *   <li>{@code assesses}: an {@code assesses} reference names a finding by the same organization
 *       (the auditors assess the implementation of their own findings);
 *   <li>{@code same-issuer}: {@code supersedes} and {@code amends} name an entry of the same
 *       organization (same name, same home log).
 * </ul>
 *
 * An entry whose issuer's home is another log claims its authority there ({@code authority}): the
 * key entry it names, in the home log, grants the role the entry's kind needs for the issuer to a
 * key that signed the entry, and the home log's registry after {@code authority.size} entries
 * still holds that very grant, unexpired at the entry's {@code logged} time.
 *
 * <p>A claim that needs a log not known, or entries beyond what is known of it, is {@link
 * Status#UNCHECKED}, to be judged again once the log is known. Pure.
 */
public final class Claims {
  public static final String REF = "ref";
  public static final String RESPONDS_TO = "responds-to";
  public static final String AUDITED_PARTY = "audited-party";
  public static final String SAME_ISSUER = "same-issuer";
  public static final String AUTHORITY = "authority";
  public static final String ASSESSES = "assesses";

  private Claims() {}

  /**
   * Judges every claim of an entry of log {@code origin}.
   *
   * @param index the entry's index (the next index, before it is sequenced)
   * @param logged the log's time of the entry (expiry of a foreign grant is judged by it)
   * @param signers the keys whose signatures on the entry verified
   * @param logs the logs known, including the entry's own log (entries before {@code index})
   * @return one claim per reference, in order, then the authority claim if any
   */
  public static List<Claim> check(String origin, long index, Instant logged, EntryPayload p,
      List<Ed25519PublicKey> signers, KnownLogs logs) {
    List<Claim> out = new ArrayList<>(p.refs().size() + 1);
    Organization issuer = p.issuerIn(origin);
    for (Ref r : p.refs()) {
      out.add(reference(origin, index, issuer, r, logs));
    }
    if (p.foreignIn(origin)) {
      out.add(authority(index, logged, p, signers, logs));
    }
    return out;
  }

  /** Whether any of {@code claims} fails. */
  public static boolean anyFails(List<Claim> claims) {
    return claims.stream().anyMatch(c -> c.status() == Status.FAILS);
  }

  private static Claim reference(String origin, long index, Organization issuer, Ref r, KnownLogs logs) {
    String target = r.targetIn(origin);
    Looked t = look(logs, r.logIn(origin), r.index(), r.leafHash());
    if (t.status != null) {
      return new Claim(index, REF, target, t.status, t.detail, null, t.awaiting);
    }
    EntryFacts f = t.facts;
    Claim c = relation(index, issuer, target, r, f, logs);
    return new Claim(c.entry(), c.rule(), c.target(), c.status(), c.detail(), f.issuer(), c.awaiting());
  }

  private static Claim relation(long index, Organization issuer, String target, Ref r, EntryFacts f, KnownLogs logs) {
    switch (r.rel()) {
      case Ref.RESPONDS_TO -> {
        if (f.kind() != EntryKind.FINDING) {
          return fails(index, RESPONDS_TO, target, "responds to a " + f.kind().jsonName() + " entry; only a finding"
              + " can be responded to");
        }
        return auditedParty(index, issuer, target, f, logs);
      }
      case Ref.ASSESSES -> {
        if (f.kind() != EntryKind.FINDING) {
          return fails(index, ASSESSES, target, "assesses a " + f.kind().jsonName() + " entry; only a finding's"
              + " implementation is assessed");
        }
        if (!f.issuer().equals(issuer)) {
          return fails(index, ASSESSES, target, "the finding is by " + f.issuer() + ", but the assessment is by "
              + issuer + "; only the auditors who issued a finding assess its implementation");
        }
        return holds(index, ASSESSES, target, "a finding of " + issuer);
      }
      case Ref.SUPERSEDES, Ref.AMENDS -> {
        if (!f.issuer().equals(issuer)) {
          return fails(index, SAME_ISSUER, target, r.rel() + " an entry of " + f.issuer() + ", but the entry is"
              + " issued by " + issuer + "; an organization supersedes or amends only its own entries");
        }
        return holds(index, SAME_ISSUER, target, "issued by " + issuer + " too");
      }
      default -> {
        return holds(index, REF, target, "a " + f.kind().jsonName() + " entry of " + f.issuer());
      }
    }
  }

  private static Claim auditedParty(long index, Organization issuer, String target, EntryFacts finding, KnownLogs logs) {
    if (finding.about().isEmpty()) {
      return holds(index, AUDITED_PARTY, target, "the finding names no subject, so no audited party");
    }
    Set<Organization> parties = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    Claim.Awaiting awaiting = null;
    for (Ref s : finding.about()) {
      Looked l = look(logs, s.log(), s.index(), s.leafHash());
      if (l.status == Status.UNCHECKED) {
        unknown.add(s.log() + "#" + s.index());
        awaiting = awaiting != null ? awaiting : l.awaiting;
      } else if (l.status == null) {
        parties.add(l.facts.issuer());
      }
    }
    if (parties.contains(issuer)) {
      return holds(index, AUDITED_PARTY, target, issuer + " issued a subject of the finding");
    }
    if (!unknown.isEmpty()) {
      return new Claim(index, AUDITED_PARTY, target, Status.UNCHECKED, "the finding's subjects " + unknown
          + " are in logs not known here" + (parties.isEmpty() ? "" : "; the known ones are by " + parties), null,
          awaiting);
    }
    return fails(index, AUDITED_PARTY, target, issuer + " responds to a finding about entries of "
        + (parties.isEmpty() ? "no organization (its subjects do not hold)" : parties)
        + "; only an audited party may respond");
  }

  private static Claim authority(long index, Instant logged, EntryPayload p, List<Ed25519PublicKey> signers,
      KnownLogs logs) {
    Authority a = p.authority();
    String target = a.target();
    KnownLog home = logs.log(a.log());
    if (home == null) {
      return new Claim(index, AUTHORITY, target, Status.UNCHECKED, "the issuer's home log " + a.log() + " is not known here",
          null, new Claim.Awaiting(a.log(), a.size()));
    }
    if (a.size() > home.size()) {
      return new Claim(index, AUTHORITY, target, Status.UNCHECKED, "the authority was judged at size " + a.size()
          + " of " + a.log() + ", which is known here up to size " + home.size() + " only", null,
          new Claim.Awaiting(a.log(), a.size()));
    }
    Looked t = look(logs, a.log(), a.index(), a.leafHash());
    if (t.status != null) {
      return new Claim(index, AUTHORITY, target, t.status, t.detail, null, t.awaiting);
    }
    KeyGrant g = t.facts.grant();
    Role need = Role.requiredFor(p.kind());
    if (g == null || !g.grant()) {
      return fails(index, AUTHORITY, target, "names a " + (g == null ? t.facts.kind().jsonName() + " entry" : "revocation")
          + ", not a grant");
    }
    if (!g.organization().equals(p.issuer()) || !g.roles().contains(need)) {
      return fails(index, AUTHORITY, target, "the grant is of " + g.roles() + " for \"" + g.organization()
          + "\", not of role " + need.jsonName() + " for \"" + p.issuer() + "\"");
    }
    if (!signers.contains(g.subject())) {
      return fails(index, AUTHORITY, target, "the grant is to " + g.subject().keyId() + ", which did not sign the entry");
    }
    KeyRegistry registry = home.registryAt(a.size());
    if (registry == null) {
      return new Claim(index, AUTHORITY, target, Status.UNCHECKED, "the key registry of " + a.log() + " at size "
          + a.size() + " is not known here");
    }
    KeyRegistry.Grant held = registry.grant(g.subject(), p.issuer(), need);
    if (held == null || held.sinceIndex() != a.index()) {
      return fails(index, AUTHORITY, target, "at size " + a.size() + " of " + a.log() + ", " + g.subject().keyId()
          + (held == null ? " no longer holds role " + need.jsonName() + " (revoked)"
              : " holds role " + need.jsonName() + " by another grant, entry " + held.sinceIndex()));
    }
    if (held.validUntil() != null && logged.isAfter(held.validUntil())) {
      return fails(index, AUTHORITY, target, "the grant expired at " + held.validUntil() + ", before the entry was logged ("
          + logged + ")");
    }
    return holds(index, AUTHORITY, target, g.subject().keyId() + " holds role " + need.jsonName() + " for "
        + new Organization(p.issuer(), a.log()) + " at size " + a.size());
  }

  /** An entry looked up: its facts, or why not (status UNCHECKED or FAILS with rule ref). */
  private record Looked(EntryFacts facts, Status status, String detail, Claim.Awaiting awaiting) {
    Looked(EntryFacts facts, Status status, String detail) {
      this(facts, status, detail, null);
    }
  }

  private static Looked look(KnownLogs logs, String origin, long index, byte[] leafHash) {
    KnownLog log = logs.log(origin);
    Claim.Awaiting awaiting = new Claim.Awaiting(origin, index + 1);
    if (log == null) {
      return new Looked(null, Status.UNCHECKED, "log " + origin + " is not known here", awaiting);
    }
    if (index >= log.size()) {
      return new Looked(null, Status.UNCHECKED, "log " + origin + " is known here up to size " + log.size()
          + " only", awaiting);
    }
    EntryFacts f = log.entry(index);
    if (!Arrays.equals(f.leafHash(), leafHash)) {
      return new Looked(null, Status.FAILS, "entry " + index + " of " + origin + " has leaf hash "
          + java.util.Base64.getEncoder().encodeToString(f.leafHash()) + ", not the one named");
    }
    return new Looked(f, null, null);
  }

  private static Claim holds(long index, String rule, String target, String detail) {
    return new Claim(index, rule, target, Status.HOLDS, detail);
  }

  private static Claim fails(long index, String rule, String target, String detail) {
    return new Claim(index, rule, target, Status.FAILS, detail);
  }
}
