package org.auditledger.protocol.spending;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The open-budget totals kept up to date line by line: per dimension, period, dimension value and
 * currency, the sum of each stage. A period is all time ({@code ""}), a year or a month, so that
 * a query reads only the cells it answers with, whatever the size of the log. Sums are exact
 * ({@link BigDecimal}); adding then removing a line leaves the cell as if it was never added.
 */
final class Totals {
  enum Dim { ALL, BUYER, SUPPLIER, METHOD, CLASSIFICATION, TECHNOLOGY, BUYER_SUPPLIER }

  /** The sums of one cell, by stage, and how many lines each counts. */
  static final class Cell {
    final BigDecimal[] sums = new BigDecimal[Stage.values().length];
    final int[] lines = new int[Stage.values().length];

    Cell() {
      java.util.Arrays.fill(sums, BigDecimal.ZERO);
    }

    boolean empty() {
      for (int n : lines) {
        if (n != 0) {
          return false;
        }
      }
      return true;
    }
  }

  static final String ANY_TECHNOLOGY = "*";
  static final char SEP = '\n';

  private final Map<Dim, Map<String, TreeMap<String, TreeMap<String, Cell>>>> cells = new EnumMap<>(Dim.class);
  /**
   * The same cells by their whole key, for updates: a line touches some eighty cells (three
   * periods, every prefix of every classification), and one hash lookup each costs a fraction of
   * walking four maps, two of them sorted by string. The sorted maps change only when a cell is
   * created or emptied.
   */
  private final Map<CellKey, Cell> byKey = new HashMap<>();

  private record CellKey(Dim dim, String period, String value, String currency) {}

  void add(Line l) {
    apply(l, 1);
  }

  void remove(Line l) {
    apply(l, -1);
  }

  /**
   * A process compiled again: its lines {@code before} replaced by {@code after}. Only the lines
   * that differ touch a cell; a new release mostly repeats its process's earlier lines (OCDS
   * releases repeat what was published before), and each cell touched costs a dozen map lookups.
   */
  void replace(List<Line> before, List<Line> after) {
    Map<Line, Integer> kept = new HashMap<>();
    for (Line l : before) {
      kept.merge(l, 1, Integer::sum);
    }
    for (Line l : after) {
      Integer n = kept.get(l);
      if (n == null) {
        add(l);
      } else if (n == 1) {
        kept.remove(l);
      } else {
        kept.put(l, n - 1);
      }
    }
    kept.forEach((l, n) -> {
      for (int i = 0; i < n; i++) {
        remove(l);
      }
    });
  }

  private void apply(Line l, int sign) {
    String day = l.date() == null ? null : l.date().toString();
    String[] periods = day == null ? new String[] {""} : new String[] {"", day.substring(0, 4), day.substring(0, 7)};
    for (String period : periods) {
      cell(Dim.ALL, period, "all", l, sign);
      cell(Dim.BUYER, period, l.buyer(), l, sign);
      cell(Dim.METHOD, period, l.method(), l, sign);
      for (String s : l.suppliers()) {
        cell(Dim.SUPPLIER, period, s, l, sign);
        cell(Dim.BUYER_SUPPLIER, period, l.buyer() + SEP + s, l, sign);
      }
      for (String c : l.classifications()) {
        cell(Dim.CLASSIFICATION, period, c, l, sign);
      }
      for (String t : l.technology()) {
        cell(Dim.TECHNOLOGY, period, t, l, sign);
      }
      if (!l.technology().isEmpty()) {
        cell(Dim.TECHNOLOGY, period, ANY_TECHNOLOGY, l, sign);
      }
    }
  }

  private void cell(Dim dim, String period, String value, Line l, int sign) {
    CellKey key = new CellKey(dim, period, value, l.currency());
    Cell c = byKey.get(key);
    if (c == null) {
      c = new Cell();
      byKey.put(key, c);
      cells.computeIfAbsent(dim, d -> new HashMap<>()).computeIfAbsent(period, p -> new TreeMap<>())
          .computeIfAbsent(value, v -> new TreeMap<>()).put(l.currency(), c);
    }
    int s = l.stage().ordinal();
    c.sums[s] = sign > 0 ? c.sums[s].add(l.amount()) : c.sums[s].subtract(l.amount());
    c.lines[s] += sign;
    if (c.empty()) {
      byKey.remove(key);
      Map<String, TreeMap<String, TreeMap<String, Cell>>> byPeriod = cells.get(dim);
      TreeMap<String, TreeMap<String, Cell>> byValue = byPeriod.get(period);
      TreeMap<String, Cell> byCurrency = byValue.get(value);
      byCurrency.remove(l.currency());
      if (byCurrency.isEmpty()) {
        byValue.remove(value);
        if (byValue.isEmpty()) {
          byPeriod.remove(period);
        }
      }
    }
  }

  /** The cells of {@code dim} in {@code period}, by value then currency, in order; empty if none. */
  NavigableMap<String, TreeMap<String, Cell>> of(Dim dim, String period) {
    var byPeriod = cells.get(dim);
    TreeMap<String, TreeMap<String, Cell>> v = byPeriod == null ? null : byPeriod.get(period);
    return v == null ? new TreeMap<>() : v;
  }

  /** Every period that has a cell of {@code dim}, in order. */
  List<String> periods(Dim dim) {
    var byPeriod = cells.get(dim);
    return byPeriod == null ? List.of() : byPeriod.keySet().stream().sorted().toList();
  }
}
