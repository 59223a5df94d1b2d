package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.state.StateDir;
import org.auditledger.cli.verify.LogVerifier;
import org.auditledger.cli.verify.PeerLogs;
import org.auditledger.cli.verify.Progress;
import org.auditledger.cli.verify.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit verify}: the whole log, or what is new since the last verified checkpoint. */
@Command(name = "verify", description = "Verify a log from any node or mirror, down to the last byte.")
final class Verify extends Base {
  @Mixin
  LogOptions log = new LogOptions();

  @Option(names = "--peer", paramLabel = "URL,VKEY",
      description = "Another log that entries reference, to check those references against. Repeatable.")
  java.util.List<String> peers = new java.util.ArrayList<>();

  @Option(names = "--alerts", paramLabel = "URL",
      description = "Also ask this node (e.g. a witness) for evidence that the log equivocated. Repeatable.")
  java.util.List<String> alertNodes = new java.util.ArrayList<>();

  // One more than the cores: each thread also downloads its bundles, and one is usually waiting.
  @Option(names = "--threads", paramLabel = "N", description = "Threads downloading and checking entries (default: cores + 1).")
  int threads = Runtime.getRuntime().availableProcessors() + 1;

  @Override
  void run() throws AuditException {
    var vkey = log.vkey();
    StateDir states = state();
    PeerLogs peerLogs = new PeerLogs();
    for (String p : peers) {
      int comma = p.indexOf(',');
      if (comma <= 0) {
        throw new AuditException(org.auditledger.cli.ExitCode.USAGE, "--peer " + p + ": want URL,VKEY");
      }
      peerLogs.add(client(p.substring(0, comma)), vkey(p.substring(comma + 1), "--peer"));
    }
    LogVerifier v = new LogVerifier(client(log.node), vkey, log.policy(), threads, progress())
        .peers(peerLogs);
    var proofs = org.auditledger.cli.verify.Alerts.find(alertNodes, vkey, timeout());
    if (!proofs.isEmpty()) {
      var first = proofs.get(0);
      // A fork is a log inconsistent with itself (11); an invalid entry in a signed tree, a bad entry (13).
      var code = first.evidence() instanceof org.auditledger.protocol.evidence.Equivocation
          ? org.auditledger.cli.ExitCode.INCONSISTENT : org.auditledger.cli.ExitCode.ENTRY;
      throw new AuditException(code, "the log equivocated or misbehaved: " + first
          + (proofs.size() > 1 ? " (and " + (proofs.size() - 1) + " more)" : "")).withEvidence(first.evidence());
    }
    Report r = v.verify(states.load(vkey.name()));
    states.save(vkey.name(), r.state());
    print(r);
  }

  private Progress progress() {
    if (json || System.console() == null) {
      // The bar writes ANSI codes even into pipes: only on a terminal.
      return Progress.NONE;
    }
    return new Progress() {
      private ProgressBar bar;

      @Override
      public void start(long total) {
        bar = new ProgressBarBuilder().setTaskName("verifying").setInitialMax(total).setUnit(" entries", 1).build();
      }

      @Override
      public void advance(long n) {
        bar.stepBy(n);
      }

      @Override
      public void done() {
        if (bar != null) {
          bar.close();
        }
      }
    };
  }

  private void print(Report r) {
    String root = Base64.getEncoder().encodeToString(r.checkpoint().rootHash());
    if (json) {
      ObjectNode o = object();
      o.put("ok", true).put("origin", r.checkpoint().origin()).put("size", r.checkpoint().size())
          .put("root", root).put("previousSize", r.previousSize()).put("entriesChecked", r.entriesChecked())
          .put("millis", Math.round(r.seconds() * 1000))
          .put("crossLogRefsChecked", r.crossLogRefsChecked()).put("crossLogRefsUnchecked", r.crossLogRefsUnchecked());
      o.putArray("cosigners").addAll(r.cosigners().stream()
          .map(s -> (com.fasterxml.jackson.databind.JsonNode) o.textNode(s)).toList());
      ObjectNode kinds = o.putObject("kinds");
      r.kinds().forEach(kinds::put);
      out().println(o.toPrettyString());
      return;
    }
    out().printf("verified %s: %d entries, root %s%n", r.checkpoint().origin(), r.checkpoint().size(), root);
    if (r.previousSize() > 0) {
      out().printf("  consistent with the %d entries verified before; checked the %d new ones%n",
          r.previousSize(), r.entriesChecked());
    } else {
      out().printf("  checked all %d entries: leaf encoding, signatures, schema, chain, authorization, tree%n",
          r.entriesChecked());
    }
    if (!r.kinds().isEmpty()) {
      out().println("  new entries by kind: " + r.kinds());
    }
    if (!r.cosigners().isEmpty()) {
      out().println("  cosigned by: " + String.join(", ", r.cosigners()));
    }
    if (r.crossLogRefsChecked() + r.crossLogRefsUnchecked() > 0) {
      out().printf("  references into other logs: %d proven, %d not checked (no --peer for their log)%n",
          r.crossLogRefsChecked(), r.crossLogRefsUnchecked());
    }
    out().printf("  %.1f s, %.0f entries/s%n", r.seconds(), r.entriesChecked() / Math.max(r.seconds(), 1e-9));
  }
}
