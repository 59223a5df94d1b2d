package org.auditledger.protocol.authz;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.KeyGrant;
import org.auditledger.protocol.entry.Ref;
import org.auditledger.protocol.key.Ed25519PublicKey;

/**
 * The key registry as replayed from the log, and the rules of who may sign what.
 *
 * <p>Rules (ids in {@link UnauthorizedException#rule()}):
 *
 * <ul>
 *   <li>{@code genesis}: entry 0 is a {@code key} grant of {@code registrar}, signed by the log
 *       key. While every entry so far is such a grant, more may follow; after the first other
 *       entry the log key has no authority.
 *   <li>{@code grant-registrar}: granting or revoking {@code registrar} needs a registrar.
 *   <li>{@code last-registrar}: a revocation of {@code registrar} must leave at least one registrar
 *       whose grant has no {@code validUntil}; otherwise nobody could ever grant or revoke a key
 *       again, not even to replace a compromised one.
 *   <li>{@code grant-admin}: granting or revoking other roles for organization O needs a
 *       registrar, or an {@code admin} of O; the entry's issuer must be O.
 *   <li>{@code role}: a decision, spending, finding or response entry needs a signer holding that
 *       role for the entry's issuer, unless the issuer's home is another log (the entry names its
 *       {@code authority} there): that log's registry decides, as a claim ({@code claims.Claims}).
 *   <li>{@code ref}: a reference into this log must name an earlier entry by its leaf hash.
 * </ul>
 *
 * What a reference means (its relation rules) is judged by {@code claims.Claims}, for references
 * into this log and into others alike.
 *
 * A grant counts from the entry after it; a revocation takes effect from the entry after it; a
 * grant with {@code validUntil} stops counting for entries logged after that instant. One
 * authorized signer suffices; the others' signatures are verified but confer nothing.
 *
 * <p>Not thread-safe; {@link #copy()} to try a batch without committing it.
 */
public final class KeyRegistry {
  /** One role held: since which entry, until when (null = no expiry). */
  public record Grant(long sinceIndex, Instant validUntil) {
    boolean validAt(Instant t) {
      return validUntil == null || !t.isAfter(validUntil);
    }
  }

  private final String origin;
  private final Ed25519PublicKey logKey;
  private boolean genesis;
  private long next;
  // key -> organization -> role -> grant; registrar is stored under organization "*".
  private final Map<Ed25519PublicKey, Map<String, Map<Role, Grant>>> grants;

  private static final String ANY = "*";

  private KeyRegistry(String origin, Ed25519PublicKey logKey, boolean genesis, long next,
      Map<Ed25519PublicKey, Map<String, Map<Role, Grant>>> grants) {
    this.origin = origin;
    this.logKey = logKey;
    this.genesis = genesis;
    this.next = next;
    this.grants = grants;
  }

  /** The empty registry of a log, before entry 0. */
  public static KeyRegistry empty(String origin, Ed25519PublicKey logKey) {
    return new KeyRegistry(origin, logKey, true, 0, new HashMap<>());
  }

  /** An independent copy. */
  public KeyRegistry copy() {
    Map<Ed25519PublicKey, Map<String, Map<Role, Grant>>> g = new HashMap<>();
    grants.forEach((k, orgs) -> {
      Map<String, Map<Role, Grant>> o = new HashMap<>();
      orgs.forEach((org, roles) -> o.put(org, new EnumMap<>(roles)));
      g.put(k, o);
    });
    return new KeyRegistry(origin, logKey, genesis, next, g);
  }

  /** Whether the log key may still add registrars (protocol.md §6, rule genesis). */
  public boolean inGenesis() {
    return genesis;
  }

  /**
   * Moves to entry {@code index} over entries that are known not to be key entries, as when an
   * offline proof bundle carries only the key entries of a log. Skipping any entry ends genesis.
   */
  public void skipTo(long index) {
    if (index < next) {
      throw new IllegalArgumentException("registry is at entry " + next + ", cannot go back to " + index);
    }
    if (index > next) {
      genesis = false;
      next = index;
    }
  }

