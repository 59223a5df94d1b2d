package org.auditledger.protocol.derived;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 trailer of a kept file of derived facts or figures. */
final class Digest {
  private Digest() {}

  static byte[] sha256(byte[] bytes) {
    return sha256(bytes, bytes.length);
  }

  private static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(bytes, 0, length);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the 32 bytes after {@code end} are the SHA-256 of the bytes before it. */
  static boolean matches(byte[] bytes, int end) {
    return MessageDigest.isEqual(sha256(bytes, end), java.util.Arrays.copyOfRange(bytes, end, end + 32));
  }
}
