package org.auditledger.protocol.merkle;

/**
 * A perfect subtree: the node at {@code level} (0 for leaves) and {@code index} (counted from the
 * left at that level). It covers the leaves {@code [index << level, (index + 1) << level)}.
 */
public record NodeId(int level, long index) {
  public NodeId {
    if (level < 0 || level > 63) {
      throw new IllegalArgumentException("level " + level + ", want 0..63");
    }
    if (index < 0) {
      throw new IllegalArgumentException("index " + index + ", want >= 0");
    }
  }

  /** The first leaf this node covers. */
  public long firstLeaf() {
    return index << level;
  }

  @Override
  public String toString() {
    return "(" + level + "," + index + ")";
  }
}
