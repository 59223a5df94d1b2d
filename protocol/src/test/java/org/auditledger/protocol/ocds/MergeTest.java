package org.auditledger.protocol.ocds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.entry.Schemas;
import org.auditledger.protocol.json.StrictJson;
import org.junit.jupiter.api.Test;

/**
 * The OCDS 1.1 merge routine ("Merging", "Merge routine"), case by case as the spec states it,
 * on releases written as JSON text with exact decimals.
 */
class MergeTest {
  private static final String OCID = "ocds-213czf-A";

  /** A release of {@link #OCID} with {@code id}, {@code date} and the fields of {@code rest} (JSON members). */
  static JsonNode release(String id, String date, String rest) {
    String json = "{\"ocid\":\"" + OCID + "\",\"id\":\"" + id + "\",\"date\":\"" + date
        + "\",\"tag\":[\"tender\"],\"initiationType\":\"tender\"" + (rest.isEmpty() ? "" : "," + rest) + "}";
    return StrictJson.parseDecimals(json.getBytes(StandardCharsets.UTF_8), "release " + id);
  }

  static JsonNode json(String text) {
    return StrictJson.parseDecimals(text.getBytes(StandardCharsets.UTF_8), "expected");
  }

  /** Verifies that objects merge field by field, the later release's values replacing the earlier. */
  @Test
  void objectsMergeFieldByFieldLaterValuesWin() {
    JsonNode c = Merge.compile(List.of(
        release("1", "2014-01-01T00:00:00Z", "\"tender\":{\"id\":\"A\",\"procurementMethod\":\"selective\",\"title\":\"Pens\"}"),
        release("2", "2014-01-02T00:00:00Z", "\"tender\":{\"id\":\"A\",\"procurementMethod\":\"open\"}")));
    assertEquals(json("{\"id\":\"A\",\"procurementMethod\":\"open\",\"title\":\"Pens\"}"), c.get("tender"));
    assertEquals("tender", c.get("initiationType").asText());
  }

  /** Verifies that an empty object in a later release changes nothing. */
  @Test
  void anEmptyObjectChangesNothing() {
    JsonNode c = Merge.compile(List.of(
        release("1", "2014-01-01T00:00:00Z", "\"tender\":{\"id\":\"A\",\"title\":\"Pens\"}"),
        release("2", "2014-01-02T00:00:00Z", "\"tender\":{}")));
    assertEquals(json("{\"id\":\"A\",\"title\":\"Pens\"}"), c.get("tender"));
  }

  /**
   * Verifies that an empty object or identifier-merge array new to the output is not added
   * ("do nothing"), while an empty whole-list array is a literal and replaces.
   */
  @Test
  void emptyValuesAddNothingButAnEmptyWholeListReplaces() {
    JsonNode c = Merge.compile(List.of(release("1", "2014-01-01T00:00:00Z",
        "\"planning\":{\"budget\":{}},\"awards\":[],\"tender\":{\"id\":\"A\",\"items\":[]}")));
    assertFalse(c.has("planning"), c.toString());
    assertFalse(c.has("awards"), c.toString());
    assertEquals(json("{\"id\":\"A\"}"), c.get("tender"));
    c = Merge.compile(List.of(
        release("1", "2014-01-01T00:00:00Z", "\"awards\":[{\"id\":\"a1\"}],\"tender\":{\"id\":\"A\","
            + "\"identifiers\":[{\"scheme\":\"X\",\"id\":\"1\"}]}"),
        release("2", "2014-01-02T00:00:00Z", "\"awards\":[],\"tender\":{\"identifiers\":[]}")));
    assertEquals(json("[{\"id\":\"a1\"}]"), c.get("awards"));
    assertEquals(json("[]"), c.at("/tender/identifiers"), "tender/identifiers is whole-list: [] replaces");
  }

