package org.auditledger.protocol.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.json.StrictJson;

/**
 * The payload of an entry, {@code {"v":1,"kind","issuer","created","body","refs"}}, after strict
 * parsing and schema validation. The body stays JSON; {@link KeyGrant} reads key bodies.
 */
public record EntryPayload(
    EntryKind kind, String issuer, OffsetDateTime created, JsonNode body, List<Ref> refs) {

  public EntryPayload {
    body = body.deepCopy();
    refs = List.copyOf(refs);
  }

  @Override
  public JsonNode body() {
    return body.deepCopy();
  }

  /**
   * Parses and validates payload bytes (the DSSE payload).
   *
   * @throws org.auditledger.protocol.MalformedException if not strict JSON
   * @throws SchemaViolationException if not valid against the schemas, naming every field at fault
   */
  public static EntryPayload parse(byte[] payload) {
    JsonNode n = StrictJson.parse(payload, "payload");
    Schemas.validateEntry(n, "payload");
    List<Ref> refs = new ArrayList<>();
    if (n.has("refs")) {
      JsonNode a = n.get("refs");
      for (int i = 0; i < a.size(); i++) {
        JsonNode r = a.get(i);
        refs.add(new Ref(r.has("log") ? r.get("log").asText() : null, index(r.get("index"), i),
            Base64.getDecoder().decode(r.get("leafHash").asText()), r.get("rel").asText()));
      }
    }
    EntryPayload p = new EntryPayload(EntryKind.of(n.get("kind").asText()), n.get("issuer").asText(),
        DateTimes.parse(n.get("created").asText(), "/created"), n.get("body"), refs);
    if (p.kind == EntryKind.KEY) {
      // Parsed now so that a grant that cannot be applied is refused as input, never later.
      p.keyGrant();
    }
    return p;
  }

  /**
   * A reference index as the exact integer written: the schema bounds it to [0, 2^63-1], and this
   * refuses anything else again rather than letting {@code asLong()} wrap it onto another entry.
   */
  private static long index(JsonNode v, int i) {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new SchemaViolationException("payload", List.of(new SchemaViolationException.Violation(
          "/refs/" + i + "/index", v + " is not an entry index in [0, 2^63-1]")));
    }
    return v.asLong();
  }

  /** The key grant or revocation of a {@code key} entry. */
  public KeyGrant keyGrant() {
    if (kind != EntryKind.KEY) {
      throw new IllegalStateException("a " + kind.jsonName() + " entry has no key grant");
    }
    return KeyGrant.of(body);
  }
}
