package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.render.EntryText;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.spending.BudgetCsv;
import org.auditledger.protocol.spending.Spending;
import org.auditledger.protocol.spending.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit budget}: open-budget totals from verified spending entries (protocol.md §10.4). */
@Command(name = "budget", description = "Totals of public money planned, tendered, awarded, contracted and paid, by"
    + " buyer, supplier, procurement method, classification or technology, per currency, computed from the OCDS"
    + " releases verified.")
final class Budget extends DerivedQuery {
  @Option(names = "--by", paramLabel = "DIMENSION", description = "all (default), buyer, supplier, method,"
      + " classification or technology.")
  String by = "all";

  @Option(names = "--period", paramLabel = "YYYY[-MM]", description = "Only amounts dated in this year or month.")
  String period;

  @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only keys starting with this, e.g. CPV:72 (IT"
      + " services) with --by classification.")
  String prefix;

  @Option(names = "--after", paramLabel = "KEY", description = "The page after this key (as a previous page's next"
      + " gave it).")
  String after;

  @Option(names = "--limit", paramLabel = "N", description = "At most N keys (1..1000, default 1000).")
  int limit = 1000;

  @Option(names = "--technology-prefix", paramLabel = "SCHEME:PREFIX", split = ",", description = "Classification"
      + " prefixes of --by technology (default CPV:302,CPV:48,CPV:72,UNSPSC:43,UNSPSC:8111, as a node's default)."
      + " Repeatable.")
  java.util.List<String> technology = new java.util.ArrayList<>(Spending.TECHNOLOGY);

  @Option(names = "--csv", description = "Print the rows as CSV (RFC 4180), as the node's format=csv.")
  boolean csv;

  @Override
  void run() throws AuditException {
    if (limit < 1 || limit > 1000) {
      throw new AuditException(ExitCode.USAGE, "--limit " + limit + ": want 1..1000");
    }
    var states = state();
    try {
      Spending.checkTechnology(technology);
    } catch (IllegalArgumentException e) {
      throw new AuditException(ExitCode.USAGE, "--technology-prefix: " + e.getMessage(), e);
    }
    Spending s = org.auditledger.cli.state.Summaries.state(states, facts(states), technology).spending();
    ObjectNode answer;
    try {
      answer = s.totals(by, period, prefix, after, limit);
    } catch (IllegalArgumentException e) {
      throw new AuditException(ExitCode.USAGE, "--" + e.getMessage(), e);
    }
    if (csv) {
      out().print(BudgetCsv.of(answer));
      out().flush();
    } else if (json) {
      out().println(StrictJson.writePretty(answer));
    } else {
      out().printf("totals by %s, %s%s:%n", by, period == null ? "all time" : period,
          prefix == null ? "" : ", keys starting " + prefix);
      out().printf("  %-40s %-4s", by, "cur");
      for (Stage st : Stage.values()) {
        out().printf(" %18s", st.jsonName());
      }
      out().println();
      for (JsonNode row : answer.get("rows")) {
        out().printf("  %-40s %-4s", EntryText.printable(row.get("key").asText()), row.get("currency").asText());
        for (Stage st : Stage.values()) {
          out().printf(" %18s", row.get(st.jsonName()).decimalValue().toPlainString());
        }
        out().println();
      }
    }
    if (!json && !csv && answer.hasNonNull("next")) {
      out().println("(more: --after '" + answer.get("next").asText() + "')");
    }
    compare(states, "v1/budget?limit=" + limit + "&by=" + enc(by) + (period == null ? "" : "&period=" + enc(period))
        + (prefix == null ? "" : "&prefix=" + enc(prefix)) + (after == null ? "" : "&after=" + enc(after)), answer);
  }

  static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }
}
