package org.auditledger.protocol.cosignature;

import java.util.List;
import org.auditledger.protocol.VerificationException;

/** Fewer trusted witnesses cosigned a checkpoint than the policy requires. */
public final class QuorumNotMetException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final List<String> cosigners;
  private final int quorum;

  public QuorumNotMetException(List<String> cosigners, int quorum, List<String> failures) {
    super("checkpoint has " + cosigners.size() + " valid cosignatures from trusted witnesses "
        + cosigners + ", want " + quorum + (failures.isEmpty() ? "" : "; refused: " + failures));
    this.cosigners = List.copyOf(cosigners);
    this.quorum = quorum;
  }

  public List<String> cosigners() {
    return cosigners;
  }

  public int quorum() {
    return quorum;
  }
}
