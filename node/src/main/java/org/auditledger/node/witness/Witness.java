package org.auditledger.node.witness;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.auditledger.node.api.LogSource;
import org.auditledger.node.api.ProblemType;
import org.auditledger.node.store.WitnessRecords;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.cosignature.AddCheckpointRequest;
import org.auditledger.protocol.cosignature.Cosignature;
import org.auditledger.protocol.evidence.Equivocation;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.merkle.InvalidProofException;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.InvalidNoteSignatureException;
import org.auditledger.protocol.note.NoteVerifier;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.note.SignedNote;

/**
 * The witness: C2SP tlog-witness {@code add-checkpoint} over the record of the latest checkpoint
 * cosigned per origin. Checking and recording are one atomic step (the method is synchronized),
 * so that two concurrent requests can never roll the record back.
 *
 * <p>Evidence is kept only when it proves itself ({@link Equivocation}): a checkpoint of the size
 * last cosigned with another root, or one that contradicts the tree a mirror of that log on this
 * node has verified. A consistency proof that merely fails to verify proves nothing about the log
 * (anyone can send a genuine checkpoint with a junk proof) and is refused without a trace.
 */
public final class Witness {
  /**
   * What to answer: an HTTP status and a body of the given content type, or, when {@code problem}
   * is set, an RFC 9457 problem of that type whose detail is {@code body}.
   */
  public record Answer(int status, String contentType, String body, ProblemType problem) {}

  private final WitnessRecords records;
  private final String name;
  private final Ed25519KeyPair key;
  private final Map<String, NoteVerifierKey> logs;
  private final Map<String, ? extends LogSource> mirrors;
  private final EvidenceRecorder evidence;
  private final Clock clock;

  /**
   * @param logs the logs witnessed, by origin
   * @param mirrors verified mirrors this node keeps, by origin: their trees are checked too
   */
  public Witness(WitnessRecords records, String name, Ed25519KeyPair key, Map<String, NoteVerifierKey> logs,
      Map<String, ? extends LogSource> mirrors, EvidenceRecorder evidence, Clock clock) {
    this.records = records;
    this.name = name;
    this.key = key;
    this.logs = Map.copyOf(logs);
    this.mirrors = Map.copyOf(mirrors);
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
    byte[] offered = req.checkpoint().encodeBytes();
    Optional<Equivocation> seen = againstMirror(logKey, offered);
    if (seen.isPresent()) {
      evidence.record(seen.get(), "add-checkpoint contradicting this node's verified mirror");
      return problem(409, "checkpoint contradicts the tree of " + cp.origin() + " this node verified: "
          + seen.get().describe() + "; kept as evidence");
    }
    if (req.oldSize() > cp.size()) {
      return problem(400, "old size " + req.oldSize() + " is above the checkpoint size " + cp.size());
    }
    byte[] latestNote = records.latest(cp.origin());
    Checkpoint latest = latestNote == null ? null : Checkpoint.parse(SignedNote.parse(latestNote).text());
    long known = latest == null ? 0 : latest.size();
    if (req.oldSize() != known) {
      return new Answer(409, "text/x.tlog.size", known + "\n", null);
    }
    if (latest == null || cp.size() == latest.size()) {
      // RFC 6962 §2.1.2: the consistency proof from the empty tree, or between equal sizes, is empty.
      if (!req.proof().isEmpty()) {
        return problem(422, "the consistency proof from size " + req.oldSize() + " to " + cp.size()
            + " must be empty, got " + req.proof().size() + " hashes");
      }
      if (latest != null && !Arrays.equals(cp.rootHash(), latest.rootHash())) {
        evidence.record(Equivocation.sameSize(logKey, latestNote, offered), "add-checkpoint");
        return problem(409, "checkpoint of size " + cp.size() + " has a different root than the one"
            + " cosigned before: kept as evidence of equivocation");
      }
    } else {
      try {
        ProofVerifier.verifyConsistency(latest.size(), cp.size(), req.proof(), latest.rootHash(), cp.rootHash());
      } catch (InvalidProofException e) {
        return problem(422, "consistency proof from " + latest.size() + " to " + cp.size()
            + " does not verify: " + e.getMessage());
      }
    }
    records.put(cp.origin(), offered);
    long now = clock.instant().getEpochSecond();
    return new Answer(200, "text/plain; charset=utf-8", Cosignature.sign(name, key, cp, now).line(), null);
  }

  /** Checks a checkpoint of a log this node also mirrors against the tree the mirror verified. */
  private Optional<Equivocation> againstMirror(NoteVerifierKey logKey, byte[] offered) {
    LogSource mirror = mirrors.get(logKey.name());
    SignedCheckpoint known = mirror == null ? null : mirror.head().checkpoint();
    if (known == null) {
      return Optional.empty();
    }
    try {
      return Equivocation.contradicting(logKey, known, mirror.store(), offered);
    } catch (ProtocolException e) {
      return Optional.empty();
    }
  }

  private static Answer problem(int status, String detail) {
    ProblemType type = switch (status) {
      case 403 -> ProblemType.UNTRUSTED_CHECKPOINT;
      case 404 -> ProblemType.UNKNOWN_LOG;
      case 409 -> ProblemType.EQUIVOCATION;
      case 422 -> ProblemType.INCONSISTENT_CHECKPOINT;
      default -> ProblemType.MALFORMED;
    };
    return new Answer(status, null, detail, type);
  }
}
