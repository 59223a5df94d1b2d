package org.auditledger.protocol.entry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An OCDS release's identity in a log: its contracting process ({@code ocid}) and its release
 * {@code id}, unique per {@code ocid} (OCDS 1.1 release reference: "id ... must be unique within
 * the contracting process"; rule unique-release, protocol.md §7.1).
 */
public record ReleaseKey(String ocid, String id) {
  public ReleaseKey {
    if (ocid == null || id == null) {
      throw new IllegalArgumentException("a release key needs an ocid and a release id");
    }
  }

  /** The release key of a version 2 spending entry, or null for any other entry. */
  public static ReleaseKey of(EntryPayload p) {
    if (!p.isRelease()) {
      return null;
    }
    return p.readBody(b -> new ReleaseKey(b.get("ocid").asText(), b.get("id").asText()));
  }

  /**
   * SHA-256 over both lengths and both UTF-8 strings: a fixed-size index key, and no two
   * different pairs encode alike whatever characters an ocid holds.
   */
  public byte[] digest() {
    byte[] o = ocid.getBytes(StandardCharsets.UTF_8);
    byte[] i = id.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + o.length + i.length);
    b.putInt(o.length).put(o).putInt(i.length).put(i);
    try {
      return MessageDigest.getInstance("SHA-256").digest(b.array());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return ocid + " release " + id;
  }
}
