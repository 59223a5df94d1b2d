package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.NodeAnswer;
import org.auditledger.protocol.note.SignedCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code audit prove} / {@code audit bundle}: an offline proof bundle of one entry (docs/cli.md):
 * the entry, its inclusion proof, the signed (and cosigned) checkpoint, and the key entries
 * before it with their proofs, so that {@code audit verify-bundle} can replay its signer's grants.
 */
@Command(name = "prove", aliases = "bundle", description = "Prove one entry; with --out, write an offline proof bundle.")
final class Prove extends Base {
  static final String FORMAT = "auditledger-bundle/v1";

  @Mixin
  LogOptions log = new LogOptions();

  @Option(names = "--index", paramLabel = "N") Long index;
  @Option(names = "--leaf-hash", paramLabel = "HASH") String leafHash;
  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the bundle here.") Path out;

  @Override
  void run() throws AuditException {
    if ((index == null) == (leafHash == null)) {
      throw new AuditException(ExitCode.USAGE, "give exactly one of --index or --leaf-hash");
    }
    LogClient client = client(log.node);
    SignedCheckpoint cp = Proven.checkpoint(client, log.vkey());
    try {
      log.policy().check(cp.checkpoint(), cp.note());
    } catch (org.auditledger.protocol.cosignature.QuorumNotMetException e) {
      throw new AuditException(ExitCode.WITNESS, e.getMessage(), e);
    }
    long at = index != null ? index : lookup(client, cp);
    Proven entry = Proven.fetch(client, cp, at);
    ObjectNode b = object();
    b.put("format", FORMAT).put("origin", cp.checkpoint().origin()).put("vkey", log.vkey().encode());
    b.put("checkpoint", Proven.text(cp.encode()));
    b.set("entry", proven(entry));
    ArrayNode grants = b.putArray("grants");
    for (long k : keyEntries(client, at)) {
      grants.add(proven(Proven.fetch(client, cp, k)));
    }
    if (out != null) {
      try {
        Files.writeString(out, b.toPrettyString(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "cannot write " + out + ": " + e.getMessage(), e);
      }
    }
    if (json) {
      out().println(b.toPrettyString());
    } else {
      out().printf("entry %d is in %s at tree size %d (inclusion proof verified)%n", at,
          cp.checkpoint().origin(), cp.checkpoint().size());
      if (out != null) {
        out().printf("bundle with %d key entries written to %s%n", grants.size(), out);
      }
    }
  }

  private long lookup(LogClient client, SignedCheckpoint cp) throws AuditException {
    String q = java.net.URLEncoder.encode(leafHash, StandardCharsets.UTF_8);
    return client.getJson("v1/proofs/inclusion?leafHash=" + q + "&size=" + cp.checkpoint().size()).nonNegative("index");
  }

  /** Indexes of all key entries before {@code before}, from the search index (then each proven). */
  private static List<Long> keyEntries(LogClient client, long before) throws AuditException {
    List<Long> out = new ArrayList<>();
    long after = -1;
    while (true) {
      NodeAnswer page = client.getJson("v1/search?kind=key&limit=1000" + (after >= 0 ? "&after=" + after : ""));
      for (NodeAnswer e : page.objects("entries")) {
        long i = e.nonNegative("index");
        if (i < before) {
          out.add(i);
        }
      }
      long next = page.nonNegativeOrNull("next");
      if (next < 0 || next >= before) {
        return out;
      }
      if (next <= after) {
        throw new AuditException(ExitCode.NETWORK, page.url() + " pages key entries backwards: next " + next);
      }
      after = next;
    }
  }

  private static ObjectNode proven(Proven p) {
    ObjectNode o = object();
    o.put("index", p.index).put("leaf", Base64.getEncoder().encodeToString(p.leaf));
    ArrayNode a = o.putArray("inclusionProof");
    p.proof.forEach(h -> a.add(Base64.getEncoder().encodeToString(h)));
    return o;
  }
}
