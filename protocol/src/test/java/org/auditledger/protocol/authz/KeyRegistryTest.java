package org.auditledger.protocol.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorization rules, replayed entry by entry as a verifier would. */
class KeyRegistryTest {
  private static final String ORIGIN = "town.example/log";
  private final Ed25519KeyPair logKey = Fixtures.newKey();
  private final Ed25519KeyPair registrar = Fixtures.newKey();
  private final Ed25519KeyPair admin = Fixtures.newKey();
  private final Ed25519KeyPair clerk = Fixtures.newKey();
  private final Ed25519KeyPair auditor = Fixtures.newKey();
  private final Ed25519KeyPair stranger = Fixtures.newKey();

  private KeyRegistry registry;
  private final List<Leaf> leaves = new ArrayList<>();
  private final List<EntryKind> kinds = new ArrayList<>();
  private final LogView view = new LogView() {
    @Override
    public EntryKind kind(long index) {
      return kinds.get((int) index);
    }

    @Override
    public byte[] leafHash(long index) {
      return leaves.get((int) index).leafHash();
    }
  };
  private Instant now = Instant.parse("2026-03-01T00:00:00Z");

  @BeforeEach
  void genesis() {
    registry = KeyRegistry.empty(ORIGIN, logKey.publicKey());
    accept(Fixtures.keyPayload("grant", registrar.publicKey(), ORIGIN, ORIGIN, "registrar"), logKey);
  }

  /** Appends an entry that must be allowed; returns who allowed it. */
  private Ed25519PublicKey accept(String payload, Ed25519KeyPair... signers) {
    Envelope env = Fixtures.sign(payload, signers);
    EntryPayload p = EntryPayload.parse(payload.getBytes(StandardCharsets.UTF_8));
    long index = registry.nextIndex();
    Ed25519PublicKey by = registry.authorize(index, now, p, env.signers(), view);
    leaves.add(new Leaf(env, index, now, index == 0 ? new byte[0] : leaves.get((int) index - 1).leafHash()));
    kinds.add(p.kind());
    now = now.plusSeconds(60);
    return by;
  }

  /** Asserts an entry is refused by {@code rule} and the registry is unchanged. */
  private void refuse(String rule, String payload, Ed25519KeyPair... signers) {
    Envelope env = Fixtures.sign(payload, signers);
    EntryPayload p = EntryPayload.parse(payload.getBytes(StandardCharsets.UTF_8));
    long before = registry.nextIndex();
    UnauthorizedException e = assertThrows(UnauthorizedException.class,
        () -> registry.authorize(before, now, p, env.signers(), view));
    assertEquals(rule, e.rule(), e.getMessage());
    assertEquals(before, e.index());
    assertEquals(before, registry.nextIndex(), "a refusal changes nothing");
  }

  private String b64(Leaf l) {
    return Base64.getEncoder().encodeToString(l.leafHash());
  }