  /** The index of the next entry this registry expects. */
  public long nextIndex() {
    return next;
  }

  /**
   * Checks entry {@code index} and, if allowed, applies it (a key entry changes the registry).
   *
   * @param logged the log's timestamp of the entry (expiry is judged by it)
   * @param signers the keys whose signatures on the envelope verified
   * @param view earlier entries, to check references; null to skip reference checks
   * @return the signer whose authority in this log allowed the entry; null for an entry whose
   *     issuer's home is another log (its authority there is a claim, see {@code claims.Claims})
   * @throws UnauthorizedException naming the rule, if not allowed (nothing is applied)
   */
  public Ed25519PublicKey authorize(long index, Instant logged, EntryPayload payload,
      List<Ed25519PublicKey> signers, LogView view) {
    if (index != next) {
      throw new IllegalArgumentException("registry expects entry " + next + ", got " + index);
    }
    checkRefs(index, payload, view);
    Ed25519PublicKey by;
    if (payload.kind() == EntryKind.KEY) {
      KeyGrant g = payload.keyGrant();
      by = authorizeKey(index, logged, payload, g, signers);
    } else {
      if (genesis && index == 0) {
        throw new UnauthorizedException(index, "genesis",
            "entry 0 must be a key entry granting registrar, signed by the log key; got a "
                + payload.kind().jsonName() + " entry");
      }
      if (payload.foreignIn(origin)) {
        // The issuer's home log grants its roles; this log's registry has no say (rule authority).
        genesis = false;
        next++;
        return null;
      }
      Role need = Role.requiredFor(payload.kind());
      by = holder(signers, payload.issuer(), need, logged);
      if (by == null) {
        throw new UnauthorizedException(index, "role", "no signer " + ids(signers)
            + " holds role \"" + need.jsonName() + "\" for issuer \"" + payload.issuer() + "\"");
      }
    }
    // Checks passed: only now does the registry change.
    if (payload.kind() == EntryKind.KEY) {
      apply(index, payload.keyGrant());
    }
    genesis = genesis && by.equals(logKey);
    next++;
    return by;
  }

  private Ed25519PublicKey authorizeKey(long index, Instant logged, EntryPayload p, KeyGrant g,
      List<Ed25519PublicKey> signers) {
    boolean registrarGrant = g.grant() && g.roles().equals(Set.of(Role.REGISTRAR));
    if (genesis && signers.contains(logKey)) {
      if (registrarGrant) {
        return logKey;
      }
      if (index == 0) {
        throw new UnauthorizedException(index, "genesis",
            "entry 0 must grant exactly the role registrar, got " + (g.grant() ? "grant " : "revoke ")
                + g.roles());
      }
    }
    if (index == 0) {
      throw new UnauthorizedException(index, "genesis",
          "entry 0 must be signed by the log key " + logKey.keyId() + ", signed by " + ids(signers));
    }
    if (g.roles().contains(Role.REGISTRAR)) {
      Ed25519PublicKey by = holder(signers, ANY, Role.REGISTRAR, logged);
      if (by == null) {
        throw new UnauthorizedException(index, "grant-registrar",
            "only a registrar may grant or revoke the role registrar; signers " + ids(signers)
                + " are not registrars");
      }
      if (!g.grant() && !permanentRegistrarRemainsWithout(g.subject())) {
        throw new UnauthorizedException(index, "last-registrar", "revoking registrar from "
            + g.subject().keyId() + " would leave no registrar without an expiry, and the log could"
            + " never change a key again; grant registrar to another key first");
      }
      if (g.grant() && g.validUntil() != null && isPermanentRegistrar(g.subject())
          && !permanentRegistrarRemainsWithout(g.subject())) {
        // A grant replaces the subject's grant: giving the last permanent registrar an expiry
        // would freeze the log at that date just as revoking it would.
        throw new UnauthorizedException(index, "last-registrar", "granting registrar to " + g.subject().keyId()
            + " until " + g.validUntil() + " would replace the last registrar grant without an expiry, and after"
            + " that date the log could never change a key again; grant registrar to another key first");
      }
      return by;
    }
    Ed25519PublicKey registrar = holder(signers, ANY, Role.REGISTRAR, logged);
    if (registrar != null) {
      return registrar;
    }
    if (!p.issuer().equals(g.organization())) {
      throw new UnauthorizedException(index, "grant-admin", "an organization admin manages keys"
          + " of its own organization only: issuer \"" + p.issuer() + "\" differs from organization \""
          + g.organization() + "\"");
    }
    Ed25519PublicKey admin = holder(signers, g.organization(), Role.ADMIN, logged);
    if (admin == null) {
      throw new UnauthorizedException(index, "grant-admin", "no signer " + ids(signers)
          + " is a registrar or an admin of \"" + g.organization() + "\"");
    }
    return admin;
  }

