package org.auditledger.protocol.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.dsse.InvalidSignatureException;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.merkle.Rfc6962;
import org.junit.jupiter.api.Test;

/** The leaf record: one encoding, bounded size, chained by prev. */
class LeafTest {
  private static final Ed25519KeyPair KEY = Ed25519KeyPair.fromSeed(new byte[32]);
  private static final Instant LOGGED = Instant.parse("2026-11-23T10:15:30.123456Z");

  /** Verifies the exact bytes of a leaf: keys sorted, no whitespace, millisecond UTC time. */
  @Test
  void encodingIsCanonical() {
    Envelope env = Envelope.sign("{}".getBytes(StandardCharsets.UTF_8), List.of(KEY));
    Leaf leaf = new Leaf(env, 0, LOGGED, new byte[0]);
    String json = new String(leaf.encode(), StandardCharsets.US_ASCII);
    String sig = Base64.getEncoder().encodeToString(env.signatures().get(0).sig());
    assertEquals("{\"envelope\":{\"payload\":\"e30=\",\"payloadType\":\"application/vnd.auditledger.entry.v1+json\","
        + "\"signatures\":[{\"keyid\":\"" + KEY.publicKey().keyId() + "\",\"sig\":\"" + sig + "\"}]},"
        + "\"index\":0,\"logged\":\"2026-11-23T10:15:30.123Z\",\"prev\":\"\"}", json);
    assertEquals(leaf, Leaf.parse(leaf.encode()));
    assertArrayEquals(Rfc6962.leafHash(leaf.encode()), leaf.leafHash());
  }

  /** Verifies that whitespace, reordered keys, extra fields and bad prev are refused. */
  @Test
  void nonCanonicalLeavesAreRefused() {
    Envelope env = Envelope.sign("{}".getBytes(StandardCharsets.UTF_8), List.of(KEY));
    String good = new String(new Leaf(env, 1, LOGGED, new byte[32]).encode(), StandardCharsets.US_ASCII);
    for (String bad : List.of(
        good.replace(",\"index\"", ", \"index\""),
        good.replace("{\"envelope\":", "{\"index\":1,\"envelope\":").replace(",\"index\":1,\"logged\"", ",\"logged\""),
        good.replace("\"prev\"", "\"extra\":1,\"prev\""),
        good.replace(".123Z", "Z"),
        good.replace("\"index\":1", "\"index\":-1"),
        good.replace("\"index\":1", "\"index\":1.0"),
        good.replace("\"prev\":\"" + Base64.getEncoder().encodeToString(new byte[32]), "\"prev\":\"AAAA"))) {
      assertThrows(MalformedException.class, () -> Leaf.parse(bad.getBytes(StandardCharsets.US_ASCII)), bad);
    }
  }

  /** Verifies that a leaf of 65,535 bytes is accepted and one byte more is refused. */
  @Test
  void leafSizeIsBounded() {
    Envelope small = Envelope.sign(new byte[0], List.of(KEY));
    int overhead = new Leaf(small, 7, LOGGED, new byte[32]).encode().length;
    // Base64 grows 3 bytes into 4: find the largest payload that fits.
    int payload = (Leaf.MAX_SIZE - overhead) / 4 * 3;
    Leaf fits = new Leaf(Envelope.sign(new byte[payload], List.of(KEY)), 7, LOGGED, new byte[32]);
    assertTrue(fits.encode().length <= Leaf.MAX_SIZE);
    Leaf over = new Leaf(Envelope.sign(new byte[payload + 3], List.of(KEY)), 7, LOGGED, new byte[32]);
    LeafTooLargeException e = assertThrows(LeafTooLargeException.class, over::encode);
    assertTrue(e.size() > Leaf.MAX_SIZE);
    assertThrows(LeafTooLargeException.class, () -> Leaf.parse(new byte[Leaf.MAX_SIZE + 1]));
  }

  /** Verifies the chain check names the entry and both hashes. */
  @Test
  void chainLinksAreChecked() {
    Envelope env = Envelope.sign("{}".getBytes(StandardCharsets.UTF_8), List.of(KEY));
    Leaf first = new Leaf(env, 0, LOGGED, new byte[0]);
    Leaf second = new Leaf(env, 1, LOGGED, first.leafHash());
    second.checkLink(1, first.leafHash());
    BrokenChainException e = assertThrows(BrokenChainException.class, () -> second.checkLink(1, new byte[32]));
    assertEquals(1, e.index());
    assertThrows(BrokenChainException.class, () -> second.checkLink(2, first.leafHash()));
  }

  /** Verifies that Entry.open checks signatures and payload, naming the entry index. */
  @Test
  void openChecksSignaturesAndPayload() {
    Ed25519KeyPair k = Fixtures.newKey();
    Envelope env = Fixtures.sign(Fixtures.decisionPayload("town.example", "Budget 2027"), k);
    Leaf leaf = new Leaf(env, 5, LOGGED, new byte[32]);
    assertEquals(EntryKind.DECISION, Entry.open(leaf.encode()).payload().kind());

    byte[] sig = env.signatures().get(0).sig();
    sig[10] ^= 1;
    Envelope forged = new Envelope(env.payloadType(), env.payload(),
        List.of(new Envelope.Signature(k.publicKey(), sig)));
    InvalidSignatureException bad = assertThrows(InvalidSignatureException.class,
        () -> Entry.open(new Leaf(forged, 5, LOGGED, new byte[32]).encode()));
    assertEquals(5L, bad.entryIndex());
    assertEquals(k.publicKey().keyId(), bad.keyId());

    Envelope invalid = Fixtures.sign(Fixtures.decisionPayload("town.example", "t").replace("\"adopted\"", "\"maybe\""), k);
    SchemaViolationException sv = assertThrows(SchemaViolationException.class,
        () -> Entry.open(new Leaf(invalid, 5, LOGGED, new byte[32]).encode()));
    assertTrue(sv.getMessage().startsWith("entry 5 payload"), sv.getMessage());
    assertEquals("/body/result", sv.violations().get(0).pointer());
  }
}