  /**
   * Verifies that a field that is an object in one release and not in another is refused, naming
   * the later release and the field, as the reference implementation refuses it.
   */
  @Test
  void anObjectWhereAnEarlierReleaseHasNoneIsRefused() {
    for (String[] pair : new String[][] {{"\"x\":1", "\"x\":{\"a\":1}"}, {"\"x\":{\"a\":1}", "\"x\":[{\"a\":1}]"},
        {"\"x\":[1]", "\"x\":{\"a\":1}"}, {"\"x\":{\"a\":1}", "\"x\":\"a\""}}) {
      UnmergeableReleaseException e = assertThrows(UnmergeableReleaseException.class, () -> Merge.compile(List.of(
          release("2", "2014-01-02T00:00:00Z", pair[1]), release("1", "2014-01-01T00:00:00Z", pair[0]))));
      assertEquals(0, e.release(), "the later release, at position 0 of the list given");
      assertEquals("/x", e.pointer());
    }
    // A literal becoming an array of objects, or the reverse, is a new value: it replaces.
    JsonNode c = Merge.compile(List.of(release("1", "2014-01-01T00:00:00Z", "\"x\":[1]"),
        release("2", "2014-01-02T00:00:00Z", "\"x\":[{\"id\":\"a\"}]")));
    assertEquals(json("[{\"id\":\"a\"}]"), c.get("x"));
  }

  /** Verifies that arrays of objects merge by id: same id merged, new id appended, order kept. */
  @Test
  void arraysOfObjectsMergeById() {
    JsonNode c = Merge.compile(List.of(
        release("1", "2014-03-01T00:00:00Z", "\"awards\":[{\"id\":\"a1\",\"status\":\"pending\","
            + "\"value\":{\"amount\":750.00,\"currency\":\"USD\"}}]"),
        release("2", "2014-03-03T00:00:00Z", "\"awards\":[{\"id\":\"a2\",\"status\":\"active\"},"
            + "{\"id\":\"a1\",\"status\":\"active\"}]")));
    assertEquals(json("[{\"id\":\"a1\",\"status\":\"active\",\"value\":{\"amount\":750.00,\"currency\":\"USD\"}},"
        + "{\"id\":\"a2\",\"status\":\"active\"}]"), c.get("awards"));
    // Exact: 750.00 as written, a BigDecimal, never a double.
    assertEquals(new BigDecimal("750.00"), c.at("/awards/0/value/amount").decimalValue());
  }

  /** Verifies that ids match as JSON values: the string "1" and the integer 1 are two objects. */
  @Test
  void idsMatchAsJsonValues() {
    JsonNode c = Merge.compile(List.of(
        release("1", "2014-03-01T00:00:00Z", "\"awards\":[{\"id\":1,\"status\":\"pending\"}]"),
        release("2", "2014-03-03T00:00:00Z", "\"awards\":[{\"id\":\"1\",\"status\":\"active\"},{\"id\":1,\"title\":\"t\"}]")));
    assertEquals(json("[{\"id\":1,\"status\":\"pending\",\"title\":\"t\"},{\"id\":\"1\",\"status\":\"active\"}]"),
        c.get("awards"));
  }

  /** Verifies that an array the schema marks wholeListMerge is replaced whole, though its objects have ids. */
  @Test
  void wholeListMergeArraysAreReplacedWhole() {
    JsonNode c = Merge.compile(List.of(
        release("1", "2014-01-01T00:00:00Z", "\"tender\":{\"id\":\"A\",\"items\":[{\"id\":\"i1\","
            + "\"additionalClassifications\":[{\"scheme\":\"CPV\",\"id\":\"a\"},{\"scheme\":\"CPV\",\"id\":\"b\"}]}]}"),
        release("2", "2014-01-02T00:00:00Z", "\"tender\":{\"id\":\"A\",\"items\":[{\"id\":\"i1\","
            + "\"additionalClassifications\":[{\"scheme\":\"CPV\",\"id\":\"c\"}]}]}")));
    assertEquals(json("[{\"scheme\":\"CPV\",\"id\":\"c\"}]"), c.at("/tender/items/0/additionalClassifications"));
  }

  /** Verifies that arrays of anything but objects are literals, replaced whole. */
  @Test
  void arraysOfLiteralsAreReplacedWhole() {
    JsonNode c = Merge.compile(List.of(
        release("1", "2014-01-01T00:00:00Z", "\"tender\":{\"id\":\"A\",\"submissionMethod\":[\"electronicSubmission\",\"written\"]}"),
        release("2", "2014-01-02T00:00:00Z", "\"tender\":{\"id\":\"A\",\"submissionMethod\":[\"inPerson\"]}")));
    assertEquals(json("[\"inPerson\"]"), c.at("/tender/submissionMethod"));
  }

