package org.auditledger.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.merkle.Rfc6962;

/** JSON answers of the API; serialization happens where the answer is built, on a worker. */
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

  /**
   * An entry as {@code GET /v1/entries} shows it: the exact leaf bytes, the decoded payload, and
   * its issuer written with its home log ({@code name@home}, protocol.md §5.1) so that no reader
   * confuses two organizations of the same name, and its {@code status} unless it is current and
   * not amended.
   */
  static ObjectNode entry(String origin, long index, byte[] leafBytes, ApiContext.Statuses statuses) {
    Leaf leaf = Leaf.parse(leafBytes);
    ObjectNode o = object();
    o.put("index", index);
    o.put("leafHash", b64(Rfc6962.leafHash(leafBytes)));
    o.put("logged", leaf.logged().toString());
    ArrayNode signers = o.putArray("signers");
    for (Ed25519PublicKey k : leaf.envelope().signers()) {
      signers.add(k.keyId());
    }
    com.fasterxml.jackson.databind.JsonNode payload = EntryPayload.json(leaf.envelope().payload(),
        "stored payload of entry " + index);
    org.auditledger.protocol.entry.Organization issuer = EntryPayload.issuerIn(payload, origin);
    o.put("issuer", issuer.toString());
    o.put("home", issuer.home());
    o.set("payload", payload);
    o.put("leaf", b64(leafBytes));
    ObjectNode status = statuses.of(origin, index);
    if (status != null) {
      o.set("status", status);
    }
    return o;
  }

  /**
   * A page of entries, {@code {"entries":[…],<tail>}}, built from leaves while it stays under
   * {@link Limits#MAX_PAGE_BYTES}. Returns the bytes and how many leaves it holds.
   */
  record Page(Buffer body, int count) {}

  interface LeafAt {
    byte[] leaf(long index);
  }

  /**
   * Serializes entries {@code indexes} one by one, stopping before the one that would pass the
   * byte bound (the first is always included); {@code head} and {@code tail} are JSON members
   * written before and after the array (without braces), given the number of entries written.
   */
  static Page page(String origin, List<Long> indexes, LeafAt leaves, ApiContext.Statuses statuses, String head,
      java.util.function.IntFunction<String> tail) {
    Buffer out = Buffer.buffer(64 * 1024);
    out.appendString("{").appendString(head).appendString(head.isEmpty() ? "" : ",").appendString("\"entries\":[");
    int count = 0;
    for (long index : indexes) {
      byte[] e = StrictJson.write(entry(origin, index, leaves.leaf(index), statuses)).getBytes(StandardCharsets.UTF_8);
      if (count > 0 && out.length() + e.length > Limits.MAX_PAGE_BYTES) {
        break;
      }
      if (count > 0) {
        out.appendByte((byte) ',');
      }
      out.appendBytes(e);
      count++;
    }
    String t = tail.apply(count);
    out.appendString("]").appendString(t.isEmpty() ? "" : ",").appendString(t).appendString("}");
    return new Page(out, count);
  }

  static Buffer bytes(ObjectNode o) {
    return Buffer.buffer(StrictJson.write(o));
  }

  /** Sends JSON serialized already (on a worker): the event loop only writes bytes. */
  static void send(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }

  /** Sends a small JSON object, serialized here: only for answers of a few hundred bytes. */
  static void send(RoutingContext ctx, int status, ObjectNode body) {
    send(ctx, status, bytes(body));
  }
}
