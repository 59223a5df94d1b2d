package org.auditledger.protocol.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.json.StrictJson;
import org.junit.jupiter.api.Test;

/**
 * Spending entries of payload version 2 are OCDS 1.1.5 releases (protocol.md §7.1), validated
 * against the official release schema, with exact decimal amounts and the buyer rule.
 */
class OcdsReleaseTest {
  private static JsonNode example(String name) {
    return Fixtures.ocdsExample(name);
  }

  private static byte[] payload(String issuer, JsonNode release) throws Exception {
    ObjectNode p = StrictJson.mapper().createObjectNode();
    p.put("v", 2).put("kind", "spending").put("issuer", issuer).put("created", "2026-12-02T10:00:00Z");
    p.set("body", release);
    return StrictJson.mapper().writeValueAsBytes(p);
  }

  private static Set<String> pointers(SchemaViolationException e) {
    return e.violations().stream().map(SchemaViolationException.Violation::pointer).collect(Collectors.toSet());
  }

  /** The two official examples as shipped do not validate against the schema beside them. */
  @Test
  void examplesAsShippedAreRefusedWithThePointerOfEachViolation() throws Exception {
    JsonNode primer = example("example-primer.json").get("releases").get(0);
    SchemaViolationException e = assertThrows(SchemaViolationException.class,
        () -> EntryPayload.parse(payload("town", primer)));
    assertEquals(Set.of("/body/initiationType"), pointers(e), e.getMessage());

    JsonNode full = example("example-release-package.json").get("releases").get(0);
    e = assertThrows(SchemaViolationException.class, () -> EntryPayload.parse(payload("GB-LAC-E09000003", full)));
    assertEquals(Set.of("/body/initiationType", "/body/tender/exclusionGrounds", "/body/tender/selectionCriteria"),
        pointers(e), e.getMessage());
  }

  @Test
  void correctedExamplesAreSpendingEntriesWithExactAmounts() throws Exception {
    ObjectNode primer = (ObjectNode) example("example-primer.json").get("releases").get(0);
    primer.put("initiationType", "tender");
    EntryPayload p = EntryPayload.parse(payload("town", primer));
    assertEquals(EntryKind.SPENDING, p.kind());
    assertEquals(new BigDecimal("6000"), p.body().at("/tender/value/amount").decimalValue());

    ObjectNode full = Fixtures.correctedOcdsRelease();
    p = EntryPayload.parse(payload("GB-LAC-E09000003", full));
    assertEquals(full, p.body());
  }

  @Test
  void decimalAmountsAreReadExactly() throws Exception {
    String json = "{\"v\":2,\"kind\":\"spending\",\"issuer\":\"town\",\"created\":\"2026-12-02T10:00:00Z\","
        + "\"body\":{\"ocid\":\"ocds-213czf-1\",\"id\":\"r1\",\"date\":\"2026-01-01T00:00:00Z\",\"tag\":[\"tender\"],"
        + "\"initiationType\":\"tender\",\"tender\":{\"id\":\"t\",\"value\":{\"amount\":0.10000000000000001,\"currency\":\"EUR\"}}}}";
    EntryPayload p = EntryPayload.parse(json.getBytes(StandardCharsets.UTF_8));
    // A double would read 0.1; the ledger keeps every digit written.
    assertEquals(new BigDecimal("0.10000000000000001"), p.body().at("/tender/value/amount").decimalValue());
  }

  @Test
  void anExponentIsRefusedEvenInARelease() {
    String json = "{\"v\":2,\"kind\":\"spending\",\"issuer\":\"town\",\"created\":\"2026-12-02T10:00:00Z\","
        + "\"body\":{\"ocid\":\"ocds-213czf-1\",\"id\":\"r1\",\"date\":\"2026-01-01T00:00:00Z\",\"tag\":[\"tender\"],"
        + "\"initiationType\":\"tender\",\"tender\":{\"id\":\"t\",\"value\":{\"amount\":6.5e3,\"currency\":\"EUR\"}}}}";
    MalformedException e = assertThrows(MalformedException.class,
        () -> EntryPayload.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("exponent"), e.getMessage());
  }

  @Test
  void fractionsStayRefusedOutsideAReleaseBody() {
    String v1 = "{\"v\":1,\"kind\":\"spending\",\"issuer\":\"town\",\"created\":\"2026-12-02T10:00:00Z\","
        + "\"body\":{\"ocid\":\"ocds-213czf-1\",\"date\":\"2026-01-01T00:00:00Z\",\"tag\":[\"tender\"],"
        + "\"parties\":[{\"id\":\"town\",\"name\":\"Town\",\"roles\":[\"buyer\"]}],\"x\":1.5}}";
    MalformedException e = assertThrows(MalformedException.class,
        () -> EntryPayload.parse(v1.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("/body/x"), e.getMessage());
    String decision = "{\"v\":2,\"kind\":\"decision\",\"issuer\":\"town\",\"created\":\"2026-12-02T10:00:00Z\","
        + "\"body\":{\"n\":2.5}}";
    e = assertThrows(MalformedException.class, () -> EntryPayload.parse(decision.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("/body/n"), e.getMessage());
  }

  @Test
  void aReleaseNamesItsIssuerAsBuyer() throws Exception {
    ObjectNode full = Fixtures.correctedOcdsRelease();
    SchemaViolationException e = assertThrows(SchemaViolationException.class,
        () -> EntryPayload.parse(payload("other-town", full)));
    assertEquals(List.of("/body/buyer/id"), e.violations().stream().map(SchemaViolationException.Violation::pointer).toList());
  }

  /**
   * Hostile releases: any field of the full example replaced by a value of another JSON type is
   * either a valid release or a {@link MalformedException} naming a pointer, never another error
   * (which a node would answer as a 500).
   */
  @Test
  void anyMutationOfAReleaseIsAcceptedOrRefusedAsInput() throws Exception {
    java.util.Random rnd = new java.util.Random(20261202);
    ObjectNode base = Fixtures.correctedOcdsRelease();
    List<String> pointers = Fixtures.pointers(base);
    List<JsonNode> values = List.of(StrictJson.mapper().getNodeFactory().textNode(""),
        StrictJson.mapper().getNodeFactory().textNode("not-a-date \u0000"),
        StrictJson.mapper().getNodeFactory().numberNode(new BigDecimal("-0.000000000000001")),
        StrictJson.mapper().getNodeFactory().numberNode(Long.MAX_VALUE),
        StrictJson.mapper().getNodeFactory().nullNode(), StrictJson.mapper().getNodeFactory().booleanNode(true),
        StrictJson.mapper().createArrayNode(), StrictJson.mapper().createObjectNode());
    int refused = 0;
    for (int i = 0; i < 400; i++) {
      ObjectNode r = base.deepCopy();
      String pointer = pointers.get(rnd.nextInt(pointers.size()));
      int cut = pointer.lastIndexOf('/');
      JsonNode parent = r.at(pointer.substring(0, cut));
      String last = pointer.substring(cut + 1);
      JsonNode v = values.get(rnd.nextInt(values.size()));
      if (parent instanceof ObjectNode o) {
        o.set(last, v);
      } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
        a.set(Integer.parseInt(last), v);
      }
      try {
        EntryPayload.parse(payload(Fixtures.OCDS_BUYER, r));
      } catch (MalformedException e) {
        refused++;
        assertTrue(e.getMessage().contains("/"), e.getMessage());
      }
    }
    assertTrue(refused > 0, "some mutations are refused");
  }
}
