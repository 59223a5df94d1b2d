package org.auditledger.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.merkle.Rfc6962;

/**
 * Typed reading of fields of JSON received from elsewhere (a node's answer, a bundle file): each
 * missing field, wrong type or bad encoding is a {@link MalformedException} naming where it is
 * ({@code what.field}), never a NullPointerException or a silent default.
 */
public final class Fields {
  private Fields() {}

  public static JsonNode object(JsonNode n, String what) {
    if (n == null || !n.isObject()) {
      throw new MalformedException(what + " is not a JSON object");
    }
    return n;
  }

  private static JsonNode field(JsonNode o, String field, String what, String want) {
    JsonNode v = object(o, what).get(field);
    if (v == null || v.isNull()) {
      throw new MalformedException(what + "." + field + " is missing (want " + want + ")");
    }
    return v;
  }

  public static String text(JsonNode o, String field, String what) {
    JsonNode v = field(o, field, what, "a string");
    if (!v.isTextual()) {
      throw new MalformedException(what + "." + field + " is not a string");
    }
    return v.asText();
  }

  /** An integer in [0, 2^63-1], exactly as written. */
  public static long nonNegative(JsonNode o, String field, String what) {
    JsonNode v = field(o, field, what, "a non-negative integer");
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new MalformedException(what + "." + field + " is not an integer in [0, 2^63-1]");
    }
    return v.asLong();
  }

  public static byte[] base64(JsonNode o, String field, String what) {
    try {
      return Base64.getDecoder().decode(text(o, field, what));
    } catch (IllegalArgumentException e) {
      throw new MalformedException(what + "." + field + " is not base64", e);
    }
  }

  /** A 32-byte hash in base64. */
  public static byte[] hash(JsonNode o, String field, String what) {
    byte[] h = base64(o, field, what);
    if (h.length != Rfc6962.HASH_SIZE) {
      throw new MalformedException(what + "." + field + " has " + h.length + " bytes, want " + Rfc6962.HASH_SIZE);
    }
    return h;
  }

  public static JsonNode array(JsonNode o, String field, String what) {
    JsonNode v = field(o, field, what, "an array");
    if (!v.isArray()) {
      throw new MalformedException(what + "." + field + " is not an array");
    }
    return v;
  }

  /** An array of at most {@code max} 32-byte hashes in base64 (a proof). */
  public static List<byte[]> hashes(JsonNode o, String field, String what, int max) {
    JsonNode a = array(o, field, what);
    if (a.size() > max) {
      throw new MalformedException(what + "." + field + " has " + a.size() + " hashes, at most " + max);
    }
    List<byte[]> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      JsonNode h = a.get(i);
      byte[] b;
      try {
        b = h.isTextual() ? Base64.getDecoder().decode(h.asText()) : null;
      } catch (IllegalArgumentException e) {
        b = null;
      }
      if (b == null || b.length != Rfc6962.HASH_SIZE) {
        throw new MalformedException(what + "." + field + "[" + i + "] is not the base64 of a 32-byte hash");
      }
      out.add(b);
    }
    return out;
  }

  /** Writes {@code hashes} as a base64 array at {@code o.field}. */
  public static void putHashes(com.fasterxml.jackson.databind.node.ObjectNode o, String field, List<byte[]> hashes) {
    com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray(field);
    hashes.forEach(h -> a.add(Base64.getEncoder().encodeToString(h)));
  }
}
