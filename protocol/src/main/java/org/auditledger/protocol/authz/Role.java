package org.auditledger.protocol.authz;

import java.util.Locale;
import org.auditledger.protocol.entry.EntryKind;

/** The roles a key can hold for an organization ({@code registrar} holds for every one). */
public enum Role {
  REGISTRAR, ADMIN, DECISION, SPENDING, FINDING, RESPONSE;

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role of(String json) {
    for (Role r : values()) {
      if (r.jsonName().equals(json)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role \"" + json + "\"");
  }

  /** The role that signing an entry of {@code kind} requires (not for {@code key} entries). */
  public static Role requiredFor(EntryKind kind) {
    return switch (kind) {
      case DECISION -> DECISION;
      case SPENDING -> SPENDING;
      case FINDING -> FINDING;
      case RESPONSE -> RESPONSE;
      // The auditors assess the implementation of their own findings.
      case ASSESSMENT -> FINDING;
      case KEY -> throw new IllegalArgumentException("key entries follow the grant rules");
    };
  }
}
