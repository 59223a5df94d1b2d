package org.auditledger.protocol.spending;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rows of a totals answer ({@link Spending#totals}) as RFC 4180 CSV with a header, amounts
 * written plain: what the node serves with {@code format=csv} and {@code audit budget --csv}
 * prints, byte for byte.
 */
public final class BudgetCsv {
  private BudgetCsv() {}

  /**
   * A key is a name someone filed: one starting with {@code = + - @}, a tab or a carriage return
   * gets a leading {@code '}, so that a spreadsheet shows it rather than runs it (OWASP "CSV
   * injection"). The JSON answer is the exact one.
   */
  public static String of(JsonNode answer) {
    StringBuilder b = new StringBuilder("key,currency");
    for (Stage s : Stage.values()) {
      b.append(',').append(s.jsonName());
    }
    b.append("\r\n");
    for (JsonNode row : answer.get("rows")) {
      b.append(cell(row.get("key").asText())).append(',').append(cell(row.get("currency").asText()));
      for (Stage s : Stage.values()) {
        b.append(',').append(row.get(s.jsonName()).decimalValue().toPlainString());
      }
      b.append("\r\n");
    }
    return b.toString();
  }

  private static String cell(String v) {
    String s = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
