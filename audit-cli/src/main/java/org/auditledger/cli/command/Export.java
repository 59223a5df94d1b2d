package org.auditledger.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code audit export FORMAT}: a verified log's entries in another standard's format. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a log's verified entries in another standard's format: audit export ocds.",
    subcommands = {ExportOcds.class})
final class Export implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give a format: ocds; see audit export --help");
  }
}
