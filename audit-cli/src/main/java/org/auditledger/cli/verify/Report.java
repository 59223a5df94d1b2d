package org.auditledger.cli.verify;

import java.util.List;
import java.util.Map;
import org.auditledger.cli.state.ClaimsState;
import org.auditledger.cli.state.LogState;
import org.auditledger.protocol.note.Checkpoint;

/**
 * The outcome of a verification that found the log intact.
 *
 * @param previousSize the size verified before (0 on a first run); entries [previousSize, size)
 *     were checked now, and the consistency of the two trees proven
 * @param kinds count of newly verified entries by kind
 * @param claims what is known of the log's claims: still unchecked, and failing (all runs)
 * @param claimsHeld claims judged in this run that hold
 * @param newlyFailed claims found failing in this run
 * @param log the log as verified, for other logs' claims on it
 */
public record Report(Checkpoint checkpoint, long previousSize, long entriesChecked,
    List<String> cosigners, Map<String, Long> kinds, double seconds, LogState state,
    ClaimsState claims, long claimsHeld, List<ClaimsState.Failed> newlyFailed, RemoteLog log) {}
