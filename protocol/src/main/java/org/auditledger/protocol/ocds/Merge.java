package org.auditledger.protocol.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.auditledger.protocol.json.StrictJson;

/**
 * The OCDS 1.1 merge routine for a <b>compiled release</b> (OCDS 1.1 "Merging", section "Merge
 * routine"): the releases of one {@code ocid}, in chronological order of {@code date}, merged one
 * by one into an empty object. Generic on JSON trees, so it compiles any projection of releases
 * that keeps {@code ocid} and {@code date} (same shape, fewer fields) as it compiles releases.
 * Pure and deterministic; numbers are copied as read (exact decimals stay exact).
 *
 * <ul>
 *   <li><b>Order.</b> By {@code date} as an instant (RFC 3339 date-time, so {@code +01:00} and
 *       {@code Z} compare as times, not as strings); releases of the same instant keep the order
 *       given (a stable sort), so the later given wins.
 *   <li><b>Objects</b> merge field by field: a {@code null} in the input removes the field; an
 *       empty input object changes nothing; fields the schema marks {@code omitWhenMerged} are
 *       discarded ("Discarded fields").
 *   <li><b>Arrays</b> holding anything but objects, and arrays the schema makes whole-list
 *       ({@link MergeRules}), replace the output whole, as literals ("Whole list merge").
 *       Other arrays of objects merge by {@code id} ("Identifier merge"): an input object with the
 *       {@code id} of an output object merges into it, any other is appended; an object without
 *       {@code id} matches none and is appended. Ids match as JSON values: {@code "1"} and
 *       {@code 1} differ. An empty input array changes nothing.
 *   <li><b>Literals</b> replace the output value.
 *   <li>A field new to the output is merged into an empty value, not copied: a {@code null}
 *       inside it is dropped, two objects of one {@code id} in one array become one, and an
 *       empty object or identifier-merge array is not added ("do nothing"), as the reference
 *       implementation (ocdsmerge) does; its compiled-release test fixtures for OCDS 1.1 and for
 *       its test schema agree with this class.
 *   <li>A field that is an object in one release and not an object in another cannot be merged
 *       (the reference implementation's {@code InconsistentTypeError}): refused, naming it.
 *   <li>The compiled release has {@code ocid}, {@code id} = {@code {ocid}-{date}}, {@code date} =
 *       the maximum {@code date} (as written in that release) and {@code tag} = {@code
 *       ["compiled"]}, as the spec's note on discarded fields advises, then the merged fields.
 * </ul>
 */
public final class Merge {
  private Merge() {}

  /**
   * The compiled release of {@code releases}, under the bundled release schema's rules.
   *
   * @throws UnmergeableReleaseException if the list is empty, a release is not an object, has no
   *     {@code ocid} or a different one, no RFC 3339 {@code date}, an {@code id} of wrong type,
   *     or an object where an earlier release has none (or the reverse)
   */
  public static ObjectNode compile(List<JsonNode> releases) {
    return compile(releases, MergeRules.releaseSchema());
  }

  /** As {@link #compile(List)}, under {@code rules}. */
  public static ObjectNode compile(List<JsonNode> releases, MergeRules rules) {
    List<Integer> order = order(releases);
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    for (int i : order) {
      new Merger(rules, i).object(merged, (ObjectNode) releases.get(i), "", "");
    }
    JsonNode last = releases.get(order.get(order.size() - 1));
    String ocid = last.get("ocid").asText();
    String date = last.get("date").asText();
    ObjectNode compiled = JsonNodeFactory.instance.objectNode();
    compiled.put("ocid", ocid);
    compiled.put("id", ocid + "-" + date);
    compiled.put("date", date);
    compiled.putArray("tag").add("compiled");
    merged.remove(List.of("ocid", "id", "date", "tag"));
    compiled.setAll(merged);
    return compiled;
  }

  /**
   * {@code releases} in the merge routine's order: chronological by {@code date}, ties in the
   * order given. Checks what ordering needs: every release an object with the same textual
   * {@code ocid} and an RFC 3339 {@code date}.
   *
   * @throws UnmergeableReleaseException naming the first release at fault
   */
  public static List<JsonNode> chronological(List<JsonNode> releases) {
    return order(releases).stream().map(releases::get).toList();
  }

  /** The positions of {@code releases} in the merge routine's order. */
  private static List<Integer> order(List<JsonNode> releases) {
    if (releases.isEmpty()) {
      throw new UnmergeableReleaseException(0, "", "there is no release to merge");
    }
    record Dated(int position, Instant date) {}
    List<Dated> dated = new ArrayList<>();
    String ocid = null;
    for (int i = 0; i < releases.size(); i++) {
      JsonNode r = releases.get(i);
      if (r == null || !r.isObject()) {
        throw new UnmergeableReleaseException(i, "", "a release is a JSON object, not " + kind(r));
      }
      JsonNode o = r.get("ocid");
      if (o == null || !o.isTextual() || o.asText().isEmpty()) {
        throw new UnmergeableReleaseException(i, "/ocid", "a release needs its ocid as a non-empty string, not " + kind(o));
      }
      if (ocid == null) {
        ocid = o.asText();
      } else if (!ocid.equals(o.asText())) {
        throw new UnmergeableReleaseException(i, "/ocid", "ocid \"" + o.asText() + "\" is not \"" + ocid
            + "\" of release 0: only the releases of one contracting process merge");
      }
      dated.add(new Dated(i, date(r, i)));
    }
    // List.sort is stable (a merge sort): releases of one instant keep the order given.
    dated.sort(Comparator.comparing(Dated::date));
    return dated.stream().map(Dated::position).toList();
  }

