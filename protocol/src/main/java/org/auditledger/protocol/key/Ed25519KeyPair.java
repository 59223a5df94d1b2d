package org.auditledger.protocol.key;

import java.security.SecureRandom;
import org.auditledger.protocol.MalformedException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 private key (its 32-byte RFC 8032 seed) with its public key. */
public final class Ed25519KeyPair {
  public static final int SEED_SIZE = Ed25519.SECRET_KEY_SIZE;

  private final byte[] seed;
  /** The encoded public key, derived once from the seed: signing needs it (RFC 8032 §5.1.6 step 2). */
  private final byte[] pub;
  private final Ed25519PublicKey publicKey;

  private Ed25519KeyPair(byte[] seed) {
    this.seed = seed;
    this.pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    this.publicKey = Ed25519PublicKey.of(pub.clone());
  }

  /** A new key pair from {@code random}, which must be a cryptographic source. */
  public static Ed25519KeyPair generate(SecureRandom random) {
    byte[] seed = new byte[SEED_SIZE];
    Ed25519.generatePrivateKey(random, seed);
    return new Ed25519KeyPair(seed);
  }

  /** The key pair of a 32-byte RFC 8032 seed. */
  public static Ed25519KeyPair fromSeed(byte[] seed) {
    if (seed == null || seed.length != SEED_SIZE) {
      throw new MalformedException(
          "Ed25519 private key has " + (seed == null ? "no" : seed.length) + " bytes, want " + SEED_SIZE);
    }
    return new Ed25519KeyPair(seed.clone());
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** The 32-byte seed. Handle with care: it is the secret. */
  public byte[] seed() {
    return seed.clone();
  }

  /** An RFC 8032 Ed25519 signature over {@code message}. */
  public byte[] sign(byte[] message) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    // With the public key given: the overload without it derives it again, a second scalar
    // multiplication that doubled the cost of every signature (docs/benchmarks.md, ImportRate).
    Ed25519.sign(seed, 0, pub, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  @Override
  public String toString() {
    // Never print the seed.
    return "Ed25519KeyPair[" + publicKey.keyId() + "]";
  }
}
