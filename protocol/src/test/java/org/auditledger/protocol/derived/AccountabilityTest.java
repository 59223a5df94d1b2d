package org.auditledger.protocol.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.TestLog;
import org.auditledger.protocol.claims.Claims;
import org.auditledger.protocol.claims.KnownLogs;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.Organization;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;

/**
 * A whole accountability thread across two logs: the town's decision and spending, the auditors'
 * finding about the spending (two recommendations, a due date), the town's responses, its claim of
 * implementation and the auditors' assessment; every status, the overdue case, the figures, and
 * the same answers whatever order the entries are applied in.
 */
class AccountabilityTest {
  static final String TOWN = "town.example/log";
  static final String AUDITORS = "auditors.example/log";

  /** The two logs of the scenario, built entry by entry. */
  static final class Scenario {
    final TestLog town = new TestLog(TOWN);
    final TestLog auditors = new TestLog(AUDITORS);
    final Ed25519KeyPair clerk = Fixtures.newKey();
    final Ed25519KeyPair auditor = Fixtures.newKey();
    long decision;
    long spending;
    long finding;
    long response;
    long claim;
    long assessment;
    long superseding;

    Scenario() {
      Ed25519KeyPair tr = Fixtures.newKey();
      town.add(Fixtures.sign(Fixtures.keyPayload("grant", tr.publicKey(), TOWN, TOWN, "registrar"), town.logKey.keyPair()));
      town.add(Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", TOWN, "decision", "spending",
          "response"), tr));
      Ed25519KeyPair ar = Fixtures.newKey();
      auditors.add(Fixtures.sign(Fixtures.keyPayload("grant", ar.publicKey(), AUDITORS, AUDITORS, "registrar"),
          auditors.logKey.keyPair()));
      auditors.add(Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "auditors", AUDITORS, "finding"), ar));
      decision = town.add(Fixtures.sign(Fixtures.decisionPayload("town", "School renovation"), clerk));
      spending = town.add(Fixtures.sign(Fixtures.withRefs(spendingPayload(),
          Fixtures.ref(null, decision, town.leafHash(decision), "cites")), clerk));
      finding = auditors.add(Fixtures.sign(Fixtures.withRefs(findingPayload(),
          Fixtures.ref(TOWN, spending, town.leafHash(spending), "about")), auditor));
      response = town.add(Fixtures.sign(Fixtures.withRefs(response("partially_concur",
          "{\"recommendation\":\"R1\",\"position\":\"concur\",\"actionPlan\":\"A form\",\"targetDate\":\"2026-09-30\"},"
              + "{\"recommendation\":\"R2\",\"position\":\"partially_concur\"}"), toFinding()), clerk));
      claim = town.add(Fixtures.sign(Fixtures.withRefs(response("concur",
          "{\"recommendation\":\"R1\",\"position\":\"concur\",\"implementationStatus\":\"implemented\"},"
              + "{\"recommendation\":\"R2\",\"position\":\"partially_concur\",\"implementationStatus\":\"implemented\"}"),
          toFinding()), clerk));
      assessment = auditors.add(Fixtures.sign(Fixtures.withRefs("{\"v\":1,\"kind\":\"assessment\",\"issuer\":\"auditors\","
          + "\"created\":\"" + Fixtures.created() + "\",\"body\":{\"text\":\"Checked.\",\"assessments\":["
          + "{\"recommendation\":\"R1\",\"result\":\"implemented\"},{\"recommendation\":\"R2\",\"result\":"
          + "\"partially_implemented\"}]}}", Fixtures.ref(null, finding, auditors.leafHash(finding), "assesses")), auditor));
      superseding = town.add(Fixtures.sign(Fixtures.withRefs(Fixtures.decisionPayload("town", "School renovation, v2"),
          Fixtures.ref(null, decision, town.leafHash(decision), "supersedes")), clerk));
    }

    String toFinding() {
      return Fixtures.ref(AUDITORS, finding, auditors.leafHash(finding), "responds-to");
    }

    /** Entries of both logs from {@code from}, judged against both logs, as a verifier with a peer does. */
    List<Object[]> entries() {
      List<Object[]> out = new ArrayList<>();
      for (TestLog log : List.of(town, auditors)) {
        for (int i = 0; i < log.leaves.size(); i++) {
          out.add(new Object[] {log, i});
        }
      }
      return out;
    }

    Accountability apply(List<Object[]> order) {
      Accountability a = new Accountability();
      KnownLogs both = KnownLogs.of(List.of(town.known(), auditors.known()));
      for (Object[] o : order) {
        TestLog log = (TestLog) o[0];
        int i = (Integer) o[1];
        Entry e = Entry.open(log.leaves.get(i));
        a.apply(log.origin(), i, e.leaf().logged(), e.payload(), Claims.check(log.origin(), i, e.leaf().logged(),
            e.payload(), e.leaf().envelope().signers(), both));
      }
      return a;
    }

    /** The same two logs, only up to the given sizes. */
    Accountability applyUpTo(long townSize, long auditorsSize) {
      List<Object[]> order = new ArrayList<>();
      for (Object[] o : entries()) {
        long limit = o[0] == town ? townSize : auditorsSize;
        if ((Integer) o[1] < limit) {
          order.add(o);
        }
      }
      return apply(order);
    }
  }

  static String spendingPayload() {
    return "{\"v\":1,\"kind\":\"spending\",\"issuer\":\"town\",\"created\":\"" + Fixtures.created() + "\",\"body\":{"
        + "\"ocid\":\"ocds-a1b2c3-42\",\"date\":\"2026-05-10T11:30:00Z\",\"tag\":[\"contract\"],\"parties\":["
        + "{\"id\":\"T\",\"name\":\"Town\",\"roles\":[\"buyer\"]},{\"id\":\"S\",\"name\":\"Builders\",\"roles\":[\"supplier\"]}],"
        + "\"contract\":{\"id\":\"C-42\",\"value\":{\"amount\":\"1250000.00\",\"currency\":\"EUR\"}}}}";
  }

  static String findingPayload() {
    return "{\"v\":1,\"kind\":\"finding\",\"issuer\":\"auditors\",\"created\":\"" + Fixtures.created() + "\",\"body\":{"
        + "\"title\":\"Single quotation\",\"auditType\":\"compliance\",\"auditedEntity\":\"Town\",\"condition\":\"c\","
        + "\"criteria\":\"k\",\"cause\":\"u\",\"effect\":\"e\",\"significance\":\"deficiency\",\"responseDueDate\":\"2026-07-31\","
        + "\"recommendations\":[{\"id\":\"R1\",\"text\":\"Justify urgency.\",\"priority\":\"high\"},"
        + "{\"id\":\"R2\",\"text\":\"Publish contracts.\",\"dueDate\":\"2027-03-31\"}]}}";
  }

  static String response(String position, String answers) {
    return "{\"v\":1,\"kind\":\"response\",\"issuer\":\"town\",\"created\":\"" + Fixtures.created() + "\",\"body\":{"
        + "\"position\":\"" + position + "\",\"text\":\"Our answer.\",\"answers\":[" + answers + "]}}";
  }

  private static String status(Accountability a, String key, String asOf) {
    return a.finding(key, LocalDate.parse(asOf)).get("status").asText();
  }

  @Test
  void everyTransitionOfTheLifecycle() {
    Scenario s = new Scenario();
    String f = AUDITORS + "#" + s.finding;
    long townBeforeResponse = s.response;
    assertEquals("open", status(s.applyUpTo(townBeforeResponse, s.finding + 1), f, "2026-07-31"));
    assertEquals("overdue", status(s.applyUpTo(townBeforeResponse, s.finding + 1), f, "2026-08-01"));
    assertEquals("responded", status(s.applyUpTo(s.response + 1, s.finding + 1), f, "2026-08-01"));
    assertEquals("implemented", status(s.applyUpTo(s.claim + 1, s.finding + 1), f, "2026-08-01"));
    Accountability all = s.applyUpTo(s.town.size(), s.auditors.size());
    JsonNode v = all.finding(f, LocalDate.parse("2026-08-01"));
    assertEquals("closed", v.get("status").asText(), v.toString());
    assertEquals("[\"town@" + TOWN + "\"]", v.get("audited").toString());
    JsonNode r1 = v.get("recommendations").get(0);
    assertEquals("concur", r1.get("position").asText());
    assertEquals("implemented", r1.get("implementation").asText());
    assertEquals("implemented", r1.get("assessed").asText());
    assertEquals("partially_implemented", v.get("recommendations").get(1).get("assessed").asText());
    assertEquals(List.of(TOWN + "#" + s.response, TOWN + "#" + s.claim),
        List.of(v.get("responses").get(0).asText(), v.get("responses").get(1).asText()));
  }

  @Test
  void figuresThreadAndStatusAreComputedAndOrderDoesNotMatter() {
    Scenario s = new Scenario();
    Accountability a = s.applyUpTo(s.town.size(), s.auditors.size());
    LocalDate asOf = LocalDate.parse("2026-12-01");
    JsonNode stats = a.stats(new Organization("town", TOWN), asOf).get("organizations").get(0);
    Entry f = Entry.open(s.auditors.leaves.get((int) s.finding));
    Entry r = Entry.open(s.town.leaves.get((int) s.response));
    long seconds = Duration.between(f.leaf().logged(), r.leaf().logged()).getSeconds();
    assertEquals(1, stats.get("findings").asLong());
    assertEquals(1, stats.get("answered").asLong());
    assertEquals(0, stats.get("overdue").asLong());
    assertEquals(seconds, stats.get("medianSecondsToFirstResponse").asLong());
    assertEquals(seconds, stats.get("p90SecondsToFirstResponse").asLong());
    assertEquals(1, stats.get("recommendationsAssessed").get("implemented").asLong());
    assertEquals(1, stats.get("recommendationsAssessed").get("partially_implemented").asLong());

    JsonNode thread = a.thread(AUDITORS + "#" + s.finding);
    List<String> entries = new ArrayList<>();
    thread.get("entries").forEach(e -> entries.add(e.asText()));
    assertTrue(entries.containsAll(List.of(TOWN + "#" + s.decision, TOWN + "#" + s.spending, TOWN + "#" + s.response,
        TOWN + "#" + s.claim, AUDITORS + "#" + s.assessment, TOWN + "#" + s.superseding)), entries.toString());

    JsonNode status = a.status(TOWN + "#" + s.decision);
    assertFalse(status.get("current").asBoolean());
    assertEquals(TOWN + "#" + s.superseding, status.get("supersededBy").get(0).asText());
    assertTrue(a.status(TOWN + "#" + s.superseding).get("current").asBoolean());

    List<Object[]> reversed = s.entries();
    Collections.reverse(reversed);
    Accountability b = s.apply(reversed);
    assertEquals(a.findings(null, null, asOf, null, 100), b.findings(null, null, asOf, null, 100));
    assertEquals(a.stats(null, asOf), b.stats(null, asOf));
    assertEquals(a.thread(TOWN + "#" + s.decision), b.thread(TOWN + "#" + s.decision));
    // What a verifier keeps and reads back gives the same answers.
    Accountability c = new Accountability();
    c.absorb(a.facts());
    org.junit.jupiter.api.Assertions.assertArrayEquals(a.facts(), c.facts());
    // A damaged file of facts is refused, never half read.
    byte[] facts = a.facts();
    for (byte[] bad : List.of(java.util.Arrays.copyOf(facts, facts.length - 3), java.util.Arrays.copyOf(facts, 10),
        "{\"entries\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Accountability().absorb(bad));
    }
    // Any flipped byte is found: the file is refused, never read as other facts.
    for (int i = 0; i < facts.length; i++) {
      byte[] flipped = facts.clone();
      flipped[i] ^= (byte) 0x80;
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new Accountability().absorb(flipped), "byte " + i);
      assertTrue(e.getMessage().startsWith("derived"), e.getMessage());
    }
    assertEquals(a.findings(null, null, asOf, null, 100), c.findings(null, null, asOf, null, 100));
    assertEquals(a.stats(null, asOf), c.stats(null, asOf));
  }

  @Test
  void aResponseFromAnotherOrganizationOrWithoutItsFindingCountsForNothing() {
    Scenario s = new Scenario();
    Accountability a = new Accountability();
    Entry r = Entry.open(s.town.leaves.get((int) s.response));
    // Judged without the auditors' log: the responds-to claim is unchecked, so it is not counted.
    a.apply(TOWN, s.response, r.leaf().logged(), r.payload(), Claims.check(TOWN, s.response, r.leaf().logged(),
        r.payload(), r.leaf().envelope().signers(), KnownLogs.of(List.of(s.town.known()))));
    assertEquals(0, a.findings(null, null, LocalDate.parse("2026-12-01"), null, 10).get("findings").size());
    assertFalse(a.thread(TOWN + "#" + s.response).get("links").get(0).get("checked").asBoolean());
    assertEquals("[]", a.findings(FindingStatus.RESPONDED, null, LocalDate.parse("2026-12-01"), null, 10)
        .get("findings").toString());
  }

  @Test
  void pagesFollowKeyOrder() {
    Scenario s = new Scenario();
    Accountability a = s.applyUpTo(s.town.size(), s.auditors.size());
    JsonNode page = a.findings(null, null, LocalDate.parse("2026-12-01"), null, 1);
    assertEquals(1, page.get("findings").size());
    assertTrue(page.get("next").isNull(), "one finding only: no next page");
    assertEquals(0, a.findings(null, null, LocalDate.parse("2026-12-01"), AUDITORS + "#" + s.finding, 1)
        .get("findings").size());
    assertEquals(0, a.findings(null, new Organization("parks", TOWN), LocalDate.parse("2026-12-01"), null, 10)
        .get("findings").size());
  }

  @Test
  void anUncheckedClaimSaysWhatItAwaitsAndItsContributionReadsBackTheSame() {
    Scenario s = new Scenario();
    Entry r = Entry.open(s.town.leaves.get((int) s.response));
    List<org.auditledger.protocol.claims.Claim> alone = Claims.check(TOWN, s.response, r.leaf().logged(), r.payload(),
        r.leaf().envelope().signers(), KnownLogs.of(List.of(s.town.known())));
    Contribution c = Contribution.of(TOWN, s.response, r.leaf().logged(), r.payload(), alone);
    // Not known: the auditors' log is awaited up to the finding, and the response counts for nothing yet.
    assertEquals(List.of(new org.auditledger.protocol.claims.Claim.Awaiting(AUDITORS, s.finding + 1)), c.awaiting());
    assertEquals(null, c.response());
    assertEquals(c, Contribution.decode(c.encode()));
    // Known: the same entry is a response, awaits nothing, and reads back the same.
    List<org.auditledger.protocol.claims.Claim> both = Claims.check(TOWN, s.response, r.leaf().logged(), r.payload(),
        r.leaf().envelope().signers(), KnownLogs.of(List.of(s.town.known(), s.auditors.known())));
    Contribution judged = Contribution.of(TOWN, s.response, r.leaf().logged(), r.payload(), both);
    assertEquals(List.of(), judged.awaiting());
    assertEquals(AUDITORS + "#" + s.finding, judged.response().finding());
    assertEquals(judged, Contribution.decode(judged.encode()));
    // A decision that names nothing contributes nothing.
    Entry d = Entry.open(s.town.leaves.get((int) s.decision));
    assertEquals(null, Contribution.of(TOWN, s.decision, d.leaf().logged(), d.payload(), List.of()));
  }

  @Test
  void anEntryWhoseAuthorityInItsHomeLogIsNotProvenOnlyLinks() {
    Scenario s = new Scenario();
    Entry f = Entry.open(s.auditors.leaves.get((int) s.finding));
    List<org.auditledger.protocol.claims.Claim> claims = new ArrayList<>(Claims.check(AUDITORS, s.finding,
        f.leaf().logged(), f.payload(), f.leaf().envelope().signers(), KnownLogs.of(List.of(s.town.known(),
            s.auditors.known()))));
    assertTrue(Contribution.of(AUDITORS, s.finding, f.leaf().logged(), f.payload(), claims).finding() != null);
    // The same finding, as if filed in another log with an authority claim that fails.
    claims.add(new org.auditledger.protocol.claims.Claim(s.finding, Claims.AUTHORITY, AUDITORS + "#1",
        org.auditledger.protocol.claims.Claim.Status.FAILS, "revoked"));
    Contribution c = Contribution.of(AUDITORS, s.finding, f.leaf().logged(), f.payload(), claims);
    assertEquals(null, c.finding());
    assertEquals(1, c.links().size());
    assertFalse(c.links().get(0).checked(), "a link of an entry that speaks for nobody is unchecked");
  }

  @Test
  void aSupersedeWhoseAuthorityFailsChangesNoStatus() {
    Scenario s = new Scenario();
    // A rogue log files, for "town" with the town's clerk grant as its authority, a decision that
    // supersedes the town's decision; signed by a key the town never granted.
    String payload = Fixtures.withAuthority(Fixtures.withRefs(Fixtures.decisionPayload("town", "Forged"),
        Fixtures.ref(TOWN, s.decision, s.town.leafHash(s.decision), "supersedes")), TOWN, 1, s.town.leafHash(1),
        s.town.size());
    Entry forged = Entry.open(new org.auditledger.protocol.entry.Leaf(Fixtures.sign(payload, Fixtures.newKey()), 2,
        java.time.Instant.now(), new byte[32]).encode());
    List<org.auditledger.protocol.claims.Claim> claims = Claims.check("rogue.example/log", 2, forged.leaf().logged(),
        forged.payload(), forged.leaf().envelope().signers(), KnownLogs.of(List.of(s.town.known(), s.auditors.known())));
    assertEquals(org.auditledger.protocol.claims.Claim.Status.HOLDS, claims.get(0).status(), claims.toString());
    assertEquals(org.auditledger.protocol.claims.Claim.Status.FAILS, claims.get(1).status(), claims.toString());
    Accountability a = new Accountability();
    a.put(Contribution.of("rogue.example/log", 2, forged.leaf().logged(), forged.payload(), claims));
    assertTrue(a.status(TOWN + "#" + s.decision).get("current").asBoolean(), a.status(TOWN + "#" + s.decision).toString());
  }

  @Test
  void aSupersededFindingIsShownSoAndCountsNoMore() {
    Scenario s = new Scenario();
    Accountability a = s.applyUpTo(s.town.size(), s.auditors.size());
    Organization town = new Organization("town", TOWN);
    LocalDate asOf = LocalDate.parse("2026-12-01");
    assertEquals(1, a.stats(town, asOf).get("organizations").get(0).get("findings").asLong());
    // The auditors correct their finding with a new one that supersedes it, about the same spending.
    long correction = s.auditors.add(Fixtures.sign(Fixtures.withRefs(findingPayload(),
        Fixtures.ref(TOWN, s.spending, s.town.leafHash(s.spending), "about"),
        Fixtures.ref(null, s.finding, s.auditors.leafHash(s.finding), "supersedes")), s.auditor));
    a = s.applyUpTo(s.town.size(), s.auditors.size());
    String old = AUDITORS + "#" + s.finding;
    assertEquals("[\"" + AUDITORS + "#" + correction + "\"]", a.finding(old, asOf).get("supersededBy").toString());
    JsonNode figures = a.stats(town, asOf).get("organizations").get(0);
    assertEquals(1, figures.get("findings").asLong(), "only the correction counts: " + figures);
    assertEquals(1, figures.get("overdue").asLong(), "nobody answered the correction yet: " + figures);
  }

  @Test
  void aFindingThatNamesNoAuditedPartyIsNotImplementedByWhoeverClaimsIt() {
    TestLog log = new TestLog(TOWN);
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair auditor = Fixtures.newKey();
    Ed25519KeyPair anyone = Fixtures.newKey();
    log.add(Fixtures.sign(Fixtures.keyPayload("grant", registrar.publicKey(), TOWN, TOWN, "registrar"), log.logKey.keyPair()));
    log.add(Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "auditors", TOWN, "finding"), registrar));
    log.add(Fixtures.sign(Fixtures.keyPayload("grant", anyone.publicKey(), "mallory", TOWN, "response"), registrar));
    long f = log.add(Fixtures.sign(Fixtures.findingPayload("auditors", "No subject"), auditor));
    long r = log.add(Fixtures.sign(Fixtures.responsePayload("mallory", f, java.util.Base64.getEncoder()
        .encodeToString(log.leafHash(f))).replace("\"text\":\"We agree.\"", "\"text\":\"Done.\","
        + "\"implementationStatus\":\"implemented\""), anyone));
    Accountability a = new Accountability();
    for (long i : List.of(f, r)) {
      Entry e = Entry.open(log.leaves.get((int) i));
      a.apply(TOWN, i, e.leaf().logged(), e.payload(), Claims.check(TOWN, i, e.leaf().logged(), e.payload(),
          e.leaf().envelope().signers(), KnownLogs.of(List.of(log.known()))));
    }
    assertEquals("responded", a.finding(TOWN + "#" + f, LocalDate.parse("2026-12-01")).get("status").asText());
  }

  @Test
  void aThreadAroundAnEntryNamedByVeryManyIsBoundedAndNamesOnlyWhatItShows() {
    Accountability a = new Accountability();
    String hub = TOWN + "#1";
    for (int i = 2; i < 30_002; i++) {
      String key = TOWN + "#" + i;
      a.put(new Contribution(key, null, null, null, List.of(new Link(key, hub, "cites", true)), List.of()));
    }
    JsonNode t = a.thread(hub);
    assertTrue(t.get("truncated").asBoolean());
    assertTrue(t.get("entries").size() <= Accountability.MAX_THREAD, t.get("entries").size() + " entries");
    java.util.Set<String> shown = new java.util.HashSet<>();
    t.get("entries").forEach(e -> shown.add(e.asText()));
    t.get("links").forEach(l -> assertTrue(shown.contains(l.get("from").asText()) && shown.contains(l.get("to").asText())));
    assertEquals(t.get("entries").size() - 1, t.get("links").size());
    // Its status still counts every link.
    assertTrue(a.status(hub).get("current").asBoolean());
  }
}
