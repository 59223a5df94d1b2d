package org.auditledger.protocol.note;

import java.util.Base64;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.key.Ed25519KeyPair;

/**
 * A note signer: key name plus Ed25519 key pair. Its string form is the signer key of
 * golang.org/x/mod/sumdb/note: {@code PRIVATE+KEY+name+hex8(keyid)+base64(0x01 || seed)}.
 */
public final class NoteSignerKey {
  private static final String PREFIX = "PRIVATE+KEY+";
  private final String name;
  private final Ed25519KeyPair keyPair;
  private final NoteVerifierKey verifierKey;

  public NoteSignerKey(String name, Ed25519KeyPair keyPair) {
    this.name = KeyNames.checkName(name);
    this.keyPair = keyPair;
    this.verifierKey = NoteVerifierKey.ed25519(name, keyPair.publicKey());
  }

  /**
   * Parses a signer key string.
   *
   * @throws MalformedException naming the part at fault (never echoing the secret)
   */
  public static NoteSignerKey parse(String skey) {
    if (skey == null || !skey.startsWith(PREFIX)) {
      throw new MalformedException("signer key does not start with \"" + PREFIX + "\"");
    }
    String[] parts = skey.substring(PREFIX.length()).split("\\+", 3);
    if (parts.length != 3) {
      throw new MalformedException("signer key is not PRIVATE+KEY+name+keyid+keydata");
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new MalformedException("signer key for \"" + parts[0] + "\": key data is not base64");
    }
    if (data.length != 1 + Ed25519KeyPair.SEED_SIZE || data[0] != KeyNames.TYPE_ED25519) {
      throw new MalformedException(
          "signer key for \"" + parts[0] + "\": key data is not 0x01 followed by a 32-byte seed");
    }
    byte[] seed = new byte[Ed25519KeyPair.SEED_SIZE];
    System.arraycopy(data, 1, seed, 0, seed.length);
    NoteSignerKey key = new NoteSignerKey(parts[0], Ed25519KeyPair.fromSeed(seed));
    if (!KeyNames.hex8(key.verifierKey.keyId()).equals(parts[1])) {
      throw new MalformedException("signer key for \"" + parts[0] + "\": key id " + parts[1]
          + " does not match the key (" + KeyNames.hex8(key.verifierKey.keyId()) + ")");
    }
    return key;
  }

  public String name() {
    return name;
  }

  public Ed25519KeyPair keyPair() {
    return keyPair;
  }

  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  /** The signature line of {@code text}. */
  public NoteSignature sign(byte[] text) {
    return new NoteSignature(name, verifierKey.keyId(), keyPair.sign(text));
  }

  /** The signer key string. It holds the secret. */
  public String encode() {
    byte[] data = new byte[1 + Ed25519KeyPair.SEED_SIZE];
    data[0] = KeyNames.TYPE_ED25519;
    System.arraycopy(keyPair.seed(), 0, data, 1, Ed25519KeyPair.SEED_SIZE);
    return PREFIX + name + "+" + KeyNames.hex8(verifierKey.keyId()) + "+"
        + Base64.getEncoder().encodeToString(data);
  }

  @Override
  public String toString() {
    return "NoteSignerKey[" + verifierKey.encode() + "]";
  }
}
