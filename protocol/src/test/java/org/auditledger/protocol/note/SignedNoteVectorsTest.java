package org.auditledger.protocol.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.Vectors;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;

/** Byte-for-byte agreement with golang.org/x/mod/sumdb/note (shared/vectors/signed-note.json). */
class SignedNoteVectorsTest {
  private static final JsonNode V = Vectors.signedNote();

  /** Verifies that the signer key parses to the published verifier key. */
  @Test
  void signerKeyYieldsPublishedVerifierKey() {
    NoteSignerKey skey = NoteSignerKey.parse(V.get("signerKey").asText());
    assertEquals(V.get("verifierKey").asText(), skey.verifierKey().encode());
    assertEquals(V.get("signerKey").asText(), skey.encode());
    assertEquals(V.get("verifierKey").asText(), NoteVerifierKey.parse(V.get("verifierKey").asText()).encode());
  }

  /** Verifies that signing the text yields the published signed note exactly. */
  @Test
  void signingMatchesPublishedNote() {
    NoteSignerKey skey = NoteSignerKey.parse(V.get("signerKey").asText());
    SignedNote note = SignedNote.of(V.get("text").asText()).sign(skey);
    assertEquals(V.get("signedNote").asText(), note.encode());
  }

  /** Verifies that the published note parses and verifies with the published key. */
  @Test
  void publishedNoteVerifies() {
    SignedNote note = SignedNote.parse(V.get("signedNote").asText().getBytes(StandardCharsets.UTF_8));
    assertEquals(V.get("text").asText(), note.text());
    NoteVerifierKey vkey = NoteVerifierKey.parse(V.get("verifierKey").asText());
    assertEquals(List.of(vkey), NoteVerifier.verify(note, List.of(vkey)));
  }

  /** Verifies that the published malformed verifier keys are refused. */
  @Test
  void badVerifierKeysAreRefused() {
    for (JsonNode bad : V.get("badVerifierKeys")) {
      assertThrows(MalformedException.class, () -> NoteVerifierKey.parse(bad.asText()), bad.asText());
    }
  }

  /** Verifies that a tampered text fails with the key named, and a foreign key is ignored. */
  @Test
  void tamperedNoteFailsAndUnknownSignaturesAreIgnored() {
    NoteVerifierKey vkey = NoteVerifierKey.parse(V.get("verifierKey").asText());
    String tampered = V.get("signedNote").asText().replace("cryptography", "cryptographY");
    InvalidNoteSignatureException e = assertThrows(InvalidNoteSignatureException.class,
        () -> NoteVerifier.verify(SignedNote.parse(tampered.getBytes(StandardCharsets.UTF_8)), List.of(vkey)));
    assertEquals("PeterNeumann", e.keyName());

    NoteSignerKey other = new NoteSignerKey("example.org/other", Ed25519KeyPair.generate(new SecureRandom()));
    SignedNote twice = SignedNote.parse(V.get("signedNote").asText().getBytes(StandardCharsets.UTF_8)).sign(other);
    SignedNote back = SignedNote.parse(twice.encodeBytes());
    assertEquals(2, back.signatures().size());
    assertEquals(List.of(vkey), NoteVerifier.verify(back, List.of(vkey)));
    assertEquals(2, NoteVerifier.verify(back, List.of(vkey, other.verifierKey())).size());
    // Signed only by a key we do not trust: refused, naming who did sign.
    SignedNote onlyOther = SignedNote.of("hello\n").sign(other);
    InvalidNoteSignatureException none = assertThrows(InvalidNoteSignatureException.class,
        () -> NoteVerifier.verify(onlyOther, List.of(vkey)));
    assertTrue(none.getMessage().contains("example.org/other"), none.getMessage());
  }
}
