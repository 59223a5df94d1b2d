package org.auditledger.protocol.key;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Base64;
import org.auditledger.protocol.MalformedException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key, decoded and validated once so that each verification skips point
 * decompression. Keys that are not canonical points of the prime-order subgroup are refused.
 */
public final class Ed25519PublicKey {
  public static final int SIZE = Ed25519.PUBLIC_KEY_SIZE;
  public static final int SIGNATURE_SIZE = Ed25519.SIGNATURE_SIZE;
  /** Prefix of the DSSE key id (DESIGN: {@code "ed25519:" + base64(public key)}). */
  public static final String KEY_ID_PREFIX = "ed25519:";

  // Full validation costs about one scalar multiplication, as much as a verification; signers
  // repeat, so decoded keys are kept. Bounded: cleared when full.
  private static final int CACHE_LIMIT = 4096;
  private static final ConcurrentHashMap<ByteBuffer, Ed25519PublicKey> CACHE = new ConcurrentHashMap<>();

  private final byte[] encoded;
  private final Ed25519.PublicPoint point;

  private Ed25519PublicKey(byte[] encoded, Ed25519.PublicPoint point) {
    this.encoded = encoded;
    this.point = point;
  }

  /**
   * Decodes a 32-byte public key.
   *
   * @throws MalformedException if it is not 32 bytes or not a valid point
   */
  public static Ed25519PublicKey of(byte[] encoded) {
    if (encoded == null || encoded.length != SIZE) {
      throw new MalformedException(
          "Ed25519 public key has " + (encoded == null ? "no" : encoded.length) + " bytes, want " + SIZE);
    }
    Ed25519PublicKey cached = CACHE.get(ByteBuffer.wrap(encoded));
    if (cached != null) {
      return cached;
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(encoded, 0);
    if (point == null) {
      throw new MalformedException("Ed25519 public key is not a valid curve point of prime order");
    }
    Ed25519PublicKey key = new Ed25519PublicKey(encoded.clone(), point);
    if (CACHE.size() >= CACHE_LIMIT) {
      CACHE.clear();
    }
    CACHE.put(ByteBuffer.wrap(key.encoded), key);
    return key;
  }

  /** Decodes a base64 (RFC 4648 §4) public key; {@code field} names it in errors. */
  public static Ed25519PublicKey ofBase64(String b64, String field) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new MalformedException(field + " is not valid base64", e);
    }
    try {
      return of(raw);
    } catch (MalformedException e) {
      throw new MalformedException(field + ": " + e.getMessage(), e);
    }
  }

  /** Decodes a DSSE key id {@code ed25519:<base64>}. */
  public static Ed25519PublicKey ofKeyId(String keyId) {
    if (keyId == null || !keyId.startsWith(KEY_ID_PREFIX)) {
      throw new MalformedException(
          "key id \"" + keyId + "\" does not start with \"" + KEY_ID_PREFIX + "\"");
    }
    return ofBase64(keyId.substring(KEY_ID_PREFIX.length()), "key id \"" + keyId + "\"");
  }

  /** Verifies an RFC 8032 Ed25519 signature over {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length != SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(encoded);
  }

  /** The DSSE key id: {@code "ed25519:" + base64(public key)}. */
  public String keyId() {
    return KEY_ID_PREFIX + base64();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey k && Arrays.equals(encoded, k.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return keyId();
  }
}
