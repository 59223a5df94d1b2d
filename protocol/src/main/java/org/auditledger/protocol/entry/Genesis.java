package org.auditledger.protocol.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519PublicKey;

/**
 * The genesis entries of a log (protocol.md §6, rule genesis): {@code key} entries, signed by the
 * log key, granting {@code registrar} to the operator's registrar keys. Built as JSON values, so
 * that no origin can break out of its string.
 */
public final class Genesis {
  private Genesis() {}

  /** The payload granting {@code registrar} the role registrar in the log {@code origin}. */
  public static byte[] registrarGrant(String origin, Ed25519PublicKey registrar, Instant created) {
    ObjectNode p = StrictJson.mapper().createObjectNode();
    p.put("v", 1).put("kind", EntryKind.KEY.jsonName()).put("issuer", origin)
        .put("created", created.truncatedTo(ChronoUnit.MILLIS).toString());
    ObjectNode body = p.putObject("body");
    body.put("action", "grant").put("subject", registrar.base64()).put("organization", origin);
    body.putArray("roles").add("registrar");
    body.put("name", "registrar");
    return p.toString().getBytes(StandardCharsets.UTF_8);
  }
}
