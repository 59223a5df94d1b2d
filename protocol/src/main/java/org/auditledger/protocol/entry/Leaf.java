package org.auditledger.protocol.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.merkle.Rfc6962;

/** The record the log hashes; see the package description for its one encoding. */
public record Leaf(Envelope envelope, long index, Instant logged, byte[] prev) {
  /** The largest leaf, in bytes (C2SP tlog-tiles entry bundles use a uint16 length). */
  public static final int MAX_SIZE = 0xFFFF;

  private static final DateTimeFormatter LOGGED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Set<String> FIELDS = Set.of("envelope", "index", "logged", "prev");

  public Leaf {
    if (index < 0) {
      throw new IllegalArgumentException("leaf index " + index + " is negative");
    }
    logged = logged.truncatedTo(ChronoUnit.MILLIS);
    if (index == 0 ? prev.length != 0 : prev.length != Rfc6962.HASH_SIZE) {
      throw new IllegalArgumentException("leaf " + index + " has a prev of " + prev.length
          + " bytes, want " + (index == 0 ? 0 : Rfc6962.HASH_SIZE));
    }
    prev = prev.clone();
  }

  @Override
  public byte[] prev() {
    return prev.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Leaf l && index == l.index && logged.equals(l.logged)
        && Arrays.equals(prev, l.prev) && envelope.equals(l.envelope);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + envelope.hashCode();
  }

  @Override
  public String toString() {
    return "Leaf[" + index + ", logged " + LOGGED.format(logged) + ", " + envelope + "]";
  }

  /**
   * The leaf's bytes.
   *
   * @throws LeafTooLargeException if over {@link #MAX_SIZE}
   */
  public byte[] encode() {
    StringBuilder b = new StringBuilder(1024);
    b.append("{\"envelope\":").append(envelope.toJson())
        .append(",\"index\":").append(index)
        .append(",\"logged\":\"").append(LOGGED.format(logged))
        .append("\",\"prev\":\"").append(Base64.getEncoder().encodeToString(prev))
        .append("\"}");
    byte[] out = b.toString().getBytes(StandardCharsets.US_ASCII);
    if (out.length > MAX_SIZE) {
      throw new LeafTooLargeException(out.length);
    }
    return out;
  }

  public byte[] leafHash() {
    return Rfc6962.leafHash(encode());
  }

  /** A log time as leaves write it: UTC with exactly three fractional digits. */
  public static String formatLogged(Instant t) {
    return LOGGED.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * Parses leaf bytes, insisting on the canonical encoding.
   *
   * @throws MalformedException naming the field at fault
   */
  public static Leaf parse(byte[] bytes) {
    if (bytes.length > MAX_SIZE) {
      throw new LeafTooLargeException(bytes.length);
    }
    JsonNode n = StrictJson.parse(bytes, "leaf");
    if (!n.isObject()) {
      throw new MalformedException("leaf is not a JSON object");
    }
    Iterator<String> names = n.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!FIELDS.contains(f)) {
        throw new MalformedException("leaf has unknown field \"" + f + "\"");
      }
    }
    for (String f : FIELDS) {
      if (!n.has(f)) {
        throw new MalformedException("leaf has no \"" + f + "\"");
      }
    }
    if (!n.get("index").canConvertToExactIntegral() || !n.get("index").canConvertToLong()
        || n.get("index").asLong() < 0) {
      throw new MalformedException("leaf.index is not a non-negative integer");
    }
    long index = n.get("index").asLong();
    Instant logged;
    try {
      logged = Instant.from(LOGGED.parse(n.get("logged").asText()));
    } catch (DateTimeParseException e) {
      throw new MalformedException("leaf.logged is not YYYY-MM-DDTHH:MM:SS.mmmZ", e);
    }
    byte[] prev;
    try {
      prev = Base64.getDecoder().decode(n.get("prev").asText());
    } catch (IllegalArgumentException e) {
      throw new MalformedException("leaf.prev is not base64", e);
    }
    if (index == 0 ? prev.length != 0 : prev.length != Rfc6962.HASH_SIZE) {
      throw new MalformedException("leaf.prev of entry " + index + " has " + prev.length
          + " bytes, want " + (index == 0 ? 0 : Rfc6962.HASH_SIZE));
    }
    Leaf leaf = new Leaf(Envelope.fromJson(n.get("envelope"), "leaf.envelope"), index, logged, prev);
    if (!Arrays.equals(leaf.encode(), bytes)) {
      throw new MalformedException("leaf " + index
          + " is not in canonical form (sorted keys, no whitespace, canonical base64)");
    }
    return leaf;
  }

  /**
   * Checks that this leaf continues the log: it sits at {@code index} and its prev is the leaf
   * hash of the entry before.
   *
   * @param prevLeafHash the leaf hash of entry {@code index - 1}; ignored for entry 0
   * @throws BrokenChainException if not
   */
  public void checkLink(long index, byte[] prevLeafHash) {
    if (this.index != index) {
      throw new BrokenChainException(index, "leaf says it is entry " + this.index);
    }
    if (index > 0 && !Arrays.equals(prev, prevLeafHash)) {
      throw BrokenChainException.prev(index, prevLeafHash, prev);
    }
  }
}
