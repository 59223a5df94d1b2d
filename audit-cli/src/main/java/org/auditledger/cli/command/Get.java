package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.Proven;
import org.auditledger.cli.client.LogClient;
import org.auditledger.protocol.json.StrictJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit get}: one entry, verified into the current signed checkpoint. */
@Command(name = "get", aliases = "show",
    description = "Fetch one entry, verify it (signatures, schema, inclusion in the signed tree) and show it.")
final class Get extends Base {
  @Mixin
  LogOptions log = new LogOptions();

  @Option(names = "--index", required = true, paramLabel = "N")
  long index;

  @Override
  void run() throws org.auditledger.cli.AuditException {
    LogClient client = client(log.url(state()));
    var cp = log.trusted(client, state()).checkpoint();
    Proven p = Proven.fetch(client, cp.checkpoint(), index);
    String status = StatusCheck.describe(client, cp.checkpoint(), index, p.leaf(), p, p.status());
    if (!json) {
      org.auditledger.cli.render.EntryText.render(cp.checkpoint().origin(), p.leaf(), p.entry()).forEach(out()::println);
      out().println();
      out().println("status: " + (status.isEmpty() ? "current" : status));
      thread(client, cp.checkpoint());
      out().println("verified: signatures, schema, and inclusion in the signed tree of size " + cp.checkpoint().size());
      return;
    }
    ObjectNode o = object();
    o.put("index", index).put("leafHash", java.util.Base64.getEncoder().encodeToString(
        org.auditledger.protocol.merkle.Rfc6962.leafHash(p.leaf()))).put("issuer", p.entry().payload().issuerIn(cp.checkpoint().origin()).toString())
        .put("verifiedInTreeOfSize", cp.checkpoint().size()).put("logged", p.entry().leaf().logged().toString())
        .put("status", status.isEmpty() ? "current" : status);
    o.putArray("signers").addAll(p.entry().leaf().envelope().signers().stream()
        .map(k -> (com.fasterxml.jackson.databind.JsonNode) o.textNode(k.keyId())).toList());
    o.set("payload", StrictJson.parse(p.entry().leaf().envelope().payload(), "payload"));
    out().println(o.toPrettyString());
  }

  /** Most entries of a thread shown with one entry; {@code audit thread} shows them all. */
  private static final int THREAD_SHOWN = 20;

  /**
   * The entries linked to this one, as the node gives them: those of this log are fetched and
   * proven (so none is invented), but only {@code audit thread --compare} shows that none is left
   * out.
   */
  private void thread(LogClient client, org.auditledger.protocol.note.Checkpoint cp) throws AuditException {
    String key = cp.origin() + "#" + index;
    com.fasterxml.jackson.databind.JsonNode t;
    try {
      t = client.getJson("v1/thread?entry=" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8))
          .json();
    } catch (AuditException e) {
      out().println("thread: not available from this node (" + e.getMessage().lines().findFirst().orElse("") + ")");
      return;
    }
    List<String> lines = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode l : t.path("links")) {
      String from = l.path("from").asText();
      String to = l.path("to").asText();
      if (!from.equals(key) && !to.equals(key) && lines.size() >= THREAD_SHOWN) {
        continue;
      }
      lines.add("  " + describe(client, cp, from) + "  " + l.path("rel").asText() + "  " + describe(client, cp, to)
          + (l.path("checked").asBoolean() ? "" : "  (unchecked)"));
      if (lines.size() == THREAD_SHOWN) {
        break;
      }
    }
    if (lines.isEmpty()) {
      out().println("thread: no entry references this one, and it references none");
      return;
    }
    out().println("thread (" + t.path("entries").size() + " entries, as the node links them; audit thread " + index
        + " --compare checks the whole thread against the entries audit verify verified):");
    lines.forEach(out()::println);
  }

  private String describe(LogClient client, org.auditledger.protocol.note.Checkpoint cp, String key) throws AuditException {
    return key.equals(cp.origin() + "#" + index) ? "#" + index + " (this entry)" : EntryLine.of(client, cp, key);
  }
}
