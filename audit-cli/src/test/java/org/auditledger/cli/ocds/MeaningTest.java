package org.auditledger.cli.ocds;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.auditledger.protocol.json.StrictJson;
import org.junit.jupiter.api.Test;

/** Two releases mean the same when they are the same JSON value: member order and number spelling aside. */
class MeaningTest {
  private static JsonNode j(String s) {
    return StrictJson.parseDecimals(s.getBytes(StandardCharsets.UTF_8), "test");
  }

  /** Verifies that member order and trailing zeros do not change a release's meaning. */
  @Test
  void orderAndSpellingOfNumbersDoNotCount() {
    assertTrue(Meaning.same(j("{\"a\":6700000.0,\"b\":[1,{\"x\":\"y\",\"z\":null}]}"),
        j("{\"b\":[1.00,{\"z\":null,\"x\":\"y\"}],\"a\":6700000}")));
  }

  /** Verifies that any other difference does: a value, an array's order, a string against a number, a member more. */
  @Test
  void everythingElseCounts() {
    assertFalse(Meaning.same(j("{\"a\":1.5}"), j("{\"a\":1.50001}")));
    assertFalse(Meaning.same(j("{\"a\":[1,2]}"), j("{\"a\":[2,1]}")));
    assertFalse(Meaning.same(j("{\"a\":\"1\"}"), j("{\"a\":1}")));
    assertFalse(Meaning.same(j("{\"a\":1}"), j("{\"a\":1,\"b\":null}")));
    assertFalse(Meaning.same(j("{\"a\":\"x\\\"y\"}"), j("{\"a\":\"x\\\\\\\"y\"}")));
  }
}