  /** Verifies that null removes a field, and that a null inside a field new to the output is dropped. */
  @Test
  void nullRemovesAField() {
    JsonNode c = Merge.compile(List.of(
        release("1", "2014-01-01T00:00:00Z", "\"tender\":{\"id\":\"A\",\"title\":\"Pens\",\"description\":\"d\"}"),
        release("2", "2014-01-02T00:00:00Z", "\"tender\":{\"title\":null},\"planning\":{\"rationale\":null,\"budget\":{\"description\":\"b\"}}")));
    assertEquals(json("{\"id\":\"A\",\"description\":\"d\"}"), c.get("tender"));
    assertEquals(json("{\"budget\":{\"description\":\"b\"}}"), c.get("planning"));
  }

  /**
   * Verifies that releases are merged in chronological order of date, not in the order given,
   * comparing instants (an offset is a time, not text), and that releases of one instant keep
   * the order given (the later given wins).
   */
  @Test
  void releasesAreMergedInDateOrderTiesInTheOrderGiven() {
    JsonNode late = release("3", "2014-01-03T00:00:00Z", "\"tender\":{\"title\":\"third\"}");
    JsonNode early = release("1", "2014-01-01T10:00:00+02:00", "\"tender\":{\"title\":\"first\",\"description\":\"d1\"}");
    JsonNode middle = release("2", "2014-01-01T09:00:00Z", "\"tender\":{\"description\":\"d2\"}");
    JsonNode c = Merge.compile(List.of(late, middle, early));
    assertEquals("third", c.at("/tender/title").asText());
    assertEquals("d2", c.at("/tender/description").asText(), "08:00Z comes before 09:00Z, whatever the text");
    assertEquals(List.of(early, middle, late), Merge.chronological(List.of(late, middle, early)));

    JsonNode a = release("a", "2014-01-01T00:00:00Z", "\"tender\":{\"title\":\"a\"}");
    JsonNode b = release("b", "2014-01-01T00:00:00Z", "\"tender\":{\"title\":\"b\"}");
    assertEquals("b", Merge.compile(List.of(a, b)).at("/tender/title").asText());
    assertEquals("a", Merge.compile(List.of(b, a)).at("/tender/title").asText());
  }

  /**
   * Verifies that the fields the schema marks omitWhenMerged (id, date, tag, publisher, links) are
   * discarded and that the compiled release has its own id ({ocid}-{date}), date (the maximum)
   * and tag ["compiled"].
   */
  @Test
  void omitWhenMergedFieldsAreDiscardedAndTheCompiledReleaseHasItsOwn() {
    JsonNode c = Merge.compile(List.of(
        release("2", "2014-02-05T00:00:00Z", "\"publisher\":{\"name\":\"P\"},\"links\":[{\"rel\":\"canonical\","
            + "\"href\":\"https://example.org/r2\"}],\"tender\":{\"id\":\"A\"}"),
        release("1", "2014-01-01T00:00:00Z", "\"publisher\":{\"name\":\"Q\"}")));
    assertEquals(OCID, c.get("ocid").asText());
    assertEquals(OCID + "-2014-02-05T00:00:00Z", c.get("id").asText());
    assertEquals("2014-02-05T00:00:00Z", c.get("date").asText());
    assertEquals(json("[\"compiled\"]"), c.get("tag"));
    assertFalse(c.has("publisher"), c.toString());
    assertFalse(c.has("links"), c.toString());
    assertEquals(List.of("ocid", "id", "date", "tag", "initiationType", "tender"), fieldNames(c));
  }

