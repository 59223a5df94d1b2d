package org.auditledger.protocol.ocds;

import static org.auditledger.protocol.ocds.MergeTest.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.junit.jupiter.api.Test;

/**
 * Releases the merge routine cannot read are refused with an {@link UnmergeableReleaseException}
 * naming the release and the field, never a NullPointerException or ClassCastException.
 */
class HostileReleasesTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static UnmergeableReleaseException refused(List<JsonNode> releases) {
    UnmergeableReleaseException e = assertThrows(UnmergeableReleaseException.class, () -> Merge.compile(releases));
    assertTrue(e.getMessage().startsWith("release " + e.release() + " "), e.getMessage());
    return e;
  }

  /** Verifies that a release that is not a JSON object is refused, naming its position. */
  @Test
  void aReleaseThatIsNotAnObjectIsRefused() {
    JsonNode good = release("1", "2014-01-01T00:00:00Z", "");
    for (JsonNode bad : List.of(F.textNode("release"), F.arrayNode(), F.nullNode(), F.numberNode(1))) {
      UnmergeableReleaseException e = refused(List.of(good, bad));
      assertEquals(1, e.release());
      assertEquals("", e.pointer());
    }
    List<JsonNode> withNull = new ArrayList<>();
    withNull.add(null);
    assertEquals(0, refused(withNull).release());
    assertEquals(0, refused(List.of()).release());
  }

  /** Verifies that a release without an RFC 3339 date cannot be put in order and is refused at /date. */
  @Test
  void aReleaseWithoutADateIsRefused() {
    ObjectNode r = (ObjectNode) release("1", "2014-01-01T00:00:00Z", "");
    for (JsonNode date : List.of(F.nullNode(), F.numberNode(20140101), F.textNode("2014-01-01"),
        F.textNode("yesterday"), F.objectNode())) {
      ObjectNode bad = r.deepCopy();
      bad.set("date", date);
      UnmergeableReleaseException e = refused(List.of(r, bad));
      assertEquals(1, e.release());
      assertEquals("/date", e.pointer());
    }
    ObjectNode missing = r.deepCopy();
    missing.remove("date");
    assertEquals("/date", refused(List.of(missing)).pointer());
  }

  /** Verifies that a missing ocid, or releases of two ocids, are refused at /ocid. */
  @Test
  void releasesOfAnotherOrNoOcidAreRefused() {
    ObjectNode r = (ObjectNode) release("1", "2014-01-01T00:00:00Z", "");
    ObjectNode other = r.deepCopy().put("ocid", "ocds-213czf-B");
    UnmergeableReleaseException e = refused(List.of(r, other));
    assertEquals("/ocid", e.pointer());
    assertTrue(e.getMessage().contains("ocds-213czf-B"), e.getMessage());
    ObjectNode none = r.deepCopy();
    none.remove("ocid");
    assertEquals("/ocid", refused(List.of(none)).pointer());
  }

  /** Verifies that an id in an array of objects that is neither a string nor an integer is refused at its pointer. */
  @Test
  void anIdOfTheWrongTypeIsRefusedAtItsPointer() {
    for (String id : List.of("true", "null", "1.5", "{\"id\":\"a\"}", "[\"a\"]")) {
      UnmergeableReleaseException e = refused(List.of(
          release("1", "2014-01-01T00:00:00Z", "\"awards\":[{\"id\":\"a\"}]"),
          release("2", "2014-01-02T00:00:00Z", "\"awards\":[{\"id\":\"b\"},{\"id\":" + id + "}]")));
      assertEquals(1, e.release(), "position in the list given");
      assertEquals("/awards/1/id", e.pointer());
    }
  }

  /** Verifies that a record groups by ocid and names a bad release by its position in the whole list. */
  @Test
  void recordsNameABadReleaseByItsPositionInTheWholeList() {
    JsonNode a = Fixtures.correctedOcdsRelease();
    JsonNode b = release("1", "2014-01-01T00:00:00Z", "");
    ObjectNode bad = (ObjectNode) release("2", "2014-01-02T00:00:00Z", "");
    bad.put("date", "soon");
    UnmergeableReleaseException e = assertThrows(UnmergeableReleaseException.class,
        () -> OcdsRecord.byOcid(List.of(a, b, bad)));
    assertEquals(2, e.release());
    assertEquals("/date", e.pointer());
  }

  /**
   * Verifies that any field of the full example replaced by a value of another JSON type, merged
   * after the original, compiles or is refused as unmergeable, never another error.
   */
  @Test
  void anyMutationCompilesOrIsRefusedAsUnmergeable() {
    Random rnd = new Random(20261202);
    ObjectNode base = Fixtures.correctedOcdsRelease();
    List<String> pointers = Fixtures.pointers(base);
    List<JsonNode> values = List.of(F.textNode(""), F.nullNode(), F.booleanNode(true),
        F.numberNode(new BigDecimal("-0.000000000000001")), F.numberNode(Long.MAX_VALUE),
        F.arrayNode(), F.objectNode(), F.arrayNode().add(1).add(F.objectNode()), F.arrayNode().add(F.objectNode()));
    int refused = 0;
    for (int i = 0; i < 500; i++) {
      ObjectNode r = base.deepCopy();
      String pointer = pointers.get(rnd.nextInt(pointers.size()));
      int cut = pointer.lastIndexOf('/');
      JsonNode parent = r.at(pointer.substring(0, cut));
      String last = pointer.substring(cut + 1);
      JsonNode v = values.get(rnd.nextInt(values.size()));
      if (parent instanceof ObjectNode o) {
        o.set(last, v);
      } else if (parent instanceof ArrayNode a) {
        a.set(Integer.parseInt(last), v);
      }
      r.put("date", "2012-01-01T00:00:00Z");
      try {
        JsonNode c = Merge.compile(List.of(base, r));
        StrictJson.write(c);
      } catch (UnmergeableReleaseException e) {
        refused++;
      }
    }
    assertTrue(refused > 0, "some mutations are refused");
  }
}
