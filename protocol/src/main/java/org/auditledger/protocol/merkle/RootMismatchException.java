package org.auditledger.protocol.merkle;

import java.util.HexFormat;

/** A proof that computes a root other than the expected one; carries both. */
public final class RootMismatchException extends InvalidProofException {
  private static final long serialVersionUID = 1L;
  private final byte[] expected;
  private final byte[] computed;

  public RootMismatchException(String what, byte[] expected, byte[] computed) {
    super(what + ": computed root " + HexFormat.of().formatHex(computed)
        + ", want " + HexFormat.of().formatHex(expected));
    this.expected = expected.clone();
    this.computed = computed.clone();
  }

  public byte[] expected() {
    return expected.clone();
  }

  public byte[] computed() {
    return computed.clone();
  }
}
