package org.auditledger.cli.command;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;

/** Fetches one entry and proves it into a verified checkpoint; nothing is taken on trust. */
final class Proven {
  final Entry entry;
  final byte[] leaf;
  final long index;
  final List<byte[]> proof;

  private Proven(Entry entry, byte[] leaf, long index, List<byte[]> proof) {
    this.entry = entry;
    this.leaf = leaf;
    this.index = index;
    this.proof = proof;
  }

  static SignedCheckpoint checkpoint(LogClient client, NoteVerifierKey vkey) throws AuditException {
    try {
      return SignedCheckpoint.open(client.checkpoint(), vkey);
    } catch (ProtocolException e) {
      throw new AuditException(ExitCode.CHECKPOINT, "checkpoint from " + client.baseUrl() + ": " + e.getMessage(), e);
    }
  }

  /** Entry {@code index}, checked and proven into {@code cp}. */
  static Proven fetch(LogClient client, SignedCheckpoint cp, long index) throws AuditException {
    long size = cp.checkpoint().size();
    if (index < 0 || index >= size) {
      throw new AuditException(ExitCode.USAGE, "entry " + index + " is not in the log's " + size + " entries");
    }
    byte[] leaf = client.getJson("v1/entries/" + index).base64("leaf");
    List<byte[]> proof = client.getJson("v1/proofs/inclusion?index=" + index + "&size=" + size).hashes("hashes");
    try {
      ProofVerifier.verifyInclusion(index, size, Rfc6962.leafHash(leaf), proof, cp.checkpoint().rootHash());
      Entry entry = Entry.open(leaf);
      if (entry.leaf().index() != index) {
        throw new AuditException(ExitCode.ENTRY, "entry " + index + " says it is entry " + entry.leaf().index(), (long) index, "chain", null);
      }
      return new Proven(entry, leaf, index, proof);
    } catch (org.auditledger.protocol.merkle.InvalidProofException ex) {
      throw new AuditException(ExitCode.TREE, "entry " + index + " is not in the signed tree: " + ex.getMessage(), (long) index, "tree", ex);
    } catch (ProtocolException ex) {
      throw new AuditException(ExitCode.ENTRY, "entry " + index + ": " + ex.getMessage(), (long) index, "format", ex);
    }
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
