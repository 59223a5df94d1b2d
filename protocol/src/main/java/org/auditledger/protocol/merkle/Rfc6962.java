package org.auditledger.protocol.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Hashing of RFC 6962 §2.1 (RFC 9162 §2.1.1), with SHA-256. */
public final class Rfc6962 {
  /** Length of every hash in bytes. */
  public static final int HASH_SIZE = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final byte[] EMPTY_ROOT = sha256().digest();

  private Rfc6962() {}

  /** The leaf hash {@code SHA-256(0x00 || leaf)}. */
  public static byte[] leafHash(byte[] leaf) {
    MessageDigest d = sha256();
    d.update(LEAF_PREFIX);
    d.update(leaf);
    return d.digest();
  }

  /** The interior node hash {@code SHA-256(0x01 || left || right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest d = sha256();
    d.update(NODE_PREFIX);
    d.update(left);
    d.update(right);
    return d.digest();
  }

  /** The root of the empty tree: {@code SHA-256()} of the empty string (RFC 6962 §2.1). */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
