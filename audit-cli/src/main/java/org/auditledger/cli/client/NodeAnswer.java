package org.auditledger.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.json.StrictJson;

/**
 * A JSON object a node sent, read defensively: every missing field, wrong type or bad encoding
 * is a network failure (exit 3) naming the URL and the field, never an exception of its own.
 * Values it returns are still untrusted: they are what the node claims.
 */
public final class NodeAnswer {
  private final JsonNode node;
  private final String url;

  private NodeAnswer(JsonNode node, String url) {
    this.node = node;
    this.url = url;
  }

  public static NodeAnswer parse(byte[] body, String url) throws AuditException {
    JsonNode n;
    try {
      // Answers carry payloads, whose OCDS amounts are decimals (protocol.md §7.1).
      n = StrictJson.parseAnswer(body, "the answer of " + url);
    } catch (MalformedException e) {
      throw new AuditException(ExitCode.NETWORK, e.getMessage(), e);
    }
    if (!n.isObject()) {
      throw new AuditException(ExitCode.NETWORK, url + " answered JSON that is not an object");
    }
    return new NodeAnswer(n, url);
  }

  public JsonNode json() {
    return node;
  }

  public String url() {
    return url;
  }

  private AuditException bad(String field, String want) {
    return new AuditException(ExitCode.NETWORK, url + " answered without a valid \"" + field + "\" (want " + want + ")");
  }

  private JsonNode field(String field, String want) throws AuditException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw bad(field, want);
    }
    return v;
  }

  public boolean has(String field) {
    return node.hasNonNull(field);
  }

  public long nonNegative(String field) throws AuditException {
    JsonNode v = field(field, "a non-negative integer");
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw bad(field, "a non-negative integer");
    }
    return v.asLong();
  }

  /** A non-negative integer, or -1 when the field is null or absent. */
  public long nonNegativeOrNull(String field) throws AuditException {
    return has(field) ? nonNegative(field) : -1;
  }

  public String text(String field) throws AuditException {
    JsonNode v = field(field, "a string");
    if (!v.isTextual()) {
      throw bad(field, "a string");
    }
    return v.asText();
  }

  public byte[] base64(String field) throws AuditException {
    try {
      return Base64.getDecoder().decode(text(field));
    } catch (IllegalArgumentException e) {
      throw bad(field, "base64");
    }
  }

  /** An array of base64 hashes (proof hashes). */
  public List<byte[]> hashes(String field) throws AuditException {
    List<byte[]> out = new ArrayList<>();
    for (JsonNode h : array(field)) {
      if (!h.isTextual()) {
        throw bad(field, "an array of base64 hashes");
      }
      try {
        out.add(Base64.getDecoder().decode(h.asText()));
      } catch (IllegalArgumentException e) {
        throw bad(field, "an array of base64 hashes");
      }
    }
    return out;
  }

  public JsonNode array(String field) throws AuditException {
    JsonNode v = field(field, "an array");
    if (!v.isArray()) {
      throw bad(field, "an array");
    }
    return v;
  }

  public NodeAnswer object(String field) throws AuditException {
    JsonNode v = field(field, "an object");
    if (!v.isObject()) {
      throw bad(field, "an object");
    }
    return new NodeAnswer(v, url + " (" + field + ")");
  }

  /** Each element of an array field that must hold objects. */
  public List<NodeAnswer> objects(String field) throws AuditException {
    List<NodeAnswer> out = new ArrayList<>();
    JsonNode a = array(field);
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).isObject()) {
        throw bad(field + "[" + i + "]", "an object");
      }
      out.add(new NodeAnswer(a.get(i), url + " (" + field + "[" + i + "])"));
    }
    return out;
  }
}
