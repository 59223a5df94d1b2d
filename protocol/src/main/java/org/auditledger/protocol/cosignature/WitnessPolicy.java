package org.auditledger.protocol.cosignature;

import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.KeyNames;
import org.auditledger.protocol.note.NoteSignature;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedNote;

/**
 * "At least {@code quorum} of these witnesses cosigned" (the k-of-n group of C2SP tlog-policy).
 * Signatures by keys outside the policy are ignored; a bad signature by a listed witness does not
 * count, and is reported.
 */
public record WitnessPolicy(List<NoteVerifierKey> witnesses, int quorum) {
  public WitnessPolicy {
    witnesses = List.copyOf(witnesses);
    for (NoteVerifierKey w : witnesses) {
      if (w.type() != KeyNames.TYPE_COSIGNATURE_V1) {
        throw new IllegalArgumentException(
            "witness key \"" + w.name() + "\" is not a cosigner key (type 0x04)");
      }
    }
    if (quorum < 0 || quorum > witnesses.size()) {
      throw new IllegalArgumentException(
          "quorum " + quorum + " of " + witnesses.size() + " witnesses cannot be met");
    }
  }

  /** No witnesses required. */
  public static WitnessPolicy none() {
    return new WitnessPolicy(List.of(), 0);
  }

  /**
   * Checks the cosignatures on a checkpoint note whose log signature was already verified.
   *
   * @return the names of the witnesses whose cosignatures verified
   * @throws QuorumNotMetException if fewer than {@code quorum} did
   */
  public List<String> check(Checkpoint checkpoint, SignedNote note) {
    List<String> good = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (NoteVerifierKey w : witnesses) {
      for (NoteSignature sig : note.signatures()) {
        if (!sig.isBy(w) || good.contains(w.name())) {
          continue;
        }
        try {
          Cosignature.verify(checkpoint, sig, w);
          good.add(w.name());
        } catch (InvalidCosignatureException e) {
          failures.add(e.getMessage());
        }
      }
    }
    if (good.size() < quorum) {
      throw new QuorumNotMetException(good, quorum, failures);
    }
    return good;
  }
}
