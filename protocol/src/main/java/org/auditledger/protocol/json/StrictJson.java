package org.auditledger.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * mark, no duplicate object keys, nothing after the value, bounded nesting and number length. By
 * default no number has a fraction or exponent (money is a decimal string); {@link
 * #parseDecimals} admits plain decimals ({@code 6000.50}, never {@code 6e3}) where a format needs
 * them (OCDS amounts), read as {@link java.math.BigDecimal}, never as binary floating point.
 * Errors name what was being read and where.
 */
public final class StrictJson {
  /** Deepest nesting accepted; entry payloads need far less. */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = mapper(20);

  /**
   * The same rules with numbers of up to 1,000 characters: for derived answers, whose exact sums
   * of amounts (each within the 20-character limit) may be longer than any amount filed.
   */
  private static final ObjectMapper ANSWERS = mapper(1000);

  private static ObjectMapper mapper(int maxNumberLength) {
    return JsonMapper.builder(
            JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(maxNumberLength)
                    .build())
                .build())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        // Keep a decimal as written (6700000.00 stays so, never 6.7E+6) and write it plain.
        .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .build();
  }

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
    JsonNode node = parseTree(json, what);
    requireIntegers(node, "", what);
    return node;
  }

  /**
   * As {@link #parse}, but numbers may have a fraction: plain decimals only, no exponent, so that
   * every reader sees one exact value (an exponent lets {@code 1e400} mean infinity to one reader
   * and a 401-digit number to another). The caller refuses fractions where its format has none
   * with {@link #requireIntegers}.
   */
  public static JsonNode parseDecimals(byte[] json, String what) {
    JsonNode node = parseTree(json, what);
    if (hasFraction(node)) {
      rejectExponents(Utf8.decodeStrict(json, what), what);
    }
    return node;
  }

  /**
   * As {@link #parseDecimals}, with numbers of up to 1,000 characters: for answers of a node,
   * never for payloads.
   */
  public static JsonNode parseAnswer(byte[] json, String what) {
    JsonNode node = parseTree(json, what, ANSWERS);
    if (hasFraction(node)) {
      rejectExponents(Utf8.decodeStrict(json, what), what, ANSWERS);
    }
    return node;
  }

  private static boolean hasFraction(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return true;
    }
    if (node.isContainerNode()) {
      for (JsonNode c : node) {
        if (hasFraction(c)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void rejectExponents(String text, String what) {
    rejectExponents(text, what, MAPPER);
  }

  private static void rejectExponents(String text, String what, ObjectMapper mapper) {
    try (JsonParser p = mapper.getFactory().createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_NUMBER_FLOAT && (p.getText().indexOf('e') >= 0 || p.getText().indexOf('E') >= 0)) {
          JsonLocation loc = p.currentTokenLocation();
          throw new MalformedException(what + ": number " + p.getText() + " at line " + loc.getLineNr()
              + ", column " + loc.getColumnNr() + " has an exponent; write it as a plain decimal");
        }
      }
    } catch (IOException e) {
      throw new MalformedException(what + " could not be read: " + e.getMessage(), e);
    }
  }

  private static JsonNode parseTree(byte[] json, String what) {
    return parseTree(json, what, MAPPER);
  }

  private static JsonNode parseTree(byte[] json, String what, ObjectMapper mapper) {
    if (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB
        && (json[2] & 0xFF) == 0xBF) {
      throw new MalformedException(what + " starts with a byte-order mark; send plain UTF-8");
    }
    String text = Utf8.decodeStrict(json, what);
    JsonNode node;
    try {
      node = mapper.readTree(text);
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
    return node;
  }

  /**
   * Refuses any number with a fraction in {@code node}, found at {@code pointer} of {@code what}.
   *
   * @throws MalformedException naming the number's JSON Pointer
   */
  public static void requireIntegers(JsonNode node, String pointer, String what) {
    if (node.isFloatingPointNumber()) {
      throw new MalformedException(what + ": number at " + (pointer.isEmpty() ? "/" : pointer)
          + " has a fraction or exponent; write amounts as decimal strings");
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        requireIntegers(e.getValue(), pointer + "/" + escape(e.getKey()), what);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireIntegers(node.get(i), pointer + "/" + i, what);
      }
    }
  }

  /**
   * {@code node} as JSON text, decimals written plain (never {@code JsonNode.toString()}, whose
   * internal writer may print {@code 1E-7} where the payload says {@code 0.0000001}).
   */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** As {@link #write}, indented for a person. */
  public static String writePretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** RFC 6901 escaping of one JSON Pointer token. */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
