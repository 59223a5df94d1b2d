package org.auditledger.node.witness;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.cosignature.AddCheckpointRequest;
import org.auditledger.protocol.cosignature.Cosignature;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.merkle.InvalidProofException;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.InvalidNoteSignatureException;
import org.auditledger.protocol.note.NoteVerifier;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedNote;

/**
 * The witness: C2SP tlog-witness {@code add-checkpoint} semantics over the store's record of the
 * latest checkpoint cosigned per origin. Checking and recording are one atomic step (the method
 * is synchronized), so that two concurrent requests can never roll the record back.
 */
public final class Witness {
  /**
   * What to answer: an HTTP status and a body of the given content type, or, when {@code slug} is
   * set, an RFC 9457 problem of that type whose detail is {@code body}.
   */
  public record Answer(int status, String contentType, String body, String slug) {}

  private final LogStore store;
  private final String name;
  private final Ed25519KeyPair key;
  private final Map<String, NoteVerifierKey> logs;
  private final Evidence evidence;
  private final Clock clock;

  public Witness(LogStore store, String name, Ed25519KeyPair key, Map<String, NoteVerifierKey> logs,
      Evidence evidence, Clock clock) {
    this.store = store;
    this.name = name;
    this.key = key;
    this.logs = Map.copyOf(logs);
    this.evidence = evidence;
    this.clock = clock;
  }

  /** This witness's cosigner verifier key (type 0x04). */
  public NoteVerifierKey vkey() {
    return NoteVerifierKey.cosigner(name, key.publicKey());
  }

  /** Handles one add-checkpoint body. Blocks (store I/O, crypto): call from a worker. */
  public synchronized Answer addCheckpoint(byte[] body) {
    AddCheckpointRequest req;
    Checkpoint cp;
    try {
      req = AddCheckpointRequest.parse(body);
      cp = Checkpoint.parse(req.checkpoint().text());
    } catch (MalformedException e) {
      return problem(400, e.getMessage());
    }
    NoteVerifierKey logKey = logs.get(cp.origin());
    if (logKey == null) {
      return problem(404, "this witness does not witness the log \"" + cp.origin() + "\"");
    }
    try {
      NoteVerifier.verify(req.checkpoint(), List.of(logKey));
    } catch (InvalidNoteSignatureException e) {
      return problem(403, "checkpoint is not signed by the trusted key of " + cp.origin() + ": " + e.getMessage());
    }
    if (req.oldSize() > cp.size()) {
      return problem(400, "old size " + req.oldSize() + " is above the checkpoint size " + cp.size());
    }
    byte[] latestNote = store.witnessed(cp.origin());
    Checkpoint latest = latestNote == null ? null : Checkpoint.parse(SignedNote.parse(latestNote).text());
    long known = latest == null ? 0 : latest.size();
    if (req.oldSize() != known) {
      return new Answer(409, "text/x.tlog.size", known + "\n", null);
    }
    if (latest != null && cp.size() == latest.size()) {
      if (!Arrays.equals(cp.rootHash(), latest.rootHash())) {
        evidence("equivocation", cp.origin(), latestNote, req, "two checkpoints of size " + cp.size()
            + " with different roots, both signed by the log key");
        return problem(409, "checkpoint of size " + cp.size() + " has a different root than the one"
            + " cosigned before: kept as evidence of equivocation");
      }
    } else if (latest != null) {
      try {
        ProofVerifier.verifyConsistency(latest.size(), cp.size(), req.proof(), latest.rootHash(), cp.rootHash());
      } catch (InvalidProofException e) {
        evidence("inconsistent", cp.origin(), latestNote, req, e.getMessage());
        return problem(422, "consistency proof from " + latest.size() + " to " + cp.size()
            + " does not verify: " + e.getMessage());
      }
    } else if (!req.proof().isEmpty()) {
      return problem(422, "the consistency proof from size 0 must be empty");
    }
    store.putWitnessed(cp.origin(), req.checkpoint().encodeBytes());
    long now = clock.instant().getEpochSecond();
    return new Answer(200, "text/plain; charset=utf-8", Cosignature.sign(name, key, cp, now).line(), null);
  }

  private void evidence(String type, String origin, byte[] known, AddCheckpointRequest req, String why) {
    evidence.record(type, logs.get(origin), known, req.checkpoint().encodeBytes(), req.oldSize(), req.proof(),
        why, clock.instant());
  }

  private static Answer problem(int status, String detail) {
    String slug = switch (status) {
      case 403 -> "untrusted-checkpoint";
      case 404 -> "unknown-log";
      case 409 -> "equivocation";
      case 422 -> "inconsistent-checkpoint";
      default -> "malformed";
    };
    return new Answer(status, null, detail, slug);
  }
}
