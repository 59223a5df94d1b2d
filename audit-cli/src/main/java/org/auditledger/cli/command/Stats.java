package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.state.Summaries;
import org.auditledger.protocol.derived.StatsSummary;
import org.auditledger.protocol.entry.Organization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit stats}: the accountability figures of audited organizations, from verified entries. */
@Command(name = "stats", description = "Accountability figures per audited organization: findings, answered, time to"
    + " first response (median, 90th percentile), overdue, recommendations assessed.")
final class Stats extends DerivedQuery {
  @Option(names = "--org", paramLabel = "NAME@HOME", description = "Only this organization.")
  String org;

  @Option(names = "--after", paramLabel = "NAME@HOME", description = "The page after this organization (as a"
      + " previous page's next gave it).")
  String after;

  private static final int PAGE = 1000;

  @Override
  void run() throws AuditException {
    Organization o;
    try {
      o = org == null ? null : Organization.parse(org);
    } catch (IllegalArgumentException e) {
      throw new AuditException(ExitCode.USAGE, "--org: " + e.getMessage(), e);
    }
    var states = state();
    try {
      if (after != null) {
        StatsSummary.checkAfter(after);
      }
    } catch (IllegalArgumentException e) {
      throw new AuditException(ExitCode.USAGE, "--" + e.getMessage(), e);
    }
    ObjectNode answer = Summaries.summary(states, facts(states)).stats(o, asOf(), after, PAGE);
    if (json) {
      out().println(answer.toPrettyString());
    } else {
      out().printf("%-40s %8s %8s %8s %12s %12s %s%n", "organization (as of " + answer.get("asOf").asText() + ")",
          "findings", "answered", "overdue", "median", "p90", "recommendations assessed");
      for (JsonNode s : answer.get("organizations")) {
        JsonNode r = s.get("recommendationsAssessed");
        out().printf("%-40s %8d %8d %8d %12s %12s %d implemented, %d partially, %d not%n", s.get("organization").asText(),
            s.get("findings").asLong(), s.get("answered").asLong(), s.get("overdue").asLong(),
            duration(s.get("medianSecondsToFirstResponse")), duration(s.get("p90SecondsToFirstResponse")),
            r.get("implemented").asLong(), r.get("partially_implemented").asLong(), r.get("not_implemented").asLong());
      }
    }
    if (!json && answer.hasNonNull("next")) {
      out().println("(more: --after '" + answer.get("next").asText() + "')");
    }
    compare(states, "v1/stats?limit=" + PAGE + (org == null ? "" : "&org=" + URLEncoder.encode(org, StandardCharsets.UTF_8))
        + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)), answer);
  }
}
