package org.auditledger.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.Proven;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.NodeAnswer;
import org.auditledger.protocol.cosignature.WitnessedCheckpoint;
import org.auditledger.protocol.wire.ProofBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code audit prove} / {@code audit bundle}: an offline proof bundle of one entry
 * ({@link ProofBundle}): the entry, its inclusion proof, the signed (and cosigned) checkpoint, and
 * the key entries before it with their proofs, so that {@code audit verify-bundle} can replay its
 * signer's grants.
 */
@Command(name = "prove", aliases = "bundle", description = "Prove one entry; with --out, write an offline proof bundle.")
final class Prove extends Base {
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
    LogClient client = client(log.url(state()));
    WitnessedCheckpoint cp = log.trusted(client, state());
    long at = index != null ? index : lookup(client, cp.checkpoint().checkpoint().size());
    Proven entry = Proven.fetch(client, cp.checkpoint().checkpoint(), at);
    List<ProofBundle.Proven> grants = new ArrayList<>();
    for (long k : keyEntries(client, at)) {
      grants.add(Proven.fetch(client, cp.checkpoint().checkpoint(), k).wire());
    }
    ProofBundle bundle = new ProofBundle(cp.checkpoint().checkpoint().origin(), log.vkey(state()).encode(),
        cp.checkpoint().encode(), entry.wire(), grants);
    String text = bundle.toJson().toPrettyString();
    if (out != null) {
      try {
        Files.writeString(out, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "cannot write " + out + ": " + e.getMessage(), e);
      }
    }
    if (json) {
      out().println(text);
    } else {
      out().printf("entry %d is in %s at tree size %d (inclusion proof verified); leaf hash %s%n", at,
          cp.checkpoint().checkpoint().origin(), cp.checkpoint().checkpoint().size(),
          java.util.Base64.getEncoder().encodeToString(org.auditledger.protocol.merkle.Rfc6962.leafHash(entry.leaf())));
      if (out != null) {
        out().printf("bundle with %d key entries written to %s%n", grants.size(), out);
      }
    }
  }

  private long lookup(LogClient client, long size) throws AuditException {
    String q = java.net.URLEncoder.encode(leafHash, StandardCharsets.UTF_8);
    return client.getJson("v1/proofs/inclusion?leafHash=" + q + "&size=" + size).nonNegative("index");
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
}
