package org.auditledger.protocol.ocds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.entry.SchemaViolationException;
import org.auditledger.protocol.entry.Schemas;
import org.auditledger.protocol.json.StrictJson;
import org.junit.jupiter.api.Test;

/**
 * OCDS packages both ways. Built: release and record packages of the corrected official examples,
 * checked against the official package schema. Read ({@link Packages}): release packages, record
 * packages and JSON Lines told apart and read into releases in document order, each with its
 * location, under the strict rules of a release body.
 */
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

  // Reading packages (Packages).
  private static final String R1 = "{\"ocid\":\"ocds-a-1\",\"id\":\"1\",\"date\":\"2024-01-01T00:00:00Z\",\"tag\":[\"tender\"]}";
  private static final String R2 = "{\"ocid\":\"ocds-a-1\",\"id\":\"2\",\"date\":\"2024-02-01T00:00:00Z\",\"tag\":[\"award\"],"
      + "\"awards\":[{\"id\":\"a\",\"value\":{\"amount\":6700000.00,\"currency\":\"GBP\"}}]}";

  private static Packages.Reader read(String text) {
    return Packages.read(text.getBytes(StandardCharsets.UTF_8), "input.json");
  }

  private static List<Packages.Item> items(Packages.Reader r) {
    List<Packages.Item> out = new ArrayList<>();
    r.forEachRemaining(out::add);
    return out;
  }

  private static List<String> locations(List<Packages.Item> items) {
    return items.stream().map(Packages.Item::location).toList();
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = PackagesTest.class.getClassLoader().getResourceAsStream("ocds-examples/" + name)) {
      return in.readAllBytes();
    }
  }

  /** Verifies that both official example packages, pretty-printed as shipped, are release packages. */
  @Test
  void officialExamplesAreReleasePackages() throws Exception {
    for (String name : List.of("example-primer.json", "example-release-package.json")) {
      Packages.Reader r = Packages.read(resource(name), name);
      assertEquals(Packages.Format.RELEASE_PACKAGE, r.format());
      List<Packages.Item> items = items(r);
      assertEquals(List.of("/releases/0"), locations(items));
      Packages.Release rel = assertInstanceOf(Packages.Release.class, items.get(0));
      assertEquals(Fixtures.ocdsExample(name).get("releases").get(0), rel.json());
    }
  }

  /** Verifies that the releases of a release package come in document order, non-objects named. */
  @Test
  void releasePackageItemsInOrderWithPointers() {
    List<Packages.Item> items = items(read("{\"version\":\"1.1\",\"releases\":[" + R1 + ",\n 7," + R2 + "]}"));
    assertEquals(List.of("/releases/0", "/releases/1", "/releases/2"), locations(items));
    assertEquals("1", ((Packages.Release) items.get(0)).json().get("id").asText());
    assertInstanceOf(Packages.NotImportable.class, items.get(1));
    assertEquals("2", ((Packages.Release) items.get(2)).json().get("id").asText());
  }

  /** Verifies that amounts are exact decimals, digits as written. */
  @Test
  void amountsAreExactDecimalsAsWritten() {
    Packages.Release r = (Packages.Release) items(read("{\"releases\":[" + R2 + "]}")).get(0);
    JsonNode amount = r.json().at("/awards/0/value/amount");
    assertEquals(new BigDecimal("6700000.00"), amount.decimalValue());
    assertTrue(StrictJson.write(r.json()).contains("6700000.00"), StrictJson.write(r.json()));
  }

  /** Verifies that a record package yields its embedded full releases; linked ones are named, compiled ones ignored. */
  @Test
  void recordPackageImportsEmbeddedReleasesOnly() {
    String linked = "{\"url\":\"https://example.com/releases.json#1\",\"date\":\"2024-01-01T00:00:00Z\",\"tag\":[\"tender\"]}";
    String text = "{\"version\":\"1.1\",\"records\":[\n"
        + "{\"ocid\":\"ocds-a-1\",\"releases\":[" + R1 + "," + linked + "," + R2 + "],\"compiledRelease\":" + R2 + "},\n"
        + "{\"ocid\":\"ocds-a-2\",\"compiledRelease\":" + R1 + "},\n"
        + "{\"ocid\":\"ocds-a-3\",\"releases\":[{\"id\":\"x\"}]}]}";
    Packages.Reader r = read(text);
    assertEquals(Packages.Format.RECORD_PACKAGE, r.format());
    List<Packages.Item> items = items(r);
    assertEquals(List.of("/records/0/releases/0", "/records/0/releases/1", "/records/0/releases/2", "/records/1",
        "/records/2/releases/0"), locations(items));
    assertInstanceOf(Packages.Release.class, items.get(0));
    Packages.NotImportable l = assertInstanceOf(Packages.NotImportable.class, items.get(1));
    assertTrue(l.reason().contains("linked release") && l.reason().contains("https://example.com/releases.json#1"),
        l.reason());
    assertInstanceOf(Packages.Release.class, items.get(2));
    assertTrue(((Packages.NotImportable) items.get(3)).reason().contains("compiledRelease"));
    assertTrue(((Packages.NotImportable) items.get(4)).reason().contains("neither a full release"));
  }

  /** Verifies that JSON Lines are read a line at a time, blank lines skipped, CRLF accepted, bad lines named. */
  @Test
  void jsonLinesOneReleaseALine() {
    String text = R1 + "\r\n\n   \n" + "{\"ocid\":1,\"ocid\":2}\n" + R2 + "\n" + "{\"a\":1e3}\n" + "[1]\n"
        + "{\"releases\":[]}\n" + "{\"broken\":\n";
    Packages.Reader r = read(text);
    assertEquals(Packages.Format.JSON_LINES, r.format());
    List<Packages.Item> items = items(r);
    assertEquals(List.of("line 1", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9"), locations(items));
    assertInstanceOf(Packages.Release.class, items.get(0));
    assertTrue(((Packages.NotImportable) items.get(1)).reason().contains("ocid"), items.get(1).toString());
    assertInstanceOf(Packages.Release.class, items.get(2));
    assertTrue(((Packages.NotImportable) items.get(3)).reason().contains("exponent"), items.get(3).toString());
    assertTrue(((Packages.NotImportable) items.get(4)).reason().contains("not a JSON object"));
    assertTrue(((Packages.NotImportable) items.get(5)).reason().contains("is a package"));
    assertTrue(((Packages.NotImportable) items.get(6)).reason().contains("not valid JSON"), items.get(6).toString());
  }

  /** Verifies that a line over the bound is reported and skipped, and the next line still read. */
  @Test
  void overlongLineIsSkipped() {
    String big = "{\"ocid\":\"" + "x".repeat(Packages.MAX_LINE_BYTES + 10) + "\"}";
    List<Packages.Item> items = items(read(R1 + "\n" + big + "\n" + R2 + "\n"));
    assertEquals(List.of("line 1", "line 2", "line 3"), locations(items));
    assertTrue(((Packages.NotImportable) items.get(1)).reason().contains("longer than"));
    assertInstanceOf(Packages.Release.class, items.get(2));
  }

  /** Verifies that a package written on one line is a package, not one line of JSON Lines. */
  @Test
  void packageOnOneLine() {
    Packages.Reader r = read("\n{\"releases\":[" + R1 + "," + R2 + "]}\n\n");
    assertEquals(Packages.Format.RELEASE_PACKAGE, r.format());
    assertEquals(List.of("/releases/0", "/releases/1"), locations(items(r)));
    MalformedException e = assertThrows(MalformedException.class, () -> read("{\"releases\":[]}\n" + R1 + "\n"));
    assertTrue(e.getMessage().contains("input.json"), e.getMessage());
  }

  /**
   * Verifies that a package written on one line is judged a package by its structure alone: one
   * that breaks a rule of a release body (a duplicate key, bytes that are not UTF-8, a number
   * too long, nesting too deep, a raw control character, bad syntax after its releases) is
   * refused whole as a package is, never read as one line of JSON Lines; and that a file of one
   * release line, valid or not, is still JSON Lines.
   */
  @Test
  void packageOnOneLineIsAPackageWhateverRuleItBreaks() {
    byte[] latin1 = "{\"publisher\":{\"name\":\"Municipalit\u00e9\"},\"releases\":[]}\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(assertThrows(MalformedException.class, () -> Packages.read(latin1, "input.json")).getMessage()
        .contains("not valid UTF-8"));
    byte[] bom = ("\ufeff{\"releases\":[" + R1 + "]}\n").getBytes(StandardCharsets.UTF_8);
    assertTrue(assertThrows(MalformedException.class, () -> Packages.read(bom, "input.json")).getMessage()
        .contains("byte-order mark"));
    for (String[] c : new String[][] {
        {"{\"version\":\"1.1\",\"releases\":[{\"ocid\":\"a\",\"ocid\":\"b\"}]}", "Duplicate field 'ocid'"},
        {"{\"releases\":[" + R1 + "],\"version\":\"1.1\",\"version\":\"1.1\"}", "Duplicate field 'version'"},
        {"{\"records\":[{\"ocid\":\"a\",\"releases\":[{\"n\":123456789012345678901234}]}]}", "Number value length"},
        {"{\"releases\":[" + "[".repeat(40) + "]".repeat(40) + "]}", "nesting depth"},
        {"{\"releases\":[{\"ocid\":\"a\tb\"}]}", "CTRL-CHAR"},
        {"{\"releases\":[{\"ocid\": oops}]}", "oops"},
        {"{\"rel\\u0065ases\":[{\"ocid\":\"a\",\"ocid\":\"b\"}]}", "Duplicate field 'ocid'"}}) {
      MalformedException e = assertThrows(MalformedException.class, () -> read(c[0] + "\n"), c[0]);
      assertTrue(e.getMessage().contains("input.json") && e.getMessage().contains(c[1]), e.getMessage());
    }
    // Brackets and quotes inside strings are text, not structure.
    Packages.Reader quoted = read("{\"note\":\"say \\\"hi\\\" {[\",\"releases\":[" + R1 + "]}");
    assertEquals(Packages.Format.RELEASE_PACKAGE, quoted.format());
    assertEquals(List.of("/releases/0"), locations(items(quoted)));
    Packages.Reader records = read("{\"records\":[{\"ocid\":\"ocds-a-1\",\"releases\":[" + R1 + "]}]}");
    assertEquals(Packages.Format.RECORD_PACKAGE, records.format());
    assertEquals(List.of("/records/0/releases/0"), locations(items(records)));

    for (String one : new String[] {R1, R1 + "\n", "\n" + R2 + "\r\n\n"}) {
      Packages.Reader r = read(one);
      assertEquals(Packages.Format.JSON_LINES, r.format(), one);
      List<Packages.Item> items = items(r);
      assertEquals(1, items.size());
      assertInstanceOf(Packages.Release.class, items.get(0));
    }
    for (String broken : new String[] {"{\"ocid\":\"a\",\"ocid\":\"b\"}", "{\"ocid\": oops}", "7", "\"text\""}) {
      Packages.Reader r = read(broken + "\n");
      assertEquals(Packages.Format.JSON_LINES, r.format(), broken);
      assertInstanceOf(Packages.NotImportable.class, items(r).get(0), broken);
    }
  }

  /** Verifies that a package that does not parse is refused naming the line, with the file's own numbering. */
  @Test
  void syntaxErrorInPackageNamesTheLine() {
    MalformedException e = assertThrows(MalformedException.class,
        () -> read("\n\n{\n  \"releases\": [\n    {\"ocid\": \"x\",}\n  ]\n}\n"));
    assertTrue(e.getMessage().contains("input.json") && e.getMessage().contains("line 5"), e.getMessage());
  }

  /** Verifies that duplicate keys and exponents are refused in a package too. */
  @Test
  void packageRulesAreThoseOfAReleaseBody() {
    MalformedException dup = assertThrows(MalformedException.class,
        () -> read("{\n\"releases\": [{\"id\":\"1\",\"id\":\"2\"}]\n}"));
    assertTrue(dup.getMessage().contains("id"), dup.getMessage());
    MalformedException exp = assertThrows(MalformedException.class,
        () -> read("{\n\"releases\": [{\"amount\": 6.7e6}]\n}"));
    assertTrue(exp.getMessage().contains("exponent") && exp.getMessage().contains("line 2"), exp.getMessage());
  }

  /** Verifies that empty input, other JSON, and a package of both kinds are refused with their reason. */
  @Test
  void notAPackage() {
    assertTrue(assertThrows(MalformedException.class, () -> read(" \n\n")).getMessage().contains("empty"));
    assertTrue(assertThrows(MalformedException.class, () -> read("{\n\"version\":\"1.1\"\n}")).getMessage()
        .contains("neither a release package"));
    assertTrue(assertThrows(MalformedException.class, () -> read("{\n\"releases\":[],\"records\":[]\n}")).getMessage()
        .contains("both"));
    assertTrue(assertThrows(MalformedException.class, () -> read("{\n\"releases\":{}\n}")).getMessage()
        .contains("/releases is not an array"));
  }

  /** Verifies that a package over the bound is refused before it is parsed. */
  @Test
  void packageOverTheBoundIsRefused() {
    byte[] big = new byte[Packages.MAX_PACKAGE_BYTES + 2];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[1] = '\n';
    Packages.TooLargeException e = assertThrows(Packages.TooLargeException.class, () -> Packages.read(big, "big.json"));
    assertTrue(e.getMessage().contains("big.json") && e.getMessage().contains("JSON Lines"), e.getMessage());
  }
}
