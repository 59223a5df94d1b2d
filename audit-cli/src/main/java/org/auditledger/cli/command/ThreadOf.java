package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.derived.Accountability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code audit thread ENTRY}: the entries linked to one, both ways and across logs, with their status. */
@Command(name = "thread", description = "Show the thread of an entry (every entry linked to it by references, both"
    + " ways, across logs) and the status of each (current, amended, superseded).")
final class ThreadOf extends DerivedQuery {
  @Parameters(index = "0", paramLabel = "ENTRY", description = "N (entry N of the log), or ORIGIN#N.")
  String entry;

  @Override
  void run() throws AuditException {
    var states = state();
    String key = entry.matches("0|[1-9][0-9]{0,18}") ? log.vkey(states).name() + "#" + entry : entry;
    if (!StatusCheck.KEY.matcher(key).matches()) {
      throw new AuditException(ExitCode.USAGE, "ENTRY " + entry + ": want N or ORIGIN#N");
    }
    Accountability a = load(states);
    ObjectNode answer = a.threadWithStatus(key);
    if (json) {
      out().println(answer.toPrettyString());
    } else {
      out().println("thread of " + key + ":");
      // Entries of the log are shown in words, each fetched and proven; others by name.
      org.auditledger.cli.client.LogClient client = null;
      org.auditledger.protocol.note.Checkpoint cp = null;
      try {
        client = client(log.url(states));
        cp = log.trusted(client, states).checkpoint().checkpoint();
      } catch (AuditException unreachable) {
        out().println("  (the node cannot be asked for the entries: " + unreachable.getMessage().lines().findFirst()
            .orElse("") + "; entries are named only)");
      }
      for (JsonNode s : answer.get("statuses")) {
        String k = s.get("entry").asText();
        String shown = cp == null ? k : EntryLine.of(client, cp, k);
        StringBuilder line = new StringBuilder("  " + shown + (k.equals(key) ? "  <" : ""));
        if (!s.get("current").asBoolean()) {
          line.append("  superseded by ").append(s.get("supersededBy"));
        }
        if (s.path("amendedBy").size() > 0) {
          line.append("  amended by ").append(s.get("amendedBy"));
        }
        out().println(line);
      }
      for (JsonNode l : answer.get("links")) {
        out().println("  " + l.get("from").asText() + " " + l.get("rel").asText() + " " + l.get("to").asText()
            + (l.get("checked").asBoolean() ? "" : "  (unchecked: its log was not verified with this one)"));
      }
    }
    compare(states, "v1/thread?entry=" + URLEncoder.encode(key, StandardCharsets.UTF_8), answer);
  }
}
