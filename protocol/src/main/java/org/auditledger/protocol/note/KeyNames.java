package org.auditledger.protocol.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.auditledger.protocol.MalformedException;

/** Key names and key ids of C2SP signed-note. */
public final class KeyNames {
  /** Signature type byte of plain Ed25519 note signatures. */
  public static final byte TYPE_ED25519 = 0x01;
  /** Signature type byte of C2SP tlog-cosignature v1 (timestamped Ed25519). */
  public static final byte TYPE_COSIGNATURE_V1 = 0x04;

  private KeyNames() {}

  /**
   * Checks a key name: non-empty, no Unicode space, no '+' (C2SP signed-note §Format).
   *
   * @throws MalformedException naming the fault
   */
  public static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new MalformedException("key name is empty");
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (cp == '+' || Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp < 0x20) {
        throw new MalformedException(
            "key name \"" + name + "\" contains a space, control character or '+' at offset " + i);
      }
      i += Character.charCount(cp);
    }
    return name;
  }

  /** {@code SHA-256(name || 0x0A || type || publicKey)[:4]} as a big-endian int. */
  public static int keyId(String name, byte type, byte[] publicKey) {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    d.update(name.getBytes(StandardCharsets.UTF_8));
    d.update((byte) 0x0A);
    d.update(type);
    d.update(publicKey);
    byte[] h = d.digest();
    return ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
  }

  static String hex8(int keyId) {
    return String.format("%08x", keyId);
  }
}