  /** Verifies that the rules are read from the bundled release schema, following $ref into definitions. */
  @Test
  void rulesAreReadFromTheBundledReleaseSchema() {
    MergeRules rules = MergeRules.releaseSchema();
    assertEquals(Set.of("id", "date", "tag", "publisher", "links"), rules.omittedPaths());
    assertFalse(rules.wholeList("tag"), "an omitted field has no other rule");
    for (String p : List.of("tender/identifiers", "tender/items/additionalClassifications",
        "tender/items/deliveryAddresses", "parties/additionalIdentifiers", "parties/details/classifications",
        "awards/suppliers/additionalIdentifiers", "contracts/items/deliveryLocations",
        "planning/project/locations", "tender/amendments/changes", "parties/roles")) {
      assertTrue(rules.wholeList(p), p + " in " + rules);
    }
    for (String p : List.of("awards", "tender/items", "contracts/implementation/transactions", "parties",
        "tender/documents", "awards/suppliers")) {
      assertFalse(rules.wholeList(p), p + " merges by id");
    }
  }

  /** Verifies that the rules follow the schema given, not a list: a custom wholeListMerge applies. */
  @Test
  void rulesFollowTheSchemaGiven() {
    JsonNode schema = json("{\"properties\":{\"id\":{\"type\":\"string\",\"omitWhenMerged\":true},"
        + "\"awards\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/Award\"},\"wholeListMerge\":true},"
        + "\"tender\":{\"$ref\":\"#/definitions/Tender\"}},\"definitions\":{\"Award\":{\"type\":\"object\","
        + "\"properties\":{\"id\":{\"type\":\"string\"}}},\"Tender\":{\"type\":\"object\",\"properties\":"
        + "{\"title\":{\"type\":\"string\",\"omitWhenMerged\":true}}}}}");
    MergeRules rules = MergeRules.of(schema);
    assertEquals(Set.of("id", "tender/title"), rules.omittedPaths());
    assertEquals(Set.of("awards"), rules.wholeListPaths());
    JsonNode c = Merge.compile(List.of(
        release("1", "2014-01-01T00:00:00Z", "\"awards\":[{\"id\":\"a1\"}],\"tender\":{\"title\":\"t\",\"id\":\"A\"}"),
        release("2", "2014-01-02T00:00:00Z", "\"awards\":[{\"id\":\"a2\"}]")), rules);
    assertEquals(json("[{\"id\":\"a2\"}]"), c.get("awards"));
    assertEquals(json("{\"id\":\"A\"}"), c.get("tender"));
  }

  /**
   * Verifies that each corrected official example compiles, alone, to itself but for the
   * discarded fields and the compiled metadata, and that the result is a valid release.
   */
  @Test
  void correctedOfficialExamplesCompileToValidReleases() {
    for (ObjectNode r : List.of(Fixtures.correctedPrimerRelease(), Fixtures.correctedOcdsRelease())) {
      ObjectNode given = r.deepCopy();
      JsonNode c = Merge.compile(List.of(r));
      assertEquals(given, r, "the input is not changed");
      ObjectNode expected = r.deepCopy();
      expected.remove(List.of("id", "date", "tag", "publisher"));
      ObjectNode fromCompiled = ((ObjectNode) c.deepCopy());
      fromCompiled.remove(List.of("id", "date", "tag"));
      assertEquals(expected, fromCompiled);
      assertEquals(r.get("ocid").asText() + "-" + r.get("date").asText(), c.get("id").asText());
      Schemas.validateRelease(c, "", "compiled release of " + r.get("ocid").asText());
    }
    // 6700000.0 as written: a trailing zero kept, as BigDecimal, never a double.
    assertEquals(new BigDecimal("6700000.0"),
        Merge.compile(List.of(Fixtures.correctedOcdsRelease())).at("/planning/budget/amount/amount").decimalValue());
  }

  /** Verifies that compiling is deterministic: the same releases give the same bytes. */
  @Test
  void compilingIsDeterministic() {
    List<JsonNode> rs = List.of(release("2", "2014-01-02T00:00:00Z", "\"awards\":[{\"id\":\"b\"},{\"id\":\"a\"}]"),
        release("1", "2014-01-01T00:00:00Z", "\"awards\":[{\"id\":\"a\",\"title\":\"t\"}],\"tender\":{\"id\":\"A\"}"));
    assertEquals(StrictJson.write(Merge.compile(rs)), StrictJson.write(Merge.compile(new ArrayList<>(rs))));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
