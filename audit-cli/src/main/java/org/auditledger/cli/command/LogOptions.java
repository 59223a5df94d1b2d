package org.auditledger.cli.command;

import java.util.ArrayList;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.cosignature.QuorumNotMetException;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.cosignature.WitnessedCheckpoint;
import org.auditledger.protocol.note.NoteVerifierKey;
import picocli.CommandLine.Option;

/** Which log to read and whom to trust: shared by verify, watch, get, prove. */
final class LogOptions {
  @Option(names = "--node", required = true, paramLabel = "URL", description = "Node or mirror to read from.")
  String node;

  @Option(names = "--log-key", required = true, paramLabel = "VKEY", description = "The log's trusted verifier key.")
  String logKey;

  @Option(names = "--witness", paramLabel = "VKEY", description = "A trusted witness (cosigner vkey, type 0x04). Repeatable.")
  List<String> witnesses = new ArrayList<>();

  @Option(names = "--quorum", paramLabel = "K", description = "How many --witness cosignatures are required (default: 0).")
  int quorum;

  NoteVerifierKey vkey() throws AuditException {
    return Base.vkey(logKey, "--log-key");
  }

  /**
   * The node's checkpoint opened the one way every command opens it: signed by {@code --log-key},
   * cosigned by {@code --quorum} of the {@code --witness} keys (exit 10 or 15 if not).
   */
  WitnessedCheckpoint trusted(LogClient client) throws AuditException {
    WitnessPolicy policy = policy();
    byte[] note = client.checkpoint();
    try {
      return WitnessedCheckpoint.open(note, vkey(), policy);
    } catch (QuorumNotMetException e) {
      throw new AuditException(ExitCode.WITNESS, "checkpoint from " + client.baseUrl() + ": " + e.getMessage(), e);
    } catch (ProtocolException e) {
      throw new AuditException(ExitCode.CHECKPOINT, "checkpoint from " + client.baseUrl()
          + " is not valid for log key " + logKey + ": " + e.getMessage(), e);
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
