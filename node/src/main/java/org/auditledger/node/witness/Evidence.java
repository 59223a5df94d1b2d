package org.auditledger.node.witness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.auditledger.node.NodeMetrics;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.note.NoteVerifierKey;

/**
 * Records evidence against a peer log in this node's store ({@code /v1/alerts}): the two signed
 * checkpoints that cannot both be true, and the log key that signed both, so anyone can check it.
 */
public final class Evidence {
  private final LogStore store;
  private final NodeMetrics metrics;

  public Evidence(LogStore store, NodeMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /**
   * @param type "equivocation" (same size, different roots) or "inconsistent" (no valid proof)
   * @param proof the consistency proof offered, if any
   */
  public synchronized void record(String type, NoteVerifierKey logKey, byte[] known, byte[] offered,
      long oldSize, List<byte[]> proof, String detail, Instant now) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("type", type).put("origin", logKey.name()).put("detected", now.toString()).put("detail", detail);
    o.put("logKey", logKey.encode());
    o.putArray("checkpoints").add(new String(known, StandardCharsets.UTF_8)).add(new String(offered, StandardCharsets.UTF_8));
    o.put("oldSize", oldSize);
    var p = o.putArray("proof");
    proof.forEach(h -> p.add(Base64.getEncoder().encodeToString(h)));
    store.addEvidence(o.toString().getBytes(StandardCharsets.UTF_8));
    metrics.equivocation(type);
  }
}
