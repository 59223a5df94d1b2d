package org.auditledger.protocol.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OCDS record (OCDS 1.1 "Record reference"): the {@code ocid} of one contracting process,
 * all its releases embedded in chronological order ("The releases MUST be sorted into date
 * order in the array, from oldest … to newest"), and their compiled release ({@link Merge}).
 * Immutable: trees are copied in and out.
 */
public record OcdsRecord(String ocid, List<JsonNode> releases, JsonNode compiledRelease) {

  public OcdsRecord {
    java.util.Objects.requireNonNull(ocid, "ocid");
    releases = releases.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    compiledRelease = compiledRelease.deepCopy();
  }

  @Override
  public List<JsonNode> releases() {
    return releases.stream().<JsonNode>map(JsonNode::deepCopy).toList();
  }

  @Override
  public JsonNode compiledRelease() {
    return compiledRelease.deepCopy();
  }

  /**
   * The record of {@code releases}, the releases of one {@code ocid}.
   *
   * @throws UnmergeableReleaseException as {@link Merge#compile(List)}
   */
  public static OcdsRecord of(List<JsonNode> releases) {
    ObjectNode compiled = Merge.compile(releases);
    return new OcdsRecord(compiled.get("ocid").asText(), Merge.chronological(releases), compiled);
  }

  /**
   * One record per {@code ocid} of {@code releases}, in the order each {@code ocid} first appears.
   *
   * @throws UnmergeableReleaseException naming a release by its position in {@code releases}
   */
  public static List<OcdsRecord> byOcid(List<JsonNode> releases) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < releases.size(); i++) {
      JsonNode r = releases.get(i);
      if (r == null || !r.isObject()) {
        throw new UnmergeableReleaseException(i, "", "a release is a JSON object, not " + Merge.kind(r));
      }
      JsonNode ocid = r.get("ocid");
      if (ocid == null || !ocid.isTextual() || ocid.asText().isEmpty()) {
        throw new UnmergeableReleaseException(i, "/ocid", "a release needs its ocid as a non-empty string, not "
            + Merge.kind(ocid));
      }
      groups.computeIfAbsent(ocid.asText(), k -> new ArrayList<>()).add(i);
    }
    List<OcdsRecord> out = new ArrayList<>();
    for (List<Integer> positions : groups.values()) {
      List<JsonNode> group = positions.stream().map(releases::get).toList();
      try {
        out.add(of(group));
      } catch (UnmergeableReleaseException e) {
        // Named by its position in the whole list, not in its group.
        throw new UnmergeableReleaseException(positions.get(e.release()), e.pointer(), e.reason());
      }
    }
    return out;
  }

  /** {@code {"ocid", "releases": [...], "compiledRelease"}}, as the record package schema has it. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("ocid", ocid);
    o.putArray("releases").addAll(releases());
    o.set("compiledRelease", compiledRelease());
    return o;
  }
}