  /** Verifies that entry 0 must be a registrar grant signed by the log key. */
  @Test
  void genesisRules() {
    KeyRegistry fresh = KeyRegistry.empty(ORIGIN, logKey.publicKey());
    String decision = Fixtures.decisionPayload("town", "t");
    UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> fresh.authorize(0, now,
        EntryPayload.parse(decision.getBytes(StandardCharsets.UTF_8)), List.of(logKey.publicKey()), null));
    assertEquals("genesis", e.rule());
    String grant = Fixtures.keyPayload("grant", registrar.publicKey(), ORIGIN, ORIGIN, "registrar");
    e = assertThrows(UnauthorizedException.class, () -> fresh.authorize(0, now,
        EntryPayload.parse(grant.getBytes(StandardCharsets.UTF_8)), List.of(stranger.publicKey()), null));
    assertEquals("genesis", e.rule());
    String adminGrant = Fixtures.keyPayload("grant", registrar.publicKey(), ORIGIN, ORIGIN, "admin");
    e = assertThrows(UnauthorizedException.class, () -> fresh.authorize(0, now,
        EntryPayload.parse(adminGrant.getBytes(StandardCharsets.UTF_8)), List.of(logKey.publicKey()), null));
    assertEquals("genesis", e.rule());
  }

  /** Verifies the log key may add registrars only until the first other entry. */
  @Test
  void logKeyLosesAuthorityAfterGenesis() {
    Ed25519KeyPair second = Fixtures.newKey();
    assertEquals(logKey.publicKey(),
        accept(Fixtures.keyPayload("grant", second.publicKey(), ORIGIN, ORIGIN, "registrar"), logKey));
    accept(Fixtures.keyPayload("grant", admin.publicKey(), "town", "town", "admin"), second);
    refuse("grant-registrar", Fixtures.keyPayload("grant", stranger.publicKey(), ORIGIN, ORIGIN, "registrar"), logKey);
    refuse("role", Fixtures.decisionPayload("town", "t"), logKey);
  }

  /** Verifies grants by registrars and admins, filings by role, and the admin's limits. */
  @Test
  void rolesAreGrantedAndEnforcedPerOrganization() {
    accept(Fixtures.keyPayload("grant", admin.publicKey(), "town", "town", "admin"), registrar);
    assertEquals(admin.publicKey(),
        accept(Fixtures.keyPayload("grant", clerk.publicKey(), "town", "town", "decision"), admin));
    assertEquals(clerk.publicKey(), accept(Fixtures.decisionPayload("town", "Budget"), clerk));

    refuse("role", Fixtures.decisionPayload("city", "Not our town"), clerk);
    refuse("role", Fixtures.findingPayload("town", "Clerk cannot file findings"), clerk);
    refuse("grant-admin", Fixtures.keyPayload("grant", clerk.publicKey(), "city", "town", "decision"), admin);
    refuse("grant-admin", Fixtures.keyPayload("grant", clerk.publicKey(), "city", "city", "decision"), admin);
    refuse("grant-registrar", Fixtures.keyPayload("grant", clerk.publicKey(), "town", "town", "registrar"), admin);
    refuse("role", Fixtures.decisionPayload("town", "Stranger"), stranger);
    // Co-signed: one authorized signer suffices.
    assertEquals(clerk.publicKey(), accept(Fixtures.decisionPayload("town", "Co-signed"), stranger, clerk));
  }

  /** Verifies that a revocation takes effect from the next entry. */
  @Test
  void revocationTakesEffectFromTheNextEntry() {
    accept(Fixtures.keyPayload("grant", clerk.publicKey(), "town", ORIGIN, "decision"), registrar);
    accept(Fixtures.decisionPayload("town", "Before"), clerk);
    accept(Fixtures.keyPayload("revoke", clerk.publicKey(), "town", ORIGIN, "decision"), registrar);
    refuse("role", Fixtures.decisionPayload("town", "After"), clerk);
    assertEquals(0, registry.rolesOf(clerk.publicKey()).size());
  }

  /** Verifies that a grant stops counting after its validUntil. */
  @Test
  void expiredGrantsDoNotCount() {
    String grant = Fixtures.keyPayload("grant", clerk.publicKey(), "town", ORIGIN, "decision")
        .replace("\"roles\":", "\"validUntil\":\"2026-03-01T00:10:00Z\",\"roles\":");
    accept(grant, registrar);
    accept(Fixtures.decisionPayload("town", "In time"), clerk);
    now = Instant.parse("2026-03-01T00:10:01Z");
    refuse("role", Fixtures.decisionPayload("town", "Too late"), clerk);
  }

  /**
   * Verifies an entry whose issuer is homed in another log needs no role here (its authority is
   * a claim judged against that log), while the same issuer without authority does; key entries
   * never carry authority (schema).
   */
  @Test
  void foreignIssuersAreAuthorizedByTheirHomeLog() {
    String finding = Fixtures.withAuthority(Fixtures.findingPayload("auditors", "Abroad"), "auditors.example/log",
        3, new byte[32], 10);
    assertEquals(null, accept(finding, stranger));
    refuse("role", Fixtures.findingPayload("auditors", "At home here?"), stranger);
    String selfHomed = Fixtures.withAuthority(Fixtures.findingPayload("auditors", "Here"), ORIGIN, 3, new byte[32], 10);
    refuse("role", selfHomed, stranger);
    String key = Fixtures.withAuthority(Fixtures.keyPayload("grant", clerk.publicKey(), "auditors", "auditors",
        "finding"), "auditors.example/log", 3, new byte[32], 10);
    org.auditledger.protocol.entry.SchemaViolationException e = assertThrows(
        org.auditledger.protocol.entry.SchemaViolationException.class,
        () -> EntryPayload.parse(key.getBytes(StandardCharsets.UTF_8)));
    assertEquals("/authority", e.violations().get(0).pointer(), e.getMessage());
  }

  /** Verifies references into this log must name an earlier entry by its exact leaf hash. */
  @Test
  void responsesMustAnswerAFinding() {
    accept(Fixtures.keyPayload("grant", auditor.publicKey(), "audit", ORIGIN, "finding"), registrar);
    accept(Fixtures.keyPayload("grant", clerk.publicKey(), "town", ORIGIN, "response", "decision"), registrar);
    accept(Fixtures.findingPayload("audit", "Late payments"), auditor);
    int finding = leaves.size() - 1;
    accept(Fixtures.decisionPayload("town", "A decision"), clerk);
    int decision = leaves.size() - 1;

    refuse("ref", Fixtures.responsePayload("town", finding, b64(leaves.get(decision))), clerk);
    refuse("ref", Fixtures.responsePayload("town", 99, b64(leaves.get(decision))), clerk);
    refuse("role", Fixtures.responsePayload("town", finding, b64(leaves.get(finding))), auditor);
    accept(Fixtures.responsePayload("town", finding, b64(leaves.get(finding))), clerk);
  }

  /**
   * Verifies that the last registrar without an expiry cannot be revoked, by itself or another
   * registrar, so the log can always grant and revoke keys; with a second one it can.
   */
  @Test
  void lastPermanentRegistrarCannotBeRevoked() {
    refuse("last-registrar", Fixtures.keyPayload("revoke", registrar.publicKey(), ORIGIN, ORIGIN, "registrar"), registrar);
    Ed25519KeyPair temporary = Fixtures.newKey();
    accept(Fixtures.keyPayload("grant", temporary.publicKey(), ORIGIN, ORIGIN, "registrar")
        .replace("\"roles\":", "\"validUntil\":\"2030-01-01T00:00:00Z\",\"roles\":"), registrar);
    // A registrar that will expire does not keep the log open.
    refuse("last-registrar", Fixtures.keyPayload("revoke", registrar.publicKey(), ORIGIN, ORIGIN, "registrar"), temporary);
    Ed25519KeyPair successor = Fixtures.newKey();
    accept(Fixtures.keyPayload("grant", successor.publicKey(), ORIGIN, ORIGIN, "registrar"), registrar);
    accept(Fixtures.keyPayload("revoke", registrar.publicKey(), ORIGIN, ORIGIN, "registrar"), registrar);
    refuse("last-registrar", Fixtures.keyPayload("revoke", successor.publicKey(), ORIGIN, ORIGIN, "registrar"), successor);
    accept(Fixtures.keyPayload("grant", clerk.publicKey(), "town", ORIGIN, "decision"), successor);
  }

  @Test
  void lastPermanentRegistrarCannotTradeItsGrantForAnExpiringOne() {
    String expiring = Fixtures.keyPayload("grant", registrar.publicKey(), ORIGIN, ORIGIN, "registrar")
        .replace("\"roles\":", "\"validUntil\":\"2030-01-01T00:00:00Z\",\"roles\":");
    refuse("last-registrar", expiring, registrar);
    // With a successor that does not expire, it may.
    Ed25519KeyPair successor = Fixtures.newKey();
    accept(Fixtures.keyPayload("grant", successor.publicKey(), ORIGIN, ORIGIN, "registrar"), registrar);
    accept(expiring, registrar);
  }

  /** Verifies that a copy is independent: a batch can be tried and discarded. */
  @Test
  void copyIsIndependent() {
    KeyRegistry snapshot = registry.copy();
    accept(Fixtures.keyPayload("grant", clerk.publicKey(), "town", ORIGIN, "decision"), registrar);
    assertEquals(1, snapshot.nextIndex());
    assertEquals(0, snapshot.rolesOf(clerk.publicKey()).size());
    assertEquals(1, registry.rolesOf(clerk.publicKey()).size());
  }
}
