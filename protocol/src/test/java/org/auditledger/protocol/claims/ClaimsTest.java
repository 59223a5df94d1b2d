package org.auditledger.protocol.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.TestLog;
import org.auditledger.protocol.claims.Claim.Status;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claim rules, each holding, failing and unchecked, over two in-memory logs: a town's and an
 * audit body's. Entries are judged as the next entry of the town's log.
 */
class ClaimsTest {
  private static final String TOWN = "town.example/log";
  private static final String AUDITORS = "auditors.example/log";

  private final Ed25519KeyPair townRegistrar = Fixtures.newKey();
  private final Ed25519KeyPair clerk = Fixtures.newKey();
  private final Ed25519KeyPair other = Fixtures.newKey();
  private final Ed25519KeyPair auditorsRegistrar = Fixtures.newKey();
  private final Ed25519KeyPair auditor = Fixtures.newKey();
  private TestLog town;
  private TestLog auditors;
  private long decision;
  private long grant;
  private long finding;

  @BeforeEach
  void logs() {
    town = new TestLog(TOWN);
    town.add(Fixtures.sign(Fixtures.keyPayload("grant", townRegistrar.publicKey(), TOWN, TOWN, "registrar"),
        town.logKey.keyPair()));
    town.add(Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", TOWN, "decision", "response"),
        townRegistrar));
    town.add(Fixtures.sign(Fixtures.keyPayload("grant", other.publicKey(), "parks", TOWN, "response"), townRegistrar));
    decision = town.add(Fixtures.sign(Fixtures.decisionPayload("town", "Contract award"), clerk));

