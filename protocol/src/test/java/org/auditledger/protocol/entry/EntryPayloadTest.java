package org.auditledger.protocol.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payload fields that the schema alone once let through to code that could not hold them. */
class EntryPayloadTest {
  private static final String HASH = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";

  private static String withRefIndex(String index) {
    return Fixtures.decisionPayload("town", "t").replaceFirst("}$",
        ",\"refs\":[{\"index\":" + index + ",\"leafHash\":\"" + HASH + "\",\"rel\":\"cites\"}]}");
  }

  /**
   * Verifies that a reference index outside [0, 2^63-1] is a schema violation at its pointer,
   * never wrapped onto another entry (18446744073709551619 mod 2^64 is 3).
   */
  @ParameterizedTest
  @ValueSource(strings = {"18446744073709551619", "9223372036854775808", "18446744073709551615", "-1"})
  void referenceIndexesOutOfRangeAreRefused(String index) {
    SchemaViolationException e = assertThrows(SchemaViolationException.class,
        () -> EntryPayload.parse(withRefIndex(index).getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.violations().stream().anyMatch(v -> v.pointer().equals("/refs/0/index")), e.getMessage());
  }

  /** Verifies the largest index still parses exactly. */
  @Test
  void largestReferenceIndexIsKept() {
    EntryPayload p = EntryPayload.parse(withRefIndex("9223372036854775807").getBytes(StandardCharsets.UTF_8));
    assertEquals(Long.MAX_VALUE, p.refs().get(0).index());
  }

  /** Verifies that leap seconds and impossible times are schema violations naming the field. */
  @ParameterizedTest
  @ValueSource(strings = {"2016-12-31T23:59:60Z", "2026-02-30T10:00:00Z", "2026-01-01T24:00:00Z",
      "2026-01-01T10:00:00+24:00"})
  void impossibleTimesAreSchemaViolations(String created) {
    String payload = Fixtures.decisionPayload("town", "t").replaceFirst("\"created\":\"[^\"]*\"",
        "\"created\":\"" + created + "\"");
    SchemaViolationException e = assertThrows(SchemaViolationException.class,
        () -> EntryPayload.parse(payload.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.violations().stream().anyMatch(v -> v.pointer().equals("/created")), e.getMessage());
  }

  /** Verifies a key grant is read when parsed, so a bad validUntil is input, not a later fault. */
  @Test
  void keyGrantsAreCheckedWhenParsed() {
    String payload = Fixtures.keyPayload("grant", Fixtures.newKey().publicKey(), "town", "town", "decision")
        .replace("\"roles\":", "\"validUntil\":\"2016-12-31T23:59:60Z\",\"roles\":");
    SchemaViolationException e = assertThrows(SchemaViolationException.class,
        () -> EntryPayload.parse(payload.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.violations().stream().anyMatch(v -> v.pointer().equals("/body/validUntil")), e.getMessage());
  }

  /** Verifies that an entry's identity is its signed payload: co-signatures do not change it. */
  @Test
  void entryIdIgnoresSignatures() {
    Ed25519KeyPair a = Fixtures.newKey();
    Ed25519KeyPair b = Fixtures.newKey();
    String payload = Fixtures.decisionPayload("town", "same");
    Envelope one = Fixtures.sign(payload, a);
    assertEquals(EntryId.of(one), EntryId.of(one.cosign(b)));
    assertEquals(EntryId.of(one), EntryId.of(Fixtures.sign(payload, b)));
    assertNotEquals(EntryId.of(one), EntryId.of(Fixtures.sign(payload + " ", a)));
    assertThrows(DuplicateEntryException.class, () -> DuplicateEntryException.check(7, 3));
    DuplicateEntryException.check(7, -1);
  }
}
