package org.auditledger.protocol.derived;

import java.util.Locale;

/**
 * Where a finding stands (protocol.md §10.2), as of a date: {@code open} (no response yet),
 * {@code overdue} (no response and its {@code responseDueDate} has passed), {@code responded},
 * {@code implemented} (the audited party claims every recommendation implemented), {@code closed}
 * (the auditors assessed every recommendation).
 */
public enum FindingStatus {
  OPEN, OVERDUE, RESPONDED, IMPLEMENTED, CLOSED;

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FindingStatus of(String json) {
    for (FindingStatus s : values()) {
      if (s.jsonName().equals(json)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown finding status \"" + json + "\": want open, overdue, responded,"
        + " implemented or closed");
  }
}
