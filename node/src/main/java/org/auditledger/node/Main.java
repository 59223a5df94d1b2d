package org.auditledger.node;

import picocli.CommandLine;

/**
 * {@code java -jar audit-node.jar [run|init|restore] [options]}: see {@link NodeCommand}. A
 * running node lives until SIGTERM; every other command exits with its code.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine cl;
    try {
      cl = NodeCommand.commandLine(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("audit-node: " + e.getMessage());
      System.exit(2);
      return;
    }
    int code = cl.execute(args);
    if (code != 0 || !NodeCommand.serving) {
      System.exit(code);
    }
  }
}
