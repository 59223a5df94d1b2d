package org.auditledger.cli.verify;

import java.util.List;
import java.util.Map;
import org.auditledger.cli.state.LogState;
import org.auditledger.protocol.note.Checkpoint;

/**
 * The outcome of a successful verification.
 *
 * @param previousSize the size verified before (0 on a first run); entries [previousSize, size)
 *     were checked now, and the consistency of the two trees proven
 * @param kinds count of newly verified entries by kind
 * @param crossLogRefsUnchecked references to logs no {@code --peer} was given for
 */
public record Report(Checkpoint checkpoint, long previousSize, long entriesChecked,
    List<String> cosigners, Map<String, Long> kinds, double seconds, LogState state,
    long crossLogRefsChecked, long crossLogRefsUnchecked) {}
