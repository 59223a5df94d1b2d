package org.auditledger.protocol.merkle;

import java.util.List;

/** Splits leaf ranges into perfect subtrees. */
final class Ranges {
  private Ranges() {}

  /**
   * Appends to {@code out}, left to right, the perfect nodes whose concatenation is the leaf range
   * {@code [start, start + size)}. The range must be one RFC 6962 §2.1 recursion produces: {@code
   * start} is a multiple of the smallest power of two not below {@code size}, so the nodes are the
   * binary digits of {@code size} from the highest down.
   */
  static void decompose(long start, long size, List<NodeId> out) {
    if (size <= 0) {
      throw new IllegalArgumentException("range size " + size + ", want > 0");
    }
    long pos = start;
    for (int level = 63 - Long.numberOfLeadingZeros(size); level >= 0; level--) {
      long width = 1L << level;
      if ((size & width) != 0) {
        out.add(new NodeId(level, pos >>> level));
        pos += width;
      }
    }
  }

  /** The largest power of two strictly below {@code n}, for {@code n >= 2} (RFC 6962 §2.1's k). */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }
}
