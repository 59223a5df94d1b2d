package org.auditledger.protocol.note;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Verifies Ed25519 (type 0x01) note signatures per C2SP signed-note §Signatures: signatures by
 * unknown keys are ignored; a signature by a known key must verify, or the whole note is refused;
 * at least one known key must have signed.
 */
public final class NoteVerifier {
  private NoteVerifier() {}

  /**
   * Returns the trusted keys whose signatures verified.
   *
   * @throws InvalidNoteSignatureException if a trusted key's signature fails, or none signed
   */
  public static List<NoteVerifierKey> verify(SignedNote note, Collection<NoteVerifierKey> trusted) {
    byte[] text = note.textBytes();
    List<NoteVerifierKey> verified = new ArrayList<>();
    for (NoteSignature sig : note.signatures()) {
      for (NoteVerifierKey key : trusted) {
        if (key.type() != KeyNames.TYPE_ED25519 || !sig.isBy(key)) {
          continue;
        }
        if (!key.publicKey().verify(text, sig.signature())) {
          throw new InvalidNoteSignatureException(key.name(),
              "note signature by \"" + key.name() + "\" (key id " + KeyNames.hex8(key.keyId())
                  + ") does not verify");
        }
        if (!verified.contains(key)) {
          verified.add(key);
        }
      }
    }
    if (verified.isEmpty()) {
      List<String> names = new ArrayList<>();
      note.signatures().forEach(s -> names.add(s.keyName() + "+" + KeyNames.hex8(s.keyId())));
      List<String> want = new ArrayList<>();
      trusted.forEach(k -> want.add(k.name() + "+" + KeyNames.hex8(k.keyId())));
      throw new InvalidNoteSignatureException(null,
          "note is not signed by a trusted key: signed by " + names + ", trusted " + want);
    }
    return verified;
  }
}
