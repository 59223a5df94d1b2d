package org.auditledger.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.auditledger.protocol.Fixtures;

/**
 * Realistic OCDS 1.1 releases for the benchmarks, valid against the 1.1.5 release schema: each
 * contracting process is published as four releases that repeat earlier parts, as publishers do
 * (planning and tender; award, the tender repeated or not; contract with a first payment; a later
 * payment), as in {@code SpendingTest}. Buyers, suppliers and CPV codes are drawn from fixed
 * pools (a few buyers favour one supplier, a few direct awards lack a rationale, a few tenders
 * are short or single-bid, so that red flags exist); dates fall in 2024–2026; two currencies.
 * Process {@code i} is a function of {@code i} alone, so processes can be generated in parallel.
 */
final class OcdsReleases {
  static final String[] CODES = codes();
  private static final String[] METHODS = {"open", "open", "open", "selective", "limited", "direct"};
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final int DAYS = (int) (LocalDate.of(2026, 12, 31).toEpochDay() - START.toEpochDay());

  final int buyers;
  final int suppliers;
  /** Filler text in tender and item descriptions, to reach a realistic size. */
  final String text;

  OcdsReleases(int buyers, int suppliers, int textChars) {
    this.buyers = buyers;
    this.suppliers = suppliers;
    String s = "Provision of services as described in the specification, lot by lot. ";
    this.text = s.repeat(textChars / s.length() + 1).substring(0, textChars);
  }

  /** About 40 CPV codes, among them IT services (72), software (48) and computer equipment (302). */
  private static String[] codes() {
    return new String[] {"72212000-4", "72222300-0", "72253000-3", "72267000-4", "72310000-1", "72413000-8",
        "72500000-0", "72611000-6", "48000000-8", "48218000-9", "48311000-1", "48517000-5", "48611000-4",
        "48900000-7", "30213100-6", "30213300-8", "30231000-7", "30232000-4", "45233000-9", "45214200-2",
        "45262000-1", "45310000-3", "45421000-4", "33141000-0", "33600000-6", "34110000-1", "34144900-7",
        "39130000-2", "50112000-3", "55520000-1", "60112000-6", "66510000-8", "71220000-6", "71320000-7",
        "77310000-6", "79341000-6", "79710000-4", "80510000-2", "85121000-3", "90511000-2", "90600000-3"};
  }

  static String buyerId(int b) {
    return "buyer-" + b;
  }

  static String supplierId(int s) {
    return "GB-COH-" + String.format("%08d", s);
  }

  /** The buyer of process {@code i}. */
  String buyerOf(int i) {
    return buyerId(Math.floorMod(i * 7919, buyers));
  }

  private static String at(LocalDate d, int hour) {
    return d + "T" + String.format("%02d", hour) + ":00:00Z";
  }

  private static void value(ObjectNode parent, String field, BigDecimal amount, String currency) {
    parent.putObject(field).put("amount", amount).put("currency", currency);
  }

  private static BigDecimal money(Random r, int max) {
    return BigDecimal.valueOf(r.nextInt(max), 2);
  }

