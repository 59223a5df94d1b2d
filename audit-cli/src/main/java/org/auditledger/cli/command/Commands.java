package org.auditledger.cli.command;

import org.auditledger.cli.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code audit} command and its subcommands. */
@Command(name = "audit", mixinStandardHelpOptions = true, version = "audit 0.1.0",
    description = "File signed entries with Citizen Audit Ledger nodes, and verify any log.",
    subcommands = {Keygen.class, FileEntry.class, Verify.class, Watch.class, Get.class, Search.class,
        Prove.class, VerifyBundle.class, LogNames.class, Findings.class, Stats.class, ThreadOf.class, Export.class,
        Budget.class, Flags.class, ImportCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success", "2:invalid command line", "3:network failure", "4:bad local file",
        "5:entry refused by the node",
        "6:log intact, but claims of some entries do not hold",
        "7:the node's derived answer differs from the verified one (--compare)", "10:bad checkpoint signature", "11:inconsistent log (fork or rollback)",
        "12:entries do not match the signed tree", "13:bad entry (format, signature, schema, chain)",
        "14:unauthorized signer", "15:witness quorum not met"})
public final class Commands implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give a command; see audit --help");
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Commands());
    cl.setExitCodeExceptionMapper(t -> ExitCode.USAGE.code());
    return cl;
  }
}
