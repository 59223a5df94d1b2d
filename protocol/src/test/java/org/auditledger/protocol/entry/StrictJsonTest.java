package org.auditledger.protocol.entry;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.json.StrictJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict parsing of everything that comes from outside. */
class StrictJsonTest {
  /** Verifies that each kind of non-strict JSON is refused with its reason. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"a\":1,\"a\":2}|Duplicate field 'a'",
      "{\"a\":{\"b\":1,\"b\":1}}|Duplicate field 'b'",
      "{\"a\":1} {}|not valid JSON",
      "{\"a\":1}x|not valid JSON",
      "{\"a\":1.5}|/a has a fraction",
      "{\"a\":[1e3]}|/a/0 has a fraction",
      "{\"a\":01}|not valid JSON",
      "{\"a\":NaN}|not valid JSON",
      "{'a':1}|not valid JSON",
      "''|is empty"})
  void nonStrictJsonIsRefused(String json, String reason) {
    MalformedException e = assertThrows(MalformedException.class,
        () -> StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), "body"));
    assertTrue(e.getMessage().contains(reason), e.getMessage() + " should contain " + reason);
  }

  /** Verifies that non-UTF-8 input and a byte-order mark are refused. */
  @Test
  void encodingIsUtf8Only() {
    assertThrows(MalformedException.class,
        () -> StrictJson.parse(new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}, "body"));
    assertThrows(MalformedException.class,
        () -> StrictJson.parse("{\"a\":1}".getBytes(StandardCharsets.UTF_16), "body"));
    assertThrows(MalformedException.class,
        () -> StrictJson.parse(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, "body"));
  }

  /** Verifies that nesting is bounded. */
  @Test
  void deepNestingIsRefused() {
    String deep = "[".repeat(40) + "]".repeat(40);
    assertThrows(MalformedException.class, () -> StrictJson.parse(deep.getBytes(StandardCharsets.UTF_8), "body"));
  }

  /** Verifies that a duplicate key inside an entry payload is refused before the schema. */
  @Test
  void payloadWithDuplicateKeyIsRefused() {
    String p = Fixtures.decisionPayload("town.example", "t").replace("\"v\":1,", "\"v\":1,\"v\":1,");
    MalformedException e = assertThrows(MalformedException.class,
        () -> EntryPayload.parse(p.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("Duplicate field 'v'"), e.getMessage());
  }
}
