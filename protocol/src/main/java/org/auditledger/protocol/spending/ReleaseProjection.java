package org.auditledger.protocol.spending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.auditledger.protocol.json.StrictJson;

/**
 * The part of a release the open-budget views and red flags read, in the release's own shape
 * (OCDS 1.1 field names and nesting, ids of array items kept). Merging projections gives the
 * projection of the merged release, since the merge works field by field and array items by id:
 * a derived index keeps a few hundred bytes per release, not the release, and merges with the
 * same routine as {@code audit export ocds}.
 */
public final class ReleaseProjection {
  private ReleaseProjection() {}

  private static final ObjectNode TEMPLATE = template();

  private static ObjectNode template() {
    String items = "[{\"id\":1,\"classification\":{\"scheme\":1,\"id\":1}}]";
    String value = "{\"amount\":1,\"currency\":1}";
    String org = "[{\"id\":1,\"name\":1}]";
    String t = "{\"ocid\":1,\"id\":1,\"date\":1,\"tag\":1,"
        + "\"planning\":{\"budget\":{\"amount\":" + value + "}},"
        + "\"tender\":{\"id\":1,\"value\":" + value + ",\"procurementMethod\":1,\"procurementMethodRationale\":1,"
        + "\"tenderPeriod\":{\"startDate\":1,\"endDate\":1},\"numberOfTenderers\":1,\"items\":" + items + "},"
        + "\"awards\":[{\"id\":1,\"date\":1,\"status\":1,\"value\":" + value + ",\"suppliers\":" + org
        + ",\"items\":" + items + "}],"
        + "\"contracts\":[{\"id\":1,\"awardID\":1,\"status\":1,\"dateSigned\":1,\"period\":{\"startDate\":1},"
        + "\"value\":" + value + ",\"items\":" + items + ",\"amendments\":[{\"id\":1,\"date\":1}],"
        + "\"implementation\":{\"transactions\":[{\"id\":1,\"date\":1,\"value\":" + value + ",\"amount\":" + value
        + ",\"payee\":{\"id\":1,\"name\":1}}]}}]}";
    return (ObjectNode) StrictJson.parse(t.getBytes(java.nio.charset.StandardCharsets.UTF_8), "projection");
  }

  /** The projection of {@code release} (a release valid against the release schema). */
  public static ObjectNode of(JsonNode release) {
    ObjectNode out = StrictJson.mapper().createObjectNode();
    copy(release, TEMPLATE, out);
    return out;
  }

  private static void copy(JsonNode from, ObjectNode template, ObjectNode to) {
    if (!from.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = from.get(f.getKey());
      if (v == null) {
        continue;
      }
      JsonNode shape = f.getValue();
      if (shape.isObject()) {
        if (v.isObject()) {
          ObjectNode sub = to.putObject(f.getKey());
          copy(v, (ObjectNode) shape, sub);
        } else if (v.isNull()) {
          to.set(f.getKey(), v);
        }
      } else if (shape.isArray()) {
        if (v.isArray()) {
          ArrayNode a = to.putArray(f.getKey());
          for (JsonNode item : v) {
            if (item.isObject()) {
              copy(item, (ObjectNode) shape.get(0), a.addObject());
            }
          }
        } else if (v.isNull()) {
          to.set(f.getKey(), v);
        }
      } else {
        to.set(f.getKey(), v.deepCopy());
      }
    }
  }
}
