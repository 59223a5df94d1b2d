package org.auditledger.protocol.cosignature;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.KeyNames;
import org.auditledger.protocol.note.NoteSignature;
import org.auditledger.protocol.note.NoteVerifierKey;

/** Signing and verifying one C2SP tlog-cosignature v1. */
public final class Cosignature {
  /** Timestamp (8) plus Ed25519 signature (64). */
  public static final int SIGNATURE_SIZE = 8 + Ed25519PublicKey.SIGNATURE_SIZE;

  private Cosignature() {}

  /** The message a cosigner signs (C2SP tlog-cosignature §Ed25519 signed message). */
  public static byte[] signedMessage(Checkpoint checkpoint, long timestamp) {
    if (timestamp < 0) {
      throw new IllegalArgumentException("cosignature timestamp " + timestamp + " is negative");
    }
    return ("cosignature/v1\ntime " + timestamp + "\n" + checkpoint.body())
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Cosigns {@code checkpoint} at {@code timestamp} (POSIX seconds) as {@code name}. */
  public static NoteSignature sign(
      String name, Ed25519KeyPair key, Checkpoint checkpoint, long timestamp) {
    NoteVerifierKey vkey = NoteVerifierKey.cosigner(name, key.publicKey());
    byte[] sig = key.sign(signedMessage(checkpoint, timestamp));
    byte[] body = ByteBuffer.allocate(SIGNATURE_SIZE).putLong(timestamp).put(sig).array();
    return new NoteSignature(name, vkey.keyId(), body);
  }

  /**
   * Verifies a cosignature by {@code witness} and returns its timestamp.
   *
   * @throws MalformedException if the signature is not a type-0x04 cosignature by that key
   * @throws InvalidCosignatureException if it does not verify
   */
  public static long verify(Checkpoint checkpoint, NoteSignature sig, NoteVerifierKey witness) {
    if (witness.type() != KeyNames.TYPE_COSIGNATURE_V1) {
      throw new MalformedException("key \"" + witness.name() + "\" is not a cosigner key (type 0x04)");
    }
    if (!sig.isBy(witness)) {
      throw new MalformedException("signature by \"" + sig.keyName() + "\" is not by witness \""
          + witness.name() + "\"");
    }
    byte[] raw = sig.signature();
    if (raw.length != SIGNATURE_SIZE) {
      throw new InvalidCosignatureException(witness.name(),
          "cosignature by \"" + witness.name() + "\" has " + raw.length + " bytes, want " + SIGNATURE_SIZE);
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    long timestamp = b.getLong();
    if (timestamp < 0) {
      throw new InvalidCosignatureException(witness.name(),
          "cosignature by \"" + witness.name() + "\" has a timestamp above 2^63-1");
    }
    byte[] ed = new byte[Ed25519PublicKey.SIGNATURE_SIZE];
    b.get(ed);
    if (!witness.publicKey().verify(signedMessage(checkpoint, timestamp), ed)) {
      throw new InvalidCosignatureException(witness.name(),
          "cosignature by \"" + witness.name() + "\" on " + checkpoint + " does not verify");
    }
    return timestamp;
  }
}
