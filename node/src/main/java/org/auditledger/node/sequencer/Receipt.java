package org.auditledger.node.sequencer;

import org.auditledger.protocol.note.SignedCheckpoint;

/**
 * The answer to a submission: its index and leaf hash, and a signed checkpoint that covers it.
 * {@code created} is false when an identical envelope was already in the log.
 */
public record Receipt(long index, byte[] leafHash, SignedCheckpoint checkpoint, boolean created) {}
