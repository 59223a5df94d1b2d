package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.CliHarness.Result;
import org.auditledger.node.LedgerNode;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.entry.Schemas;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.ocds.Merge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit export ocds} against a real node holding the corrected releases of both official
 * OCDS example packages (and a later release of the full example's contracting process), each
 * filed with {@code audit file spending}.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class ExportOcdsTest {
  @TempDir
  static Path dir;
  private LedgerNode node;
  private Vertx vertx;
  /** The releases as filed, in filing (log) order. */
  private final List<JsonNode> filed = new ArrayList<>();

  @BeforeAll
  void fileTheExamples(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Ed25519KeyPair registrar = CliHarness.newKey();
    node = CliHarness.node(vertx, dir.resolve("node"), registrar, "town.example/log");
    Path registrarKey = CliHarness.keyFile(dir, "registrar.pem", registrar);
    Result k = audit("keygen", "--out", dir.resolve("clerk.pem").toString(), "--json");
    assertEquals(0, k.code(), k.toString());
    String clerk = CliHarness.json(k).get("publicKey").asText();
    Result g = audit("file", "key", "--issuer", node.origin(), "--set", "action=grant", "--set", "subject=" + clerk,
        "--set", "organization=" + Fixtures.OCDS_BUYER, "--set", "roles=[\"spending\"]", "--key",
        registrarKey.toString(), "--node", url(), "--log-key", vkey(), "--state", state());
    assertEquals(0, g.code(), g.toString());

    ObjectNode later = Fixtures.correctedOcdsRelease();
    later.put("id", "ocds-213czf-000-00001-07-implementation").put("date", "2011-02-10T09:30:00Z");
    ((ObjectNode) later.get("tender")).put("title", "Cycle scheme (revised)");
    // Filed newest first: a record lists them oldest first, whatever the filing order.
    for (JsonNode release : List.of(later, Fixtures.correctedPrimerRelease(), Fixtures.correctedOcdsRelease())) {
      Path body = dir.resolve("release-" + filed.size() + ".json");
      Files.writeString(body, StrictJson.write(release), StandardCharsets.UTF_8);
      Result f = audit("file", "spending", "--issuer", Fixtures.OCDS_BUYER, "--body", body.toString(),
          "--key", dir.resolve("clerk.pem").toString(), "--node", url(), "--log-key", vkey(), "--state", state());
      assertEquals(0, f.code(), f.toString());
      filed.add(StrictJson.parseDecimals(Files.readAllBytes(body), body.toString()));
    }
  }

  @AfterAll
  void stop() {
    CliHarness.await(node.stop());
  }

  private String url() {
    return CliHarness.url(node);
  }

  private String vkey() {
    return node.vkey().encode();
  }

  private String state() {
    return dir.resolve("state").toString();
  }

  private static JsonNode parse(String text) {
    return StrictJson.parseDecimals(text.getBytes(StandardCharsets.UTF_8), "exported package");
  }

  /**
   * Verifies that the release package on stdout is valid against the official release package
   * schema and holds every release as filed, equal as JSON with exact decimals, in log order.
   */
  @Test
  void aReleasePackageHoldsEveryReleaseAsFiled() {
    Result r = audit("export", "ocds", "--node", url(), "--log-key", vkey(), "--state", state());
    assertEquals(0, r.code(), r.toString());
    JsonNode p = parse(r.out());
    Schemas.validateReleasePackage(p, "exported package");
    assertEquals("1.1", p.get("version").asText());
    assertEquals("town.example/log", p.at("/publisher/name").asText());
    List<JsonNode> releases = new ArrayList<>();
    p.get("releases").forEach(releases::add);
    assertEquals(filed, releases);
    assertTrue(r.out().contains("\"amount\":6700000.0"), "amounts written as filed, plain");
    assertTrue(r.err().contains("exported 3 releases"), r.err());
  }

  /**
   * Verifies that --records writes a record package to --out with one record per ocid, its
   * releases oldest first and its compiled release the merge routine's.
   */
  @Test
  void recordsCompilePerOcid() throws Exception {
    Path out = dir.resolve("records.json");
    Result r = audit("export", "ocds", "--records", "--out", out.toString(), "--uri", "https://town.example/ocds/records",
        "--publisher", "Town hall", "--node", url(), "--log-key", vkey(), "--state", state());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("in 2 records"), r.out());
    JsonNode p = StrictJson.parseDecimals(Files.readAllBytes(out), out.toString());
    assertEquals("https://town.example/ocds/records", p.get("uri").asText());
    assertEquals("Town hall", p.at("/publisher/name").asText());
    JsonNode records = p.get("records");
    assertEquals(2, records.size());
    JsonNode full = records.get(0);
    assertEquals("ocds-213czf-000-00001", full.get("ocid").asText());
    assertEquals(List.of(filed.get(2), filed.get(0)), List.of(full.at("/releases/0"), full.at("/releases/1")),
        "oldest first");
    assertEquals(Merge.compile(List.of(filed.get(0), filed.get(2))), full.get("compiledRelease"));
    assertEquals("Cycle scheme (revised)", full.at("/compiledRelease/tender/title").asText());
    assertEquals("ocds-213czf-000-00001-2011-02-10T09:30:00Z", full.at("/compiledRelease/id").asText());
    JsonNode primer = records.get(1);
    assertEquals("ocds-213czf-0000", primer.get("ocid").asText());
    assertEquals(List.of(filed.get(1)), List.of(primer.at("/releases/0")));
    for (JsonNode rec : records) {
      Schemas.validateRelease(rec.get("compiledRelease"), "", "compiled release");
    }
  }

  /** Verifies that a package that cannot be written fails with exit 4 naming the file, leaving nothing behind. */
  @Test
  void anUnwritableOutputNamesTheFile() throws Exception {
    Path out = dir.resolve("missing-dir").resolve("package.json");
    Result r = audit("export", "ocds", "--out", out.toString(), "--node", url(), "--log-key", vkey(), "--state", state());
    assertEquals(4, r.code(), r.toString());
    assertTrue(r.err().contains(out.toString()), r.err());
    assertTrue(!Files.exists(out));
  }

  /**
   * Verifies that a node whose search lists an entry that is not a spending entry is caught
   * (exit 7, naming the entry), nothing written.
   */
  @Test
  void aSearchListingANonSpendingEntryIsCaught() {
    try (TamperingProxy proxy = new TamperingProxy(vertx, node.port())) {
      proxy.rewrite = (path, body) -> path.equals("/v1/search") ? new String(body, StandardCharsets.UTF_8)
          .replace("\"entries\":[", "\"entries\":[{\"index\":0},").getBytes(StandardCharsets.UTF_8) : body;
      Result r = audit("export", "ocds", "--node", proxy.url(), "--log-key", vkey(), "--state", state());
      assertEquals(7, r.code(), r.toString());
      assertTrue(r.err().contains("entry 0"), r.err());
      assertEquals("", r.out());
    }
  }

  /** Verifies that an entry altered on the way is refused as audit get refuses it, nothing written. */
  @Test
  void anAlteredEntryIsRefused() {
    try (TamperingProxy proxy = new TamperingProxy(vertx, node.port())) {
      proxy.rewrite = TamperingProxy.flip("/v1/entries/", -1);
      Result r = audit("export", "ocds", "--node", proxy.url(), "--log-key", vkey(), "--state", state());
      assertTrue(List.of(3, 12, 13).contains(r.code()), r.toString());
      assertEquals("", r.out());
    }
  }

  /** Verifies that the command is listed under audit export with its options. */
  @Test
  void helpNamesTheOptions() {
    Result r = audit("export", "ocds", "--help");
    assertEquals(0, r.code(), r.toString());
    for (String o : List.of("--records", "--out", "--uri", "--publisher", "--log-key")) {
      assertTrue(r.out().contains(o), r.out());
    }
  }

  /** Verifies that a log key other than the log's fails as a bad checkpoint, nothing written. */
  @Test
  void anotherLogKeyIsRefused() {
    String other = new org.auditledger.protocol.note.NoteSignerKey("town.example/log", Fixtures.newKey())
        .verifierKey().encode();
    Result r = audit("export", "ocds", "--node", url(), "--log-key", other, "--state", state());
    assertEquals(10, r.code(), r.toString());
    assertEquals("", r.out());
  }
}
