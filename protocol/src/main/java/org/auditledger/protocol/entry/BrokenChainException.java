package org.auditledger.protocol.entry;

import java.util.Base64;
import org.auditledger.protocol.VerificationException;

/** A leaf whose index or {@code prev} does not continue the log before it. */
public final class BrokenChainException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final long index;

  public BrokenChainException(long index, String message) {
    super("entry " + index + ": " + message);
    this.index = index;
  }

  static BrokenChainException prev(long index, byte[] want, byte[] got) {
    Base64.Encoder e = Base64.getEncoder();
    return new BrokenChainException(index, "prev is \"" + e.encodeToString(got)
        + "\", want the leaf hash of entry " + (index - 1) + " \"" + e.encodeToString(want) + "\"");
  }

  public long index() {
    return index;
  }
}
