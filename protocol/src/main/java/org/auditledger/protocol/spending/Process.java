package org.auditledger.protocol.spending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.auditledger.protocol.ocds.Merge;

/**
 * One contracting process compiled from its filed releases (projections): the amounts it counts
 * at each stage ({@link #lines}) and what its red-flag rules read. A function of the releases
 * filed and their order in the log only.
 */
public final class Process {
  /** A release as filed: its entry ({@code origin#index}) and its projection. */
  public record Filed(String entry, ObjectNode release) {}

  /** A value: an amount in a currency. */
  record Money(BigDecimal amount, String currency) {}

  /** What a contract's rules read: its value first published and now, its payments per currency. */
  record Contract(String id, Money first, String firstEntry, Money now, Map<String, BigDecimal> paid,
      boolean amended) {}

  static final String NOT_STATED = "(not stated)";

  private final ProcessKey key;
  private final List<Filed> filed;
  private final ObjectNode compiled;
  private final LocalDate date;
  private final List<Line> lines = new ArrayList<>();
  private final List<Contract> contracts = new ArrayList<>();

  private Process(ProcessKey key, List<Filed> filed, List<String> technology) {
    this.key = key;
    this.filed = List.copyOf(filed);
    List<JsonNode> releases = new ArrayList<>();
    filed.forEach(f -> releases.add(f.release()));
    Map<JsonNode, String> entryOf = new IdentityHashMap<>();
    filed.forEach(f -> entryOf.put(f.release(), f.entry()));
    List<JsonNode> chronological = Merge.chronological(releases);
    this.compiled = Merge.compile(releases);
    this.date = localDate(chronological.get(0).path("date"), null);
    lines(technology);
    contracts(chronological, entryOf);
  }

  /**
   * Compiles a process from its releases as filed, in log order.
   *
   * @throws org.auditledger.protocol.ocds.UnmergeableReleaseException if the releases cannot be
   *     merged (never for releases valid against the release schema)
   */
  public static Process compile(ProcessKey key, List<Filed> filed, List<String> technology) {
    return new Process(key, filed, technology);
  }

  public ProcessKey key() {
    return key;
  }

  /** The releases as filed, in log order. */
  public List<Filed> filed() {
    return filed;
  }

  /** The merged projection (OCDS compiled release of the fields the views read). */
  public JsonNode compiled() {
    return compiled;
  }

  /** The date of the process's first release (by the merge order): when it was first published. */
  public LocalDate date() {
    return date;
  }

  public List<Line> lines() {
    return lines;
  }

  List<Contract> contracts() {
    return contracts;
  }

  JsonNode tender() {
    return compiled.path("tender");
  }

  String method() {
    JsonNode m = tender().get("procurementMethod");
    return m != null && m.isTextual() ? m.asText() : NOT_STATED;
  }

  /** The entries whose release has a value at {@code pointer} (JSON Pointer), in log order. */
  List<String> entriesWith(String pointer) {
    List<String> out = new ArrayList<>();
    for (Filed f : filed) {
      JsonNode v = f.release().at(pointer);
      if (!v.isMissingNode() && !v.isNull()) {
        out.add(f.entry());
      }
    }
    return out;
  }

  /** Every entry of the process, in log order. */
  List<String> entries() {
    return filed.stream().map(Filed::entry).toList();
  }

  // ---- lines ----

  private void lines(List<String> technology) {
    String method = method();
    JsonNode tender = tender();
    List<String> tenderItems = classifications(tender.path("items"));
    add(Stage.PLANNED, money(compiled.path("planning").path("budget").path("amount")), date, List.of(), tenderItems,
        method, technology);
    add(Stage.TENDERED, money(tender.path("value")), localDate(tender.path("tenderPeriod").path("startDate"), date),
        List.of(), tenderItems, method, technology);
    Map<String, JsonNode> awards = new LinkedHashMap<>();
    for (JsonNode a : compiled.path("awards")) {
      awards.put(a.path("id").asText(), a);
      if (counts(a)) {
        add(Stage.AWARDED, money(a.path("value")), localDate(a.path("date"), date), suppliers(a.path("suppliers")),
            items(a, tenderItems), method, technology);
      }
    }
    for (JsonNode c : compiled.path("contracts")) {
      if (!counts(c)) {
        continue;
      }
      JsonNode award = awards.get(c.path("awardID").asText());
      List<String> suppliers = award == null ? List.of() : suppliers(award.path("suppliers"));
      List<String> items = items(c, award == null ? tenderItems : items(award, tenderItems));
      LocalDate signed = localDate(c.path("dateSigned"), localDate(c.path("period").path("startDate"), date));
      add(Stage.CONTRACTED, money(c.path("value")), signed, suppliers, items, method, technology);
      for (JsonNode t : c.path("implementation").path("transactions")) {
        String payee = party(t.path("payee"));
        add(Stage.PAID, transactionValue(t), localDate(t.path("date"), signed),
            payee != null ? List.of(payee) : suppliers, items, method, technology);
      }
    }
  }

