package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.state.StateDir;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.note.NoteVerifierKey;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every command shares: output, the state directory, and failure reporting. */
abstract class Base implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--json", description = "Print one JSON object on stdout, for scripts.")
  boolean json;

  @Option(names = "--state", paramLabel = "DIR",
      description = "State directory (default: $AUDIT_STATE, else $XDG_STATE_HOME/audit, else $HOME/.audit).")
  Path stateDir;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "Deadline of each request to a node, from connecting to the last byte (default: 60).")
  int timeoutSeconds = (int) LogClient.DEFAULT_TIMEOUT.toSeconds();

  java.time.Duration timeout() {
    return java.time.Duration.ofSeconds(Math.max(1, timeoutSeconds));
  }

  /** A client of {@code url} with this command's deadline. */
  LogClient client(String url) throws AuditException {
    try {
      return new LogClient(url, timeout());
    } catch (IllegalArgumentException e) {
      throw new AuditException(ExitCode.USAGE, "\"" + url + "\" is not a URL: " + e.getMessage(), e);
    }
  }

  StateDir state() {
    return new StateDir(stateDir != null ? stateDir : StateDir.defaultRoot());
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  static ObjectNode object() {
    return StrictJson.mapper().createObjectNode();
  }

  static NoteVerifierKey vkey(String s, String option) throws AuditException {
    try {
      return NoteVerifierKey.parse(s);
    } catch (MalformedException e) {
      throw new AuditException(ExitCode.USAGE, option + ": " + e.getMessage(), e);
    }
  }

  /** The exit status of a run that ends without a failure: OK, or CLAIMS after a full report. */
  ExitCode result = ExitCode.OK;

  @Override
  public final Integer call() {
    try {
      run();
      return result.code();
    } catch (AuditException e) {
      return fail(e);
    } catch (RuntimeException e) {
      // A bug, or input no check foresaw: reported in one line, never as a stack trace.
      return fail(new AuditException(ExitCode.INTERNAL, "unexpected failure: " + e
          + " (please report it with the command you ran)", e));
    }
  }

  abstract void run() throws AuditException;

  /** Reports a failure on stderr (or as JSON on stdout) and returns its exit code. */
  int fail(AuditException e) {
    if (json) {
      ObjectNode o = object();
      o.put("ok", false);
      o.put("failure", e.code().slug());
      o.put("exitCode", e.code().code());
      if (e.entryIndex() != null) {
        o.put("entry", e.entryIndex());
      }
      if (e.rule() != null) {
        o.put("rule", e.rule());
      }
      o.put("detail", e.getMessage());
      if (e.evidence() != null) {
        o.set("evidence", e.evidence().toJson());
      }
      out().println(o.toPrettyString());
    }
    err().println("audit: " + e.code().meaning() + ":");
    err().println("  " + e.getMessage());
    if (e.entryIndex() != null) {
      err().println("  first bad entry: " + e.entryIndex() + (e.rule() != null ? ", rule: " + e.rule() : ""));
    }
    if (e.evidence() != null) {
      err().println("  this is proof against the log, checkable with its key alone: " + e.evidence().describe());
      err().println("  (--json prints it as evidence to publish)");
    }
    err().flush();
    out().flush();
    return e.code().code();
  }
}
