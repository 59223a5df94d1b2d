package org.auditledger.bench;

/**
 * The baseline every other figure is quoted against: raw Bouncy Castle Ed25519 verifications a
 * second on one thread (1 KiB message), measured in the same session as the figure it divides.
 */
public final class VerifyRate {
  private VerifyRate() {}

  public static void main(String[] args) {
    System.out.printf("raw Bouncy Castle Ed25519 verify, 1 thread: %.0f/s%n", LoadDriver.rawVerifyRate());
  }
}
