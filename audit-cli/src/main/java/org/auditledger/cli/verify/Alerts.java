package org.auditledger.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.LogClient;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;

/**
 * Evidence of equivocation about one log, gathered from nodes' {@code /v1/alerts}. Only what
 * proves itself counts: two checkpoints both signed by the trusted log key, of the same size,
 * with different roots.
 */
public final class Alerts {
  private Alerts() {}

  /** One proven equivocation: where it was found, and the two contradicting checkpoints. */
  public record Equivocation(String node, Checkpoint first, Checkpoint second) {
    @Override
    public String toString() {
      return "two checkpoints of size " + first.size() + " signed by the log key with different roots ("
          + first + " and " + second + "), reported by " + node;
    }
  }

  public static List<Equivocation> find(List<String> nodes, NoteVerifierKey logKey) throws AuditException {
    List<Equivocation> out = new ArrayList<>();
    for (String node : nodes) {
      JsonNode alerts = StrictJson.parse(new LogClient(node).get("v1/alerts"), "alerts from " + node).get("alerts");
      for (JsonNode a : alerts) {
        if (!logKey.name().equals(a.path("origin").asText()) || a.path("checkpoints").size() != 2) {
          continue;
        }
        try {
          Checkpoint c1 = SignedCheckpoint.open(a.get("checkpoints").get(0).asText().getBytes(StandardCharsets.UTF_8), logKey).checkpoint();
          Checkpoint c2 = SignedCheckpoint.open(a.get("checkpoints").get(1).asText().getBytes(StandardCharsets.UTF_8), logKey).checkpoint();
          if (c1.size() == c2.size() && !Arrays.equals(c1.rootHash(), c2.rootHash())) {
            out.add(new Equivocation(node, c1, c2));
          }
        } catch (RuntimeException notProof) {
          // Evidence that does not verify with the trusted key proves nothing about this log.
        }
      }
    }
    return out;
  }
}
