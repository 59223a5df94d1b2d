package org.auditledger.node.sequencer;

import java.util.List;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryPayload;

/**
 * An envelope whose signatures and payload were already checked (in parallel, before the
 * sequencer), with its entry id and its claims as admission judged them, waiting for an index.
 */
public record Submission(Envelope envelope, EntryPayload payload, EntryId id, List<Claim> claims) {
  public Submission {
    claims = List.copyOf(claims);
  }

  public Submission(Envelope envelope, EntryPayload payload) {
    this(envelope, payload, EntryId.of(envelope), List.of());
  }

  public Submission(Envelope envelope, EntryPayload payload, List<Claim> claims) {
    this(envelope, payload, EntryId.of(envelope), claims);
  }
}
