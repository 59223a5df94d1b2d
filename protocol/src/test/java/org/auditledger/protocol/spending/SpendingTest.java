package org.auditledger.protocol.spending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.derived.Accountability;
import org.auditledger.protocol.derived.Contribution;
import org.auditledger.protocol.entry.EntryPayload;
import org.junit.jupiter.api.Test;

/**
 * The open-budget totals (protocol.md §10.4) against totals computed independently: each
 * generated process has known final amounts, published as several releases that repeat earlier
 * parts (as publishers do), filed out of order; the totals must count each amount once.
 */
class SpendingTest {
  static final String LOG = "example.org/log";
  private static final String[] BUYERS = {"town", "county", "port"};
  private static final String[] SUPPLIERS = {"acme", "globex", "initech", "umbrella", "hooli"};
  private static final String[] CODES = {"72212000-4", "45233000-9", "48000000-8", "30213100-6"};
  private static final String[] CURRENCIES = {"EUR", "GBP"};

  /** The truth of one process: what it amounts to, whatever releases published it. */
  record Truth(String buyer, String ocid, String method, String currency, String code, String supplier,
      BigDecimal planned, BigDecimal tendered, BigDecimal awarded, BigDecimal contracted, BigDecimal pay1,
      BigDecimal pay2, LocalDate d1, LocalDate d2, LocalDate d3, LocalDate d4) {}

  static BigDecimal money(Random r) {
    return BigDecimal.valueOf(r.nextInt(10_000_000), 2);
  }

  static LocalDate day(Random r) {
    return LocalDate.of(2025 + r.nextInt(2), 1 + r.nextInt(12), 1 + r.nextInt(28));
  }

  static Truth truth(Random r, int i) {
    List<LocalDate> d = new ArrayList<>(List.of(day(r), day(r), day(r), day(r)));
    Collections.sort(d);
    return new Truth(BUYERS[r.nextInt(BUYERS.length)], "ocds-abc123-" + i, r.nextBoolean() ? "open" : "direct",
        CURRENCIES[r.nextInt(2)], CODES[r.nextInt(CODES.length)], SUPPLIERS[r.nextInt(SUPPLIERS.length)],
        money(r), money(r), money(r), money(r), money(r), money(r), d.get(0), d.get(1), d.get(2), d.get(3));
  }

  static String at(LocalDate d, int hour) {
    return d + "T" + String.format("%02d", hour) + ":00:00Z";
  }

  static ObjectNode value(ObjectNode parent, String field, BigDecimal amount, String currency) {
    ObjectNode v = parent.putObject(field);
    v.put("amount", amount).put("currency", currency);
    return v;
  }

  /** The releases of a process: planning and tender; award (tender repeated or not); contract; a later payment. */
  static List<ObjectNode> releases(Truth t, Random r) {
    List<ObjectNode> out = new ArrayList<>();
    ObjectNode r1 = Fixtures.release(t.ocid(), t.ocid() + "-1", at(t.d1(), 1), t.buyer());
    value(r1.putObject("planning").putObject("budget"), "amount", t.planned(), t.currency());
    tender(r1, t);
    out.add(r1);
    ObjectNode r2 = Fixtures.release(t.ocid(), t.ocid() + "-2", at(t.d2(), 2), t.buyer());
    if (r.nextBoolean()) {
      tender(r2, t);
    }
    award(r2, t);
    out.add(r2);
    ObjectNode r3 = Fixtures.release(t.ocid(), t.ocid() + "-3", at(t.d3(), 3), t.buyer());
    if (r.nextBoolean()) {
      award(r3, t);
    }
    ObjectNode c = r3.putArray("contracts").addObject();
    c.put("id", "c1").put("awardID", "a1").put("dateSigned", at(t.d3(), 3));
    value(c, "value", t.contracted(), t.currency());
    ObjectNode t1 = c.putObject("implementation").putArray("transactions").addObject();
    t1.put("id", "t1").put("date", at(t.d3(), 4));
    value(t1, "value", t.pay1(), t.currency());
    out.add(r3);
    ObjectNode r4 = Fixtures.release(t.ocid(), t.ocid() + "-4", at(t.d4(), 5), t.buyer());
    ObjectNode c4 = r4.putArray("contracts").addObject();
    c4.put("id", "c1").put("awardID", "a1");
    ObjectNode t2 = c4.putObject("implementation").putArray("transactions").addObject();
    t2.put("id", "t2").put("date", at(t.d4(), 5));
    value(t2, "value", t.pay2(), t.currency());
    out.add(r4);
    return out;
  }

