package org.auditledger.protocol.entry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An OCDS release's identity in a log: its buyer (the issuer, {@code name@home}), its contracting
 * process ({@code ocid}) and its release {@code id}, unique per process (OCDS 1.1 release
 * reference: the release id "must be unique within the contracting process"; rule unique-release,
 * protocol.md §7.1). The buyer is part of the key because an ocid is only as unique as its
 * publisher's prefix, which nothing in a log reserves: another organization filing under the same
 * ocid must neither block the buyer's releases nor merge into its process.
 */
public record ReleaseKey(String buyer, String ocid, String id) {
  public ReleaseKey {
    if (buyer == null || ocid == null || id == null) {
      throw new IllegalArgumentException("a release key needs a buyer, an ocid and a release id");
    }
  }

  /** The release key of a version 2 spending entry of the log {@code origin}, or null for any other entry. */
  public static ReleaseKey of(EntryPayload p, String origin) {
    if (!p.isRelease()) {
      return null;
    }
    String buyer = p.issuerIn(origin).toString();
    return p.readBody(b -> new ReleaseKey(buyer, b.get("ocid").asText(), b.get("id").asText()));
  }

  /**
   * SHA-256 over each length and UTF-8 string: a fixed-size index key, and no two different keys
   * encode alike whatever characters they hold.
   */
  public byte[] digest() {
    byte[] u = buyer.getBytes(StandardCharsets.UTF_8);
    byte[] o = ocid.getBytes(StandardCharsets.UTF_8);
    byte[] i = id.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(12 + u.length + o.length + i.length);
    b.putInt(u.length).put(u).putInt(o.length).put(o).putInt(i.length).put(i);
    try {
      return MessageDigest.getInstance("SHA-256").digest(b.array());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return buyer + " " + ocid + " release " + id;
  }
}
