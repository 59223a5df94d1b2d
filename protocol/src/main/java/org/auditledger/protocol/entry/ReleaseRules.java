package org.auditledger.protocol.entry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's own rules for an OCDS release filed as a spending entry, beyond the official
 * release schema (protocol.md §7.1): the organization that files a release is its buyer, so a
 * release that names a {@code buyer} names the entry's issuer ({@code buyer.id} equals the
 * issuer, the mapping documented there). A release without {@code buyer} is the issuer's by
 * filing. Both {@code ocid} and {@code id} are already required by the release schema.
 */
final class ReleaseRules {
  private ReleaseRules() {}

  static void check(JsonNode release, String issuer, String prefix, String what) {
    List<SchemaViolationException.Violation> out = new ArrayList<>();
    JsonNode buyer = release.get("buyer");
    if (buyer != null && !buyer.isNull()) {
      JsonNode id = buyer.get("id");
      if (id == null || id.isNull()) {
        out.add(new SchemaViolationException.Violation(prefix + "/buyer/id",
            "the buyer has no id; it must be the issuer \"" + issuer + "\""));
      } else if (!id.asText().equals(issuer)) {
        out.add(new SchemaViolationException.Violation(prefix + "/buyer/id", "the buyer \"" + id.asText()
            + "\" is not the issuer \"" + issuer + "\": a release is filed by its buyer"));
      }
    }
    if (!out.isEmpty()) {
      throw new SchemaViolationException(what, out);
    }
  }
}
