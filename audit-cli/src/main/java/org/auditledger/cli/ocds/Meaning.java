package org.auditledger.cli.ocds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.auditledger.protocol.json.StrictJson;

/**
 * Whether two releases say the same thing: equal as JSON values, whatever the order of their
 * members and however a number is written ({@code 6700000.0} and {@code 6700000.00} are one
 * amount: OCDS amounts are numbers, RFC 8259 §6, and every reader here takes them as exact
 * decimals, protocol.md §5.1). The one rule by which {@code audit import ocds} tells a release
 * already filed from another release under the same id, in the log and within one file.
 */
public final class Meaning {
  private Meaning() {}

  /** SHA-256 of the canonical form: members sorted, numbers as their exact value without trailing zeros. */
  public static byte[] digest(JsonNode release) {
    StringBuilder b = new StringBuilder();
    canonical(release, b);
    try {
      return MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean same(JsonNode a, JsonNode b) {
    return Arrays.equals(digest(a), digest(b));
  }

  private static void canonical(JsonNode n, StringBuilder b) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      b.append('{');
      for (int i = 0; i < names.size(); i++) {
        b.append(i == 0 ? "" : ",").append(quote(names.get(i))).append(':');
        canonical(n.get(names.get(i)), b);
      }
      b.append('}');
    } else if (n.isArray()) {
      b.append('[');
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        canonical(it.next(), b);
        b.append(it.hasNext() ? "," : "");
      }
      b.append(']');
    } else if (n.isNumber()) {
      b.append(n.decimalValue().stripTrailingZeros().toPlainString());
    } else if (n.isTextual()) {
      b.append(quote(n.textValue()));
    } else {
      b.append(n.asText());
    }
  }

  private static String quote(String s) {
    try {
      return StrictJson.mapper().writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
