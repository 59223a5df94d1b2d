package org.auditledger.protocol.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which perfect nodes a proof needs, and how to fold them into the proof's hashes.
 *
 * <p>Each proof element is either one perfect node or an ephemeral right-edge node; the latter is
 * recomputed from a run of perfect nodes, listed left to right, folded from the right as RFC 6962
 * §2.1 splits {@code D[k:n]} at the largest power of two below its size.
 */
public final class ProofPlan {
  private final List<NodeId> nodes;
  /** groupEnds.get(i) is the exclusive end, in {@link #nodes}, of the run for proof element i. */
  private final List<Integer> groupEnds;

  private ProofPlan(List<NodeId> nodes, List<Integer> groupEnds) {
    this.nodes = Collections.unmodifiableList(nodes);
    this.groupEnds = Collections.unmodifiableList(groupEnds);
  }

  /** The perfect nodes to read, in the order {@link #rehash} expects their hashes. */
  public List<NodeId> nodes() {
    return nodes;
  }

  /** The number of hashes in the finished proof. */
  public int proofSize() {
    return groupEnds.size();
  }

  /** Builds the proof from the hashes of {@link #nodes()}, given in the same order. */
  public List<byte[]> rehash(List<byte[]> hashes) {
    if (hashes.size() != nodes.size()) {
      throw new IllegalArgumentException(
          "hash reader returned " + hashes.size() + " hashes, want " + nodes.size());
    }
    List<byte[]> proof = new ArrayList<>(groupEnds.size());
    int start = 0;
    for (int end : groupEnds) {
      byte[] h = checked(hashes, end - 1);
      for (int i = end - 2; i >= start; i--) {
        h = Rfc6962.nodeHash(checked(hashes, i), h);
      }
      proof.add(h);
      start = end;
    }
    return proof;
  }

  /** Reads the nodes through {@code reader} and builds the proof. */
  public List<byte[]> fetch(HashReader reader) {
    return rehash(reader.read(nodes));
  }

  private byte[] checked(List<byte[]> hashes, int i) {
    byte[] h = hashes.get(i);
    if (h == null || h.length != Rfc6962.HASH_SIZE) {
      throw new IllegalArgumentException(
          "hash reader returned " + (h == null ? "null" : h.length + " bytes")
              + " for node " + nodes.get(i) + ", want " + Rfc6962.HASH_SIZE + " bytes");
    }
    return h;
  }

  static final class Builder {
    private final List<NodeId> nodes = new ArrayList<>();
    private final List<Integer> groupEnds = new ArrayList<>();

    /** Adds one proof element: the hash of leaves {@code [start, start + size)}. */
    void addRange(long start, long size) {
      Ranges.decompose(start, size, nodes);
      groupEnds.add(nodes.size());
    }

    ProofPlan build() {
      return new ProofPlan(nodes, groupEnds);
    }
  }
}
