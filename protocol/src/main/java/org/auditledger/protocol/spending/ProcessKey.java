package org.auditledger.protocol.spending;

/**
 * A contracting process in the ledger: its buyer (the issuer, {@code name@home}) and its {@code
 * ocid}. The buyer is part of it because nothing reserves an ocid prefix in a log (protocol.md
 * §7.1): releases of another organization under the same ocid are another process.
 */
public record ProcessKey(String buyer, String ocid) implements Comparable<ProcessKey> {
  @Override
  public int compareTo(ProcessKey o) {
    int c = buyer.compareTo(o.buyer);
    return c != 0 ? c : ocid.compareTo(o.ocid);
  }
}
