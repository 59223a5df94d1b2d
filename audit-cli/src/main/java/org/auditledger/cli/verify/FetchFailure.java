package org.auditledger.cli.verify;

import org.auditledger.cli.AuditException;

/** Carries a checked fetch failure through the protocol's unchecked tile interfaces. */
final class FetchFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  FetchFailure(AuditException cause) {
    super(cause.getMessage(), cause);
  }

  AuditException audit() {
    return (AuditException) getCause();
  }
}
