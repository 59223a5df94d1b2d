package org.auditledger.protocol.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies inclusion (RFC 9162 §2.1.3.2) and consistency (RFC 9162 §2.1.4.2) proofs. The proof's
 * exact length is checked before anything is hashed, so a proof with a hash added or removed is
 * refused with the counts, not with a root mismatch.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  /**
   * Checks that {@code leafHash} is at {@code index} in the tree of {@code size} leaves with root
   * {@code root}.
   *
   * @throws InvalidProofException with the reason if it is not
   */
  public static void verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
    byte[] computed = rootFromInclusion(index, size, leafHash, proof);
    if (!MessageDigest.isEqual(computed, checkHash(root, "root"))) {
      throw new RootMismatchException(
          "inclusion proof for index " + index + " in tree size " + size, root, computed);
    }
  }

  /** The root that an inclusion proof implies (RFC 9162 §2.1.3.2 steps 1–5). */
  public static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof) {
    if (index < 0 || index >= size) {
      throw new InvalidProofException(
          "inclusion proof index " + index + " is outside tree size " + size);
    }
    int want = inclusionProofSize(index, size);
    if (proof.size() != want) {
      throw new InvalidProofException(
          "wrong inclusion proof size " + proof.size() + ", want " + want
              + " for index " + index + " in tree size " + size);
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = checkHash(leafHash, "leaf hash");
    for (int i = 0; i < proof.size(); i++) {
      byte[] p = checkHash(proof.get(i), "inclusion proof[" + i + "]");
      if ((fn & 1) == 1 || fn == sn) {
        r = Rfc6962.nodeHash(p, r);
        if ((fn & 1) == 0) {
          // Right-edge node with no right sibling: skip levels until fn is a right child.
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = Rfc6962.nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    // The length check above guarantees sn == 0 here; RFC 9162 still asks for the test.
    if (sn != 0) {
      throw new InvalidProofException("inclusion proof too short for tree size " + size);
    }
    return r;
  }

  /**
   * Checks that the tree of {@code size2} leaves with root {@code root2} extends the tree of
   * {@code size1} leaves with root {@code root1}.
   *
   * @throws InvalidProofException with the reason if it does not
   */
  public static void verifyConsistency(
      long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
    checkHash(root1, "first root");
    checkHash(root2, "second root");
    if (size1 < 0 || size2 < size1) {
      throw new InvalidProofException(
          "consistency from size " + size1 + " to " + size2 + ": sizes must not shrink");
    }
    int want = consistencyProofSize(size1, size2);
    if (proof.size() != want) {
      throw new InvalidProofException(
          "wrong consistency proof size " + proof.size() + ", want " + want
              + " from size " + size1 + " to " + size2);
    }
    if (size1 == size2) {
      if (!MessageDigest.isEqual(root1, root2)) {
        throw new RootMismatchException(
            "consistency proof between two trees of size " + size1, root1, root2);
      }
      return;
    }
    if (size1 == 0) {
      // Every tree extends the empty tree; RFC 9162 §2.1.4.1 gives an empty proof.
      return;
    }
    for (int i = 0; i < proof.size(); i++) {
      checkHash(proof.get(i), "consistency proof[" + i + "]");
    }
    // RFC 9162 §2.1.4.2.
    int start = 0;
    boolean powerOfTwo = (size1 & (size1 - 1)) == 0;
    byte[] seed = powerOfTwo ? root1 : proof.get(0);
    if (!powerOfTwo) {
      start = 1;
    }
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = seed;
    byte[] sr = seed;
    for (int i = start; i < proof.size(); i++) {
      byte[] c = proof.get(i);
      if (sn == 0) {
        throw new InvalidProofException("consistency proof too long at element " + i);
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Rfc6962.nodeHash(c, fr);
        sr = Rfc6962.nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = Rfc6962.nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new InvalidProofException("consistency proof too short for size " + size2);
    }
    if (!MessageDigest.isEqual(fr, root1)) {
      throw new RootMismatchException(
          "consistency proof from size " + size1 + ": old tree", root1, fr);
    }
    if (!MessageDigest.isEqual(sr, root2)) {
      throw new RootMismatchException(
          "consistency proof to size " + size2 + ": new tree", root2, sr);
    }
  }

  /** The number of hashes in the inclusion proof of {@code index} in a tree of {@code size}. */
  public static int inclusionProofSize(long index, long size) {
    // Levels where the path has a sibling: bits below the point where index and size-1 diverge,
    // plus the levels above where index is a right child or the right edge still has a sibling.
    long last = size - 1;
    int inner = 64 - Long.numberOfLeadingZeros(index ^ last);
    int border = Long.bitCount(index >>> inner);
    return inner + border;
  }

  /** The number of hashes in the consistency proof between sizes {@code size1 <= size2}. */
  public static int consistencyProofSize(long size1, long size2) {
    if (size1 == 0 || size1 == size2) {
      return 0;
    }
    long last = size2 - 1;
    long index = size1 - 1;
    int inner = 64 - Long.numberOfLeadingZeros(index ^ last);
    int border = Long.bitCount(index >>> inner);
    int shift = Long.numberOfTrailingZeros(size1);
    // The old root is the seed when size1 is a power of two: one hash fewer.
    boolean powerOfTwo = (size1 & (size1 - 1)) == 0;
    return inner + border - shift + (powerOfTwo ? 0 : 1);
  }

  static byte[] checkHash(byte[] h, String what) {
    if (h == null || h.length != Rfc6962.HASH_SIZE) {
      throw new InvalidProofException(
          what + " has " + (h == null ? "no" : h.length) + " bytes, want " + Rfc6962.HASH_SIZE);
    }
    return h;
  }
}
