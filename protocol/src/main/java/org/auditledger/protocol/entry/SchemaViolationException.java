package org.auditledger.protocol.entry;

import java.util.List;
import org.auditledger.protocol.MalformedException;

/** A payload that does not satisfy the schema; each violation names its JSON Pointer. */
public final class SchemaViolationException extends MalformedException {
  private static final long serialVersionUID = 1L;
  private final List<Violation> violations;

  /** One failed rule: where in the payload (RFC 6901 pointer) and what is wrong. */
  public record Violation(String pointer, String message) {
    @Override
    public String toString() {
      return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
  }

  public SchemaViolationException(String what, List<Violation> violations) {
    super(what + " does not match the schema: " + summary(violations));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }

  private static String summary(List<Violation> violations) {
    StringBuilder b = new StringBuilder();
    int shown = Math.min(violations.size(), 5);
    for (int i = 0; i < shown; i++) {
      b.append(i == 0 ? "" : "; ").append(violations.get(i));
    }
    if (violations.size() > shown) {
      b.append("; and ").append(violations.size() - shown).append(" more");
    }
    return b.toString();
  }
}
