package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.Proven;
import org.auditledger.protocol.entry.Ref;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.Checkpoint;

/**
 * An entry's status as a node gives it with the entry ({@code supersededBy}, {@code amendedBy};
 * protocol.md §10.1), checked as far as one log allows: each entry of this log named as
 * superseding or amending it is fetched, proven into the trusted checkpoint, and must reference
 * it with that relation and come from the same organization. A node can leave a superseding
 * entry out (only {@code audit verify} and {@code audit thread --compare} see everything), but
 * it cannot invent one.
 */
final class StatusCheck {
  private StatusCheck() {}

  /**
   * What to print after an entry (e.g. {@code "superseded by #6; amended by #7"}), or the empty
   * string if it is current and not amended.
   */
  static String describe(LogClient client, Checkpoint cp, long index, byte[] leaf, Proven subject, JsonNode status)
      throws AuditException {
    if (status == null || !status.isObject()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String[] rel : new String[][] {{"supersededBy", Ref.SUPERSEDES, "superseded by "},
        {"amendedBy", Ref.AMENDS, "amended by "}}) {
      List<String> named = new ArrayList<>();
      for (JsonNode k : status.path(rel[0])) {
        named.add(check(client, cp, index, leaf, subject, k.asText(), rel[1]));
      }
      if (!named.isEmpty()) {
        parts.add(rel[2] + String.join(", ", named));
      }
    }
    return String.join("; ", parts);
  }

  private static String check(LogClient client, Checkpoint cp, long index, byte[] leaf, Proven subject, String key,
      String rel) throws AuditException {
    int hash = key.lastIndexOf('#');
    if (hash < 0 || !key.substring(0, hash).equals(cp.origin())) {
      return key + " (in another log: as the node says)";
    }
    long other;
    try {
      other = Long.parseLong(key.substring(hash + 1));
    } catch (NumberFormatException e) {
      return key + " (malformed: ignored)";
    }
    if (other <= index || other >= cp.size()) {
      return key + " (not a later entry of the signed tree: the node's claim is false)";
    }
    Proven p = Proven.fetch(client, cp, other);
    byte[] leafHash = Rfc6962.leafHash(leaf);
    boolean names = p.entry().payload().refs().stream().anyMatch(r -> r.isLocal(cp.origin()) && r.index() == index
        && rel.equals(r.rel()) && Arrays.equals(r.leafHash(), leafHash));
    boolean sameIssuer = p.entry().payload().issuerIn(cp.origin()).equals(subject.entry().payload().issuerIn(cp.origin()));
    return "#" + other + (names && sameIssuer ? " (verified)" : " (does not " + rel + " it: the node's claim is false)");
  }
}
