package org.auditledger.protocol.entry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.auditledger.protocol.dsse.Envelope;

/**
 * What makes two entries the same entry: {@code SHA-256(PAE(payloadType, payload))}, the bytes
 * every DSSE signature signs. Signatures are not part of it, so adding a co-signature to a logged
 * envelope yields the same id (rule {@code unique-payload}, docs/protocol.md §6).
 */
public record EntryId(byte[] digest) {
  public EntryId {
    if (digest == null || digest.length != 32) {
      throw new IllegalArgumentException("entry id must be 32 bytes");
    }
    digest = digest.clone();
  }

  public static EntryId of(Envelope envelope) {
    try {
      return new EntryId(MessageDigest.getInstance("SHA-256").digest(envelope.pae()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  /** The first 8 bytes as a big-endian long: a compact, well-spread key for in-memory indexes. */
  public long prefix() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (digest[i] & 0xFF);
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryId e && Arrays.equals(digest, e.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(digest);
  }
}
