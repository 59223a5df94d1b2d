package org.auditledger.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import picocli.CommandLine.Option;

/**
 * Where a passphrase comes from: {@code --passphrase-file}, else the environment variable
 * {@code AUDIT_PASSPHRASE}, else a prompt on the terminal. Never from the command line itself.
 */
final class Passphrase {
  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Read the key passphrase from the first line of FILE (else $AUDIT_PASSPHRASE, else a prompt).")
  Path file;

  char[] get(String purpose, boolean confirm) throws AuditException {
    if (file != null) {
      try {
        String line = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        return check(line.toCharArray(), "passphrase file " + file);
      } catch (IOException e) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "cannot read passphrase file " + file + ": " + e.getMessage(), e);
      }
    }
    String env = System.getenv("AUDIT_PASSPHRASE");
    if (env != null) {
      return check(env.toCharArray(), "AUDIT_PASSPHRASE");
    }
    if (System.console() == null) {
      throw new AuditException(ExitCode.LOCAL_INPUT, purpose
          + " needs a passphrase: give --passphrase-file FILE or set AUDIT_PASSPHRASE");
    }
    char[] p = System.console().readPassword("passphrase for %s: ", purpose);
    if (confirm && !java.util.Arrays.equals(p, System.console().readPassword("again: "))) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "the two passphrases differ");
    }
    return check(p, "the passphrase");
  }

  private static char[] check(char[] p, String what) throws AuditException {
    if (p == null || p.length == 0) {
      throw new AuditException(ExitCode.LOCAL_INPUT, what + " is empty");
    }
    return p;
  }
}
