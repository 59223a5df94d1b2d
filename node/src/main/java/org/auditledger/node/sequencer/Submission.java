package org.auditledger.node.sequencer;

import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.EntryPayload;

/** An envelope whose signatures and payload were already checked, waiting for an index. */
public record Submission(Envelope envelope, EntryPayload payload) {}
