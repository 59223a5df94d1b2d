package org.auditledger.protocol.note;

import java.util.Arrays;
import java.util.Base64;

/**
 * One signature line of a signed note: key name, key id, and the signature bytes after the key id
 * (for type 0x04 these are the 8-byte timestamp and the Ed25519 signature).
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {
  public NoteSignature {
    KeyNames.checkName(keyName);
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The line, {@code "— name base64(keyid || signature)\n"}. */
  public String line() {
    byte[] b = new byte[4 + signature.length];
    b[0] = (byte) (keyId >>> 24);
    b[1] = (byte) (keyId >>> 16);
    b[2] = (byte) (keyId >>> 8);
    b[3] = (byte) keyId;
    System.arraycopy(signature, 0, b, 4, signature.length);
    return "\u2014 " + keyName + " " + Base64.getEncoder().encodeToString(b) + "\n";
  }

  /** Whether this signature claims to be by {@code key} (same name and key id). */
  public boolean isBy(NoteVerifierKey key) {
    return keyName.equals(key.name()) && keyId == key.keyId();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteSignature s && keyName.equals(s.keyName) && keyId == s.keyId
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return keyName.hashCode() * 31 + keyId * 17 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return line().trim();
  }
}
