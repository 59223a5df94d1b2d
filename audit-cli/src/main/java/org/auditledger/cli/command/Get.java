package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
    if (!json) {
      org.auditledger.cli.render.EntryText.render(cp.checkpoint().origin(), p.leaf(), p.entry()).forEach(out()::println);
      out().println();
      out().println("verified: signatures, schema, and inclusion in the signed tree of size " + cp.checkpoint().size());
      return;
    }
    ObjectNode o = object();
    o.put("index", index).put("leafHash", java.util.Base64.getEncoder().encodeToString(
        org.auditledger.protocol.merkle.Rfc6962.leafHash(p.leaf()))).put("issuer", p.entry().payload().issuerIn(cp.checkpoint().origin()).toString())
        .put("verifiedInTreeOfSize", cp.checkpoint().size()).put("logged", p.entry().leaf().logged().toString());
    o.putArray("signers").addAll(p.entry().leaf().envelope().signers().stream()
        .map(k -> (com.fasterxml.jackson.databind.JsonNode) o.textNode(k.keyId())).toList());
    o.set("payload", StrictJson.parse(p.entry().leaf().envelope().payload(), "payload"));
    out().println(o.toPrettyString());
  }
}
