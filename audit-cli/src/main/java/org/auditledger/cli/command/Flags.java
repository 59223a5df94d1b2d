package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.render.EntryText;
import org.auditledger.protocol.json.StrictJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit flags}: procurement red flags from verified spending entries (protocol.md §10.5). */
@Command(name = "flags", description = "Red flags of the OCDS releases verified (single bid, direct award without"
    + " rationale, short tender period, contract value raised, payments over the contract value, supplier"
    + " concentration, release id reused), each with its rule, threshold and the entries it rests on.")
final class Flags extends DerivedQuery {
  @Option(names = "--rule", paramLabel = "RULE", description = "Only flags of this rule.")
  String rule;

  @Option(names = "--buyer", paramLabel = "NAME@HOME", description = "Only flags of this buyer.")
  String buyer;

  @Option(names = "--offset", paramLabel = "N", description = "Skip the first N flags (as a previous page's next gave it).")
  int offset;

  @Option(names = "--limit", paramLabel = "N", description = "At most N flags (1..1000, default 1000).")
  int limit = 1000;

  @Override
  void run() throws AuditException {
    if (limit < 1 || limit > 1000 || offset < 0) {
      throw new AuditException(ExitCode.USAGE, "--limit " + limit + " --offset " + offset
          + ": want a limit of 1..1000 and an offset of at least 0");
    }
    var states = state();
    ObjectNode answer;
    try {
      answer = load(states).spending().flags(rule, buyer, offset, limit);
    } catch (IllegalArgumentException e) {
      throw new AuditException(ExitCode.USAGE, "--" + e.getMessage(), e);
    }
    if (json) {
      out().println(StrictJson.writePretty(answer));
    } else {
      out().printf("%d red flags%n", answer.get("total").asInt());
      for (JsonNode f : answer.get("flags")) {
        out().printf("  %-31s %s%s%n", f.get("rule").asText(), EntryText.printable(f.get("buyer").asText()),
            f.hasNonNull("ocid") ? " " + EntryText.printable(f.get("ocid").asText()) : "");
        out().printf("      %s (threshold %s)%n", EntryText.printable(f.get("detail").asText()),
            f.get("threshold").asText());
        StringBuilder es = new StringBuilder();
        f.get("entries").forEach(e -> es.append(es.length() == 0 ? "" : ", ").append(e.asText()));
        out().printf("      entries: %s%n", es);
      }
      if (answer.hasNonNull("next")) {
        out().println("(more: --offset " + answer.get("next").asText() + ")");
      }
      out().println("A red flag is a question to ask, not a finding; rules and thresholds: docs/protocol.md §10.5.");
    }
    compare(states, "v1/flags?limit=" + limit + "&offset=" + offset + (rule == null ? "" : "&rule=" + Budget.enc(rule))
        + (buyer == null ? "" : "&buyer=" + Budget.enc(buyer)), answer);
  }
}
