package org.auditledger.protocol.cosignature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.KeyNames;
import org.auditledger.protocol.note.NoteSignature;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.note.SignedNote;
import org.junit.jupiter.api.Test;

/** C2SP tlog-cosignature v1 and the k-of-n witness policy. */
class CosignatureTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Checkpoint CP = new Checkpoint(
      "example.com/behind-the-sofa", 20852163,
      Base64.getDecoder().decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));

  /** Verifies the exact signed message of the spec's example. */
  @Test
  void signedMessageMatchesSpecExample() {
    assertEquals("cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
            + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        new String(Cosignature.signedMessage(CP, 1679315147L), StandardCharsets.UTF_8));
  }

  /** Verifies sign/verify, the 0x04 key id, the wire layout, and that tampering fails. */
  @Test
  void cosignatureRoundTripsAndTamperingFails() {
    Ed25519KeyPair k = Ed25519KeyPair.generate(RANDOM);
    NoteVerifierKey w = NoteVerifierKey.cosigner("witness.example/w1", k.publicKey());
    assertEquals(KeyNames.keyId("witness.example/w1", (byte) 0x04, k.publicKey().encoded()), w.keyId());
    assertEquals(w, NoteVerifierKey.parse(w.encode()));
    NoteSignature sig = Cosignature.sign("witness.example/w1", k, CP, 1679315147L);
    assertEquals(72, sig.signature().length);
    assertEquals(1679315147L, Cosignature.verify(CP, sig, w));

    Checkpoint other = new Checkpoint(CP.origin(), CP.size() + 1, CP.rootHash());
    assertThrows(InvalidCosignatureException.class, () -> Cosignature.verify(other, sig, w));
    byte[] raw = sig.signature();
    raw[7] ^= 1; // the timestamp's last byte
    NoteSignature shifted = new NoteSignature(sig.keyName(), sig.keyId(), raw);
    assertThrows(InvalidCosignatureException.class, () -> Cosignature.verify(CP, shifted, w));
  }

  /** Verifies that a quorum counts only valid cosignatures by listed witnesses. */
  @Test
  void quorumCountsOnlyValidTrustedCosignatures() {
    NoteSignerKey log = new NoteSignerKey(CP.origin(), Ed25519KeyPair.generate(RANDOM));
    Ed25519KeyPair k1 = Ed25519KeyPair.generate(RANDOM);
    Ed25519KeyPair k2 = Ed25519KeyPair.generate(RANDOM);
    Ed25519KeyPair k3 = Ed25519KeyPair.generate(RANDOM);
    Ed25519KeyPair stranger = Ed25519KeyPair.generate(RANDOM);
    List<NoteVerifierKey> ws = List.of(
        NoteVerifierKey.cosigner("w1", k1.publicKey()),
        NoteVerifierKey.cosigner("w2", k2.publicKey()),
        NoteVerifierKey.cosigner("w3", k3.publicKey()));
    SignedNote note = SignedCheckpoint.sign(CP, log).note()
        .withSignature(Cosignature.sign("w1", k1, CP, 100))
        .withSignature(Cosignature.sign("w2", k2, CP, 101))
        .withSignature(Cosignature.sign("w4", stranger, CP, 102));
    // The note survives a round trip through its wire form, all signatures kept.
    SignedCheckpoint reopened = SignedCheckpoint.open(note.encodeBytes(), log.verifierKey());
    assertEquals(4, reopened.note().signatures().size());

    assertEquals(List.of("w1", "w2"), new WitnessPolicy(ws, 2).check(CP, reopened.note()));
    QuorumNotMetException e = assertThrows(QuorumNotMetException.class,
        () -> new WitnessPolicy(ws, 3).check(CP, reopened.note()));
    assertEquals(List.of("w1", "w2"), e.cosigners());

    // w3's name and key id on a signature by another key: does not count, and is reported.
    NoteSignature forged = new NoteSignature("w3", ws.get(2).keyId(),
        Cosignature.sign("w3", stranger, CP, 103).signature());
    QuorumNotMetException f = assertThrows(QuorumNotMetException.class,
        () -> new WitnessPolicy(ws, 3).check(CP, reopened.note().withSignature(forged)));
    assertTrue(f.getMessage().contains("w3"), f.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new WitnessPolicy(ws, 4));
  }
}