  private static Instant date(JsonNode release, int i) {
    JsonNode d = release.get("date");
    if (d == null || !d.isTextual()) {
      throw new UnmergeableReleaseException(i, "/date", "a release needs its date as an RFC 3339 date-time string to be "
          + "put in order, not " + kind(d));
    }
    try {
      return org.auditledger.protocol.entry.DateTimes.rfc3339(d.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new UnmergeableReleaseException(i, "/date", "\"" + d.asText() + "\" is not an RFC 3339 date-time");
    }
  }

  static String kind(JsonNode n) {
    return n == null || n.isMissingNode() ? "missing" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
        .replace("pojo", "object").replace("binary", "string");
  }

  /** One release merged into the output: {@code path} names the schema field, {@code pointer} the value. */
  private record Merger(MergeRules rules, int release) {
    /**
     * {@code in} merged into {@code out} (null if the output has no such field); null if the
     * result is to leave the field out (an empty object or identifier-merge array new to the
     * output).
     */
    private JsonNode value(JsonNode out, JsonNode in, String path, String pointer) {
      if (out != null && out.isObject() != in.isObject()) {
        // The spec merges an object only into an object; the reference implementation refuses
        // the mix (InconsistentTypeError) rather than guess which release is wrong. So do we.
        throw new UnmergeableReleaseException(release, pointer, "this release has " + article(in)
            + " where an earlier one has " + article(out) + "; a field that is an object in one release is one in all");
      }
      if (in.isObject()) {
        ObjectNode target = out != null ? (ObjectNode) out : JsonNodeFactory.instance.objectNode();
        object(target, (ObjectNode) in, path, pointer);
        return out == null && target.isEmpty() ? null : target;
      }
      if (in.isArray()) {
        return array(out, (ArrayNode) in, path, pointer);
      }
      return in.deepCopy();
    }

    private static String article(JsonNode n) {
      String k = kind(n);
      return (k.startsWith("a") || k.startsWith("o") ? "an " : "a ") + k;
    }

    void object(ObjectNode out, ObjectNode in, String path, String pointer) {
      for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String at = path.isEmpty() ? f.getKey() : path + "/" + f.getKey();
        if (rules.omitted(at)) {
          continue;
        }
        if (f.getValue().isNull()) {
          out.remove(f.getKey());
        } else {
          JsonNode merged = value(out.get(f.getKey()), f.getValue(), at, pointer + "/" + StrictJson.escape(f.getKey()));
          if (merged != null) {
            out.set(f.getKey(), merged);
          }
        }
      }
    }

    private JsonNode array(JsonNode out, ArrayNode in, String path, String pointer) {
      boolean objects = true;
      for (JsonNode e : in) {
        objects &= e.isObject();
      }
      if (!objects || rules.wholeList(path)) {
        return in.deepCopy();
      }
      if (in.isEmpty()) {
        // "If the array is empty in input, do nothing": not even add the field.
        return out;
      }
      ArrayNode target = out != null && out.isArray() && allObjects(out) ? (ArrayNode) out
          : JsonNodeFactory.instance.arrayNode();
      Map<IdKey, ObjectNode> byId = new HashMap<>();
      for (JsonNode e : target) {
        IdKey k = IdKey.of(e.get("id"));
        if (k != null) {
          byId.putIfAbsent(k, (ObjectNode) e);
        }
      }
      for (int j = 0; j < in.size(); j++) {
        ObjectNode e = (ObjectNode) in.get(j);
        String at = pointer + "/" + j;
        JsonNode id = e.get("id");
        IdKey k = IdKey.of(id);
        if (k == null && id != null) {
          throw new UnmergeableReleaseException(release, at + "/id", "an id in an array is a string or an integer, not "
              + kind(id) + " (" + StrictJson.write(id) + "): objects are merged by id");
        }
        ObjectNode match = k == null ? null : byId.get(k);
        if (match != null) {
          object(match, e, path, at);
        } else {
          ObjectNode added = JsonNodeFactory.instance.objectNode();
          object(added, e, path, at);
          target.add(added);
          if (k != null) {
            byId.put(k, added);
          }
        }
      }
      return target;
    }

    private static boolean allObjects(JsonNode array) {
      for (JsonNode e : array) {
        if (!e.isObject()) {
          return false;
        }
      }
      return true;
    }
  }

  /** An {@code id} as a JSON value: a string and an integer of the same digits differ. */
  private record IdKey(String text, BigInteger number) {
    /** The key of {@code id}, or null if it is missing or not a string or integer. */
    static IdKey of(JsonNode id) {
      if (id == null) {
        return null;
      }
      if (id.isTextual()) {
        return new IdKey(id.asText(), null);
      }
      if (id.isIntegralNumber()) {
        return new IdKey(null, id.bigIntegerValue());
      }
      return null;
    }
  }
}
