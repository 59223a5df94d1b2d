package org.auditledger.cli.command;

import java.util.SortedMap;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.state.LogName;
import org.auditledger.cli.state.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code audit log add|list|remove}: logs known by a short name, like git remotes, so that a log
 * is given as {@code --log town} or {@code --peer town} instead of a URL and an 80-character key.
 */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Name the logs you use: audit log add NAME URL VKEY, list, remove NAME.",
    subcommands = {LogNames.Add.class, LogNames.ListNames.class, LogNames.Remove.class})
final class LogNames implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give add, list or remove; see audit log --help");
  }

  /** The log named {@code name}, or a usage failure naming {@code option}. */
  static LogName get(StateDir states, String name, String option) throws AuditException {
    LogName n = states.loadNames().get(name);
    if (n == null) {
      throw new AuditException(ExitCode.USAGE, option + " " + name + ": no log of that name; add it with"
          + " audit log add " + name + " URL VKEY (known: " + states.loadNames().keySet() + ")");
    }
    return n;
  }

  /**
   * A log given as {@code NAME} (audit log add) or {@code URL,VKEY}, read as the node reads its
   * peers; {@code option} names the option in errors.
   */
  static org.auditledger.protocol.wire.PeerSpec spec(StateDir states, String value, String option)
      throws AuditException {
    if (value.indexOf(',') < 0) {
      LogName n = get(states, value, option);
      return new org.auditledger.protocol.wire.PeerSpec(n.url(), Base.vkey(n.vkey(), option + " " + value));
    }
    try {
      var p = org.auditledger.protocol.wire.PeerSpec.parse(value, option + " " + value);
      if (p.url() != null) {
        return p;
      }
    } catch (org.auditledger.protocol.MalformedException e) {
      throw new AuditException(ExitCode.USAGE, e.getMessage() + " (or a NAME added with audit log add)", e);
    }
    throw new AuditException(ExitCode.USAGE, option + " " + value + ": want NAME or URL,VKEY");
  }

  @Command(name = "add", description = "Name a log: its node's URL and its trusted verifier key.")
  static final class Add extends Base {
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "URL") String url;
    @Parameters(index = "2", paramLabel = "VKEY") String vkey;

    @Override
    void run() throws AuditException {
      if (!name.matches(NAME)) {
        throw new AuditException(ExitCode.USAGE, "log name \"" + name + "\": letters, digits, . _ -, at most 64");
      }
      client(url);
      String origin = vkey(vkey, "VKEY").name();
      SortedMap<String, LogName> names = state().loadNames();
      LogName old = names.put(name, new LogName(name, url, vkey));
      state().saveNames(names);
      out().println((old == null ? "added " : "replaced ") + name + ": " + origin + " at " + url);
    }
  }

  @Command(name = "list", description = "List the named logs.")
  static final class ListNames extends Base {
    @Override
    void run() throws AuditException {
      SortedMap<String, LogName> names = state().loadNames();
      if (json) {
        var o = object();
        var logs = o.putObject("logs");
        names.forEach((k, v) -> logs.putObject(k).put("url", v.url()).put("vkey", v.vkey()));
        out().println(o.toPrettyString());
        return;
      }
      names.values().forEach(n -> out().println(n.name() + "\t" + n.url() + "\t" + n.vkey()));
    }
  }

  @Command(name = "remove", description = "Forget a log's name (its verified state is kept).")
  static final class Remove extends Base {
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    void run() throws AuditException {
      SortedMap<String, LogName> names = state().loadNames();
      if (names.remove(name) == null) {
        throw new AuditException(ExitCode.USAGE, "no log named " + name);
      }
      state().saveNames(names);
      out().println("removed " + name);
    }
  }
}
