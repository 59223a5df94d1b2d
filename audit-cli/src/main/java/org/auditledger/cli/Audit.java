package org.auditledger.cli;

import org.auditledger.cli.command.Commands;
import picocli.CommandLine;

/** The {@code audit} command. */
public final class Audit {
  private Audit() {}

  /** Runs {@code audit} with {@code args} and returns its exit code (for tests and main). */
  public static int run(String... args) {
    return Commands.commandLine().execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static CommandLine commandLine() {
    return Commands.commandLine();
  }
}
