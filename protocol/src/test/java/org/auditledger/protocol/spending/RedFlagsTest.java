package org.auditledger.protocol.spending;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.derived.Accountability;
import org.junit.jupiter.api.Test;

/** Each red-flag rule (protocol.md §10.5) raised where it should be, and not just short of its threshold. */
class RedFlagsTest {
  private final Accountability a = new Accountability();
  private long next;

  private String file(ObjectNode release) {
    long i = next++;
    SpendingTest.file(a, i, release);
    return SpendingTest.LOG + "#" + i;
  }

  private static ObjectNode tender(String ocid, String id, String method) {
    ObjectNode r = Fixtures.release(ocid, id, "2026-03-01T09:00:00Z", "town");
    r.putObject("tender").put("id", "t").put("procurementMethod", method);
    return r;
  }

  private List<JsonNode> flags(String rule) {
    List<JsonNode> out = new ArrayList<>();
    a.spending().flags(rule, null, 0, 1000).get("flags").forEach(out::add);
    return out;
  }

  private void assertFlagged(String rule, String ocid, List<String> entries) {
    List<JsonNode> fs = flags(rule);
    assertEquals(1, fs.size(), rule + ": " + fs);
    JsonNode f = fs.get(0);
    assertEquals(ocid, f.path("ocid").asText(null));
    List<String> got = new ArrayList<>();
    f.get("entries").forEach(e -> got.add(e.asText()));
    assertEquals(entries, got);
    assertEquals(rule.equals("supplier-concentration") ? RedFlags.CONCENTRATION.threshold() : threshold(rule),
        f.get("threshold").asText());
  }

  private static String threshold(String rule) {
    return RedFlags.RULES.stream().filter(r -> r.id().equals(rule)).findFirst().orElseThrow().threshold();
  }

  /** Verifies single-bid: an open tender with 1 tenderer is flagged, with 2 it is not, nor a direct award with 1. */
  @Test
  void singleBid() {
    ObjectNode one = tender("ocds-abc123-1", "r1", "open");
    ((ObjectNode) one.get("tender")).put("numberOfTenderers", 1);
    String e = file(one);
    ObjectNode two = tender("ocds-abc123-2", "r1", "open");
    ((ObjectNode) two.get("tender")).put("numberOfTenderers", 2);
    file(two);
    ObjectNode direct = tender("ocds-abc123-3", "r1", "direct");
    ((ObjectNode) direct.get("tender")).put("numberOfTenderers", 1);
    file(direct);
    assertFlagged("single-bid", "ocds-abc123-1", List.of(e));
  }

  private static ObjectNode award(ObjectNode r, String amount, String currency, String supplier) {
    ObjectNode aw = r.withArray("awards").addObject();
    aw.put("id", "a" + r.withArray("awards").size());
    SpendingTest.value(aw, "value", new BigDecimal(amount), currency);
    aw.putArray("suppliers").addObject().put("id", supplier).put("name", supplier);
    return r;
  }

  /**
   * Verifies direct-award-without-rationale: at the threshold without rationale it is flagged
   * (resting on the tender and the award releases); just below it, or with a rationale, or in a
   * currency without a threshold, it is not.
   */
  @Test
  void directAwardWithoutRationale() {
    String t = file(tender("ocds-abc123-1", "r1", "direct"));
    String aw = file(award(Fixtures.release("ocds-abc123-1", "r2", "2026-03-02T00:00:00Z", "town"), "140000", "EUR", "acme"));
    file(award(tender("ocds-abc123-2", "r1", "direct"), "139999.99", "EUR", "acme"));
    ObjectNode reasoned = award(tender("ocds-abc123-3", "r1", "direct"), "900000", "EUR", "acme");
    ((ObjectNode) reasoned.get("tender")).put("procurementMethodRationale", "Sole supplier of the spare parts");
    file(reasoned);
    file(award(tender("ocds-abc123-4", "r1", "direct"), "900000", "CHF", "acme"));
    assertFlagged("direct-award-without-rationale", "ocds-abc123-1", List.of(t, aw));
  }