  private void apply(long index, KeyGrant g) {
    if (g.grant()) {
      for (Role r : g.roles()) {
        String org = r == Role.REGISTRAR ? ANY : g.organization();
        grants.computeIfAbsent(g.subject(), k -> new HashMap<>())
            .computeIfAbsent(org, o -> new EnumMap<>(Role.class))
            .put(r, new Grant(index, g.validUntil()));
      }
    } else {
      Map<String, Map<Role, Grant>> orgs = grants.get(g.subject());
      if (orgs == null) {
        return;
      }
      for (Role r : g.roles()) {
        Map<Role, Grant> roles = orgs.get(r == Role.REGISTRAR ? ANY : g.organization());
        if (roles != null) {
          roles.remove(r);
        }
      }
    }
  }

  private void checkRefs(long index, EntryPayload p, LogView view) {
    for (Ref r : p.refs()) {
      if (!r.isLocal(origin)) {
        continue;
      }
      if (r.index() >= index) {
        throw new UnauthorizedException(index, "ref",
            "reference " + r + " points at entry " + r.index() + ", not an earlier one");
      }
      if (view == null) {
        continue;
      }
      if (!Arrays.equals(view.leafHash(r.index()), r.leafHash())) {
        throw new UnauthorizedException(index, "ref",
            "reference " + r + " does not match the leaf hash of entry " + r.index());
      }
    }
  }

  private boolean isPermanentRegistrar(Ed25519PublicKey key) {
    Grant g = grants.getOrDefault(key, Map.of()).getOrDefault(ANY, Map.of()).get(Role.REGISTRAR);
    return g != null && g.validUntil() == null;
  }

