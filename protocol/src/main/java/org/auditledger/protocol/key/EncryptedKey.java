package org.auditledger.protocol.key;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.auditledger.protocol.MalformedException;

/**
 * Passphrase-encrypted private keys: PKCS#8 EncryptedPrivateKeyInfo with PBES2 (PBKDF2 with
 * HMAC-SHA256, AES-256-CBC), the form {@code openssl genpkey -algorithm ed25519 -aes-256-cbc}
 * writes and reads. Used by {@code audit keygen --encrypt} and by the node for the registrar key.
 */
public final class EncryptedKey {
  public static final String BEGIN = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
  public static final String END = "-----END ENCRYPTED PRIVATE KEY-----";
  private static final String PBES2 = "PBEWithHmacSHA256AndAES_256";
  /** PBKDF2 iterations: slow enough to resist guessing, about a quarter second here. */
  private static final int ITERATIONS = 310_000;

  /** The passphrase does not decrypt the key. */
  public static final class WrongPassphraseException extends MalformedException {
    private static final long serialVersionUID = 1L;

    WrongPassphraseException(String what, Throwable cause) {
      super("wrong passphrase for " + what, cause);
    }
  }

  private EncryptedKey() {}

  /** The PEM of {@code key} encrypted with {@code passphrase}, with a fresh salt and IV. */
  public static String encrypt(Ed25519KeyPair key, char[] passphrase) {
    try {
      SecureRandom random = new SecureRandom();
      byte[] salt = new byte[16];
      byte[] iv = new byte[16];
      random.nextBytes(salt);
      random.nextBytes(iv);
      SecretKey k = SecretKeyFactory.getInstance(PBES2).generateSecret(new PBEKeySpec(passphrase));
      Cipher c = Cipher.getInstance(PBES2);
      c.init(Cipher.ENCRYPT_MODE, k, new PBEParameterSpec(salt, ITERATIONS, new IvParameterSpec(iv)));
      byte[] enc = c.doFinal(Pkcs8.toDer(key));
      // RFC 5958 EncryptedPrivateKeyInfo, written by hand: JDK 17's constructor does not know the
      // PBES2 algorithm name. SEQUENCE { SEQUENCE { OID pbes2, PBES2-params }, OCTET STRING }.
      byte[] algId = tlv(0x30, concat(PBES2_OID, c.getParameters().getEncoded()));
      byte[] der = tlv(0x30, concat(algId, tlv(0x04, enc)));
      return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n" + END + "\n";
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("the JDK cannot encrypt with " + PBES2 + ": " + e.getMessage(), e);
    }
  }

  // 1.2.840.113549.1.5.13 (RFC 8018 id-PBES2), DER-encoded with its tag and length.
  private static final byte[] PBES2_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d};

  private static byte[] tlv(int tag, byte[] content) {
    int n = content.length;
    byte[] len = n < 0x80 ? new byte[] {(byte) n}
        : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
        : new byte[] {(byte) 0x82, (byte) (n >>> 8), (byte) n};
    return concat(new byte[] {(byte) tag}, concat(len, content));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public static boolean isEncrypted(String pem) {
    return pem.strip().startsWith(BEGIN);
  }

  /**
   * Decrypts a PEM encrypted key; {@code what} names it in errors.
   *
   * @throws WrongPassphraseException if the passphrase does not fit
   * @throws MalformedException if it is not an encrypted Ed25519 key
   */
  public static Ed25519KeyPair decrypt(String pem, char[] passphrase, String what) {
    String s = pem.strip();
    if (!s.startsWith(BEGIN) || !s.endsWith(END)) {
      throw new MalformedException(what + " is not a PEM encrypted private key");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(s.substring(BEGIN.length(), s.length() - END.length()));
      EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
      AlgorithmParameters params = info.getAlgParameters();
      // The JDK names PBES2 parameters after their PRF and cipher, e.g. PBEWithHmacSHA256AndAES_256.
      String alg = params.toString();
      SecretKey k = SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(passphrase));
      Cipher c = Cipher.getInstance(alg);
      c.init(Cipher.DECRYPT_MODE, k, params);
      return Pkcs8.fromDer(info.getKeySpec(c).getEncoded(), what);
    } catch (java.security.spec.InvalidKeySpecException e) {
      throw new WrongPassphraseException(what, e);
    } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
      throw new MalformedException(what + " cannot be decrypted: " + e.getMessage(), e);
    }
  }
}
