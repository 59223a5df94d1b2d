package org.auditledger.cli.command;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.Proven;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.NodeAnswer;
import org.auditledger.protocol.json.StrictJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit search}: entries by kind, issuer, signer or reference; each result verified. */
@Command(name = "search", description = "Find entries by kind, issuer, signer or reference; each result is verified.")
final class Search extends Base {
  @Mixin
  LogOptions log = new LogOptions();

  @Option(names = "--kind") String kind;
  @Option(names = "--issuer") String issuer;
  @Option(names = "--signer", paramLabel = "KEYID") String signer;
  @Option(names = "--references", paramLabel = "[ORIGIN]#INDEX") String ref;
  @Option(names = "--limit", paramLabel = "N") int limit = 20;

  @Override
  void run() throws AuditException {
    List<String> q = new ArrayList<>();
    add(q, "kind", kind);
    add(q, "issuer", issuer);
    add(q, "signer", signer);
    add(q, "ref", ref);
    if (q.isEmpty()) {
      throw new AuditException(ExitCode.USAGE, "give at least one of --kind, --issuer, --signer, --references");
    }
    q.add("limit=" + limit);
    LogClient client = client(log.url(state()));
    var cp = log.trusted(client, state()).checkpoint();
    NodeAnswer page = client.getJson("v1/search?" + String.join("&", q));
    var results = StrictJson.mapper().createArrayNode();
    StatusCheck check = new StatusCheck(client, cp.checkpoint());
    for (NodeAnswer e : page.objects("entries")) {
      long index = e.nonNegative("index");
      if (index >= cp.checkpoint().size()) {
        continue;
      }
      Proven p = Proven.fetch(client, cp.checkpoint(), index);
      var payload = org.auditledger.protocol.entry.EntryPayload.json(p.entry().leaf().envelope().payload(), "payload");
      // Shown with its home log: two organizations of the same name in different logs differ.
      String issuer = p.entry().payload().issuerIn(cp.checkpoint().origin()).toString();
      String status = check.describe(p, p.status());
      if (json) {
        var o = object().put("index", index).put("leafHash", java.util.Base64.getEncoder().encodeToString(
            org.auditledger.protocol.merkle.Rfc6962.leafHash(p.leaf()))).put("logged", p.entry().leaf().logged().toString())
            .put("issuer", issuer);
        if (!status.isEmpty()) {
          o.put("status", status);
        }
        results.add(o.set("payload", payload));
      } else {
        out().printf("%d\t%s\t%s\t%s%s%n", index, payload.get("kind").asText(), issuer,
            org.auditledger.cli.render.EntryText.summary(cp.checkpoint().origin(), p.entry()),
            status.isEmpty() ? "" : "\t[" + status + "]");
      }
    }
    if (json) {
      out().println(object().put("verifiedInTreeOfSize", cp.checkpoint().size()).set("entries", results).toPrettyString());
    }
    if (!check.falseClaims.isEmpty()) {
      result = ExitCode.MISMATCH;
      err().println("audit: the node's statuses of some results are false: " + String.join("; ", check.falseClaims));
      err().flush();
    }
  }

  private static void add(List<String> q, String name, String value) {
    if (value != null) {
      q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
