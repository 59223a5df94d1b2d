package org.auditledger.protocol.dsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.Vectors;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;

/** DSSE v1: PAE, signing, co-signing and strict parsing. */
class EnvelopeTest {
  /** Verifies the PAE example of the DSSE specification. */
  @Test
  void paeMatchesSpecExample() {
    JsonNode v = Vectors.signedNote().get("dssePae");
    byte[] pae = Pae.encode(v.get("payloadType").asText(), v.get("payload").asText().getBytes(StandardCharsets.UTF_8));
    assertEquals(v.get("pae").asText(), new String(pae, StandardCharsets.UTF_8));
  }

  /** Verifies a co-signed envelope round-trips through JSON and verifies. */
  @Test
  void cosignedEnvelopeRoundTrips() {
    Ed25519KeyPair a = Fixtures.newKey();
    Ed25519KeyPair b = Fixtures.newKey();
    Envelope env = Fixtures.sign("{\"x\":1}", a).cosign(b);
    Envelope back = Envelope.parse(env.toJson().getBytes(StandardCharsets.UTF_8));
    assertEquals(env, back);
    back.verify(null);
    assertEquals(List.of(a.publicKey(), b.publicKey()), back.signers());
  }

  /** Verifies that a signature by another key under a claimed key id fails, naming it. */
  @Test
  void wrongSignatureIsRefusedWithKeyId() {
    Ed25519KeyPair a = Fixtures.newKey();
    Ed25519KeyPair b = Fixtures.newKey();
    Envelope byB = Fixtures.sign("{}", b);
    Envelope claimed = new Envelope(Envelope.PAYLOAD_TYPE, byB.payload(),
        List.of(new Envelope.Signature(a.publicKey(), byB.signatures().get(0).sig())));
    InvalidSignatureException e = assertThrows(InvalidSignatureException.class, () -> claimed.verify(3L));
    assertEquals(a.publicKey().keyId(), e.keyId());
    assertEquals(3L, e.entryIndex());
  }

  /** Verifies that malformed envelopes are refused naming the field. */
  @Test
  void malformedEnvelopesNameTheField() {
    Ed25519KeyPair a = Fixtures.newKey();
    String good = Fixtures.sign("{}", a).toJson();
    String[][] cases = {
        {good.replace("application/vnd.auditledger.entry.v1+json", "text/plain"), "payloadType"},
        {good.replace("\"payload\":\"e30=\"", "\"payload\":\"e30\""), "envelope.payload"},
        {good.replace("\"signatures\":[", "\"extra\":1,\"signatures\":["), "unknown field \"extra\""},
        {good.replace("ed25519:", "rsa:"), "signatures[0].keyid"},
        {good.replace("\"payload\":\"e30=\",", ""), "no \"payload\""},
        {good.replace("\"sig\":\"", "\"sig\":\"AAAA"), "signatures[0].sig"},
        {"{\"payload\":\"e30=\",\"payloadType\":\"" + Envelope.PAYLOAD_TYPE + "\",\"signatures\":[]}", "0 signatures"},
        {good.replace("]}", "," + good.substring(good.indexOf("{\"keyid\""), good.lastIndexOf("]")) + "]}"), "signed twice"},
    };
    for (String[] c : cases) {
      MalformedException e = assertThrows(MalformedException.class,
          () -> Envelope.parse(c[0].getBytes(StandardCharsets.UTF_8)), c[0]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage() + " should contain " + c[1]);
    }
  }
}
