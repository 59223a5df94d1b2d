package org.auditledger.protocol.spending;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The red-flag rules (protocol.md §10.5), after the Open Contracting Partnership's "Red Flags for
 * Integrity" methodology: each a deterministic test over a compiled process (or a buyer's
 * processes), with its threshold fixed here and stated in every flag, so that anyone recomputes
 * the same flags from the same entries. A flag is a prompt for a question, never a finding.
 */
public final class RedFlags {
  private RedFlags() {}

  /** One rule: its id, its threshold as stated, and what it tests. */
  public record Rule(String id, String threshold, String description) {}

  public static final Rule SINGLE_BID = new Rule("single-bid", "1 tenderer",
      "An open or selective tender received a single bid (tender.numberOfTenderers = 1).");
  public static final Rule DIRECT_AWARD = new Rule("direct-award-without-rationale",
      "EUR 140000, USD 150000, GBP 120000, KZT 70000000, RUB 12000000, MXN 3000000",
      "A direct award (tender.procurementMethod = direct) at or above the threshold of its currency, with no"
          + " tender.procurementMethodRationale; the total awarded counts, else the tender value.");
  public static final Rule SHORT_TENDER = new Rule("short-tender-period", "10 days",
      "A tender period (tender.tenderPeriod.endDate - startDate) of an open, selective or limited tender shorter"
          + " than the threshold.");
  public static final Rule VALUE_RAISED = new Rule("contract-value-raised", "20%",
      "A contract's value now exceeds its value first published by more than the threshold (amendments).");
  public static final Rule OVERPAID = new Rule("payments-exceed-contract", "100% of the contract value",
      "The payments of a contract (implementation.transactions) in its currency add up to more than its value.");
  public static final Rule CONCENTRATION = new Rule("supplier-concentration",
      "50% of a buyer's awarded total in a currency, over at least 5 awards",
      "One supplier received more than half of everything a buyer awarded in a currency.");
  public static final Rule RELEASE_REUSED = new Rule("release-id-reused", "1 release per id",
      "A release id is used by more than one entry in a process (rule unique-release, protocol.md §7.1).");

  /** Every rule, in the order flags are listed. */
  public static final List<Rule> RULES = List.of(SINGLE_BID, DIRECT_AWARD, SHORT_TENDER, VALUE_RAISED, OVERPAID,
      CONCENTRATION, RELEASE_REUSED);

  static final Map<String, BigDecimal> DIRECT_AWARD_THRESHOLDS = Map.of(
      "EUR", new BigDecimal("140000"), "USD", new BigDecimal("150000"), "GBP", new BigDecimal("120000"),
      "KZT", new BigDecimal("70000000"), "RUB", new BigDecimal("12000000"), "MXN", new BigDecimal("3000000"));
  static final Duration SHORT_TENDER_PERIOD = Duration.ofDays(10);
  static final BigDecimal VALUE_RAISED_FACTOR = new BigDecimal("1.20");
  static final BigDecimal CONCENTRATION_SHARE = new BigDecimal("0.5");
  static final int CONCENTRATION_MIN_AWARDS = 5;

