package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.state.StateDir;
import org.auditledger.cli.state.Summaries;
import org.auditledger.protocol.derived.Accountability;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code findings}, {@code stats} and {@code thread} share: the answer is computed from the
 * derived facts {@code audit verify} kept of the log and each {@code --peer} (protocol.md §10),
 * never taken from a node; with {@code --compare}, the node's answer is fetched and must be the
 * same, over the same logs at the same sizes.
 */
abstract class DerivedQuery extends Base {
  @Mixin
  LogOptions log = new LogOptions();

  @Option(names = "--peer", paramLabel = "NAME|URL,VKEY",
      description = "Another log verified before (audit verify), whose entries count too. Repeatable.")
  List<String> peers = new ArrayList<>();

  @Option(names = "--as-of", paramLabel = "DATE", description = "The date overdue is judged at (default: today, UTC).")
  String asOf;

  @Option(names = "--compare", description = "Also fetch the node's answer and check it is the same (exit 7 if not).")
  boolean compare;

  /** The logs read and the size each was verified to. */
  final Map<String, Long> sizes = new TreeMap<>();

  LocalDate asOf() throws AuditException {
    try {
      return asOf == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(asOf);
    } catch (DateTimeParseException e) {
      throw new AuditException(ExitCode.USAGE, "--as-of " + asOf + ": want a date, YYYY-MM-DD", e);
    }
  }

  /** The logs asked about: the log and each {@code --peer}. */
  List<String> origins(StateDir states) throws AuditException {
    List<String> origins = new ArrayList<>();
    origins.add(log.vkey(states).name());
    for (String p : peers) {
      origins.add(LogNames.spec(states, p, "--peer").vkey().name());
    }
    return origins;
  }

  /** The verified facts of the log and its peers; records the sizes they cover. */
  Summaries.Facts facts(StateDir states) throws AuditException {
    Summaries.Facts f = Summaries.load(states, origins(states));
    sizes.putAll(f.sizes());
    return f;
  }

  /** The derived state of the log and its peers, as verified. */
  Accountability load(StateDir states) throws AuditException {
    return Summaries.state(states, facts(states));
  }

  /**
   * With {@code --compare}: the node's answer at {@code path} (with {@code asOf}) must be {@code
   * mine}, over the same logs at the same sizes.
   */
  void compare(StateDir states, String path, ObjectNode mine) throws AuditException {
    if (!compare) {
      return;
    }
    LogClient client = client(log.url(states));
    String sep = path.contains("?") ? "&" : "?";
    JsonNode theirs = client.getJson(path + sep + "asOf=" + asOf()).json().deepCopy();
    Map<String, Long> nodeSizes = new TreeMap<>();
    theirs.path("logs").fields().forEachRemaining(e -> nodeSizes.put(e.getKey(), e.getValue().asLong()));
    if (!nodeSizes.equals(sizes)) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot compare: the node answers over the logs " + nodeSizes
          + " and this state holds " + sizes + "; verify the same logs to the same sizes (audit verify --peer ...)"
          + " and compare again");
    }
    ((ObjectNode) theirs).remove("logs");
    // Compared as read from JSON, both: a number's node type must not make a difference.
    JsonNode ours = org.auditledger.protocol.json.StrictJson.parseAnswer(
        org.auditledger.protocol.json.StrictJson.write(mine).getBytes(java.nio.charset.StandardCharsets.UTF_8), "answer");
    if (!theirs.equals(ours)) {
      throw new AuditException(ExitCode.MISMATCH, "the node's answer at " + client.resolve(path) + " differs from"
          + " the one computed from the verified entries:\n  node:     " + theirs + "\n  verified: " + mine);
    }
    if (!json) {
      out().println("(the node's answer is the same as the one computed from the verified entries)");
    }
  }

  static String duration(JsonNode seconds) {
    if (seconds == null || seconds.isNull()) {
      return "-";
    }
    long s = seconds.asLong();
    return s >= 86_400 ? String.format("%.1f days", s / 86_400.0) : s >= 3600 ? String.format("%.1f h", s / 3600.0)
        : s >= 60 ? (s / 60) + " min" : s + " s";
  }
}
