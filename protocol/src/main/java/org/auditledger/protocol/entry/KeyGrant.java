package org.auditledger.protocol.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.authz.Role;
import org.auditledger.protocol.key.Ed25519PublicKey;

/** The body of a {@code key} entry (already schema-valid). */
public record KeyGrant(
    boolean grant, Ed25519PublicKey subject, String organization, Set<Role> roles, String name,
    Instant validUntil) {

  public KeyGrant {
    roles = Set.copyOf(roles);
  }

  /**
   * Reads a schema-valid key body.
   *
   * @throws SchemaViolationException if the subject is not a usable Ed25519 key or validUntil not
   *     a date-time, naming the field
   */
  static KeyGrant of(JsonNode body) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    body.get("roles").forEach(r -> roles.add(Role.of(r.asText())));
    Ed25519PublicKey subject;
    try {
      subject = Ed25519PublicKey.ofBase64(body.get("subject").asText(), "body.subject");
    } catch (MalformedException e) {
      throw new SchemaViolationException("payload",
          List.of(new SchemaViolationException.Violation("/body/subject", e.getMessage())));
    }
    return new KeyGrant(
        "grant".equals(body.get("action").asText()),
        subject,
        body.get("organization").asText(),
        roles,
        body.has("name") ? body.get("name").asText() : null,
        body.has("validUntil") ? DateTimes.parse(body.get("validUntil").asText(), "/body/validUntil").toInstant() : null);
  }
}
