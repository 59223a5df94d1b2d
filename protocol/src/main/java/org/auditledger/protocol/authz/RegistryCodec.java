package org.auditledger.protocol.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519PublicKey;

/**
 * The key registry snapshot as stored under "registry":
 * {@code {"genesis":bool,"next":n,"held":[{"key":b64,"org":s,"role":s,"since":n,"until":RFC3339?}]}}.
 */
public final class RegistryCodec {
  private RegistryCodec() {}

  public static byte[] encode(KeyRegistry.Snapshot s) {
    ObjectNode root = StrictJson.mapper().createObjectNode();
    root.put("genesis", s.genesis());
    root.put("next", s.nextIndex());
    ArrayNode held = root.putArray("held");
    for (KeyRegistry.Held h : s.held()) {
      ObjectNode o = held.addObject();
      o.put("key", h.key().base64());
      o.put("org", h.organization());
      o.put("role", h.role().jsonName());
      o.put("since", h.grant().sinceIndex());
      if (h.grant().validUntil() != null) {
        o.put("until", h.grant().validUntil().toString());
      }
    }
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static KeyRegistry.Snapshot decode(byte[] bytes) {
    JsonNode root = StrictJson.parse(bytes, "stored key registry");
    List<KeyRegistry.Held> held = new ArrayList<>();
    for (JsonNode o : root.get("held")) {
      held.add(new KeyRegistry.Held(
          Ed25519PublicKey.ofBase64(o.get("key").asText(), "stored key registry key"),
          o.get("org").asText(), Role.of(o.get("role").asText()),
          new KeyRegistry.Grant(o.get("since").asLong(),
              o.has("until") ? Instant.parse(o.get("until").asText()) : null)));
    }
    return new KeyRegistry.Snapshot(root.get("genesis").asBoolean(), root.get("next").asLong(), held);
  }
}
