package org.auditledger.protocol.cosignature;

import java.util.List;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;

/**
 * A checkpoint opened the one way every reader opens it: signed by the log key the reader trusts
 * (C2SP tlog-checkpoint), then cosigned by the quorum of witnesses the reader requires (C2SP
 * tlog-cosignature, k-of-n). The CLI, bundles and mirrors all go through {@link #open}.
 *
 * @param cosigners the trusted witnesses whose cosignatures verified
 */
public record WitnessedCheckpoint(SignedCheckpoint checkpoint, List<String> cosigners) {
  public WitnessedCheckpoint {
    cosigners = List.copyOf(cosigners);
  }

  /**
   * Opens a checkpoint note.
   *
   * @throws org.auditledger.protocol.MalformedException if it is not a checkpoint of the log key's
   *     origin
   * @throws org.auditledger.protocol.note.InvalidNoteSignatureException if the log's signature
   *     is missing or wrong
   * @throws QuorumNotMetException if fewer trusted witnesses cosigned than {@code policy} needs
   */
  public static WitnessedCheckpoint open(byte[] note, NoteVerifierKey logKey, WitnessPolicy policy) {
    SignedCheckpoint cp = SignedCheckpoint.open(note, logKey);
    return new WitnessedCheckpoint(cp, policy.check(cp.checkpoint(), cp.note()));
  }
}
