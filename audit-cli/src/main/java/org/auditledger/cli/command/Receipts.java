package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.NodeAnswer;
import org.auditledger.cli.client.OpenedCheckpoints;
import org.auditledger.cli.state.StateDir;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.wire.Receipt;

/**
 * A node's receipt for an envelope filed with it, checked with nothing more from the node (api.md
 * "Submitting"), and kept: shared by {@code audit file} and {@code audit import ocds}.
 */
final class Receipts {
  private Receipts() {}

  /**
   * The receipt in a 200 or 201 answer to filing {@code env} with {@code node}, verified against
   * the log key {@code vkey}: the leaf rebuilt from {@code env} hashes to its leaf hash, the
   * checkpoint is signed by the log, and the inclusion proof verifies.
   *
   * @throws AuditException exit 3 if the answer is not a receipt, exit 12 if it does not verify
   */
  static Receipt verified(LogClient.Response r, LogClient client, String node, NoteVerifierKey vkey, Envelope env)
      throws AuditException {
    return verified(r, client, node, new OpenedCheckpoints(vkey), env);
  }

  /** As above, checkpoints opened through {@code checkpoints} (one signature check per checkpoint). */
  static Receipt verified(LogClient.Response r, LogClient client, String node, OpenedCheckpoints checkpoints,
      Envelope env) throws AuditException {
    NodeAnswer answer = NodeAnswer.parse(r.body(), client.resolve("v1/entries").toString());
    Receipt receipt;
    try {
      receipt = Receipt.fromJson(answer.json(), "the receipt from " + node);
    } catch (ProtocolException e) {
      throw new AuditException(ExitCode.NETWORK, e.getMessage(), e);
    }
    try {
      // The receipt carries what the log added: the leaf is rebuilt from what was filed.
      receipt.verify(env, checkpoints::open);
    } catch (ProtocolException e) {
      throw new AuditException(ExitCode.TREE, "the receipt from " + node + " does not verify: " + e.getMessage(), e);
    }
    return receipt;
  }

  /** Keeps a verified receipt with its envelope under {@code receipts/} of the state; returns the file. */
  static Path save(StateDir state, String node, NoteVerifierKey vkey, Receipt receipt, boolean created, Envelope env)
      throws AuditException {
    return state.saveReceipt(vkey.name(), receipt.index(),
        stored(node, vkey, receipt, created, env).toPrettyString().getBytes(StandardCharsets.UTF_8));
  }

  /** A receipt as kept: where it came from, the receipt, and the envelope it proves. */
  static ObjectNode stored(String node, NoteVerifierKey vkey, Receipt receipt, boolean created, Envelope env) {
    ObjectNode stored = Base.object();
    stored.put("node", node).put("origin", vkey.name()).put("index", receipt.index()).put("created", created);
    stored.setAll(receipt.toJson());
    stored.put("envelope", env.toJson());
    return stored;
  }
}
