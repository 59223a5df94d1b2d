package org.auditledger.cli.verify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.entry.Ref;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;

/**
 * Other logs that entries reference ({@code refs[].log}), each known by a URL and a trusted vkey.
 * A reference is checked by proving its leaf hash, at its index, into that log's signed
 * checkpoint. Not thread-safe: used from the verifier's in-order thread.
 */
public final class PeerLogs {
  private record Peer(LogClient client, NoteVerifierKey vkey) {}

  private final Map<String, Peer> peers = new HashMap<>();
  private final Map<String, Checkpoint> checkpoints = new HashMap<>();
  private long checked;
  private long unchecked;

  /** Adds a peer log read through {@code client}; its origin is the vkey's name. */
  public void add(LogClient client, NoteVerifierKey vkey) {
    peers.put(vkey.name(), new Peer(client, vkey));
  }

  public long checked() {
    return checked;
  }

  public long unchecked() {
    return unchecked;
  }

  /** Checks the references of entry {@code index} into logs other than {@code origin}. */
  void check(long index, String origin, List<Ref> refs) throws AuditException {
    for (Ref r : refs) {
      if (r.isLocal(origin)) {
        continue;
      }
      Peer p = peers.get(r.log());
      if (p == null) {
        unchecked++;
        continue;
      }
      Checkpoint cp = checkpoint(r.log(), p);
      if (r.index() >= cp.size()) {
        throw new AuditException(ExitCode.ENTRY, "entry " + index + " references entry " + r.index()
            + " of " + r.log() + ", which has only " + cp.size() + " entries", index, "cross-log-ref", null);
      }
      List<byte[]> hashes = p.client().getJson("v1/proofs/inclusion?index=" + r.index()
          + "&size=" + cp.size()).hashes("hashes");
      try {
        ProofVerifier.verifyInclusion(r.index(), cp.size(), r.leafHash(), hashes, cp.rootHash());
      } catch (RuntimeException e) {
        throw new AuditException(ExitCode.ENTRY, "entry " + index + " references " + r
            + ", which is not that entry of " + r.log() + ": " + e.getMessage(), index, "cross-log-ref", e);
      }
      checked++;
    }
  }

  private Checkpoint checkpoint(String origin, Peer p) throws AuditException {
    Checkpoint cp = checkpoints.get(origin);
    if (cp == null) {
      try {
        cp = SignedCheckpoint.open(p.client().checkpoint(), p.vkey()).checkpoint();
      } catch (ProtocolException e) {
        throw new AuditException(ExitCode.CHECKPOINT, "checkpoint of referenced log " + origin + ": "
            + e.getMessage(), e);
      }
      checkpoints.put(origin, cp);
    }
    return cp;
  }
}