  private void add(Stage stage, Money m, LocalDate when, List<String> suppliers, List<String> classes, String method,
      List<String> technology) {
    if (m == null) {
      return;
    }
    List<String> tech = new ArrayList<>();
    for (String p : technology) {
      if (classes.contains(p)) {
        tech.add(p);
      }
    }
    lines.add(new Line(stage, m.currency(), m.amount(), when, key.buyer(), method, suppliers, classes, List.copyOf(tech)));
  }

  /** Cancelled or unsuccessful awards and cancelled contracts commit no money (OCDS award/contract status codelists). */
  private static boolean counts(JsonNode awardOrContract) {
    String s = awardOrContract.path("status").asText("");
    return !s.equals("cancelled") && !s.equals("unsuccessful");
  }

  private static List<String> items(JsonNode owner, List<String> otherwise) {
    List<String> own = classifications(owner.path("items"));
    return own.isEmpty() ? otherwise : own;
  }

  /**
   * Every prefix of every item's classification code, as {@code scheme:digits}, from two digits to
   * the whole code (CPV's check digit after {@code -} left off): CPV and UNSPSC are hierarchical
   * by leading digits, so a total by prefix is a total by division, group or class, and a line
   * counts once under each prefix however many of its items share it.
   */
  static List<String> classifications(JsonNode items) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode item : items) {
      JsonNode c = item.path("classification");
      String scheme = c.path("scheme").asText("");
      String id = c.path("id").asText("");
      int dash = id.indexOf('-');
      String code = dash >= 0 ? id.substring(0, dash) : id;
      if (scheme.isEmpty() || code.isEmpty()) {
        continue;
      }
      for (int n = Math.min(2, code.length()); n <= code.length(); n++) {
        out.add(scheme + ":" + code.substring(0, n));
      }
    }
    return List.copyOf(out);
  }

  private static List<String> suppliers(JsonNode orgs) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode o : orgs) {
      String p = party(o);
      if (p != null) {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

  /** An organization reference by its {@code id}, else its {@code name} (OCDS OrganizationReference). */
  private static String party(JsonNode o) {
    String id = o.path("id").asText("");
    if (!id.isEmpty()) {
      return id;
    }
    String name = o.path("name").asText("");
    return name.isEmpty() ? null : name;
  }

  /** A transaction's {@code value}, or its {@code amount} as OCDS 1.0 wrote it (deprecated in 1.1). */
  private static Money transactionValue(JsonNode t) {
    Money v = money(t.path("value"));
    return v != null ? v : money(t.path("amount"));
  }

  /** An OCDS Value with both an amount and a currency, or null: an amount without a currency adds to nothing. */
  static Money money(JsonNode value) {
    JsonNode a = value.path("amount");
    JsonNode c = value.path("currency");
    if (!a.isNumber() || !c.isTextual()) {
      return null;
    }
    return new Money(a.decimalValue(), c.asText());
  }

  /** The local date a date-time is written at ({@code 2026-03-31T23:00:00-05:00} is in March), or {@code otherwise}. */
  static LocalDate localDate(JsonNode dateTime, LocalDate otherwise) {
    if (!dateTime.isTextual()) {
      return otherwise;
    }
    try {
      return org.auditledger.protocol.entry.DateTimes.rfc3339(dateTime.asText()).toLocalDate();
    } catch (DateTimeParseException e) {
      return otherwise;
    }
  }

  // ---- contracts, for the rules ----

  private void contracts(List<JsonNode> chronological, Map<JsonNode, String> entryOf) {
    Map<String, Money> first = new LinkedHashMap<>();
    Map<String, String> firstEntry = new LinkedHashMap<>();
    for (JsonNode r : chronological) {
      for (JsonNode c : r.path("contracts")) {
        String id = c.path("id").asText();
        Money m = money(c.path("value"));
        if (m != null && !first.containsKey(id)) {
          first.put(id, m);
          firstEntry.put(id, entryOf.get(r));
        }
      }
    }
    for (JsonNode c : compiled.path("contracts")) {
      String id = c.path("id").asText();
      Map<String, BigDecimal> paid = new LinkedHashMap<>();
      for (JsonNode t : c.path("implementation").path("transactions")) {
        Money m = transactionValue(t);
        if (m != null) {
          paid.merge(m.currency(), m.amount(), BigDecimal::add);
        }
      }
      contracts.add(new Contract(id, first.get(id), firstEntry.get(id), money(c.path("value")), paid,
          c.path("amendments").size() > 0));
    }
  }
}