  /** The flags of one process under every per-process rule, in rule order. */
  static List<Flag> of(Process p) {
    List<Flag> out = new ArrayList<>();
    String buyer = p.key().buyer();
    String ocid = p.key().ocid();
    String method = p.method();
    boolean competitive = method.equals("open") || method.equals("selective");
    var tender = p.tender();
    if (competitive && tender.path("numberOfTenderers").isIntegralNumber()
        && tender.path("numberOfTenderers").asLong() == 1) {
      out.add(flag(SINGLE_BID, buyer, ocid, "a " + method + " tender received 1 bid",
          p.entriesWith("/tender/numberOfTenderers")));
    }
    if (method.equals("direct") && tender.path("procurementMethodRationale").asText("").isBlank()) {
      Map<String, BigDecimal> awarded = new LinkedHashMap<>();
      for (Line l : p.lines()) {
        if (l.stage() == Stage.AWARDED) {
          awarded.merge(l.currency(), l.amount(), BigDecimal::add);
        }
      }
      if (awarded.isEmpty()) {
        for (Line l : p.lines()) {
          if (l.stage() == Stage.TENDERED) {
            awarded.merge(l.currency(), l.amount(), BigDecimal::add);
          }
        }
      }
      for (Map.Entry<String, BigDecimal> e : awarded.entrySet()) {
        BigDecimal limit = DIRECT_AWARD_THRESHOLDS.get(e.getKey());
        if (limit != null && e.getValue().compareTo(limit) >= 0) {
          List<String> entries = new ArrayList<>(p.entriesWith("/tender/procurementMethod"));
          p.entriesWith("/awards").forEach(x -> {
            if (!entries.contains(x)) {
              entries.add(x);
            }
          });
          out.add(flag(DIRECT_AWARD, buyer, ocid, "direct award of " + e.getValue().toPlainString() + " "
              + e.getKey() + " (threshold " + limit.toPlainString() + ") with no rationale", sorted(entries)));
        }
      }
    }
    if (competitive || method.equals("limited")) {
      Duration period = period(tender.path("tenderPeriod"));
      if (period != null && period.compareTo(SHORT_TENDER_PERIOD) < 0) {
        out.add(flag(SHORT_TENDER, buyer, ocid, "tender period of " + human(period),
            p.entriesWith("/tender/tenderPeriod")));
      }
    }
    for (Process.Contract c : p.contracts()) {
      if (c.first() != null && c.now() != null && c.first().currency().equals(c.now().currency())
          && c.now().amount().compareTo(c.first().amount().multiply(VALUE_RAISED_FACTOR)) > 0) {
        out.add(flag(VALUE_RAISED, buyer, ocid, "contract " + c.id() + ": " + c.first().amount().toPlainString()
            + " " + c.first().currency() + " first published, " + c.now().amount().toPlainString() + " now"
            + (c.amended() ? " (amended)" : ""), p.entriesWith("/contracts")));
      }
    }
    for (Process.Contract c : p.contracts()) {
      if (c.now() == null) {
        continue;
      }
      BigDecimal paid = c.paid().get(c.now().currency());
      if (paid != null && paid.compareTo(c.now().amount()) > 0) {
        out.add(flag(OVERPAID, buyer, ocid, "contract " + c.id() + ": " + paid.toPlainString() + " "
            + c.now().currency() + " paid against a value of " + c.now().amount().toPlainString(),
            p.entriesWith("/contracts")));
      }
    }
    Map<String, List<String>> byId = new LinkedHashMap<>();
    for (Process.Filed f : p.filed()) {
      byId.computeIfAbsent(f.release().path("id").asText(), k -> new ArrayList<>()).add(f.entry());
    }
    byId.forEach((id, entries) -> {
      if (entries.size() > 1) {
        out.add(flag(RELEASE_REUSED, buyer, ocid, "release id " + id + " is used by " + entries.size() + " entries",
            entries));
      }
    });
    return out;
  }

  static Flag flag(Rule r, String buyer, String ocid, String detail, List<String> entries) {
    return new Flag(r.id(), r.threshold(), buyer, ocid, detail, entries);
  }

  private static List<String> sorted(List<String> entries) {
    List<String> s = new ArrayList<>(entries);
    s.sort(org.auditledger.protocol.derived.Accountability.KEY_ORDER);
    return s;
  }

  private static Duration period(com.fasterxml.jackson.databind.JsonNode p) {
    try {
      if (!p.path("startDate").isTextual() || !p.path("endDate").isTextual()) {
        return null;
      }
      return Duration.between(org.auditledger.protocol.entry.DateTimes.rfc3339(p.path("startDate").asText()),
          org.auditledger.protocol.entry.DateTimes.rfc3339(p.path("endDate").asText()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String human(Duration d) {
    long h = d.toHours();
    return h >= 48 ? (h / 24) + " days " + (h % 24) + " h" : h + " h";
  }

}