    auditors = new TestLog(AUDITORS);
    auditors.add(Fixtures.sign(Fixtures.keyPayload("grant", auditorsRegistrar.publicKey(), AUDITORS, AUDITORS,
        "registrar"), auditors.logKey.keyPair()));
    grant = auditors.add(Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "auditoria", AUDITORS,
        "finding"), auditorsRegistrar));
    finding = auditors.add(Fixtures.sign(Fixtures.withRefs(Fixtures.findingPayload("auditoria", "Award"),
        Fixtures.ref(TOWN, decision, town.leafHash(decision), "about")), auditor));
  }

  private List<Claim> judge(String payload, KnownLogs logs, Ed25519KeyPair... signers) {
    Envelope env = Fixtures.sign(payload, signers);
    EntryPayload p = EntryPayload.parse(payload.getBytes(StandardCharsets.UTF_8));
    return Claims.check(TOWN, town.size(), Instant.parse("2026-06-02T00:00:00Z"), p, env.signers(), logs);
  }

  private KnownLogs both() {
    return KnownLogs.of(List.of(town.known(), auditors.known()));
  }

  private static void assertClaim(Status status, String rule, List<Claim> claims) {
    assertEquals(1, claims.size(), claims.toString());
    assertEquals(status, claims.get(0).status(), claims.toString());
    assertEquals(rule, claims.get(0).rule(), claims.toString());
  }

  private String response(String issuer, String log, long index, byte[] leafHash) {
    String r = Fixtures.responsePayload(issuer, index, java.util.Base64.getEncoder().encodeToString(leafHash));
    return log == null ? r : r.replace("\"refs\":[{", "\"refs\":[{\"log\":\"" + log + "\",");
  }

  /** Verifies the audited party (the issuer of the finding's subject) may respond, across logs. */
  @Test
  void theAuditedPartyResponds() {
    List<Claim> c = judge(response("town", AUDITORS, finding, auditors.leafHash(finding)), both(), clerk);
    assertClaim(Status.HOLDS, Claims.AUDITED_PARTY, c);
    assertEquals(AUDITORS + "#" + finding, c.get(0).target());
  }

  /** Verifies another organization of the same log may not answer in the audited party's place. */
  @Test
  void anotherOrganizationMayNotRespond() {
    assertClaim(Status.FAILS, Claims.AUDITED_PARTY,
        judge(response("parks", AUDITORS, finding, auditors.leafHash(finding)), both(), other));
  }

  /** Verifies responds-to must name a finding: a key entry of another log is refused. */
  @Test
  void respondsToNamesAFinding() {
    assertClaim(Status.FAILS, Claims.RESPONDS_TO,
        judge(response("town", AUDITORS, grant, auditors.leafHash(grant)), both(), clerk));
    assertClaim(Status.FAILS, Claims.RESPONDS_TO,
        judge(response("town", null, decision, town.leafHash(decision)), both(), clerk));
  }

  /** Verifies a reference must match the leaf hash at its index; beyond the known size it waits. */
  @Test
  void referencesMustMatchTheEntry() {
    String about = Fixtures.decisionPayload("town", "Answer");
    assertClaim(Status.FAILS, Claims.REF, judge(Fixtures.withRefs(about,
        Fixtures.ref(AUDITORS, finding, auditors.leafHash(grant), "cites")), both(), clerk));
    assertClaim(Status.UNCHECKED, Claims.REF, judge(Fixtures.withRefs(about,
        Fixtures.ref(AUDITORS, 99, auditors.leafHash(grant), "cites")), both(), clerk));
    assertClaim(Status.HOLDS, Claims.REF, judge(Fixtures.withRefs(about,
        Fixtures.ref(AUDITORS, finding, auditors.leafHash(finding), "cites")), both(), clerk));
    assertClaim(Status.UNCHECKED, Claims.REF, judge(Fixtures.withRefs(about,
        Fixtures.ref(AUDITORS, finding, auditors.leafHash(finding), "cites")), KnownLogs.of(town.known(), KnownLogs.NONE),
        clerk));
  }

  /** Verifies supersedes and amends name an entry of the same organization, home log included. */
  @Test
  void supersedesOnlyOwnEntries() {
    String d = Fixtures.decisionPayload("town", "Replaces");
    assertClaim(Status.FAILS, Claims.SAME_ISSUER, judge(Fixtures.withRefs(d,
        Fixtures.ref(AUDITORS, finding, auditors.leafHash(finding), "supersedes")), both(), clerk));
    assertClaim(Status.HOLDS, Claims.SAME_ISSUER, judge(Fixtures.withRefs(d,
        Fixtures.ref(null, decision, town.leafHash(decision), "amends")), both(), clerk));
    // "auditoria" homed here is not "auditoria" homed in the auditors' log.
    town.add(Fixtures.sign(Fixtures.keyPayload("grant", other.publicKey(), "auditoria", TOWN, "finding"), townRegistrar));
    String impostor = Fixtures.withRefs(Fixtures.findingPayload("auditoria", "Conforme"),
        Fixtures.ref(AUDITORS, finding, auditors.leafHash(finding), "supersedes"));
    assertClaim(Status.FAILS, Claims.SAME_ISSUER, judge(impostor, both(), other));
  }

  /** Verifies a subject in a log not known leaves the audited party unchecked, not assumed. */
  @Test
  void unknownSubjectsLeaveTheResponseUnchecked() {
    assertClaim(Status.UNCHECKED, Claims.AUDITED_PARTY,
        judge(response("town", AUDITORS, finding, auditors.leafHash(finding)),
            KnownLogs.of(auditors.known(), KnownLogs.NONE), clerk));
  }

  private String foreignFinding(long index, byte[] leafHash, long size) {
    return Fixtures.withAuthority(Fixtures.findingPayload("auditoria", "Filed at the town"), AUDITORS, index, leafHash, size);
  }

  /** Verifies a foreign authority holds when the home log's registry at that size holds the grant. */
  @Test
  void foreignAuthorityHolds() {
    List<Claim> c = judge(foreignFinding(grant, auditors.leafHash(grant), auditors.size()), both(), auditor);
    assertClaim(Status.HOLDS, Claims.AUTHORITY, c);
  }

  /** Verifies each way a foreign authority fails, and that it waits for a home log not known. */
  @Test
  void foreignAuthorityFails() {
    long size = auditors.size();
    assertClaim(Status.FAILS, Claims.AUTHORITY, judge(foreignFinding(grant, auditors.leafHash(finding), size), both(), auditor));
    assertClaim(Status.FAILS, Claims.AUTHORITY, judge(foreignFinding(finding, auditors.leafHash(finding), size), both(), auditor));
    assertClaim(Status.FAILS, Claims.AUTHORITY, judge(foreignFinding(grant, auditors.leafHash(grant), size), both(), other));
    assertClaim(Status.UNCHECKED, Claims.AUTHORITY,
        judge(foreignFinding(grant, auditors.leafHash(grant), size), KnownLogs.of(town.known(), KnownLogs.NONE), auditor));
    assertClaim(Status.UNCHECKED, Claims.AUTHORITY,
        judge(foreignFinding(grant, auditors.leafHash(grant), size + 5), both(), auditor));
    // A grant of another role, or for another organization, is no authority for a finding.
    long decisionGrant = auditors.add(Fixtures.sign(Fixtures.keyPayload("grant", other.publicKey(), "auditoria",
        AUDITORS, "decision"), auditorsRegistrar));
    assertClaim(Status.FAILS, Claims.AUTHORITY,
        judge(foreignFinding(decisionGrant, auditors.leafHash(decisionGrant), auditors.size()), both(), other));
  }

  /** Verifies a revocation counts from the size consulted on, and an expired grant fails. */
  @Test
  void revokedOrExpiredAuthorityFails() {
    long before = auditors.size();
    auditors.add(Fixtures.sign(Fixtures.keyPayload("revoke", auditor.publicKey(), "auditoria", AUDITORS, "finding"),
        auditorsRegistrar));
    assertClaim(Status.FAILS, Claims.AUTHORITY,
        judge(foreignFinding(grant, auditors.leafHash(grant), auditors.size()), both(), auditor));
    assertClaim(Status.HOLDS, Claims.AUTHORITY,
        judge(foreignFinding(grant, auditors.leafHash(grant), before), both(), auditor));

    long expiring = auditors.add(Fixtures.sign(Fixtures.keyPayload("grant", other.publicKey(), "auditoria", AUDITORS,
        "finding").replace("\"roles\":", "\"validUntil\":\"2026-06-01T12:00:00Z\",\"roles\":"), auditorsRegistrar));
    assertClaim(Status.FAILS, Claims.AUTHORITY,
        judge(foreignFinding(expiring, auditors.leafHash(expiring), auditors.size()), both(), other));
  }

  /** Verifies claims of a finding without subjects: anyone may respond, as documented. */
  @Test
  void findingsWithoutSubjectsNameNoAuditedParty() {
    long bare = auditors.add(Fixtures.sign(Fixtures.findingPayload("auditoria", "General"), auditor));
    assertClaim(Status.HOLDS, Claims.AUDITED_PARTY,
        judge(response("parks", AUDITORS, bare, auditors.leafHash(bare)), both(), other));
  }

  /** Verifies only the auditors who issued a finding assess it, and only a finding is assessed. */
  @Test
  void theAuditorsAssessTheirOwnFinding() {
    String assessment = "{\"v\":1,\"kind\":\"assessment\",\"issuer\":\"%s\",\"created\":\"" + Fixtures.created()
        + "\",\"body\":{\"text\":\"Checked.\",\"assessments\":[{\"recommendation\":\"R1\",\"result\":\"implemented\"}]},"
        + "\"refs\":[{\"log\":\"%s\",\"index\":%d,\"leafHash\":\"%s\",\"rel\":\"assesses\"}]}";
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    // Judged as entries of the town's log: the town cannot assess the auditors' finding...
    assertClaim(Status.FAILS, Claims.ASSESSES, judge(String.format(assessment, "town", AUDITORS, finding,
        b64.encodeToString(auditors.leafHash(finding))), both(), clerk));
    // ...nor is a decision assessed.
    assertClaim(Status.FAILS, Claims.ASSESSES, judge(String.format(assessment, "town", TOWN, decision,
        b64.encodeToString(town.leafHash(decision))), both(), clerk));
    // The auditors, filing abroad with their authority, assess their own finding.
    String own = Fixtures.withAuthority(String.format(assessment, "auditoria", AUDITORS, finding,
        b64.encodeToString(auditors.leafHash(finding))), AUDITORS, grant, auditors.leafHash(grant), auditors.size());
    List<Claim> c = judge(own, both(), auditor);
    assertEquals(Status.HOLDS, c.get(0).status(), c.toString());
    assertEquals(Claims.ASSESSES, c.get(0).rule());
    assertEquals(Status.HOLDS, c.get(1).status(), c.toString());
  }
}
