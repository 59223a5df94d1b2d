package org.auditledger.cli.command;

import java.util.ArrayList;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.state.LogName;
import org.auditledger.cli.state.StateDir;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.cosignature.QuorumNotMetException;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.cosignature.WitnessedCheckpoint;
import org.auditledger.protocol.note.NoteVerifierKey;
import picocli.CommandLine.Option;

/**
 * Which log to read and whom to trust: shared by verify, watch, get, search, prove. A log is
 * given by {@code --log NAME} (added with {@code audit log add}) or by {@code --node} and
 * {@code --log-key}; {@code --node} alone with {@code --log} reads the named log from another
 * node or mirror.
 */
final class LogOptions {
  @Option(names = "--log", paramLabel = "NAME", description = "A log added with audit log add (its URL and key).")
  String name;

  @Option(names = "--node", paramLabel = "URL", description = "Node or mirror to read from.")
  String node;

  @Option(names = "--log-key", paramLabel = "VKEY", description = "The log's trusted verifier key.")
  String logKey;

  @Option(names = "--witness", paramLabel = "VKEY", description = "A trusted witness (cosigner vkey, type 0x04). Repeatable.")
  List<String> witnesses = new ArrayList<>();

  @Option(names = "--quorum", paramLabel = "K", description = "How many --witness cosignatures are required (default: 0).")
  int quorum;

  private LogName named(StateDir states) throws AuditException {
    return name == null ? null : LogNames.get(states, name, "--log");
  }

  /** The URL of the node to read from. */
  String url(StateDir states) throws AuditException {
    if (node != null) {
      return node;
    }
    LogName n = named(states);
    if (n == null) {
      throw new AuditException(ExitCode.USAGE, "give the log with --log NAME, or with --node URL and --log-key VKEY");
    }
    return n.url();
  }

  NoteVerifierKey vkey(StateDir states) throws AuditException {
    if (logKey != null) {
      return Base.vkey(logKey, "--log-key");
    }
    LogName n = named(states);
    if (n == null) {
      throw new AuditException(ExitCode.USAGE, "give the log's trusted key with --log-key VKEY, or the log with --log NAME");
    }
    return Base.vkey(n.vkey(), "the key of log \"" + name + "\"");
  }

  /**
   * The node's checkpoint opened the one way every command opens it: signed by the log's key,
   * cosigned by {@code --quorum} of the {@code --witness} keys (exit 10 or 15 if not).
   */
  WitnessedCheckpoint trusted(LogClient client, StateDir states) throws AuditException {
    return trusted(client, vkey(states), policy());
  }

  /**
   * A node's checkpoint of the log with key {@code vkey}, under {@code policy}: the one way a
   * command opens a checkpoint, whichever log it is of (another log named by a reference or an
   * authority is opened with {@link WitnessPolicy#none()}, as no witnesses were given for it).
   */
  static WitnessedCheckpoint trusted(LogClient client, NoteVerifierKey vkey, WitnessPolicy policy) throws AuditException {
    byte[] note = client.checkpoint();
    try {
      return WitnessedCheckpoint.open(note, vkey, policy);
    } catch (QuorumNotMetException e) {
      throw new AuditException(ExitCode.WITNESS, "checkpoint from " + client.baseUrl() + ": " + e.getMessage(), e);
    } catch (ProtocolException e) {
      throw new AuditException(ExitCode.CHECKPOINT, "checkpoint from " + client.baseUrl()
          + " is not valid for log key " + vkey.encode() + ": " + e.getMessage(), e);
    }
  }

  WitnessPolicy policy() throws AuditException {
    List<NoteVerifierKey> ws = new ArrayList<>();
    for (String w : witnesses) {
      ws.add(Base.vkey(w, "--witness"));
    }
    try {
      return new WitnessPolicy(ws, quorum);
    } catch (IllegalArgumentException e) {
      throw new AuditException(ExitCode.USAGE, "--witness/--quorum: " + e.getMessage(), e);
    }
  }
}
