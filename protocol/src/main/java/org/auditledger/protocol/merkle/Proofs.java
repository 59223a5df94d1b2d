package org.auditledger.protocol.merkle;

/**
 * Plans inclusion and consistency proofs (RFC 6962 §2.1.1 and §2.1.2; RFC 9162 §2.1.3.1 and
 * §2.1.4.1). Proof hashes are ordered bottom-up, as both RFCs specify.
 */
public final class Proofs {
  private Proofs() {}

  /** The plan of the inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
  public static ProofPlan inclusion(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "inclusion proof for index " + index + " in tree size " + size + ", want 0 <= index < size");
    }
    ProofPlan.Builder plan = new ProofPlan.Builder();
    path(index, 0, size, plan);
    return plan.build();
  }

  /** The plan of the consistency proof between trees of sizes {@code from} and {@code to}. */
  public static ProofPlan consistency(long from, long to) {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(
          "consistency proof from size " + from + " to " + to + ", want 0 <= from <= to");
    }
    ProofPlan.Builder plan = new ProofPlan.Builder();
    // RFC 9162 §2.1.4.1: the proof between equal sizes, or from the empty tree, is empty.
    if (from > 0 && from < to) {
      subproof(from, 0, to, true, plan);
    }
    return plan.build();
  }

  // PATH(m, D[start:start+n]) of RFC 6962 §2.1.1, emitting siblings bottom-up.
  private static void path(long m, long start, long n, ProofPlan.Builder plan) {
    if (n == 1) {
      return;
    }
    long k = Ranges.split(n);
    if (m < k) {
      path(m, start, k, plan);
      plan.addRange(start + k, n - k);
    } else {
      path(m - k, start + k, n - k, plan);
      plan.addRange(start, k);
    }
  }

  // SUBPROOF(m, D[start:start+n], b) of RFC 6962 §2.1.2.
  private static void subproof(long m, long start, long n, boolean b, ProofPlan.Builder plan) {
    if (m == n) {
      if (!b) {
        plan.addRange(start, n);
      }
      return;
    }
    long k = Ranges.split(n);
    if (m <= k) {
      subproof(m, start, k, b, plan);
      plan.addRange(start + k, n - k);
    } else {
      subproof(m - k, start + k, n - k, false, plan);
      plan.addRange(start, k);
    }
  }
}