  /** The four releases of process {@code i}, ocid {@code ocds-bench01-i}. */
  List<ObjectNode> process(int i) {
    Random r = new Random(1_000_003L * i + 17);
    String buyer = buyerOf(i);
    int b = Math.floorMod(i * 7919, buyers);
    // One buyer in 16 gives most of its awards to one supplier (rule supplier-concentration).
    int supplier = b % 16 == 5 && r.nextInt(4) > 0 ? b % suppliers : r.nextInt(suppliers);
    String ocid = "ocds-bench01-" + i;
    String method = METHODS[r.nextInt(METHODS.length)];
    String currency = r.nextInt(5) == 0 ? "GBP" : "EUR";
    String code = CODES[r.nextInt(CODES.length)];
    int[] day = {r.nextInt(DAYS + 1), r.nextInt(DAYS + 1), r.nextInt(DAYS + 1), r.nextInt(DAYS + 1)};
    Arrays.sort(day);
    LocalDate d1 = START.plusDays(day[0]);
    LocalDate d2 = START.plusDays(day[1]);
    LocalDate d3 = START.plusDays(day[2]);
    LocalDate d4 = START.plusDays(day[3]);
    BigDecimal planned = money(r, 50_000_000);
    BigDecimal tendered = money(r, 50_000_000);
    BigDecimal awarded = money(r, 50_000_000);
    BigDecimal contracted = awarded.add(r.nextInt(50) == 0 ? awarded.divide(BigDecimal.valueOf(2)) : BigDecimal.ZERO);
    BigDecimal pay1 = contracted.divide(BigDecimal.valueOf(2), 2, java.math.RoundingMode.DOWN);
    BigDecimal pay2 = r.nextInt(100) == 0 ? contracted : contracted.subtract(pay1);
    int tenderers = r.nextInt(10) == 0 ? 1 : 2 + r.nextInt(8);
    int period = r.nextInt(20) == 0 ? 5 : 30;
    boolean rationale = r.nextInt(4) > 0;
    boolean lateAwardHasTender = r.nextBoolean();

    List<ObjectNode> out = new ArrayList<>(4);
    ObjectNode r1 = Fixtures.release(ocid, ocid + "-1", at(d1, 1), buyer);
    r1.putArray("tag").removeAll().add("planning").add("tender");
    value(r1.putObject("planning").putObject("budget"), "amount", planned, currency);
    tender(r1, i, method, currency, code, tendered, tenderers, d1, period, rationale);
    out.add(r1);
    ObjectNode r2 = Fixtures.release(ocid, ocid + "-2", at(d2, 2), buyer);
    r2.putArray("tag").removeAll().add("award");
    if (lateAwardHasTender) {
      tender(r2, i, method, currency, code, tendered, tenderers, d1, period, rationale);
    }
    award(r2, supplier, awarded, currency, code, d2);
    out.add(r2);
    ObjectNode r3 = Fixtures.release(ocid, ocid + "-3", at(d3, 3), buyer);
    r3.putArray("tag").removeAll().add("contract").add("implementation");
    if (r.nextBoolean()) {
      award(r3, supplier, awarded, currency, code, d2);
    }
    ObjectNode c = r3.putArray("contracts").addObject();
    c.put("id", ocid + "-c1").put("awardID", ocid + "-a1").put("status", "active").put("dateSigned", at(d3, 3));
    c.put("title", "Contract for " + code).put("description", text);
    value(c, "value", contracted, currency);
    transaction(c.putObject("implementation").putArray("transactions"), "t1", d3, pay1, currency, supplier);
    out.add(r3);
    ObjectNode r4 = Fixtures.release(ocid, ocid + "-4", at(d4, 4), buyer);
    r4.putArray("tag").removeAll().add("implementation");
    ObjectNode c4 = r4.putArray("contracts").addObject();
    c4.put("id", ocid + "-c1").put("awardID", ocid + "-a1");
    transaction(c4.putObject("implementation").putArray("transactions"), "t2", d4, pay2, currency, supplier);
    out.add(r4);
    return out;
  }

  private void tender(ObjectNode release, int i, String method, String currency, String code, BigDecimal amount,
      int tenderers, LocalDate d1, int days, boolean rationale) {
    ObjectNode t = release.putObject("tender");
    t.put("id", "ocds-bench01-" + i + "-tender").put("title", "Tender " + i + " for " + code).put("description", text)
        .put("status", "active").put("procurementMethod", method);
    if (method.equals("direct") && rationale) {
      t.put("procurementMethodRationale", "Only one supplier holds the rights.");
    }
    value(t, "value", amount, currency);
    t.putObject("tenderPeriod").put("startDate", at(d1, 1)).put("endDate", at(d1.plusDays(days), 1));
    t.put("numberOfTenderers", tenderers);
    ObjectNode item = t.putArray("items").addObject();
    item.put("id", "1").put("description", "Item for " + code);
    item.putObject("classification").put("scheme", "CPV").put("id", code).put("description", "CPV " + code);
    item.put("quantity", 1);
  }

  private void award(ObjectNode release, int supplier, BigDecimal amount, String currency, String code, LocalDate d2) {
    String ocid = release.get("ocid").asText();
    ObjectNode a = release.putArray("awards").addObject();
    a.put("id", ocid + "-a1").put("title", "Award of " + code).put("status", "active").put("date", at(d2, 2));
    value(a, "value", amount, currency);
    a.putArray("suppliers").addObject().put("id", supplierId(supplier)).put("name", "Supplier " + supplier + " Ltd");
  }

  private static void transaction(ArrayNode transactions, String id, LocalDate d, BigDecimal amount, String currency,
      int supplier) {
    ObjectNode t = transactions.addObject();
    t.put("id", id).put("source", "https://budget.example/" + id).put("date", at(d, 5));
    value(t, "value", amount, currency);
    t.putObject("payee").put("id", supplierId(supplier)).put("name", "Supplier " + supplier + " Ltd");
  }
}
