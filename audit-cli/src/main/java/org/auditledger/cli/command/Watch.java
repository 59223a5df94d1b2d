package org.auditledger.cli.command;

import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.state.StateDir;
import org.auditledger.cli.verify.LogVerifier;
import org.auditledger.cli.verify.Progress;
import org.auditledger.cli.verify.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit watch}: follow a log, verifying each new checkpoint and printing new entries. */
@Command(name = "watch", description = "Follow a log: verify each new checkpoint's consistency and print new entries.")
final class Watch extends Base {
  @Mixin
  LogOptions log = new LogOptions();

  @Option(names = "--interval", paramLabel = "SECONDS", description = "Seconds between polls (default: 5).")
  int interval = 5;

  @Option(names = "--count", paramLabel = "N", description = "Stop after N polls (default: never).")
  long count = Long.MAX_VALUE;

  @Override
  void run() throws AuditException {
    StateDir states = state();
    var vkey = log.vkey(states);
    LogVerifier v = new LogVerifier(client(log.url(states)), vkey, log.policy(),
        Runtime.getRuntime().availableProcessors(), Progress.NONE)
        .onEntry((e, index) -> out().printf("%d %s %s %s%n", index, e.payload().kind().jsonName(),
            e.payload().issuerIn(vkey.name()), org.auditledger.cli.render.EntryText.summary(vkey.name(), e)));
    for (long poll = 0; poll < count; poll++) {
      Report r = v.verifyAndSave(states);
      if (r.entriesChecked() > 0) {
        out().printf("# checkpoint %d verified, consistent with %d%n", r.checkpoint().size(), r.previousSize());
      }
      out().flush();
      if (poll + 1 < count) {
        try {
          Thread.sleep(interval * 1000L);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
