package org.auditledger.protocol.note;

import java.util.List;
import org.auditledger.protocol.MalformedException;

/** A checkpoint together with the signed note that carries it. */
public record SignedCheckpoint(Checkpoint checkpoint, SignedNote note) {
  /** Signs {@code checkpoint} with the log key, whose name must be the origin. */
  public static SignedCheckpoint sign(Checkpoint checkpoint, NoteSignerKey logKey) {
    if (!logKey.name().equals(checkpoint.origin())) {
      throw new IllegalArgumentException("log key \"" + logKey.name()
          + "\" cannot sign a checkpoint of origin \"" + checkpoint.origin() + "\"");
    }
    return new SignedCheckpoint(checkpoint, SignedNote.of(checkpoint.body()).sign(logKey));
  }

  /**
   * Parses a signed checkpoint and verifies the log's signature (C2SP tlog-checkpoint: the note
   * must be signed by the log key, whose name is the origin). Other signatures are kept, unchecked.
   *
   * @throws MalformedException if the note or checkpoint is malformed or the origin differs
   * @throws InvalidNoteSignatureException if the log's signature is missing or wrong
   */
  public static SignedCheckpoint open(byte[] note, NoteVerifierKey logKey) {
    SignedNote n = SignedNote.parse(note);
    NoteVerifier.verify(n, List.of(logKey));
    Checkpoint c = Checkpoint.parse(n.text());
    if (!c.origin().equals(logKey.name())) {
      throw new MalformedException("checkpoint origin \"" + c.origin()
          + "\" is not the log key's name \"" + logKey.name() + "\"");
    }
    return new SignedCheckpoint(c, n);
  }

  public byte[] encode() {
    return note.encodeBytes();
  }
}
