package org.auditledger.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.Utf8;

/**
 * Strict JSON (RFC 8259) for everything the ledger reads from outside: UTF-8 only, no byte-order
 * mark, no duplicate object keys, nothing after the value, no floating-point numbers (money is a
 * decimal string), bounded nesting. Errors name what was being read and where.
 */
public final class StrictJson {
  /** Deepest nesting accepted; entry payloads need far less. */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = JsonMapper.builder(
          JsonFactory.builder()
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .streamReadConstraints(StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxNumberLength(20)
                  .build())
              .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private StrictJson() {}

  /** The configured mapper, for writing; never use {@code new ObjectMapper()} elsewhere. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses {@code json}; {@code what} names the document in errors (e.g. "request body").
   *
   * @throws MalformedException with the reason and position
   */
  public static JsonNode parse(byte[] json, String what) {
    if (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB
        && (json[2] & 0xFF) == 0xBF) {
      throw new MalformedException(what + " starts with a byte-order mark; send plain UTF-8");
    }
    String text = Utf8.decodeStrict(json, what);
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new MalformedException(what + " is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedException(what + " could not be read: " + e.getMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new MalformedException(what + " is empty");
    }
    rejectFloats(node, "", what);
    return node;
  }

  private static void rejectFloats(JsonNode node, String pointer, String what) {
    if (node.isFloatingPointNumber()) {
      throw new MalformedException(what + ": number at " + (pointer.isEmpty() ? "/" : pointer)
          + " has a fraction or exponent; write amounts as decimal strings");
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        rejectFloats(e.getValue(), pointer + "/" + escape(e.getKey()), what);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        rejectFloats(node.get(i), pointer + "/" + i, what);
      }
    }
  }

  /** RFC 6901 escaping of one JSON Pointer token. */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
