package org.auditledger.node.sequencer;

import java.time.Instant;
import org.auditledger.protocol.merkle.HashReader;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.wire.InclusionProof;

/**
 * The answer to a submission: the entry's index, leaf hash and the fields the log added ({@code
 * logged}, {@code prev}), a signed checkpoint that covers it, and where to read the nodes of its
 * inclusion proof ({@code proofNodes}: the batch's own nodes in memory, so a receipt never reads
 * back what was just written). {@code created} is false when an identical envelope was already
 * in the log.
 */
public record Receipt(long index, byte[] leafHash, Instant logged, byte[] prev, SignedCheckpoint checkpoint,
    boolean created, HashReader proofNodes) {

  /** The inclusion proof in {@link #checkpoint()}; blocks if the nodes are read from a store. */
  public InclusionProof inclusionProof() {
    long size = checkpoint.checkpoint().size();
    return new InclusionProof(index, size, Proofs.inclusion(index, size).fetch(proofNodes));
  }

  /** The wire form (protocol {@code wire.Receipt}). */
  public org.auditledger.protocol.wire.Receipt toWire() {
    return new org.auditledger.protocol.wire.Receipt(index, leafHash, logged, prev, checkpoint.encode(), inclusionProof());
  }
}
