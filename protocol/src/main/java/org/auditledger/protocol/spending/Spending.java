package org.auditledger.protocol.spending;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.auditledger.protocol.Text;
import org.auditledger.protocol.derived.Accountability;
import org.auditledger.protocol.json.StrictJson;

/**
 * The open-budget state of a set of logs (protocol.md §10.4–10.5): the releases of verified
 * version 2 spending entries, merged per contracting process, their totals and their red flags.
 * Fed one entry at a time ({@link #put}, {@link #remove}); a process changed is compiled again at
 * the next {@link #refresh} (every query refreshes first), so that absorbing a whole log compiles
 * each process once. Not thread-safe for changes: whoever shares it refreshes after each change,
 * then only queries, which may run together (the one cache they fill is synchronized).
 */
public final class Spending {
  /**
   * The default technology view: CPV 302 (computer equipment), 48 (software packages and
   * information systems), 72 (IT services), UNSPSC 43 (information technology, broadcasting and
   * telecommunications) and 8111 (computer services).
   */
  public static final List<String> TECHNOLOGY = List.of("CPV:302", "CPV:48", "CPV:72", "UNSPSC:43", "UNSPSC:8111");

  /** What one entry contributes: its release's key and projection (JSON text, {@link ReleaseProjection}). */
  public record Release(String buyer, String ocid, String id, String projection) {}

  /** The dimensions a total is asked by. */
  public static final List<String> BY = List.of("all", "buyer", "supplier", "method", "classification", "technology");

  private static final Pattern PERIOD = Pattern.compile("\\d{4}(-(0[1-9]|1[0-2]))?");

  private final List<String> technology;
  private final Map<String, ProcessKey> processOf = new HashMap<>();
  private final Map<ProcessKey, TreeMap<String, Release>> releases = new HashMap<>();
  /**
   * What is kept of a compiled process: its lines, and the entries awarding each supplier (for
   * rule supplier-concentration). Not the releases' trees: a process is compiled again from the
   * projections when one of its releases changes.
   */
  private record Compiled(List<Line> lines, Map<String, List<String>> awardEntries) {}

  private final Map<ProcessKey, Compiled> processes = new HashMap<>();
  private final int[] flagCounts = new int[RedFlags.RULES.size()];
  // Rule supplier-concentration, over all-time totals: computed at the first query after a change.
  private List<Flag> concentration;
  private final Map<String, TreeSet<ProcessKey>> byBuyer = new HashMap<>();
  private final Set<ProcessKey> dirty = new LinkedHashSet<>();
  private final Totals totals = new Totals();
  private final Map<ProcessKey, List<Flag>> flags = new HashMap<>();
  private final TreeMap<String, Flag> flagOrder = new TreeMap<>();

  public Spending() {
    this(TECHNOLOGY);
  }

  /**
   * With the technology view of these classification prefixes ({@code scheme:digits}).
   *
   * @throws IllegalArgumentException naming a prefix that is not {@code SCHEME:CODE-PREFIX}
   */
  public Spending(List<String> technology) {
    this.technology = checkTechnology(technology);
  }

