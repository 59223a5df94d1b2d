package org.auditledger.protocol.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * A literal transcription of RFC 6962 §2.1 (MTH, PATH, PROOF and SUBPROOF), recursive and slow,
 * against which the production code is cross-checked.
 */
final class ReferenceMerkle {
  private ReferenceMerkle() {}

  /** MTH(D[n]) over leaf hashes. */
  static byte[] mth(List<byte[]> d) {
    int n = d.size();
    if (n == 0) {
      return Rfc6962.emptyRoot();
    }
    if (n == 1) {
      return d.get(0);
    }
    int k = largestPowerOfTwoBelow(n);
    return Rfc6962.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, n)));
  }

  /** PATH(m, D[n]) of RFC 6962 §2.1.1. */
  static List<byte[]> path(int m, List<byte[]> d) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (n == 1) {
      return out;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(path(m - k, d.subList(k, n)));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  /** PROOF(m, D[n]) of RFC 6962 §2.1.2. */
  static List<byte[]> proof(int m, List<byte[]> d) {
    if (m == 0 || m == d.size()) {
      return new ArrayList<>();
    }
    return subproof(m, d, true);
  }

  private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  private static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }
}
