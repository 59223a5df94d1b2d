package org.auditledger.protocol.merkle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Perfect-node hashes held in memory: a {@link HashReader} for tests, benchmarks and clients that
 * rebuild a small tree. Storage of a real log lives in the node.
 */
public final class MemoryHashStore implements HashReader, CompactRange.NodeSink {
  private final Map<NodeId, byte[]> nodes = new HashMap<>();

  @Override
  public void completed(NodeId id, byte[] hash) {
    nodes.put(id, hash.clone());
  }

  @Override
  public List<byte[]> read(List<NodeId> ids) {
    List<byte[]> out = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      byte[] h = nodes.get(id);
      if (h == null) {
        throw new IllegalArgumentException("no stored hash for node " + id);
      }
      out.add(h);
    }
    return out;
  }
}
