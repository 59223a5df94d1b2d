package org.auditledger.protocol.ocds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.entry.SchemaViolationException;
import org.auditledger.protocol.entry.Schemas;
import org.auditledger.protocol.json.StrictJson;
import org.junit.jupiter.api.Test;

/** Release and record packages of the corrected official examples, checked against the official package schema. */
class PackagesTest {
  private static final PackageMetadata META = new PackageMetadata("https://ledger.example/v1/search?kind=spending",
      Instant.parse("2026-12-02T10:00:00.123Z"), "town.example/log");

  /** Verifies that a release package of both corrected examples validates, its releases as given, byte for byte. */
  @Test
  void aReleasePackageOfTheCorrectedExamplesValidates() {
    List<JsonNode> releases = List.of(Fixtures.correctedPrimerRelease(), Fixtures.correctedOcdsRelease());
    ObjectNode p = ReleasePackage.of(META, releases);
    Schemas.validateReleasePackage(p, "release package");
    assertEquals("1.1", p.get("version").asText());
    assertEquals("2026-12-02T10:00:00Z", p.get("publishedDate").asText());
    assertEquals("town.example/log", p.at("/publisher/name").asText());
    assertEquals(releases, List.of(p.at("/releases/0"), p.at("/releases/1")));
    // Written and read back, amounts keep every digit (6700000.0 stays so).
    JsonNode again = StrictJson.parseDecimals(StrictJson.write(p).getBytes(StandardCharsets.UTF_8), "package");
    assertEquals(p, again);
    assertTrue(StrictJson.write(p).contains("6700000.0"), StrictJson.write(p));
  }

  /** Verifies that an invalid release in a package is reported at its pointer in the package. */
  @Test
  void anInvalidReleaseIsReportedAtItsPointerInThePackage() {
    JsonNode shipped = Fixtures.ocdsExample("example-primer.json").get("releases").get(0);
    ObjectNode p = ReleasePackage.of(META, List.of(Fixtures.correctedOcdsRelease(), shipped));
    SchemaViolationException e = assertThrows(SchemaViolationException.class,
        () -> Schemas.validateReleasePackage(p, "release package"));
    assertEquals(List.of("/releases/1/initiationType"),
        e.violations().stream().map(SchemaViolationException.Violation::pointer).toList());
  }

  /** Verifies that the shipped example packages are refused by the package schema for the three known fields only. */
  @Test
  void theShippedExamplePackagesAreRefusedForTheKnownFields() {
    SchemaViolationException e = assertThrows(SchemaViolationException.class,
        () -> Schemas.validateReleasePackage(Fixtures.ocdsExample("example-release-package.json"), "example"));
    assertEquals(java.util.Set.of("/releases/0/initiationType", "/releases/0/tender/exclusionGrounds",
            "/releases/0/tender/selectionCriteria"),
        e.violations().stream().map(SchemaViolationException.Violation::pointer).collect(java.util.stream.Collectors.toSet()));
  }

  /** Verifies that a record package holds one record per ocid, releases in date order, compiled releases valid. */
  @Test
  void aRecordPackageCompilesPerOcid() {
    ObjectNode later = Fixtures.correctedOcdsRelease();
    later.put("id", "ocds-213czf-000-00001-07-implementation").put("date", "2011-02-10T09:30:00Z");
    later.putObject("tender").put("id", "ocds-213czf-000-00001-01-tender").put("status", "complete");
    List<JsonNode> releases = List.of(later, Fixtures.correctedPrimerRelease(), Fixtures.correctedOcdsRelease());
    List<OcdsRecord> records = OcdsRecord.byOcid(releases);
    assertEquals(List.of("ocds-213czf-000-00001", "ocds-213czf-0000"), records.stream().map(OcdsRecord::ocid).toList());
    OcdsRecord full = records.get(0);
    assertEquals(List.of(Fixtures.correctedOcdsRelease(), later), full.releases(), "oldest first");
    assertEquals("complete", full.compiledRelease().at("/tender/status").asText());
    assertEquals(Fixtures.correctedOcdsRelease().at("/tender/title"), full.compiledRelease().at("/tender/title"));
    assertEquals("ocds-213czf-000-00001-2011-02-10T09:30:00Z", full.compiledRelease().get("id").asText());
    for (OcdsRecord r : records) {
      Schemas.validateRelease(r.compiledRelease(), "", "compiled release of " + r.ocid());
    }
    ObjectNode p = RecordPackage.of(META, records);
    assertEquals(2, p.get("records").size());
    assertEquals(full.toJson(), p.at("/records/0"));
    assertEquals("1.1", p.get("version").asText());
  }
}
