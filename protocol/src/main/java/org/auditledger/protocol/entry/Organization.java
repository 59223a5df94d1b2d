package org.auditledger.protocol.entry;

/**
 * An organization as the ledger identifies it everywhere: its identifier in its home log and
 * that log's origin, written {@code name@home}. Two organizations with the same short name in
 * different logs are different organizations; every display shows the home (protocol.md §5.1).
 * An identifier never contains {@code @} (schema), so the written form reads one way only.
 */
public record Organization(String name, String home) {
  public Organization {
    if (name.isEmpty() || name.indexOf('@') >= 0) {
      throw new IllegalArgumentException("an organization identifier is not empty and has no '@': \"" + name + "\"");
    }
    if (home.isEmpty()) {
      throw new IllegalArgumentException("an organization needs its home log");
    }
  }

  /** Reads {@code name@home}, split at the first {@code @}. */
  public static Organization parse(String qualified) {
    int at = qualified.indexOf('@');
    if (at <= 0 || at == qualified.length() - 1) {
      throw new IllegalArgumentException("\"" + qualified + "\" is not name@home-log-origin");
    }
    return new Organization(qualified.substring(0, at), qualified.substring(at + 1));
  }

  @Override
  public String toString() {
    return name + "@" + home;
  }
}
