package org.auditledger.cli.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.NodeAnswer;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.evidence.Evidence;
import org.auditledger.protocol.note.NoteVerifierKey;

/**
 * Evidence that one log misbehaved (equivocated, or signed a tree holding an invalid entry),
 * gathered from nodes' {@code /v1/alerts}, every page of it. Only what proves itself against the
 * trusted log key counts ({@link Evidence}); records
 * about other logs, or that prove nothing, are skipped. A node whose answers are malformed, or
 * whose paging does not move back, fails with exit 3.
 */
public final class Alerts {
  /** Pages read from one node at most (100 records each). */
  static final int MAX_PAGES = 1000;

  private Alerts() {}

  /** One proven equivocation and where it was found. */
  public record Found(String node, Evidence evidence) {
    @Override
    public String toString() {
      return evidence.describe() + ", reported by " + node;
    }
  }

  public static List<Found> find(List<String> nodes, NoteVerifierKey logKey, Duration timeout) throws AuditException {
    Map<String, Found> out = new LinkedHashMap<>();
    for (String node : nodes) {
      LogClient client = new LogClient(node, timeout);
      long before = -1;
      for (int page = 0; ; page++) {
        if (page == MAX_PAGES) {
          throw new AuditException(ExitCode.NETWORK, node + " serves more than " + MAX_PAGES
              + " pages of alerts; stopped reading");
        }
        NodeAnswer a = client.getJson("v1/alerts?limit=100" + (before >= 0 ? "&before=" + before : ""));
        for (NodeAnswer record : a.objects("alerts")) {
          if (!logKey.name().equals(record.json().path("origin").asText())) {
            continue;
          }
          try {
            Evidence e = Evidence.fromJson(record.json(), logKey);
            out.putIfAbsent(e.id(), new Found(node, e));
          } catch (ProtocolException notProof) {
            // Evidence that does not verify with the trusted key proves nothing about this log.
          }
        }
        long next = a.nonNegativeOrNull("next");
        if (next < 0) {
          break;
        }
        if (before >= 0 && next >= before) {
          throw new AuditException(ExitCode.NETWORK, a.url() + " pages alerts backwards wrongly: next "
              + next + " is not below " + before);
        }
        before = next;
      }
    }
    return new ArrayList<>(out.values());
  }
}
