package org.auditledger.protocol.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;
import org.auditledger.protocol.authz.Role;
import org.auditledger.protocol.key.Ed25519PublicKey;

/** The body of a {@code key} entry (already schema-valid). */
public record KeyGrant(
    boolean grant, Ed25519PublicKey subject, String organization, Set<Role> roles, String name,
    Instant validUntil) {

  public KeyGrant {
    roles = Set.copyOf(roles);
  }

  static KeyGrant of(JsonNode body) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    body.get("roles").forEach(r -> roles.add(Role.of(r.asText())));
    return new KeyGrant(
        "grant".equals(body.get("action").asText()),
        Ed25519PublicKey.ofBase64(body.get("subject").asText(), "body.subject"),
        body.get("organization").asText(),
        roles,
        body.has("name") ? body.get("name").asText() : null,
        body.has("validUntil") ? OffsetDateTime.parse(body.get("validUntil").asText()).toInstant() : null);
  }
}
