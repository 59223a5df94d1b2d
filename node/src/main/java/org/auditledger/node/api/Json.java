package org.auditledger.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.merkle.Rfc6962;

/** JSON answers of the API. */
final class Json {
  private Json() {}

  static ObjectNode object() {
    return StrictJson.mapper().createObjectNode();
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static ArrayNode hashes(ObjectNode o, String field, List<byte[]> hashes) {
    ArrayNode a = o.putArray(field);
    hashes.forEach(h -> a.add(b64(h)));
    return a;
  }

  /** An entry as {@code GET /v1/entries} shows it: the exact leaf bytes and the decoded payload. */
  static ObjectNode entry(long index, byte[] leafBytes) {
    Leaf leaf = Leaf.parse(leafBytes);
    ObjectNode o = object();
    o.put("index", index);
    o.put("leafHash", b64(Rfc6962.leafHash(leafBytes)));
    o.put("logged", leaf.logged().toString());
    ArrayNode signers = o.putArray("signers");
    for (Ed25519PublicKey k : leaf.envelope().signers()) {
      signers.add(k.keyId());
    }
    o.set("payload", StrictJson.parse(leaf.envelope().payload(), "stored payload of entry " + index));
    o.put("leaf", b64(leafBytes));
    return o;
  }

  static void send(RoutingContext ctx, int status, ObjectNode body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
  }
}
