package org.auditledger.protocol.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * An OCDS release package (OCDS 1.1 "Packaging", release package schema): {@code uri}, {@code
 * version}, {@code publishedDate}, {@code publisher {name}} and the releases, copied as given and
 * in the order given. Validate it with {@link
 * org.auditledger.protocol.entry.Schemas#validateReleasePackage}.
 */
public final class ReleasePackage {
  /** The OCDS version of every package built here: major.minor, as the package schema has it. */
  public static final String VERSION = "1.1";

  private ReleasePackage() {}

  /** The release package of {@code releases} (copied, in the order given) with {@code meta}. */
  public static ObjectNode of(PackageMetadata meta, List<JsonNode> releases) {
    ObjectNode p = head(meta);
    p.putArray("releases").addAll(releases.stream().<JsonNode>map(JsonNode::deepCopy).toList());
    return p;
  }

  /** The members every package has, in the order the schema lists them. */
  static ObjectNode head(PackageMetadata meta) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("uri", meta.uri());
    p.put("version", VERSION);
    // RFC 3339 to the second: the package schema's date-time, without a fraction some readers drop.
    p.put("publishedDate", meta.publishedDate().truncatedTo(ChronoUnit.SECONDS).toString());
    p.putObject("publisher").put("name", meta.publisherName());
    return p;
  }
}
