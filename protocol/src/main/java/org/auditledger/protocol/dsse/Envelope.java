package org.auditledger.protocol.dsse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.Ed25519PublicKey;

/** A DSSE envelope of an entry; see the package description for the accepted shape. */
public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {
  /** The payload type of ledger entries. */
  public static final String PAYLOAD_TYPE = "application/vnd.auditledger.entry.v1+json";
  public static final int MAX_SIGNATURES = 8;

  /** One signature: the signer's key and the Ed25519 signature over the PAE. */
  public record Signature(Ed25519PublicKey key, byte[] sig) {
    public Signature {
      sig = sig.clone();
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }

    public String keyId() {
      return key.keyId();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Signature s && key.equals(s.key) && Arrays.equals(sig, s.sig);
    }

    @Override
    public int hashCode() {
      return key.hashCode() * 31 + Arrays.hashCode(sig);
    }
  }

  public Envelope {
    if (!PAYLOAD_TYPE.equals(payloadType)) {
      throw new MalformedException(
          "envelope payloadType \"" + payloadType + "\" is not \"" + PAYLOAD_TYPE + "\"");
    }
    payload = payload.clone();
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
      throw new MalformedException("envelope has " + signatures.size()
          + " signatures, want 1 to " + MAX_SIGNATURES);
    }
    Set<Ed25519PublicKey> seen = new HashSet<>();
    for (Signature s : signatures) {
      if (!seen.add(s.key())) {
        throw new MalformedException("envelope is signed twice by " + s.keyId());
      }
    }
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The bytes every signature signs. */
  public byte[] pae() {
    return Pae.encode(payloadType, payload);
  }

  /** Signs {@code payload} with each key, in order. */
  public static Envelope sign(byte[] payload, List<Ed25519KeyPair> keys) {
    byte[] pae = Pae.encode(PAYLOAD_TYPE, payload);
    List<Signature> sigs = new ArrayList<>();
    for (Ed25519KeyPair k : keys) {
      sigs.add(new Signature(k.publicKey(), k.sign(pae)));
    }
    return new Envelope(PAYLOAD_TYPE, payload, sigs);
  }

  /** This envelope with one more signature (a co-signer adding theirs). */
  public Envelope cosign(Ed25519KeyPair key) {
    List<Signature> sigs = new ArrayList<>(signatures);
    sigs.add(new Signature(key.publicKey(), key.sign(pae())));
    return new Envelope(payloadType, payload, sigs);
  }

  /**
   * Verifies every signature. A ledger entry is refused if any of its signatures fails: a bad
   * co-signature is never silently dropped.
   *
   * @param entryIndex the entry's index for error messages, or null before sequencing
   * @throws InvalidSignatureException naming the first failing key
   */
  public void verify(Long entryIndex) {
    byte[] pae = pae();
    for (int i = 0; i < signatures.size(); i++) {
      Signature s = signatures.get(i);
      if (!s.key().verify(pae, s.sig)) {
        throw new InvalidSignatureException(entryIndex, s.keyId(),
            "envelope signature " + i + " by " + s.keyId() + " does not verify");
      }
    }
  }

  /** The signers' keys, in signature order. */
  public List<Ed25519PublicKey> signers() {
    List<Ed25519PublicKey> out = new ArrayList<>();
    signatures.forEach(s -> out.add(s.key()));
    return out;
  }

  /** The canonical JSON: keys sorted, no whitespace; all strings are base64 or fixed ASCII. */
  public String toJson() {
    StringBuilder b = new StringBuilder(payload.length * 4 / 3 + 200);
    appendJson(b);
    return b.toString();
  }

  void appendJson(StringBuilder b) {
    Base64.Encoder enc = Base64.getEncoder();
    b.append("{\"payload\":\"").append(enc.encodeToString(payload))
        .append("\",\"payloadType\":\"").append(payloadType)
        .append("\",\"signatures\":[");
    for (int i = 0; i < signatures.size(); i++) {
      Signature s = signatures.get(i);
      b.append(i == 0 ? "" : ",").append("{\"keyid\":\"").append(s.keyId())
          .append("\",\"sig\":\"").append(enc.encodeToString(s.sig)).append("\"}");
    }
    b.append("]}");
  }

  /**
   * Parses an envelope from strict JSON bytes.
   *
   * @throws MalformedException naming the field at fault
   */
  public static Envelope parse(byte[] json) {
    return fromJson(StrictJson.parse(json, "envelope"), "envelope");
  }

  /** Reads an envelope from a parsed JSON object; {@code at} names it in errors. */
  public static Envelope fromJson(JsonNode n, String at) {
    requireFields(n, at, Set.of("payload", "payloadType", "signatures"));
    String type = text(n, "payloadType", at);
    byte[] payload = base64(text(n, "payload", at), at + ".payload");
    JsonNode sigs = n.get("signatures");
    if (!sigs.isArray()) {
      throw new MalformedException(at + ".signatures is not an array");
    }
    if (sigs.size() > MAX_SIGNATURES) {
      throw new MalformedException(at + ".signatures has " + sigs.size()
          + " signatures, limit " + MAX_SIGNATURES);
    }
    List<Signature> out = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      String sat = at + ".signatures[" + i + "]";
      JsonNode s = sigs.get(i);
      requireFields(s, sat, Set.of("keyid", "sig"));
      String keyId = text(s, "keyid", sat);
      Ed25519PublicKey key;
      try {
        key = Ed25519PublicKey.ofKeyId(keyId);
      } catch (MalformedException e) {
        throw new MalformedException(sat + ".keyid: " + e.getMessage(), e);
      }
      byte[] sig = base64(text(s, "sig", sat), sat + ".sig");
      if (sig.length != Ed25519PublicKey.SIGNATURE_SIZE) {
        throw new MalformedException(sat + ".sig has " + sig.length + " bytes, want "
            + Ed25519PublicKey.SIGNATURE_SIZE);
      }
      out.add(new Signature(key, sig));
    }
    return new Envelope(type, payload, out);
  }

  private static void requireFields(JsonNode n, String at, Set<String> fields) {
    if (n == null || !n.isObject()) {
      throw new MalformedException(at + " is not a JSON object");
    }
    for (String f : fields) {
      if (!n.has(f)) {
        throw new MalformedException(at + " has no \"" + f + "\"");
      }
    }
    Iterator<String> it = n.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw new MalformedException(at + " has unknown field \"" + f + "\"");
      }
    }
  }

  private static String text(JsonNode n, String field, String at) {
    JsonNode v = n.get(field);
    if (!v.isTextual()) {
      throw new MalformedException(at + "." + field + " is not a string");
    }
    return v.asText();
  }

  private static byte[] base64(String s, String at) {
    try {
      byte[] raw = Base64.getDecoder().decode(s);
      // Only the canonical, padded encoding, so that the envelope re-encodes to the same bytes.
      if (!Base64.getEncoder().encodeToString(raw).equals(s)) {
        throw new MalformedException(at + " is not canonical padded base64");
      }
      return raw;
    } catch (IllegalArgumentException e) {
      throw new MalformedException(at + " is not base64 (RFC 4648 §4): " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope e && payloadType.equals(e.payloadType)
        && Arrays.equals(payload, e.payload) && signatures.equals(e.signatures);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload) * 31 + signatures.hashCode();
  }

  @Override
  public String toString() {
    return "Envelope[" + payload.length + " bytes, signed by " + signers() + "]";
  }
}