  static void tender(ObjectNode release, Truth t) {
    ObjectNode tender = release.putObject("tender");
    tender.put("id", "t").put("procurementMethod", t.method());
    value(tender, "value", t.tendered(), t.currency());
    tender.putObject("tenderPeriod").put("startDate", at(t.d1(), 1)).put("endDate", at(t.d1().plusDays(30), 1));
    ObjectNode item = tender.putArray("items").addObject();
    item.put("id", "i1").putObject("classification").put("scheme", "CPV").put("id", t.code());
  }

  static void award(ObjectNode release, Truth t) {
    ObjectNode a = release.putArray("awards").addObject();
    a.put("id", "a1").put("date", at(t.d2(), 2));
    value(a, "value", t.awarded(), t.currency());
    a.putArray("suppliers").addObject().put("id", t.supplier()).put("name", t.supplier());
  }

  /** Files {@code release} as entry {@code index} of {@link #LOG}, through the one contribution rule. */
  static void file(Accountability a, long index, JsonNode release) {
    String buyer = release.get("buyer").get("id").asText();
    EntryPayload p = EntryPayload.parse(Fixtures.releasePayload(buyer, release).getBytes(StandardCharsets.UTF_8));
    a.apply(LOG, index, Instant.parse("2026-06-01T00:00:00Z").plusSeconds(index), p, List.of());
  }

  /** Expected rows: key → currency → sums by stage. */
  static Map<String, Map<String, BigDecimal[]>> expected(List<Truth> truths, String by, String period) {
    Map<String, Map<String, BigDecimal[]>> out = new TreeMap<>();
    for (Truth t : truths) {
      add(out, t, by, period, Stage.PLANNED, t.planned(), t.d1(), null);
      add(out, t, by, period, Stage.TENDERED, t.tendered(), t.d1(), null);
      add(out, t, by, period, Stage.AWARDED, t.awarded(), t.d2(), t.supplier());
      add(out, t, by, period, Stage.CONTRACTED, t.contracted(), t.d3(), t.supplier());
      add(out, t, by, period, Stage.PAID, t.pay1(), t.d3(), t.supplier());
      add(out, t, by, period, Stage.PAID, t.pay2(), t.d4(), t.supplier());
    }
    return out;
  }

  static void add(Map<String, Map<String, BigDecimal[]>> out, Truth t, String by, String period, Stage s,
      BigDecimal amount, LocalDate d, String supplier) {
    if (period != null && !d.toString().startsWith(period)) {
      return;
    }
    List<String> keys = switch (by) {
      case "buyer" -> List.of(t.buyer() + "@" + LOG);
      case "supplier" -> supplier == null ? List.of() : List.of(supplier);
      case "method" -> List.of(t.method());
      case "all" -> List.of("all");
      case "classification" -> {
        String code = t.code().substring(0, t.code().indexOf('-'));
        List<String> ks = new ArrayList<>();
        for (int n = 2; n <= code.length(); n++) {
          ks.add("CPV:" + code.substring(0, n));
        }
        yield ks;
      }
      default -> throw new IllegalArgumentException(by);
    };
    for (String k : keys) {
      BigDecimal[] sums = out.computeIfAbsent(k, x -> new TreeMap<>()).computeIfAbsent(t.currency(), c -> {
        BigDecimal[] z = new BigDecimal[5];
        java.util.Arrays.fill(z, BigDecimal.ZERO);
        return z;
      });
      sums[s.ordinal()] = sums[s.ordinal()].add(amount);
    }
  }

  static Map<String, Map<String, BigDecimal[]>> actual(JsonNode answer) {
    Map<String, Map<String, BigDecimal[]>> out = new TreeMap<>();
    for (JsonNode row : answer.get("rows")) {
      BigDecimal[] sums = new BigDecimal[5];
      for (Stage s : Stage.values()) {
        sums[s.ordinal()] = row.get(s.jsonName()).decimalValue();
      }
      out.computeIfAbsent(row.get("key").asText(), x -> new TreeMap<>()).put(row.get("currency").asText(), sums);
    }
    return out;
  }

