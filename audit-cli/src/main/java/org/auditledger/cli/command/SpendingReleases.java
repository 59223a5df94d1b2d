package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.NodeAnswer;
import org.auditledger.cli.client.Proven;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.note.Checkpoint;

/**
 * The OCDS releases of a log (spending entries of payload version 2, protocol.md §7.1), as the
 * node's search index lists them, every entry fetched and checked as {@code audit get} checks it
 * ({@link Proven#fetch}: signatures, schema, inclusion in the trusted tree). Which entries are
 * spending entries is the node's word: an entry it leaves out of its search is not detected here
 * ({@code audit verify} reads every entry); an entry it lists that is not a spending entry is.
 */
final class SpendingReleases {
  /** One release and the entry it was filed in. */
  record Filed(long index, Instant logged, JsonNode release) {}

  /** What was read: the releases in log order, and how many version 1 spending entries were passed over. */
  record Read(List<Filed> releases, int versionOne) {}

  private static final int PAGE = 1000;

  private SpendingReleases() {}

  /** The releases of the entries {@code [0, cp.size())}, in index order. */
  static Read read(LogClient client, Checkpoint cp) throws AuditException {
    List<Filed> out = new ArrayList<>();
    int versionOne = 0;
    for (long index : indexes(client, cp.size())) {
      Proven p = Proven.fetch(client, cp, index);
      if (p.entry().payload().kind() != EntryKind.SPENDING) {
        throw new AuditException(ExitCode.MISMATCH, "the node lists entry " + index + " as a spending entry, but it is a "
            + p.entry().payload().kind().jsonName() + " entry", index, "search", null);
      }
      JsonNode payload = EntryPayload.json(p.entry().leaf().envelope().payload(), "payload of entry " + index);
      if (payload.path("v").intValue() != 2) {
        versionOne++;
        continue;
      }
      out.add(new Filed(index, p.entry().leaf().logged(), p.entry().payload().body()));
    }
    return new Read(List.copyOf(out), versionOne);
  }

  /** The indexes below {@code size} the node's search lists for kind spending, strictly ascending. */
  private static List<Long> indexes(LogClient client, long size) throws AuditException {
    List<Long> out = new ArrayList<>();
    long after = -1;
    while (true) {
      NodeAnswer page = client.getJson("v1/search?kind=spending&limit=" + PAGE + (after >= 0 ? "&after=" + after : ""));
      for (NodeAnswer e : page.objects("entries")) {
        long i = e.nonNegative("index");
        if (i <= after || (!out.isEmpty() && i <= out.get(out.size() - 1))) {
          throw new AuditException(ExitCode.NETWORK, page.url() + " lists entry " + i + " out of ascending order");
        }
        if (i < size) {
          out.add(i);
        }
      }
      long next = page.nonNegativeOrNull("next");
      if (next < 0 || next >= size - 1) {
        return out;
      }
      if (next <= after) {
        throw new AuditException(ExitCode.NETWORK, page.url() + " pages spending entries backwards: next " + next
            + " after " + after);
      }
      after = next;
    }
  }
}