  private static ObjectNode period(ObjectNode r, String start, String end) {
    ((ObjectNode) r.get("tender")).putObject("tenderPeriod").put("startDate", start).put("endDate", end);
    return r;
  }

  /** Verifies short-tender-period: 9 days 23 h is flagged, 10 days is not, nor a direct award. */
  @Test
  void shortTenderPeriod() {
    String e = file(period(tender("ocds-abc123-1", "r1", "open"), "2026-03-01T00:00:00Z", "2026-03-10T23:00:00Z"));
    file(period(tender("ocds-abc123-2", "r1", "open"), "2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z"));
    file(period(tender("ocds-abc123-3", "r1", "direct"), "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"));
    // Offsets count: 2026-03-11T01:00+01:00 is 10 days after 2026-03-01T00:00Z.
    file(period(tender("ocds-abc123-4", "r1", "open"), "2026-03-01T00:00:00Z", "2026-03-11T01:00:00+01:00"));
    assertFlagged("short-tender-period", "ocds-abc123-1", List.of(e));
  }

  private static ObjectNode contract(String ocid, String id, String date, String value, String... payments) {
    ObjectNode r = Fixtures.release(ocid, id, date, "town");
    ObjectNode c = r.putArray("contracts").addObject();
    c.put("id", "c1").put("awardID", "a1");
    if (value != null) {
      SpendingTest.value(c, "value", new BigDecimal(value), "EUR");
    }
    for (int i = 0; i < payments.length; i++) {
      ObjectNode t = c.with("implementation").withArray("transactions").addObject();
      t.put("id", id + "-t" + i);
      SpendingTest.value(t, "value", new BigDecimal(payments[i]), "EUR");
    }
    return r;
  }

  /** Verifies contract-value-raised: +20.01% is flagged (on the contract's releases), +20% is not. */
  @Test
  void contractValueRaised() {
    String first = file(contract("ocds-abc123-1", "r1", "2026-01-01T00:00:00Z", "100000"));
    String raised = file(contract("ocds-abc123-1", "r2", "2026-06-01T00:00:00Z", "120010"));
    file(contract("ocds-abc123-2", "r1", "2026-01-01T00:00:00Z", "100000"));
    file(contract("ocds-abc123-2", "r2", "2026-06-01T00:00:00Z", "120000"));
    assertFlagged("contract-value-raised", "ocds-abc123-1", List.of(first, raised));
  }

  /**
   * Verifies that the value first published is the earliest by release date, not by filing: the
   * later-dated release filed first does not become the baseline.
   */
  @Test
  void contractValueRaisedFollowsReleaseDates() {
    file(contract("ocds-abc123-1", "r2", "2026-06-01T00:00:00Z", "100000"));
    file(contract("ocds-abc123-1", "r1", "2026-01-01T00:00:00Z", "200000"));
    assertEquals(List.of(), flags("contract-value-raised"), "the value fell; it was not raised");
  }

  /** Verifies payments-exceed-contract: payments over two releases above the value are flagged; equal is not. */
  @Test
  void paymentsExceedContract() {
    String a1 = file(contract("ocds-abc123-1", "r1", "2026-01-01T00:00:00Z", "1000.00", "600.00"));
    String a2 = file(contract("ocds-abc123-1", "r2", "2026-02-01T00:00:00Z", null, "400.01"));
    file(contract("ocds-abc123-2", "r1", "2026-01-01T00:00:00Z", "1000.00", "600.00"));
    file(contract("ocds-abc123-2", "r2", "2026-02-01T00:00:00Z", null, "400.00"));
    assertFlagged("payments-exceed-contract", "ocds-abc123-1", List.of(a1, a2));
  }

