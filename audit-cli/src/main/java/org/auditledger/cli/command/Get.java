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
    StatusCheck check = new StatusCheck(client, cp.checkpoint());
    String status = check.describe(p, p.status());
    if (!json) {
      org.auditledger.cli.render.EntryText.render(cp.checkpoint().origin(), p.leaf(), p.entry()).forEach(out()::println);
      out().println();
      out().println("status: " + (status.isEmpty() ? "current" : status));
      thread(client, cp.checkpoint(), p, check);
      out().println("verified: signatures, schema, and inclusion in the signed tree of size " + cp.checkpoint().size());
      falseClaims(check);
      return;
    }
    ObjectNode o = object();
    o.put("index", index).put("leafHash", java.util.Base64.getEncoder().encodeToString(
        org.auditledger.protocol.merkle.Rfc6962.leafHash(p.leaf()))).put("issuer", p.entry().payload().issuerIn(cp.checkpoint().origin()).toString())
        .put("verifiedInTreeOfSize", cp.checkpoint().size()).put("logged", p.entry().leaf().logged().toString())
        .put("status", status.isEmpty() ? "current" : status);
    o.putArray("signers").addAll(p.entry().leaf().envelope().signers().stream()
        .map(k -> (com.fasterxml.jackson.databind.JsonNode) o.textNode(k.keyId())).toList());
    o.set("payload", org.auditledger.protocol.entry.EntryPayload.json(p.entry().leaf().envelope().payload(), "payload"));
    out().println(o.toPrettyString());
    falseClaims(check);
  }

  /** A node that claimed links or a status the entries do not hold lied: exit 7, naming them. */
  private void falseClaims(StatusCheck check) {
    if (!check.falseClaims.isEmpty()) {
      result = org.auditledger.cli.ExitCode.MISMATCH;
      err().println("audit: the node's status or links of entry " + index + " are false: "
          + String.join("; ", check.falseClaims));
      err().flush();
    }
  }

  /** Most links shown with one entry; {@code audit thread} shows the whole thread. */
  private static final int THREAD_SHOWN = 20;

  /**
   * The links to and from this entry, as the node gives them, each checked: a link from this
   * entry must be one of its own references; a link to it from an entry of this log must be a
   * reference of that entry (fetched and proven); links from other logs are the node's word.
   */
  private void thread(LogClient client, org.auditledger.protocol.note.Checkpoint cp, Proven subject, StatusCheck check)
      throws AuditException {
    String key = cp.origin() + "#" + index;
    com.fasterxml.jackson.databind.JsonNode t;
    try {
      t = client.getJson("v1/thread?entry=" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8))
          .json();
    } catch (AuditException e) {
      out().println("thread: not available from this node");
      return;
    }
    List<String> lines = new ArrayList<>();
    int more = 0;
    for (com.fasterxml.jackson.databind.JsonNode l : t.path("links")) {
      String from = l.path("from").asText();
      String to = l.path("to").asText();
      String rel = l.path("rel").asText();
      if (!from.equals(key) && !to.equals(key)) {
        continue;
      }
      if (lines.size() == THREAD_SHOWN) {
        more++;
        continue;
      }
      if (from.equals(key)) {
        boolean own = subject.entry().payload().refs().stream()
            .anyMatch(r -> r.targetIn(cp.origin()).equals(to) && r.rel().equals(rel));
        lines.add("  this entry  " + (own ? rel + "  " + EntryLine.of(client, cp, to)
            : check.link(key, rel, subject, false)));
      } else {
        boolean sameIssuer = org.auditledger.protocol.entry.Ref.SUPERSEDES.equals(rel)
            || org.auditledger.protocol.entry.Ref.AMENDS.equals(rel);
        String checked = check.link(from, rel, subject, sameIssuer);
        lines.add("  " + (checked.endsWith("(verified)") ? EntryLine.of(client, cp, from) + "  " + rel : checked)
            + "  this entry");
      }
    }
    if (lines.isEmpty()) {
      out().println("thread: no entry references this one, and it references none");
      return;
    }
    out().println("thread (links to and from this entry, each checked; audit thread " + index
        + " shows the whole thread of " + t.path("entries").size() + " entries):");
    lines.forEach(out()::println);
    if (more > 0) {
      out().println("  and " + more + " more links, not shown");
    }
  }
}
