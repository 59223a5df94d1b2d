package org.auditledger.node.sequencer;

import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryPayload;

/**
 * An envelope whose signatures and payload were already checked (in parallel, before the
 * sequencer), with its entry id, waiting for an index.
 */
public record Submission(Envelope envelope, EntryPayload payload, EntryId id) {
  public Submission(Envelope envelope, EntryPayload payload) {
    this(envelope, payload, EntryId.of(envelope));
  }
}