  /**
   * Verifies supplier-concentration: one supplier with more than half of 5 awards' value is
   * flagged, with the entries of its awards; exactly half is not; 4 awards are too few.
   */
  @Test
  void supplierConcentration() {
    List<String> acme = new ArrayList<>();
    acme.add(file(award(tender("ocds-abc123-1", "r1", "open"), "300", "EUR", "acme")));
    acme.add(file(award(tender("ocds-abc123-2", "r1", "open"), "201", "EUR", "acme")));
    for (int i = 3; i <= 5; i++) {
      file(award(tender("ocds-abc123-" + i, "r1", "open"), "166.33", "EUR", "other" + i));
    }
    assertFlagged("supplier-concentration", null, acme);
    // Exactly half: 501 of 1002.
    file(award(tender("ocds-abc123-6", "r1", "open"), "3.01", "EUR", "other6"));
    assertEquals(List.of(), flags("supplier-concentration"));
    // Another buyer with 4 awards, all to one supplier: too few to judge.
    for (int i = 1; i <= 4; i++) {
      ObjectNode r = Fixtures.release("ocds-xyz789-" + i, "r1", "2026-03-01T00:00:00Z", "port");
      file(award(r, "1000", "EUR", "acme"));
    }
    assertEquals(List.of(), flags("supplier-concentration"));
  }

  /** Verifies release-id-reused: two entries with one release id in a process (a log that broke the node's rule). */
  @Test
  void releaseIdReused() {
    String one = file(tender("ocds-abc123-1", "r1", "open"));
    String two = file(tender("ocds-abc123-1", "r1", "selective"));
    file(tender("ocds-abc123-1", "r2", "open"));
    file(tender("ocds-abc123-2", "r1", "open"));
    assertFlagged("release-id-reused", "ocds-abc123-1", List.of(one, two));
  }

  /**
   * Verifies that pages of flags join up across rules with a stable total, and that a flag
   * resting on more than {@link Spending#MAX_ENTRIES} entries lists the first ones and counts all.
   */
  @Test
  void pagesOfFlagsJoinUpAndEntriesAreCapped() {
    for (int i = 1; i <= 3; i++) {
      ObjectNode r = tender("ocds-abc123-" + i, "r1", "open");
      ((ObjectNode) r.get("tender")).put("numberOfTenderers", 1);
      file(r);
    }
    for (int i = 4; i <= 5; i++) {
      file(period(tender("ocds-abc123-" + i, "r1", "open"), "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"));
    }
    List<String> seen = new ArrayList<>();
    for (int offset = 0; ; offset += 2) {
      JsonNode page = a.spending().flags(null, null, offset, 2);
      assertEquals(5, page.get("total").asInt());
      page.get("flags").forEach(f -> seen.add(f.get("rule").asText() + " " + f.get("ocid").asText()));
      if (!page.hasNonNull("next")) {
        break;
      }
      assertEquals(offset + 2, page.get("next").asInt());
    }
    assertEquals(List.of("single-bid ocds-abc123-1", "single-bid ocds-abc123-2", "single-bid ocds-abc123-3",
        "short-tender-period ocds-abc123-4", "short-tender-period ocds-abc123-5"), seen);

    for (int i = 0; i < Spending.MAX_ENTRIES + 1; i++) {
      file(award(Fixtures.release("ocds-big-" + i, "r1", "2026-03-01T00:00:00Z", "port"), "10", "EUR", "acme"));
    }
    for (int i = 0; i < 4; i++) {
      file(award(Fixtures.release("ocds-small-" + i, "r1", "2026-03-01T00:00:00Z", "port"), "1", "EUR", "other" + i));
    }
    JsonNode f = flags("supplier-concentration").get(0);
    assertEquals(Spending.MAX_ENTRIES, f.get("entries").size());
    assertEquals(Spending.MAX_ENTRIES + 1, f.get("entriesTotal").asInt());
  }
}
