package org.auditledger.protocol.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.Vectors;
import org.junit.jupiter.api.Test;

/** RFC 8032 §7.1 vectors and the key id format. */
class Ed25519VectorsTest {
  /** Verifies public key derivation, signing and verification against RFC 8032 §7.1. */
  @Test
  void rfc8032VectorsPass() {
    for (JsonNode t : Vectors.load("vectors/rfc8032-ed25519.json").get("tests")) {
      Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(Vectors.hex(t.get("secretKey")));
      assertArrayEquals(Vectors.hex(t.get("publicKey")), kp.publicKey().encoded(), t.get("name").asText());
      byte[] msg = Vectors.hex(t.get("message"));
      byte[] sig = Vectors.hex(t.get("signature"));
      assertArrayEquals(sig, kp.sign(msg), t.get("name").asText());
      assertTrue(kp.publicKey().verify(msg, sig));
      sig[0] ^= 1;
      assertFalse(kp.publicKey().verify(msg, sig));
    }
  }

  /** Verifies that key ids round-trip and malformed ones name the fault. */
  @Test
  void keyIdsRoundTrip() {
    Ed25519PublicKey k = Ed25519KeyPair.generate(new SecureRandom()).publicKey();
    assertEquals(k, Ed25519PublicKey.ofKeyId(k.keyId()));
    assertTrue(k.keyId().startsWith("ed25519:"));
    assertThrows(MalformedException.class, () -> Ed25519PublicKey.ofKeyId("rsa:AAAA"));
    assertThrows(MalformedException.class, () -> Ed25519PublicKey.ofKeyId("ed25519:!!"));
    MalformedException e =
        assertThrows(MalformedException.class, () -> Ed25519PublicKey.ofKeyId("ed25519:AAAA"));
    assertTrue(e.getMessage().contains("3 bytes, want 32"), e.getMessage());
  }

  /** Verifies that a small-order point is refused as a public key. */
  @Test
  void smallOrderKeyIsRefused() {
    byte[] identity = new byte[32];
    identity[0] = 1; // the neutral element, encoded
    assertThrows(MalformedException.class, () -> Ed25519PublicKey.of(identity));
  }

  /** Verifies the PKCS#8 PEM of RFC 8410 §10.3's example key and that bad PEM is refused. */
  @Test
  void pkcs8MatchesRfc8410Example() {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
        + "-----END PRIVATE KEY-----\n";
    Ed25519KeyPair k = Pkcs8.decode(pem, "rfc8410.pem");
    assertEquals(pem, Pkcs8.encode(k));
    assertEquals(k.publicKey(), Pkcs8.decode(Pkcs8.encode(k), "x").publicKey());
    MalformedException e = assertThrows(MalformedException.class,
        () -> Pkcs8.decode("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "key.pem"));
    assertTrue(e.getMessage().startsWith("key.pem"), e.getMessage());
    assertThrows(MalformedException.class, () -> Pkcs8.decode(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----", "enc.pem"));
  }
}
