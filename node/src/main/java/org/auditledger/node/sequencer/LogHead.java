package org.auditledger.node.sequencer;

import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.note.SignedCheckpoint;

/** What readers may see: the committed size, its checkpoint, and the key registry after it. */
public record LogHead(long size, SignedCheckpoint checkpoint, KeyRegistry.Snapshot registry) {}