  private static final Pattern TECHNOLOGY_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}:[0-9A-Za-z]{1,32}");

  /**
   * {@code prefixes} if each is a classification prefix {@code SCHEME:CODE-PREFIX} (e.g. {@code
   * CPV:72}): the one check of a node's {@code --technology-prefix} and of {@code audit budget}'s.
   *
   * @throws IllegalArgumentException naming the first that is not
   */
  public static List<String> checkTechnology(List<String> prefixes) {
    for (String t : prefixes) {
      if (!TECHNOLOGY_PREFIX.matcher(t).matches()) {
        throw new IllegalArgumentException("technology prefix \"" + t + "\" is not SCHEME:CODE-PREFIX, e.g. CPV:72");
      }
    }
    return List.copyOf(prefixes);
  }

  /**
   * Longest text a totals or flags query takes, in Unicode code points ({@link Text}): {@code
   * prefix}, {@code after}, {@code buyer}, and every other text parameter of {@code GET
   * /v1/budget} and {@code /v1/flags}. Above the longest key a total can have (a supplier's name
   * is at most 500 characters, schema {@code shortText}, a buyer {@code name@home} at most 401),
   * so that every key an answer gives as {@code next} is taken back as {@code after}.
   */
  public static final int MAX_KEY = 512;

  /**
   * {@code value}, given for text parameter {@code name} of a totals or flags query, if it has 1
   * to {@link #MAX_KEY} code points: the one check of the node's parameters and of {@code audit
   * budget}'s and {@code audit flags}' options.
   *
   * @throws IllegalArgumentException naming the parameter first ("prefix: want ...")
   */
  public static String checkText(String name, String value) {
    if (!Text.within(value, 1, MAX_KEY)) {
      throw new IllegalArgumentException(name + ": want 1 to " + MAX_KEY + " characters (Unicode code points), not "
          + Text.length(value));
    }
    return value;
  }

  public List<String> technology() {
    return technology;
  }

  /** Records the release of entry {@code entry} ({@code origin#index}), replacing what it had. */
  public void put(String entry, Release r) {
    remove(entry);
    ProcessKey k = new ProcessKey(r.buyer(), r.ocid());
    processOf.put(entry, k);
    releases.computeIfAbsent(k, x -> new TreeMap<>(Accountability.KEY_ORDER)).put(entry, r);
    byBuyer.computeIfAbsent(k.buyer(), x -> new TreeSet<>()).add(k);
    dirty.add(k);
  }

  /** Forgets the release of entry {@code entry}, if it had one. */
  public void remove(String entry) {
    ProcessKey k = processOf.remove(entry);
    if (k == null) {
      return;
    }
    TreeMap<String, Release> rs = releases.get(k);
    rs.remove(entry);
    if (rs.isEmpty()) {
      releases.remove(k);
      TreeSet<ProcessKey> b = byBuyer.get(k.buyer());
      b.remove(k);
      if (b.isEmpty()) {
        byBuyer.remove(k.buyer());
      }
    }
    dirty.add(k);
  }

  /** Compiles every process changed since the last refresh and updates totals and flags. */
  public void refresh() {
    if (dirty.isEmpty()) {
      return;
    }
    synchronized (this) {
      concentration = null;
    }
    for (ProcessKey k : dirty) {
      Compiled old = processes.remove(k);
      List<Line> before = old == null ? List.of() : old.lines();
      List<Flag> was = flags.getOrDefault(k, List.of());
      for (int i = 0; i < was.size(); i++) {
        flagOrder.remove(order(was.get(i), i));
        flagCounts[rule(was.get(i))]--;
      }
      flags.remove(k);
      TreeMap<String, Release> rs = releases.get(k);
      if (rs == null) {
        totals.replace(before, List.of());
        continue;
      }
      Process p;
      try {
        List<Process.Filed> filed = new ArrayList<>(rs.size());
        for (var e : rs.entrySet()) {
          // Written by ReleaseProjection from a release read strictly: read back as it was written.
          filed.add(new Process.Filed(e.getKey(), (ObjectNode) StrictJson.mapper().readTree(e.getValue().projection())));
        }
        p = Process.compile(k, filed, technology);
      } catch (com.fasterxml.jackson.core.JsonProcessingException | org.auditledger.protocol.MalformedException
          | ClassCastException e) {
        // Not from a release valid against the release schema: such an entry was never logged.
        totals.replace(before, List.of());
        continue;
      }
      Map<String, List<String>> awardEntries = new HashMap<>();
      List<String> withAwards = p.entriesWith("/awards");
      for (Line l : p.lines()) {
        if (l.stage() == Stage.AWARDED) {
          l.suppliers().forEach(sup -> awardEntries.putIfAbsent(sup, withAwards));
        }
      }
      processes.put(k, new Compiled(List.copyOf(p.lines()), awardEntries));
      totals.replace(before, p.lines());
      List<Flag> fs = RedFlags.of(p);
      flags.put(k, fs);
      for (int i = 0; i < fs.size(); i++) {
        flagOrder.put(order(fs.get(i), i), fs.get(i));
        flagCounts[rule(fs.get(i))]++;
      }
    }
    dirty.clear();
  }

  private static int rule(Flag f) {
    int rule = 0;
    while (!RedFlags.RULES.get(rule).id().equals(f.rule())) {
      rule++;
    }
    return rule;
  }

  /** Rule, buyer, process, then the flag's place among its process's: unique, so no flag hides another. */
  private static String order(Flag f, int place) {
    return String.format("%02d", rule(f)) + '\n' + f.buyer() + '\n' + f.ocid() + '\n'
        + String.format("%06d", place);
  }

  /** The number of processes with at least one release. */
  public int processCount() {
    refresh();
    return processes.size();
  }

  /**
   * The totals by {@code by} (one of {@link #BY}) in {@code period} ({@code YYYY}, {@code
   * YYYY-MM}, or null for all time), for keys starting with {@code prefix} (null: all), after key
   * {@code after}, at most {@code limit} keys (each with a row per currency).
   *
   * @throws IllegalArgumentException naming the parameter at fault
   */
  public ObjectNode totals(String by, String period, String prefix, String after, int limit) {
    refresh();
    Totals.Dim dim = dim(by);
    if (period != null && !PERIOD.matcher(period).matches()) {
      throw new IllegalArgumentException("period: want a year (2026) or a month (2026-03), not \"" + period + "\"");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit: want at least 1");
    }
    for (String[] k : new String[][] {{"prefix", prefix}, {"after", after}}) {
      if (k[1] != null) {
        checkText(k[0], k[1]);
      }
    }
    ObjectNode out = StrictJson.mapper().createObjectNode();
    out.put("by", by);
    out.put("period", period == null ? "all" : period);
    if (prefix != null) {
      out.put("prefix", prefix);
    }
    if (dim == Totals.Dim.TECHNOLOGY) {
      ArrayNode t = out.putArray("technology");
      technology.forEach(t::add);
    }
    ArrayNode rows = out.putArray("rows");
    var cells = totals.of(dim, period == null ? "" : period);
    // From the later of: just after the page's last key, the first key with the prefix.
    var from = after != null && (prefix == null || after.compareTo(prefix) >= 0) ? cells.tailMap(after, false)
        : prefix != null ? cells.tailMap(prefix, true) : cells;
    int keys = 0;
    String last = null;
    for (var e : from.entrySet()) {
      if (prefix != null && !e.getKey().startsWith(prefix)) {
        break;
      }
      if (keys == limit) {
        out.put("next", last);
        break;
      }
      for (var c : e.getValue().entrySet()) {
        ObjectNode row = rows.addObject();
        row.put("key", e.getKey());
        row.put("currency", c.getKey());
        for (Stage s : Stage.values()) {
          row.put(s.jsonName(), plain(c.getValue().sums[s.ordinal()]));
        }
      }
      last = e.getKey();
      keys++;
    }
    return out;
  }

  private static Totals.Dim dim(String by) {
    return switch (by == null ? "" : by) {
      case "all" -> Totals.Dim.ALL;
      case "buyer" -> Totals.Dim.BUYER;
      case "supplier" -> Totals.Dim.SUPPLIER;
      case "method" -> Totals.Dim.METHOD;
      case "classification" -> Totals.Dim.CLASSIFICATION;
      case "technology" -> Totals.Dim.TECHNOLOGY;
      default -> throw new IllegalArgumentException("by: want one of " + BY + ", not \"" + by + "\"");
    };
  }

  /** A sum as written in answers: no trailing zeros, so that how it was reached never shows. */
  static BigDecimal plain(BigDecimal sum) {
    BigDecimal s = sum.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  /**
   * The red flags (protocol.md §10.5), of rule {@code rule} (null: all) and buyer {@code buyer}
   * (null: all), in rule, buyer, process order, from position {@code offset}, at most {@code limit}.
   *
   * @throws IllegalArgumentException naming the parameter at fault
   */
  public ObjectNode flags(String rule, String buyer, int offset, int limit) {
    refresh();
    if (rule != null && RedFlags.RULES.stream().noneMatch(r -> r.id().equals(rule))) {
      throw new IllegalArgumentException("rule: want one of " + RedFlags.RULES.stream().map(RedFlags.Rule::id).toList()
          + ", not \"" + rule + "\"");
    }
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException("offset and limit: want offset >= 0 and limit >= 1");
    }
    if (buyer != null) {
      checkText("buyer", buyer);
    }
    // Paged without building the list of every flag: each rule's flags in order, counted per rule.
    List<Flag> page = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < RedFlags.RULES.size(); i++) {
      RedFlags.Rule r = RedFlags.RULES.get(i);
      if (rule != null && !r.id().equals(rule)) {
        continue;
      }
      if (r == RedFlags.CONCENTRATION) {
        for (Flag f : concentration()) {
          if (buyer == null || f.buyer().equals(buyer)) {
            if (total >= offset && page.size() < limit) {
              page.add(f);
            }
            total++;
          }
        }
        continue;
      }
      var ofRule = flagOrder.subMap(String.format("%02d", i) + '\n', true, String.format("%02d", i + 1) + '\n', false);
      if (buyer == null && (total + flagCounts[i] <= offset || page.size() == limit)) {
        total += flagCounts[i];
        continue;
      }
      long ruleStart = total;
      for (Flag f : ofRule.values()) {
        if (buyer == null && page.size() == limit) {
          total = ruleStart + flagCounts[i];
          break;
        }
        if (buyer == null || f.buyer().equals(buyer)) {
          if (total >= offset && page.size() < limit) {
            page.add(f);
          }
          total++;
        }
      }
    }
    ObjectNode out = StrictJson.mapper().createObjectNode();
    ArrayNode rules = out.putArray("rules");
    for (RedFlags.Rule r : RedFlags.RULES) {
      rules.addObject().put("rule", r.id()).put("threshold", r.threshold()).put("description", r.description());
    }
    out.put("total", total);
    ArrayNode list = out.putArray("flags");
    for (Flag f : page) {
      ObjectNode o = list.addObject();
      o.put("rule", f.rule()).put("threshold", f.threshold()).put("buyer", f.buyer());
      if (f.ocid() != null) {
        o.put("ocid", f.ocid());
      }
      o.put("detail", f.detail());
      ArrayNode es = o.putArray("entries");
      f.entries().stream().limit(MAX_ENTRIES).forEach(es::add);
      if (f.entries().size() > MAX_ENTRIES) {
        o.put("entriesTotal", f.entries().size());
      }
    }
    if ((long) offset + limit < total) {
      out.put("next", offset + limit);
    }
    return out;
  }

  /**
   * Rule supplier-concentration over the all-time totals: per buyer and currency with at least
   * {@link RedFlags#CONCENTRATION_MIN_AWARDS} awards, each supplier whose share of the awarded
   * total exceeds {@link RedFlags#CONCENTRATION_SHARE}; the entries are those of the buyer's
   * processes that award to it.
   */
  /** Most entries a flag lists in an answer, the first in log order; {@code entriesTotal} counts them all. */
  public static final int MAX_ENTRIES = 100;

  /** The supplier-concentration flags, computed once per change of the state (queries may share it). */
  private synchronized List<Flag> concentration() {
    if (concentration == null) {
      concentration = List.copyOf(concentration(null));
    }
    return concentration;
  }

  private List<Flag> concentration(String onlyBuyer) {
    List<Flag> out = new ArrayList<>();
    int awarded = Stage.AWARDED.ordinal();
    var buyers = totals.of(Totals.Dim.BUYER, "");
    var pairs = totals.of(Totals.Dim.BUYER_SUPPLIER, "");
    for (var b : buyers.entrySet()) {
      if (onlyBuyer != null && !onlyBuyer.equals(b.getKey())) {
        continue;
      }
      String prefix = b.getKey() + Totals.SEP;
      var suppliers = pairs.subMap(prefix, true, b.getKey() + (char) (Totals.SEP + 1), false);
      for (var cur : b.getValue().entrySet()) {
        Totals.Cell all = cur.getValue();
        if (all.lines[awarded] < RedFlags.CONCENTRATION_MIN_AWARDS || all.sums[awarded].signum() <= 0) {
          continue;
        }
        for (var s : suppliers.entrySet()) {
          Totals.Cell c = s.getValue().get(cur.getKey());
          if (c == null || c.sums[awarded].compareTo(all.sums[awarded].multiply(RedFlags.CONCENTRATION_SHARE)) <= 0) {
            continue;
          }
          String supplier = s.getKey().substring(prefix.length());
          BigDecimal share = c.sums[awarded].multiply(BigDecimal.valueOf(100))
              .divide(all.sums[awarded], 1, java.math.RoundingMode.HALF_EVEN);
          out.add(RedFlags.flag(RedFlags.CONCENTRATION, b.getKey(), null, "supplier " + supplier + " received "
              + plain(c.sums[awarded]).toPlainString() + " of " + plain(all.sums[awarded]).toPlainString() + " "
              + cur.getKey() + " awarded (" + share.toPlainString() + "%, " + c.lines[awarded] + " of "
              + all.lines[awarded] + " awards)", awardEntries(b.getKey(), supplier)));
        }
      }
    }
    return out;
  }

  private List<String> awardEntries(String buyer, String supplier) {
    List<String> entries = new ArrayList<>();
    for (ProcessKey k : byBuyer.getOrDefault(buyer, new TreeSet<>())) {
      Compiled p = processes.get(k);
      if (p != null && p.awardEntries().containsKey(supplier)) {
        entries.addAll(p.awardEntries().get(supplier));
      }
    }
    entries.sort(Accountability.KEY_ORDER);
    return entries;
  }
}
