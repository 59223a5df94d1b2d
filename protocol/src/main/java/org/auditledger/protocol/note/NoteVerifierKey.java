package org.auditledger.protocol.note;

import java.util.Base64;
import java.util.regex.Pattern;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.key.Ed25519PublicKey;

/**
 * A verifier key string {@code name+hex8(keyid)+base64(type || key)} (C2SP signed-note "vkey"),
 * for type 0x01 (note signatures) or 0x04 (cosignatures).
 */
public record NoteVerifierKey(String name, int keyId, byte type, Ed25519PublicKey publicKey) {
  private static final Pattern HEX8 = Pattern.compile("[0-9a-f]{8}");

  public NoteVerifierKey {
    KeyNames.checkName(name);
    if (type != KeyNames.TYPE_ED25519 && type != KeyNames.TYPE_COSIGNATURE_V1) {
      throw new MalformedException(String.format("verifier key type 0x%02x is not supported", type));
    }
    int want = KeyNames.keyId(name, type, publicKey.encoded());
    if (keyId != want) {
      throw new MalformedException(
          "verifier key for \"" + name + "\" has key id " + KeyNames.hex8(keyId)
              + ", but its key hashes to " + KeyNames.hex8(want));
    }
  }

  /** The verifier key of a note signer (type 0x01). */
  public static NoteVerifierKey ed25519(String name, Ed25519PublicKey key) {
    return new NoteVerifierKey(name, KeyNames.keyId(name, KeyNames.TYPE_ED25519, key.encoded()),
        KeyNames.TYPE_ED25519, key);
  }

  /** The verifier key of a C2SP tlog-cosignature v1 cosigner (type 0x04). */
  public static NoteVerifierKey cosigner(String name, Ed25519PublicKey key) {
    return new NoteVerifierKey(name,
        KeyNames.keyId(name, KeyNames.TYPE_COSIGNATURE_V1, key.encoded()),
        KeyNames.TYPE_COSIGNATURE_V1, key);
  }

  /**
   * Parses a verifier key string.
   *
   * @throws MalformedException naming the part at fault
   */
  public static NoteVerifierKey parse(String vkey) {
    if (vkey == null) {
      throw new MalformedException("verifier key is missing");
    }
    // Key data is base64 and may itself contain '+': split like Go's strings.SplitN(vkey, "+", 3).
    String[] parts = vkey.split("\\+", 3);
    if (parts.length != 3) {
      throw new MalformedException(
          "verifier key \"" + vkey + "\" is not name+keyid+keydata (" + parts.length + " parts)");
    }
    if (!HEX8.matcher(parts[1]).matches()) {
      throw new MalformedException(
          "verifier key \"" + vkey + "\": key id \"" + parts[1] + "\" is not 8 lowercase hex digits");
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new MalformedException("verifier key \"" + vkey + "\": key data is not base64", e);
    }
    if (data.length != 1 + Ed25519PublicKey.SIZE) {
      throw new MalformedException("verifier key \"" + vkey + "\": key data has " + data.length
          + " bytes, want " + (1 + Ed25519PublicKey.SIZE));
    }
    byte[] pub = new byte[Ed25519PublicKey.SIZE];
    System.arraycopy(data, 1, pub, 0, pub.length);
    return new NoteVerifierKey(parts[0], Integer.parseUnsignedInt(parts[1], 16), data[0],
        Ed25519PublicKey.of(pub));
  }

  /** The verifier key string. */
  public String encode() {
    byte[] data = new byte[1 + Ed25519PublicKey.SIZE];
    data[0] = type;
    System.arraycopy(publicKey.encoded(), 0, data, 1, Ed25519PublicKey.SIZE);
    return name + "+" + KeyNames.hex8(keyId) + "+" + Base64.getEncoder().encodeToString(data);
  }

  @Override
  public String toString() {
    return encode();
  }
}
