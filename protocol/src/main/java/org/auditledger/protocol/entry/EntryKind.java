package org.auditledger.protocol.entry;

import java.util.Locale;

/**
 * The kinds of entry; the JSON name is the lower-case constant name. New kinds are added at the
 * end: stores keep a kind by its ordinal.
 */
public enum EntryKind {
  DECISION, SPENDING, FINDING, RESPONSE, KEY, ASSESSMENT;

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EntryKind of(String json) {
    for (EntryKind k : values()) {
      if (k.jsonName().equals(json)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown entry kind \"" + json + "\"");
  }
}
