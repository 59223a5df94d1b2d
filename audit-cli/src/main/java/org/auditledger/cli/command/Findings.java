package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.render.EntryText;
import org.auditledger.protocol.derived.FindingStatus;
import org.auditledger.protocol.entry.Organization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit findings}: findings by status and audited organization, from verified entries. */
@Command(name = "findings", description = "List findings with their status (open, overdue, responded, implemented,"
    + " closed), computed from the entries verified.")
final class Findings extends DerivedQuery {
  @Option(names = "--status", paramLabel = "STATUS", description = "open, overdue, responded, implemented or closed.")
  String status;

  @Option(names = "--org", paramLabel = "NAME@HOME", description = "Only findings about this audited organization.")
  String org;

  @Option(names = "--after", paramLabel = "ORIGIN#N", description = "The page after this finding (as a previous"
      + " page's next gave it).")
  String after;

  @Option(names = "--limit", paramLabel = "N", description = "At most N findings (default 1000).")
  int limit = 1000;

  @Override
  void run() throws AuditException {
    FindingStatus s;
    Organization o;
    try {
      s = status == null ? null : FindingStatus.of(status);
      o = org == null ? null : Organization.parse(org);
    } catch (IllegalArgumentException e) {
      throw new AuditException(ExitCode.USAGE, e.getMessage(), e);
    }
    var states = state();
    if (after != null && !StatusCheck.KEY.matcher(after).matches()) {
      throw new AuditException(ExitCode.USAGE, "--after " + after + ": want the key of a finding, ORIGIN#N");
    }
    ObjectNode answer = load(states).findings(s, o, asOf(), after, Math.max(1, Math.min(limit, 1000)));
    String path = "v1/findings?limit=" + Math.max(1, Math.min(limit, 1000)) + (status == null ? "" : "&status=" + status)
        + (org == null ? "" : "&org=" + URLEncoder.encode(org, StandardCharsets.UTF_8))
        + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
    if (json) {
      out().println(answer.toPrettyString());
    } else {
      out().printf("findings as of %s (%d):%n", answer.get("asOf").asText(), answer.get("findings").size());
      for (JsonNode f : answer.get("findings")) {
        out().printf("  %-11s %s  %s%n", f.get("status").asText(), f.get("finding").asText(),
            EntryText.printable(f.get("title").asText()));
        out().printf("              by %s about %s%s%s%n", f.get("issuer").asText(), f.get("audited"),
            f.has("responseDueDate") ? ", response due " + f.get("responseDueDate").asText() : "",
            f.has("secondsToFirstResponse") ? ", answered in " + duration(f.get("secondsToFirstResponse")) : "");
      }
      if (answer.hasNonNull("next")) {
        out().println("(more: --after " + answer.get("next").asText() + ")");
      }
    }
    compare(states, path, answer);
  }
}
