package org.auditledger.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code audit import FORMAT}: published data filed as entries; one subcommand per format. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "File published data as entries.",
    subcommands = ImportOcds.class)
final class ImportCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give what to import: audit import ocds FILE|-");
  }
}