  private boolean permanentRegistrarRemainsWithout(Ed25519PublicKey revoked) {
    for (Map.Entry<Ed25519PublicKey, Map<String, Map<Role, Grant>>> e : grants.entrySet()) {
      if (e.getKey().equals(revoked)) {
        continue;
      }
      Grant g = e.getValue().getOrDefault(ANY, Map.of()).get(Role.REGISTRAR);
      if (g != null && g.validUntil() == null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Moves to {@code e}'s index over entries known not to be key entries, and authorizes {@code e}
   * there, without reference checks: for logs known only by some of their entries (an offline
   * bundle, the key entries of a peer).
   *
   * @throws IllegalArgumentException if {@code e} is before the registry's next entry
   * @throws UnauthorizedException if {@code e} is not allowed there
   */
  public Ed25519PublicKey replay(org.auditledger.protocol.entry.Entry e) {
    skipTo(e.leaf().index());
    return authorize(e.leaf().index(), e.leaf().logged(), e.payload(), e.leaf().envelope().signers(), null);
  }

  /**
   * The grant by which {@code key} holds {@code role} for {@code organization} ("*" for
   * registrar) now, whatever its expiry, or null.
   */
  public Grant grant(Ed25519PublicKey key, String organization, Role role) {
    Map<Role, Grant> roles = grants.getOrDefault(key, Map.of()).get(organization);
    return roles == null ? null : roles.get(role);
  }

  /**
   * The registry of a log after its first {@code size} entries, from its key entries below {@code
   * size} alone (in order): the other entries never change a registry, only end genesis, which
   * skipping them does too. The key entries must be the log's, already verified.
   *
   * @throws UnauthorizedException if a key entry given is not allowed where it stands
   */
  public static KeyRegistry ofKeyEntries(String origin, Ed25519PublicKey logKey,
      Iterable<org.auditledger.protocol.entry.Entry> keyEntries, long size) {
    KeyRegistry r = empty(origin, logKey);
    for (org.auditledger.protocol.entry.Entry e : keyEntries) {
      if (e.leaf().index() >= size) {
        break;
      }
      r.replay(e);
    }
    r.skipTo(size);
    return r;
  }

  private Ed25519PublicKey holder(List<Ed25519PublicKey> signers, String org, Role role, Instant t) {
    for (Ed25519PublicKey k : signers) {
      if (holds(k, org, role, t)) {
        return k;
      }
    }
    return null;
  }

  private boolean holds(Ed25519PublicKey key, String org, Role role, Instant t) {
    Map<String, Map<Role, Grant>> orgs = grants.get(key);
    if (orgs == null) {
      return false;
    }
    Map<Role, Grant> roles = orgs.get(org);
    Grant g = roles == null ? null : roles.get(role);
    return g != null && g.validAt(t);
  }

  /** One role held by one key for one organization ("*" for registrar). */
  public record Held(Ed25519PublicKey key, String organization, Role role, Grant grant) {}

  /** The whole registry as values, to persist it or to show it. */
  public record Snapshot(boolean genesis, long nextIndex, List<Held> held) {
    public Snapshot {
      held = List.copyOf(held);
    }
  }

  public Snapshot snapshot() {
    List<Held> held = new ArrayList<>();
    grants.forEach((k, orgs) -> orgs.forEach((org, roles) ->
        roles.forEach((role, g) -> held.add(new Held(k, org, role, g)))));
    held.sort((a, b) -> Long.compare(a.grant().sinceIndex(), b.grant().sinceIndex()));
    return new Snapshot(genesis, next, held);
  }

  /**
   * The registry a snapshot was taken of, advanced to {@code nextIndex}: entries after the
   * snapshot that were not key entries and did not end genesis leave the registry as it was.
   */
  public static KeyRegistry restore(String origin, Ed25519PublicKey logKey, Snapshot s, long nextIndex) {
    if (nextIndex < s.nextIndex()) {
      throw new IllegalArgumentException("snapshot is at entry " + s.nextIndex()
          + ", cannot restore it at earlier entry " + nextIndex);
    }
    Map<Ed25519PublicKey, Map<String, Map<Role, Grant>>> g = new HashMap<>();
    for (Held h : s.held()) {
      g.computeIfAbsent(h.key(), k -> new HashMap<>())
          .computeIfAbsent(h.organization(), o -> new EnumMap<>(Role.class))
          .put(h.role(), h.grant());
    }
    return new KeyRegistry(origin, logKey, s.genesis(), nextIndex, g);
  }

  /** The roles {@code key} holds now, by organization ("*" for registrar). */
  public Map<String, Map<Role, Grant>> rolesOf(Ed25519PublicKey key) {
    Map<String, Map<Role, Grant>> out = new HashMap<>();
    grants.getOrDefault(key, Map.of()).forEach((o, r) -> {
      if (!r.isEmpty()) {
        out.put(o, Map.copyOf(r));
      }
    });
    return out;
  }

  /** Every key with at least one role. */
  public List<Ed25519PublicKey> keys() {
    List<Ed25519PublicKey> out = new ArrayList<>();
    grants.forEach((k, orgs) -> {
      if (orgs.values().stream().anyMatch(r -> !r.isEmpty())) {
        out.add(k);
      }
    });
    return out;
  }

  private static List<String> ids(List<Ed25519PublicKey> keys) {
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add(k.keyId()));
    return out;
  }
}