  static void assertSameTotals(Map<String, Map<String, BigDecimal[]>> want, Map<String, Map<String, BigDecimal[]>> got,
      String what) {
    assertEquals(want.keySet(), got.keySet(), what);
    for (var e : want.entrySet()) {
      assertEquals(e.getValue().keySet(), got.get(e.getKey()).keySet(), what + " " + e.getKey());
      for (var c : e.getValue().entrySet()) {
        BigDecimal[] w = c.getValue();
        BigDecimal[] g = got.get(e.getKey()).get(c.getKey());
        for (Stage s : Stage.values()) {
          assertEquals(0, w[s.ordinal()].compareTo(g[s.ordinal()]), what + " " + e.getKey() + " " + c.getKey() + " "
              + s.jsonName() + ": want " + w[s.ordinal()] + ", got " + g[s.ordinal()]);
        }
      }
    }
  }

  /**
   * Verifies that totals by buyer, supplier, method, classification prefix and all, for all time,
   * a year and a month, equal the totals of the processes' known amounts, with releases that
   * repeat earlier parts filed in random order.
   */
  @Test
  void totalsCountEachAmountOnce() {
    Random r = new Random(12);
    List<Truth> truths = new ArrayList<>();
    List<ObjectNode> all = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Truth t = truth(r, i);
      truths.add(t);
      all.addAll(releases(t, r));
    }
    Collections.shuffle(all, r);
    Accountability a = new Accountability();
    for (int i = 0; i < all.size(); i++) {
      file(a, i, all.get(i));
    }
    Spending s = a.spending();
    assertEquals(120, s.processCount());
    for (String by : List.of("all", "buyer", "supplier", "method", "classification")) {
      for (String period : new String[] {null, "2026", "2025-07"}) {
        assertSameTotals(expected(truths, by, period), actual(s.totals(by, period, null, null, 10_000)),
            by + " in " + period);
      }
    }
    // A prefix selects its codes (and their longer prefixes): CPV 72 is IT services.
    var it = expected(truths, "classification", "2026");
    it.keySet().removeIf(k -> !k.startsWith("CPV:72"));
    assertSameTotals(it, actual(s.totals("classification", "2026", "CPV:72", null, 10_000)), "prefix CPV:72");
  }

  /** Verifies that pages of totals follow each other without a gap or a repeat. */
  @Test
  void pagesOfTotalsJoinUp() {
    Random r = new Random(3);
    Accountability a = new Accountability();
    List<Truth> truths = new ArrayList<>();
    long index = 0;
    for (int i = 0; i < 30; i++) {
      Truth t = truth(r, i);
      truths.add(t);
      for (ObjectNode rel : releases(t, r)) {
        file(a, index++, rel);
      }
    }
    List<String> keys = new ArrayList<>();
    String after = null;
    do {
      JsonNode page = a.spending().totals("classification", null, null, after, 3);
      page.get("rows").forEach(row -> {
        if (keys.isEmpty() || !keys.get(keys.size() - 1).equals(row.get("key").asText())) {
          keys.add(row.get("key").asText());
        }
      });
      after = page.hasNonNull("next") ? page.get("next").asText() : null;
    } while (after != null);
    assertEquals(new ArrayList<>(expected(truths, "classification", null).keySet()), keys);
  }

  /**
   * Verifies that the state is a function of the entries alone: filed in another order, or with
   * entries removed and put back (claims judged again), the answers are the same; all removed,
   * nothing is left.
   */
  @Test
  void answersDependOnTheEntriesOnly() {
    Random r = new Random(5);
    List<ObjectNode> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.addAll(releases(truth(r, i), r));
    }
    Accountability one = new Accountability();
    for (int i = 0; i < all.size(); i++) {
      file(one, i, all.get(i));
    }
    Accountability two = new Accountability();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, r);
    for (int i : order) {
      file(two, i, all.get(i));
      if (i % 3 == 0) {
        two.remove(LOG + "#" + i);
        two.spending().totals("all", null, null, null, 10);
        file(two, i, all.get(i));
      }
    }
    for (String by : Spending.BY) {
      assertEquals(one.spending().totals(by, null, null, null, 10_000), two.spending().totals(by, null, null, null, 10_000));
    }
    assertEquals(one.spending().flags(null, null, 0, 10_000), two.spending().flags(null, null, 0, 10_000));
    // The facts a verifier keeps carry the releases: read back, the same answers.
    Accountability three = new Accountability();
    three.absorb(one.facts());
    assertEquals(one.spending().totals("supplier", "2026", null, null, 10_000),
        three.spending().totals("supplier", "2026", null, null, 10_000));
    for (int i = 0; i < all.size(); i++) {
      two.remove(LOG + "#" + i);
    }
    assertEquals(0, two.spending().processCount());
    assertEquals(0, two.spending().totals("all", null, null, null, 10).get("rows").size());
  }

  /** Verifies that a contribution keeps its release through its encoding. */
  @Test
  void aContributionCarriesItsRelease() {
    ObjectNode rel = releases(truth(new Random(1), 1), new Random(1)).get(2);
    EntryPayload p = EntryPayload.parse(Fixtures.releasePayload(rel.get("buyer").get("id").asText(), rel).getBytes(StandardCharsets.UTF_8));
    Contribution c = Contribution.of(LOG, 7, Instant.parse("2026-01-01T00:00:00Z"), p, List.of());
    assertEquals(rel.get("buyer").get("id").asText() + "@" + LOG, c.release().buyer());
    assertEquals(rel.get("ocid").asText(), c.release().ocid());
    assertEquals(c, Contribution.decode(c.encode()));
    assertTrue(c.release().projection().contains("\"transactions\""));
  }

  /** Verifies that bad query parameters are refused naming the parameter. */
  @Test
  void badQueriesNameTheParameter() {
    Spending s = new Spending();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> s.totals("vendor", null, null, null, 10))
        .getMessage().startsWith("by:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> s.totals("all", "26", null, null, 10))
        .getMessage().startsWith("period:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> s.totals("all", "2026-13", null, null, 10))
        .getMessage().startsWith("period:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> s.flags("nepotism", null, 0, 10))
        .getMessage().startsWith("rule:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> s.totals("all", null, "", null, 10))
        .getMessage().startsWith("prefix:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> s.totals("all", null, null, "x".repeat(513), 10))
        .getMessage().startsWith("after:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Spending(List.of("CPV 72")))
        .getMessage().contains("SCHEME:CODE-PREFIX"));
  }

  /**
   * Verifies that the text bounds of totals, flags and stats queries count Unicode code points:
   * 512 characters outside the BMP (1,024 UTF-16 units) are taken as prefix, after and buyer,
   * 513 are refused naming the parameter, and a page key of stats likewise.
   */
  @Test
  void textBoundsCountCodePoints() {
    Spending s = new Spending();
    String clef = new String(Character.toChars(0x1D11E));
    String longest = clef.repeat(Spending.MAX_KEY);
    assertEquals(longest, s.totals("supplier", null, longest, longest, 10).get("prefix").asText());
    assertEquals(0, s.flags(null, longest, 0, 10).get("total").asInt());
    for (String name : new String[] {"prefix", "after", "buyer"}) {
      String tooLong = longest + clef;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
        switch (name) {
          case "prefix" -> s.totals("all", null, tooLong, null, 10);
          case "after" -> s.totals("all", null, null, tooLong, 10);
          default -> s.flags(null, tooLong, 0, 10);
        }
      });
      assertTrue(e.getMessage().startsWith(name + ": want 1 to 512 characters (Unicode code points), not 513"),
          e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> s.flags(null, "", 0, 10));
    assertEquals(longest, org.auditledger.protocol.derived.StatsSummary.checkAfter(longest));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> org.auditledger.protocol.derived.StatsSummary.checkAfter(longest + clef)).getMessage().startsWith("after:"));
    assertEquals(clef.repeat(3) + "...", org.auditledger.protocol.Text.excerpt(clef.repeat(4), 3));
  }

  /**
   * Verifies that a release dated with the space RFC 3339 §5.6 allows between date and time,
   * which the schema's date-time format accepts, is merged and counted like one with a T (it was
   * once dropped from the totals as unmergeable).
   */
  @Test
  void aSpaceSeparatedDateCounts() {
    Accountability a = new Accountability();
    ObjectNode r = Fixtures.release("ocds-abc123-1", "r1", "2026-03-01 09:00:00Z", "town");
    ObjectNode aw = r.putArray("awards").addObject();
    aw.put("id", "a1").put("date", "2026-04-30 23:30:00-05:00");
    value(aw, "value", new BigDecimal("12.5"), "EUR");
    file(a, 0, r);
    JsonNode rows = a.spending().totals("all", "2026-04", null, null, 10).get("rows");
    assertEquals(1, rows.size(), rows.toString());
    assertEquals(0, new BigDecimal("12.5").compareTo(rows.get(0).get("awarded").decimalValue()));
  }
}
