package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.state.StateDir;
import org.auditledger.cli.verify.LogVerifier;
import org.auditledger.cli.state.ClaimsState;
import org.auditledger.protocol.claims.KnownLog;
import org.auditledger.protocol.claims.KnownLogs;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.wire.PeerSpec;
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

  @Option(names = "--peer", paramLabel = "NAME|URL,VKEY",
      description = "Another log whose entries claims name (references, authority): verified first, then every"
          + " claim on it judged. A name added with audit log add, or URL,VKEY. Repeatable.")
  java.util.List<String> peers = new java.util.ArrayList<>();

  @Option(names = "--alerts", paramLabel = "URL",
      description = "Also ask this node (e.g. a witness) for evidence that the log equivocated. Repeatable.")
  java.util.List<String> alertNodes = new java.util.ArrayList<>();

  // One more than the cores: each thread also downloads its bundles, and one is usually waiting.
  @Option(names = "--threads", paramLabel = "N", description = "Threads downloading and checking entries (default: cores + 1).")
  int threads = Runtime.getRuntime().availableProcessors() + 1;

  @Override
  void run() throws AuditException {
    StateDir states = state();
    var vkey = log.vkey(states);
    var proofs = org.auditledger.cli.verify.Alerts.find(alertNodes, vkey, timeout());
    if (!proofs.isEmpty()) {
      var first = proofs.get(0);
      // A fork is a log inconsistent with itself (11); an invalid entry in a signed tree, a bad entry (13).
      var code = first.evidence() instanceof org.auditledger.protocol.evidence.Equivocation
          ? org.auditledger.cli.ExitCode.INCONSISTENT : org.auditledger.cli.ExitCode.ENTRY;
      throw new AuditException(code, "the log equivocated or misbehaved: " + first
          + (proofs.size() > 1 ? " (and " + (proofs.size() - 1) + " more)" : "")).withEvidence(first.evidence());
    }
    // Each peer is verified as fully as the log itself (its own state advances too) before any
    // claim on it is judged: a claim is judged against verified entries only.
    java.util.List<KnownLog> others = new java.util.ArrayList<>();
    java.util.List<PeerSpec> specs = new java.util.ArrayList<>();
    java.util.List<String> peerFailures = new java.util.ArrayList<>();
    for (String p : peers) {
      PeerSpec spec = LogNames.spec(states, p, "--peer");
      if (spec.vkey().name().equals(vkey.name())) {
        throw new AuditException(org.auditledger.cli.ExitCode.USAGE, "--peer " + p + " is the log being verified");
      }
      Report pr;
      try {
        pr = new LogVerifier(client(spec.url()), spec.vkey(), WitnessPolicy.none(), threads, Progress.NONE)
            .verifyAndSave(states);
      } catch (AuditException e) {
        throw new AuditException(e.code(), "peer log " + spec.vkey().name() + " (--peer " + p + "): " + e.getMessage(),
            e.entryIndex(), e.rule(), e).withEvidence(e.evidence());
      }
      if (!json) {
        out().printf("verified peer %s: %d entries%n", spec.vkey().name(), pr.checkpoint().size());
      }
      others.add(pr.log());
      specs.add(spec);
    }
    LogVerifier v = new LogVerifier(client(log.url(states)), vkey, log.policy(), threads, progress());
    if (!others.isEmpty()) {
      v.others(KnownLogs.of(others));
    }
    Report r = v.verifyAndSave(states);
    // Each peer's claims on this log (and on the other peers) are judged now too, against what
    // was just verified: answers over these logs must not depend on the order they were verified in.
    for (int i = 0; i < specs.size(); i++) {
      java.util.List<KnownLog> known = new java.util.ArrayList<>(others);
      known.set(i, r.log());
      PeerSpec spec = specs.get(i);
      Report again;
      try {
        again = new LogVerifier(client(spec.url()), spec.vkey(), WitnessPolicy.none(), threads, Progress.NONE)
            .others(KnownLogs.of(known)).verifyAndSave(states);
      } catch (AuditException e) {
        throw new AuditException(e.code(), "peer log " + spec.vkey().name() + " (claims on " + vkey.name() + "): "
            + e.getMessage(), e.entryIndex(), e.rule(), e).withEvidence(e.evidence());
      }
      others.set(i, again.log());
      peerFailures.addAll(again.newlyFailed().stream().map(f -> spec.vkey().name() + ": " + f).toList());
    }
    keepSummary(states, vkey.name());
    print(r);
    if (!peerFailures.isEmpty()) {
      result = org.auditledger.cli.ExitCode.CLAIMS;
      err().println("audit: claims of peer logs on this log do not hold:");
      peerFailures.forEach(f -> err().println("  new: " + f));
      err().flush();
    }
    if (!r.claims().failed().isEmpty()) {
      // The log is intact (its state advanced); some of its entries claim what does not hold.
      result = org.auditledger.cli.ExitCode.CLAIMS;
      err().println("audit: " + result.meaning() + ":");
      for (ClaimsState.Failed f : r.claims().failed()) {
        err().println("  " + (r.newlyFailed().contains(f) ? "new: " : "") + f);
      }
      err().println("  (--json prints each with its evidence: the entries and their inclusion proofs)");
      err().flush();
    }
  }

  /**
   * Computes and keeps the accountability figures of the log with its peers now, while the facts
   * are fresh, so that {@code audit stats} with the same logs answers from them at once.
   */
  private void keepSummary(StateDir states, String origin) throws AuditException {
    java.util.List<String> origins = new java.util.ArrayList<>();
    origins.add(origin);
    for (String p : peers) {
      origins.add(LogNames.spec(states, p, "--peer").vkey().name());
    }
    try {
      org.auditledger.cli.state.Summaries.summary(states, org.auditledger.cli.state.Summaries.load(states, origins));
    } catch (AuditException noFacts) {
      // A state kept before derived facts were: audit stats says so when asked; verifying is done.
    }
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
          .put("claimsHeld", r.claimsHeld()).put("claimsNewlyFailed", r.newlyFailed().size());
      o.put("ok", r.claims().failed().isEmpty());
      var uncheckedEntries = o.putArray("claimsUncheckedEntries");
      r.claims().unchecked().forEach(uncheckedEntries::add);
      var failed = o.putArray("claimsFailed");
      for (ClaimsState.Failed f : r.claims().failed()) {
        failed.addObject().put("entry", f.entry()).put("rule", f.rule()).put("target", f.target())
            .put("detail", f.detail()).put("new", r.newlyFailed().contains(f)).set("evidence", f.evidence());
      }
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
    if (r.claimsHeld() + r.claims().unchecked().size() + r.claims().failed().size() > 0) {
      out().printf("  claims (references, authority): %d held in this run, %d entries with claims unchecked"
          + " (their logs not given with --peer), %d failing%n", r.claimsHeld(), r.claims().unchecked().size(),
          r.claims().failed().size());
    }
    out().printf("  %.1f s, %.0f entries/s%n", r.seconds(), r.entriesChecked() / Math.max(r.seconds(), 1e-9));
  }
}
