package org.auditledger.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.Ed25519PublicKey;

/**
 * Builders of signed entries for tests of every module (shared through the protocol test-jar).
 * Payloads are written as JSON text, as a submitter would.
 */
public final class Fixtures {
  public static final SecureRandom RANDOM = new SecureRandom();

  private Fixtures() {}

  private static final java.util.concurrent.atomic.AtomicLong LAST_MICROS = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Now, as RFC 3339 with microseconds, strictly increasing across calls: a node refuses
   * {@code created} times far from its clock, and two payloads built by one test never collide
   * by accident under rule unique-payload.
   */
  public static String created() {
    long now = java.time.Instant.now().toEpochMilli() * 1000;
    long micros = LAST_MICROS.updateAndGet(last -> Math.max(last + 1, now));
    return java.time.Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS).toString();
  }

  /** An official OCDS example package of {@code schemas/ocds/examples/}, as shipped. */
  public static com.fasterxml.jackson.databind.JsonNode ocdsExample(String name) {
    try (java.io.InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("ocds-examples/" + name)) {
      return org.auditledger.protocol.json.StrictJson.parseDecimals(in.readAllBytes(), name);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The buyer of the full OCDS example release. */
  public static final String OCDS_BUYER = "GB-LAC-E09000003";

  /**
   * The full OCDS example release with the three fields that make it invalid against the
   * official 1.1.5 release schema corrected: {@code initiationType} added, and {@code
   * tender.exclusionGrounds} and {@code tender.selectionCriteria} as the objects the schema wants.
   */
  public static com.fasterxml.jackson.databind.node.ObjectNode correctedOcdsRelease() {
    com.fasterxml.jackson.databind.node.ObjectNode r =
        (com.fasterxml.jackson.databind.node.ObjectNode) ocdsExample("example-release-package.json").get("releases").get(0);
    r.put("initiationType", "tender");
    com.fasterxml.jackson.databind.node.ObjectNode tender = (com.fasterxml.jackson.databind.node.ObjectNode) r.get("tender");
    for (String f : List.of("exclusionGrounds", "selectionCriteria")) {
      String text = tender.get(f).asText();
      tender.putObject(f).put("description", text);
    }
    return r;
  }

  /**
   * A minimal OCDS release valid against the 1.1.5 release schema (its five required fields and
   * a buyer), to which a test adds what it needs.
   */
  public static com.fasterxml.jackson.databind.node.ObjectNode release(String ocid, String id, String date, String buyer) {
    com.fasterxml.jackson.databind.node.ObjectNode r = org.auditledger.protocol.json.StrictJson.mapper().createObjectNode();
    r.put("ocid", ocid).put("id", id).put("date", date).put("initiationType", "tender");
    r.putArray("tag").add("tender");
    r.putObject("buyer").put("id", buyer).put("name", buyer);
    return r;
  }

  /** The JSON Pointer of every value inside {@code n}, depth first (for mutation tests). */
  public static List<String> pointers(com.fasterxml.jackson.databind.JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    pointers(n, "", out);
    return out;
  }

  private static void pointers(com.fasterxml.jackson.databind.JsonNode n, String at, List<String> out) {
    if (!at.isEmpty()) {
      out.add(at);
    }
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> pointers(e.getValue(),
          at + "/" + org.auditledger.protocol.json.StrictJson.escape(e.getKey()), out));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        pointers(n.get(i), at + "/" + i, out);
      }
    }
  }

  /** A version 2 spending payload by {@code issuer} with {@code release} as its body. */
  public static String releasePayload(String issuer, com.fasterxml.jackson.databind.JsonNode release) {
    return "{\"v\":2,\"kind\":\"spending\",\"issuer\":\"" + issuer + "\",\"created\":\"" + created() + "\","
        + "\"body\":" + org.auditledger.protocol.json.StrictJson.write(release) + "}";
  }

  /**
   * The primer OCDS example release with the one field that makes it invalid against the
   * official 1.1.5 release schema corrected: {@code initiationType} added.
   */
  public static com.fasterxml.jackson.databind.node.ObjectNode correctedPrimerRelease() {
    com.fasterxml.jackson.databind.node.ObjectNode r =
        (com.fasterxml.jackson.databind.node.ObjectNode) ocdsExample("example-primer.json").get("releases").get(0);
    r.put("initiationType", "tender");
    return r;
  }

  public static Ed25519KeyPair newKey() {
    return Ed25519KeyPair.generate(RANDOM);
  }

  /** A key entry payload. */
  public static String keyPayload(String action, Ed25519PublicKey subject, String organization,
      String issuer, String... roles) {
    StringBuilder r = new StringBuilder();
    for (int i = 0; i < roles.length; i++) {
      r.append(i == 0 ? "" : ",").append('"').append(roles[i]).append('"');
    }
    return "{\"v\":1,\"kind\":\"key\",\"issuer\":\"" + issuer + "\",\"created\":\"" + created() + "\","
        + "\"body\":{\"action\":\"" + action + "\",\"subject\":\"" + subject.base64()
        + "\",\"organization\":\"" + organization + "\",\"roles\":[" + r + "]}}";
  }

  /** A minimal valid decision payload for {@code issuer}. */
  public static String decisionPayload(String issuer, String title) {
    return "{\"v\":1,\"kind\":\"decision\",\"issuer\":\"" + issuer + "\",\"created\":\"" + created() + "\","
        + "\"body\":{\"title\":\"" + title + "\",\"text\":\"The council decided.\",\"decidedBy\":\"Council\","
        + "\"date\":\"2026-02-01\",\"result\":\"adopted\"}}";
  }

  /** A minimal valid finding payload for {@code issuer}. */
  public static String findingPayload(String issuer, String title) {
    return "{\"v\":1,\"kind\":\"finding\",\"issuer\":\"" + issuer + "\",\"created\":\"" + created() + "\","
        + "\"body\":{\"title\":\"" + title + "\",\"auditType\":\"compliance\",\"auditedEntity\":\"Town hall\","
        + "\"condition\":\"c\",\"criteria\":\"k\",\"cause\":\"u\",\"effect\":\"e\",\"recommendations\":[],"
        + "\"significance\":\"observation\"}}";
  }

  /** A response payload answering entry {@code index} (leaf hash base64) of this log. */
  public static String responsePayload(String issuer, long index, String leafHashB64) {
    return "{\"v\":1,\"kind\":\"response\",\"issuer\":\"" + issuer + "\",\"created\":\"" + created() + "\","
        + "\"body\":{\"position\":\"concur\",\"text\":\"We agree.\"},"
        + "\"refs\":[{\"index\":" + index + ",\"leafHash\":\"" + leafHashB64 + "\",\"rel\":\"responds-to\"}]}";
  }

  /** {@code payload} with one more top-level member, e.g. {@code "refs":[…]}. */
  public static String with(String payload, String member) {
    return payload.substring(0, payload.length() - 1) + "," + member + "}";
  }

  /** A reference member item: {@code {"log":…,"index":…,"leafHash":…,"rel":…}} ({@code log} null for this log). */
  public static String ref(String log, long index, byte[] leafHash, String rel) {
    return "{" + (log == null ? "" : "\"log\":\"" + log + "\",") + "\"index\":" + index + ",\"leafHash\":\""
        + java.util.Base64.getEncoder().encodeToString(leafHash) + "\",\"rel\":\"" + rel + "\"}";
  }

  /** {@code payload} with these references. */
  public static String withRefs(String payload, String... refs) {
    return with(payload, "\"refs\":[" + String.join(",", refs) + "]");
  }

  /** {@code payload} claiming its issuer's authority in the log {@code home} (grant at index, tree size). */
  public static String withAuthority(String payload, String home, long index, byte[] leafHash, long size) {
    return with(payload, "\"authority\":{\"log\":\"" + home + "\",\"index\":" + index + ",\"leafHash\":\""
        + java.util.Base64.getEncoder().encodeToString(leafHash) + "\",\"size\":" + size + "}");
  }

  public static Envelope sign(String payload, Ed25519KeyPair... keys) {
    return Envelope.sign(payload.getBytes(StandardCharsets.UTF_8), List.of(keys));
  }
}
