package org.auditledger.protocol.key;

import java.util.Arrays;
import java.util.Base64;
import org.auditledger.protocol.MalformedException;

/**
 * Ed25519 private keys as unencrypted PKCS#8 PEM (RFC 8410 §7), the form {@code openssl genpkey
 * -algorithm ed25519} writes and reads. The DER is fixed: a 16-byte prefix and the 32-byte seed.
 */
public final class Pkcs8 {
  // SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }
  private static final byte[] PREFIX = {
      0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private Pkcs8() {}

  public static String encode(Ed25519KeyPair key) {
    return BEGIN + "\n" + Base64.getEncoder().encodeToString(toDer(key)) + "\n" + END + "\n";
  }

  /** The PKCS#8 DER of a key (48 bytes). */
  public static byte[] toDer(Ed25519KeyPair key) {
    byte[] der = Arrays.copyOf(PREFIX, PREFIX.length + Ed25519KeyPair.SEED_SIZE);
    System.arraycopy(key.seed(), 0, der, PREFIX.length, Ed25519KeyPair.SEED_SIZE);
    return der;
  }

  /**
   * The key of a PKCS#8 DER; {@code what} names it in errors.
   *
   * @throws MalformedException if it is not an Ed25519 PKCS#8 key
   */
  public static Ed25519KeyPair fromDer(byte[] der, String what) {
    if (der.length != PREFIX.length + Ed25519KeyPair.SEED_SIZE
        || !Arrays.equals(Arrays.copyOf(der, PREFIX.length), PREFIX)) {
      throw new MalformedException(what + " is not an Ed25519 private key (RFC 8410 PKCS#8)");
    }
    return Ed25519KeyPair.fromSeed(Arrays.copyOfRange(der, PREFIX.length, der.length));
  }

  /**
   * Decodes a PEM private key; {@code what} names the file in errors.
   *
   * @throws MalformedException if it is not an unencrypted Ed25519 PKCS#8 key
   */
  public static Ed25519KeyPair decode(String pem, String what) {
    String s = pem.strip();
    if (s.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new MalformedException(what + " is an encrypted key; a passphrase is needed");
    }
    if (!s.startsWith(BEGIN) || !s.endsWith(END)) {
      throw new MalformedException(what + " is not a PEM private key (" + BEGIN + " ... " + END + ")");
    }
    String body = s.substring(BEGIN.length(), s.length() - END.length()).replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(what + ": the PEM body is not base64");
    }
    return fromDer(der, what);
  }
}
