package org.auditledger.cli.ocds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.json.StrictJson;

/**
 * What became of one item of an import, where it is in the input ({@code /releases/3}, {@code
 * line 5}), and why.
 *
 * @param index the entry that holds the release (filed or skipped), else null
 * @param violations each {@code pointer: message} the local validation found (invalid only)
 * @param code the exit class of a refusal or failure (OK for filed, skipped and valid)
 */
public record Outcome(String location, Status status, String ocid, String releaseId, Long index, String reason,
    List<String> violations, ExitCode code) {
  public Outcome {
    violations = List.copyOf(violations);
  }

  /** The fate of one item. */
  public enum Status {
    /** Logged now, receipt verified. */
    FILED("filed"),
    /** Already in the log with the same meaning (an earlier import), or twice in this input. */
    SKIPPED("skipped"),
    /** Valid and signed, not sent ({@code --dry-run}). */
    VALID("valid"),
    /** Refused locally: off the schema or the entry rules, or not a release; nothing sent. */
    INVALID("invalid"),
    /** The node refused it. */
    REFUSED("refused"),
    /** Its (ocid, id) is already used by a release that says something else. */
    CONFLICT("refused-conflict"),
    /** No verified answer: the node could not be reached, or its answer did not verify. */
    FAILED("failed");

    private final String slug;

    Status(String slug) {
      this.slug = slug;
    }

    public String slug() {
      return slug;
    }

    /** Whether this ends the import successfully. */
    public boolean ok() {
      return this == FILED || this == SKIPPED || this == VALID;
    }
  }

  public static Outcome ok(String location, Status status, String ocid, String id, Long index, String reason) {
    return new Outcome(location, status, ocid, id, index, reason, List.of(), ExitCode.OK);
  }

  public static Outcome refused(String location, Status status, String ocid, String id, String reason,
      List<String> violations, ExitCode code) {
    return new Outcome(location, status, ocid, id, null, reason, violations, code);
  }

  public ObjectNode toJson() {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("location", location).put("status", status.slug());
    if (ocid != null) {
      o.put("ocid", ocid);
    }
    if (releaseId != null) {
      o.put("releaseId", releaseId);
    }
    if (index != null) {
      o.put("index", index);
    }
    if (reason != null) {
      o.put("reason", reason);
    }
    if (!violations.isEmpty()) {
      violations.forEach(o.putArray("violations")::add);
    }
    return o;
  }

  /** One line for the terminal: where, what, why. */
  public String describe() {
    StringBuilder b = new StringBuilder(location).append(": ").append(status.slug());
    if (ocid != null && releaseId != null) {
      b.append(" (").append(ocid).append(" release ").append(releaseId).append(")");
    }
    if (index != null) {
      b.append(", entry ").append(index);
    }
    if (reason != null) {
      b.append(": ").append(reason);
    }
    violations.forEach(v -> b.append("\n    ").append(v));
    return b.toString();
  }
}
