package org.auditledger.protocol.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.json.StrictJson;

/**
 * The payload of an entry, {@code {"v","kind","issuer","created","authority"?,"body","refs"}},
 * after strict parsing and schema validation. The body stays JSON; {@link KeyGrant} reads key
 * bodies.
 *
 * @param authority the issuer's home log and grant there, or null when the issuer's home is the
 *     log the entry is in
 * @param version the payload version {@code v}: 2 only for a spending entry whose body is an OCDS
 *     release (protocol.md §7.1)
 */
public record EntryPayload(EntryKind kind, String issuer, OffsetDateTime created, JsonNode body, List<Ref> refs,
    Authority authority, int version) {

  public EntryPayload {
    body = body.deepCopy();
    refs = List.copyOf(refs);
  }

  public EntryPayload(EntryKind kind, String issuer, OffsetDateTime created, JsonNode body, List<Ref> refs) {
    this(kind, issuer, created, body, refs, null, 1);
  }

  /** Whether the body is an OCDS release: a version 2 spending entry (protocol.md §7.1). */
  public boolean isRelease() {
    return kind == EntryKind.SPENDING && version == 2;
  }

  /**
   * The issuer as the ledger identifies it, for an entry in the log {@code origin}: homed in the
   * authority's log if the entry names one, else in {@code origin}.
   */
  public Organization issuerIn(String origin) {
    return new Organization(issuer, authority != null ? authority.log() : origin);
  }

  /**
   * The issuer of a payload already parsed as JSON (for display), as {@link #issuerIn(String)}
   * without validating the payload again.
   */
  public static Organization issuerIn(JsonNode payload, String origin) {
    JsonNode home = payload.path("authority").path("log");
    return new Organization(payload.path("issuer").asText(), home.isTextual() ? home.asText() : origin);
  }

  /** Whether the issuer's home is a log other than {@code origin} (the entry claims authority there). */
  public boolean foreignIn(String origin) {
    return authority != null && !authority.log().equals(origin);
  }

  @Override
  public JsonNode body() {
    return body.deepCopy();
  }

  /**
   * Reads the body without copying it, for a reader that neither keeps nor changes what it is
   * given (derived state reads a few fields of every entry appended).
   */
  public <T> T readBody(java.util.function.Function<JsonNode, T> reader) {
    return reader.apply(body);
  }

  /**
   * Parses and validates payload bytes (the DSSE payload).
   *
   * @throws org.auditledger.protocol.MalformedException if not strict JSON
   * @throws SchemaViolationException if not valid against the schemas, naming every field at fault
   */
  public static EntryPayload parse(byte[] payload) {
    JsonNode n = json(payload, "payload");
    boolean release = isRelease(n);
    Schemas.validateEntry(n, "payload");
    if (release) {
      Schemas.validateRelease(n.get("body"), "/body", "payload");
      ReleaseRules.check(n.get("body"), n.get("issuer").asText(), "/body", "payload");
    }
    List<Ref> refs = new ArrayList<>();
    if (n.has("refs")) {
      JsonNode a = n.get("refs");
      for (int i = 0; i < a.size(); i++) {
        JsonNode r = a.get(i);
        refs.add(new Ref(r.has("log") ? r.get("log").asText() : null, index(r.get("index"), "/refs/" + i + "/index"),
            Base64.getDecoder().decode(r.get("leafHash").asText()), r.get("rel").asText()));
      }
    }
    Authority authority = null;
    if (n.has("authority")) {
      JsonNode a = n.get("authority");
      authority = new Authority(a.get("log").asText(), index(a.get("index"), "/authority/index"),
          Base64.getDecoder().decode(a.get("leafHash").asText()), index(a.get("size"), "/authority/size"));
      if (authority.index() >= authority.size()) {
        throw new SchemaViolationException("payload", List.of(new SchemaViolationException.Violation(
            "/authority/index", "the grant at index " + authority.index() + " is not inside the tree of size "
                + authority.size() + " consulted")));
      }
    }
    EntryPayload p = new EntryPayload(EntryKind.of(n.get("kind").asText()), n.get("issuer").asText(),
        DateTimes.parse(n.get("created").asText(), "/created"), n.get("body"), refs, authority, release ? 2 : 1);
    if (p.kind == EntryKind.KEY) {
      // Parsed now so that a grant that cannot be applied is refused as input, never later.
      p.keyGrant();
    }
    return p;
  }

  /**
   * Payload bytes as strict JSON with the payload's number rule, without schema validation (for
   * display, or for a payload to be completed before signing): a fraction only inside the body
   * of an OCDS release (protocol.md §7.1), never an exponent; every other number an integer.
   *
   * @throws org.auditledger.protocol.MalformedException naming {@code what} and the number at fault
   */
  public static JsonNode json(byte[] payload, String what) {
    JsonNode n = StrictJson.parseDecimals(payload, what);
    if (isRelease(n)) {
      for (java.util.Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!"body".equals(f)) {
          StrictJson.requireIntegers(n.get(f), "/" + StrictJson.escape(f), what);
        }
      }
    } else {
      StrictJson.requireIntegers(n, "", what);
    }
    return n;
  }

  /** Whether a payload is a version 2 spending entry, whose body is an OCDS release. */
  private static boolean isRelease(JsonNode n) {
    return n.isObject() && n.path("v").isInt() && n.path("v").intValue() == 2
        && "spending".equals(n.path("kind").asText(null)) && n.path("body").isObject();
  }

  /**
   * An index or size as the exact integer written: the schema bounds it to [0, 2^63-1], and this
   * refuses anything else again rather than letting {@code asLong()} wrap it onto another entry.
   */
  private static long index(JsonNode v, String pointer) {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new SchemaViolationException("payload", List.of(new SchemaViolationException.Violation(
          pointer, v + " is not an integer in [0, 2^63-1]")));
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
