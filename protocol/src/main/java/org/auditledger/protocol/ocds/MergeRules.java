package org.auditledger.protocol.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.auditledger.protocol.entry.Schemas;

/**
 * Which fields the OCDS merge routine discards and which arrays it replaces whole, read from a
 * release schema (OCDS 1.1 "Merging", "Discarded fields" and "Whole list merge"), never from a
 * hard-coded list. A field is named by its path of property names from the release, array
 * positions left out ({@code tender/items/additionalClassifications}), as the rules are per field
 * of the schema, not per value. Immutable.
 *
 * <p>A field is <b>omitted</b> if it declares {@code "omitWhenMerged": true}. An array field is
 * <b>whole-list</b> if its {@code type} has {@code "array"} and it declares {@code
 * "wholeListMerge": true}, or its {@code items/type} has anything but {@code "object"}, or its
 * items are objects with {@code properties} that have no {@code id}. {@code $ref} is followed into
 * the schema's {@code definitions} (the spec reads a dereferenced copy of the schema).
 */
public final class MergeRules {
  private static final MergeRules RELEASE_SCHEMA = of(Schemas.ocdsReleaseSchema());

  private final Set<String> omitted;
  private final Set<String> wholeList;

  private MergeRules(Set<String> omitted, Set<String> wholeList) {
    this.omitted = Set.copyOf(omitted);
    this.wholeList = Set.copyOf(wholeList);
  }

  /** The rules of the bundled OCDS release schema ({@link Schemas#OCDS_RELEASE}). */
  public static MergeRules releaseSchema() {
    return RELEASE_SCHEMA;
  }

  /**
   * The rules of {@code schema}, a release schema whose {@code $ref}s are local ({@code
   * #/definitions/NAME}).
   *
   * @throws IllegalArgumentException if a {@code $ref} is not local or names no definition
   */
  public static MergeRules of(JsonNode schema) {
    Set<String> omitted = new HashSet<>();
    Set<String> wholeList = new HashSet<>();
    walk(schema, schema, "", new ArrayDeque<>(), omitted, wholeList);
    return new MergeRules(omitted, wholeList);
  }

  /** Whether the field at {@code path} ({@code a/b/c}) is discarded when merging. */
  public boolean omitted(String path) {
    return omitted.contains(path);
  }

  /** Whether the array field at {@code path} is replaced whole when merging. */
  public boolean wholeList(String path) {
    return wholeList.contains(path);
  }

  /** The paths of omitted fields, for documentation and tests. */
  public Set<String> omittedPaths() {
    return omitted;
  }

  /** The paths of whole-list arrays, for documentation and tests. */
  public Set<String> wholeListPaths() {
    return wholeList;
  }

  private static void walk(JsonNode root, JsonNode node, String path, Deque<String> refs,
      Set<String> omitted, Set<String> wholeList) {
    JsonNode props = node.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = path.isEmpty() ? e.getKey() : path + "/" + e.getKey();
      // A field may carry both its own keywords and a $ref (Release.publisher does): read both.
      JsonNode field = e.getValue();
      String ref = field.path("$ref").asText(null);
      JsonNode target = ref == null ? null : deref(root, ref);
      if (flag(field, "omitWhenMerged") || (target != null && flag(target, "omitWhenMerged"))) {
        omitted.add(at);
        // "If a field sets omitWhenMerged, wholeListMerge is ignored on its sub-fields."
        continue;
      }
      if (isArray(field)) {
        if (wholeList(root, field)) {
          // "If an array sets wholeListMerge, omitWhenMerged is ignored on its sub-fields."
          wholeList.add(at);
          continue;
        }
        descend(root, field.path("items"), at, refs, omitted, wholeList);
      }
      descend(root, field, at, refs, omitted, wholeList);
    }
  }

  /** Walks {@code node}'s properties, and those of the definition it refers to, once per cycle. */
  private static void descend(JsonNode root, JsonNode node, String at, Deque<String> refs,
      Set<String> omitted, Set<String> wholeList) {
    walk(root, node, at, refs, omitted, wholeList);
    String ref = node.path("$ref").asText(null);
    if (ref != null && !refs.contains(ref)) {
      refs.push(ref);
      walk(root, deref(root, ref), at, refs, omitted, wholeList);
      refs.pop();
    }
  }

  private static boolean wholeList(JsonNode root, JsonNode field) {
    if (flag(field, "wholeListMerge")) {
      return true;
    }
    JsonNode items = field.path("items");
    String ref = items.path("$ref").asText(null);
    if (ref != null) {
      items = deref(root, ref);
    }
    JsonNode type = items.get("type");
    if (type != null && !types(type).equals(Set.of("object"))) {
      return true;
    }
    JsonNode props = items.get("properties");
    return type != null && props != null && !props.has("id");
  }

  private static boolean isArray(JsonNode field) {
    JsonNode type = field.get("type");
    return type != null && types(type).contains("array");
  }

  private static Set<String> types(JsonNode type) {
    Set<String> out = new HashSet<>();
    if (type.isTextual()) {
      out.add(type.asText());
    } else {
      type.forEach(t -> out.add(t.asText()));
    }
    return out;
  }

  private static boolean flag(JsonNode node, String keyword) {
    return node.path(keyword).asBoolean(false);
  }

  private static JsonNode deref(JsonNode root, String ref) {
    if (!ref.startsWith("#/definitions/")) {
      throw new IllegalArgumentException("release schema: $ref " + ref + " is not a local definition");
    }
    JsonNode target = root.at(ref.substring(1));
    if (target.isMissingNode()) {
      throw new IllegalArgumentException("release schema: $ref " + ref + " names no definition");
    }
    return target;
  }

  @Override
  public String toString() {
    return "MergeRules{omitted=" + List.copyOf(new java.util.TreeSet<>(omitted)) + ", wholeList="
        + List.copyOf(new java.util.TreeSet<>(wholeList)) + "}";
  }
}
