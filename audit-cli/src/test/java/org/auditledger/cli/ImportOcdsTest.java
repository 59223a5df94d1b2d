package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.CliHarness.Result;
import org.auditledger.node.LedgerNode;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit import ocds} against a real node: packages and JSON Lines filed release by
 * release, validated locally first, idempotent when run again. One node for the class; each test
 * uses its own ocids and compares log sizes before and after.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
class ImportOcdsTest {
  @TempDir
  static Path dir;
  private final Ed25519KeyPair registrar = CliHarness.newKey();
  private LedgerNode node;
  private Path clerkKey;

  @BeforeAll
  void start(Vertx vertx) throws Exception {
    node = CliHarness.node(vertx, dir.resolve("node"), registrar, "town.example/ledger");
    Path registrarKey = CliHarness.keyFile(dir, "registrar.pem", registrar);
    Ed25519KeyPair clerk = CliHarness.newKey();
    clerkKey = CliHarness.keyFile(dir, "clerk.pem", clerk);
    Result g = audit("file", "key", "--issuer", node.origin(), "--set", "action=grant", "--set",
        "subject=" + clerk.publicKey().base64(), "--set", "organization=" + Fixtures.OCDS_BUYER, "--set",
        "roles=[\"spending\"]", "--key", registrarKey.toString(), "--node", url(), "--log-key", vkey(),
        "--state", state());
    assertEquals(0, g.code(), g.toString());
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

  private long size() {
    return node.sequencer().head().size();
  }

  private Result importing(Path file, String... extra) {
    List<String> args = new ArrayList<>(List.of("import", "ocds", file.toString(), "--key", clerkKey.toString(),
        "--node", url(), "--log-key", vkey(), "--state", state()));
    args.addAll(List.of(extra));
    return audit(args.toArray(new String[0]));
  }

  private static JsonNode json(Result r) {
    return CliHarness.json(r);
  }

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  private static byte[] shipped(String name) throws Exception {
    try (InputStream in = ImportOcdsTest.class.getClassLoader().getResourceAsStream("ocds-examples/" + name)) {
      return in.readAllBytes();
    }
  }

  private static String releasePackage(JsonNode... releases) throws Exception {
    ObjectNode p = StrictJson.mapper().createObjectNode();
    p.put("version", "1.1");
    ArrayNode a = p.putArray("releases");
    for (JsonNode r : releases) {
      a.add(r);
    }
    // Pretty-printed as published, decimals plain (toPrettyString would write 0.0000001 as 1E-7).
    return StrictJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(p);
  }

  /** A valid release of the buyer, with an award amount that has a fraction. */
  private static ObjectNode release(String ocid, String id, String amount) {
    ObjectNode r = Fixtures.release(ocid, id, "2026-01-01T00:00:00Z", Fixtures.OCDS_BUYER);
    ObjectNode award = r.putArray("awards").addObject();
    award.put("id", "award-" + id);
    award.putObject("value").put("amount", new java.math.BigDecimal(amount)).put("currency", "EUR");
    return r;
  }

  /** Verifies that the official full example as shipped is refused with its three pointers and nothing is filed. */
  @Test
  void shippedFullExampleIsRefusedWithItsThreePointers() throws Exception {
    Path f = dir.resolve("example-release-package.json");
    Files.write(f, shipped("example-release-package.json"));
    long before = size();
    Result r = importing(f, "--json");
    assertEquals(4, r.code(), r.toString());
    for (String pointer : List.of("/body/initiationType", "/body/tender/exclusionGrounds",
        "/body/tender/selectionCriteria")) {
      assertTrue(r.err().contains(pointer), r.err());
    }
    assertTrue(r.err().contains("/releases/0"), r.err());
    JsonNode s = json(r);
    assertEquals(0, s.get("filed").asInt());
    assertEquals(1, s.get("refused").asInt());
    assertEquals("invalid", s.at("/releases/0/status").asText());
    assertEquals(before, size(), "nothing reached the node");
  }

  /**
   * Verifies that corrected copies of both official packages are filed and verify, and that
   * importing them again files nothing and skips both.
   */
  @Test
  void correctedOfficialPackagesAreFiledThenSkipped() throws Exception {
    Path primerFile = write("primer.json", releasePackage(Fixtures.correctedPrimerRelease()));
    Path fullFile = write("full.json", releasePackage(Fixtures.correctedOcdsRelease()));
    long before = size();
    // The full example names its buyer, the issuer; the primer has none, so it is given.
    Result full = importing(fullFile, "--json");
    assertEquals(0, full.code(), full.toString());
    assertEquals(1, json(full).get("filed").asInt());
    Result noIssuer = importing(primerFile);
    assertEquals(4, noIssuer.code(), noIssuer.toString());
    assertTrue(noIssuer.err().contains("/releases/0") && noIssuer.err().contains("--issuer"), noIssuer.err());
    Result p = importing(primerFile, "--issuer", Fixtures.OCDS_BUYER, "--json");
    assertEquals(0, p.code(), p.toString());
    assertEquals(1, json(p).get("filed").asInt());
    assertEquals(before + 2, size());
    Result v = audit("verify", "--node", url(), "--log-key", vkey(), "--state", state());
    assertEquals(0, v.code(), v.toString());
    Result shown = audit("get", "--node", url(), "--log-key", vkey(), "--index", Long.toString(before));
    assertTrue(shown.out().contains("6700000.0 GBP"), shown.out());

    Result again = importing(fullFile, "--json");
    assertEquals(0, again.code(), again.toString());
    assertEquals(0, json(again).get("filed").asInt());
    assertEquals(1, json(again).get("skipped").asInt());
    assertEquals(before, json(again).at("/releases/0/index").asLong(), "skipped as the entry holding it");
    Result primerAgain = importing(primerFile, "--issuer", Fixtures.OCDS_BUYER);
    assertEquals(0, primerAgain.code(), primerAgain.toString());
    assertTrue(primerAgain.out().contains("filed 0, skipped 1, refused 0"), primerAgain.out());
    assertEquals(before + 2, size(), "the log is unchanged");

    // Round trip: export of what was imported is a valid package holding each release as it was.
    Path exported = dir.resolve("exported.json");
    Result ex = audit("export", "ocds", "--out", exported.toString(), "--node", url(), "--log-key", vkey(),
        "--state", state());
    assertEquals(0, ex.code(), ex.toString());
    JsonNode pkg = StrictJson.parseDecimals(Files.readAllBytes(exported), "export");
    org.auditledger.protocol.entry.Schemas.validateReleasePackage(pkg, "export");
    for (JsonNode want : List.of(Fixtures.correctedOcdsRelease(), Fixtures.correctedPrimerRelease())) {
      JsonNode got = null;
      for (JsonNode r : pkg.get("releases")) {
        if (r.get("ocid").equals(want.get("ocid")) && r.get("id").equals(want.get("id"))) {
          got = r;
        }
      }
      assertEquals(want, got, "release " + want.get("id") + " of " + want.get("ocid") + " after import and export");
    }
  }

  /**
   * Verifies that JSON Lines are filed a line at a time with exact amounts, that an interrupted
   * import resumes by running it again, and that a release changed in place is a conflict.
   */
  @Test
  void jsonLinesImportIsIdempotentAndRefusesChangedReleases() throws Exception {
    int n = 300;
    StringBuilder lines = new StringBuilder();
    StringBuilder firstHalf = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String line = StrictJson.write(release("ocds-jl-" + i, "r" + i, i + ".10")) + "\n";
      lines.append(line).append(i % 50 == 0 ? "\n" : "");
      if (i < n / 2) {
        firstHalf.append(line);
      }
    }
    long before = size();
    // An import interrupted after half of the file, then the whole file.
    Result half = importing(write("half.jsonl", firstHalf.toString()), "--json");
    assertEquals(0, half.code(), half.toString());
    assertEquals("JSON Lines", json(half).get("format").asText());
    assertEquals(n / 2, json(half).get("filed").asInt());
    long t0 = System.nanoTime();
    Result all = importing(write("all.jsonl", lines.toString()), "--json");
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(0, all.code(), all.toString());
    assertEquals(n / 2, json(all).get("filed").asInt());
    assertEquals(n / 2, json(all).get("skipped").asInt());
    assertEquals(before + n, size());
    System.out.printf("imported %d releases (%d filed) in %.2f s%n", n, n / 2, seconds);
    long last = before + n - 1;
    Result shown = audit("get", "--node", url(), "--log-key", vkey(), "--index", Long.toString(last), "--json");
    assertTrue(shown.out().contains(".10"), shown.out());

    String changed = StrictJson.write(release("ocds-jl-7", "r7", "9999.99")) + "\n";
    String same = StrictJson.write(release("ocds-jl-8", "r8", "8.1")) + "\n"; // 8.10 written otherwise: the same amount
    Result conflict = importing(write("changed.jsonl", changed + same + "{\"ocid\": oops}\n"), "--json");
    assertEquals(5, conflict.code(), conflict.toString());
    JsonNode s = json(conflict);
    assertEquals("refused-conflict", s.at("/releases/0/status").asText());
    assertEquals("skipped", s.at("/releases/1/status").asText());
    assertEquals("invalid", s.at("/releases/2/status").asText());
    assertEquals("line 3", s.at("/releases/2/location").asText());
    assertTrue(conflict.err().contains("line 1") && conflict.err().contains("another body"), conflict.err());
    assertEquals(before + n, size());
    Result v = audit("verify", "--node", url(), "--log-key", vkey(), "--state", state());
    assertEquals(0, v.code(), v.toString());
  }

  /**
   * Verifies that an import keeps every receipt in one JSON Lines journal, each a receipt that
   * verifies against the envelope it holds, and keeps what the node refused with its answer.
   */
  @Test
  void receiptsAndRefusalsAreKeptInTheImportsJournals() throws Exception {
    int n = 20;
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < n; i++) {
      lines.append(StrictJson.write(release("ocds-journal-" + i, "r" + i, i + ".5"))).append('\n');
    }
    Result r = importing(write("journal.jsonl", lines.toString()), "--json");
    assertEquals(0, r.code(), r.toString());
    Path receipts = Path.of(json(r).get("receiptsFile").asText());
    assertTrue(json(r).path("refusalsFile").isMissingNode(), r.out());
    List<String> kept = Files.readAllLines(receipts, StandardCharsets.UTF_8);
    assertEquals(n, kept.size());
    var logKey = org.auditledger.protocol.note.NoteVerifierKey.parse(vkey());
    java.util.Set<Long> indexes = new java.util.TreeSet<>();
    for (String line : kept) {
      JsonNode o = StrictJson.parse(line.getBytes(StandardCharsets.UTF_8), "receipt line");
      var receipt = org.auditledger.protocol.wire.Receipt.fromJson(o, "receipt line");
      var env = org.auditledger.protocol.dsse.Envelope.parse(o.get("envelope").asText().getBytes(StandardCharsets.UTF_8));
      receipt.verify(env, logKey);
      assertTrue(o.get("created").asBoolean(), line);
      indexes.add(receipt.index());
    }
    assertEquals(n, indexes.size());

    // The node refuses a changed release (rule unique-release): kept with its answer and envelope.
    String changed = StrictJson.write(release("ocds-journal-3", "r3", "77")) + "\n";
    Result refused = importing(write("journal-changed.jsonl", changed), "--json");
    assertEquals(5, refused.code(), refused.toString());
    Path refusals = Path.of(json(refused).get("refusalsFile").asText());
    List<String> why = Files.readAllLines(refusals, StandardCharsets.UTF_8);
    assertEquals(1, why.size());
    JsonNode o = StrictJson.parse(why.get(0).getBytes(StandardCharsets.UTF_8), "refusal line");
    assertEquals(409, o.get("status").asInt());
    assertEquals("refused-conflict", o.get("outcome").asText());
    assertTrue(o.at("/answer/type").asText().endsWith("/duplicate-release"), why.get(0));
    assertTrue(o.get("envelope").asText().contains("payload"), why.get(0));
    assertTrue(refused.out().contains(refusals.toString()) || json(refused).has("refusalsFile"), refused.out());
  }

  /** Verifies that a release repeated in one input is filed once; a changed repeat is a conflict. */
  @Test
  void repeatsWithinOneInputAreFiledOnce() throws Exception {
    String a = StrictJson.write(release("ocds-rep-1", "1", "10.5"));
    String changed = StrictJson.write(release("ocds-rep-1", "1", "11"));
    long before = size();
    Result r = importing(write("repeat.jsonl", a + "\n" + a + "\n" + changed + "\n"), "--json", "--window", "1");
    assertEquals(5, r.code(), r.toString());
    JsonNode s = json(r);
    assertEquals(List.of("filed", "skipped", "refused-conflict"), List.of(s.at("/releases/0/status").asText(),
        s.at("/releases/1/status").asText(), s.at("/releases/2/status").asText()));
    assertEquals(before + 1, size());
  }

  /** Verifies that --dry-run validates and signs every release and files nothing, even without a node. */
  @Test
  void dryRunFilesNothing() throws Exception {
    // 0.0000001 is 1E-7 to BigDecimal.toString(): the payload must still be written plain.
    Path f = write("dry.json", releasePackage(release("ocds-dry-1", "1", "0.0000001"), release("ocds-dry-2", "1", "2")));
    long before = size();
    Result r = importing(f, "--dry-run", "--json");
    assertEquals(0, r.code(), r.toString());
    assertEquals(2, json(r).get("valid").asInt());
    assertEquals(0, json(r).get("filed").asInt());
    Result offline = audit("import", "ocds", f.toString(), "--key", clerkKey.toString(), "--dry-run");
    assertEquals(0, offline.code(), offline.toString());
    assertEquals(before, size());
  }

  /** Verifies that a record package imports its embedded releases, names linked ones, and ignores compiled ones. */
  @Test
  void recordPackageImportsItsEmbeddedReleases() throws Exception {
    ObjectNode pkg = StrictJson.mapper().createObjectNode();
    pkg.put("version", "1.1");
    ObjectNode record = pkg.putArray("records").addObject();
    record.put("ocid", "ocds-rec-1");
    ArrayNode rs = record.putArray("releases");
    rs.add(release("ocds-rec-1", "1", "100.00"));
    rs.addObject().put("url", "https://town.example/ocds/ocds-rec-1-0.json").put("date", "2026-01-01T00:00:00Z")
        .putArray("tag").add("planning");
    rs.add(release("ocds-rec-1", "2", "200.50"));
    record.set("compiledRelease", release("ocds-rec-1", "compiled", "300"));
    long before = size();
    Result r = importing(write("records.json", pkg.toPrettyString()), "--json");
    assertEquals(4, r.code(), r.toString());
    JsonNode s = json(r);
    assertEquals("record package", s.get("format").asText());
    assertEquals(2, s.get("filed").asInt());
    assertEquals("/records/0/releases/1", s.at("/releases/1/location").asText());
    assertTrue(r.err().contains("/records/0/releases/1") && r.err().contains("linked release"), r.err());
    assertEquals(before + 2, size());
  }

  /**
   * Verifies that a release package and a record package written on one line are imported as the
   * packages they are (format, locations), that one breaking a rule of a release body is refused
   * whole as a package is, not read as one line of JSON Lines, and that a JSON Lines file of
   * exactly one release is still JSON Lines.
   */
  @Test
  void packagesOnOneLineAreImportedAsPackages() throws Exception {
    long before = size();
    String releases = "{\"version\":\"1.1\",\"releases\":[" + StrictJson.write(release("ocds-one-1", "1", "1.5")) + ","
        + StrictJson.write(release("ocds-one-2", "1", "2")) + "]}";
    Result r = importing(write("one-line-releases.json", releases), "--json");
    assertEquals(0, r.code(), r.toString());
    assertEquals("release package", json(r).get("format").asText());
    assertEquals(2, json(r).get("filed").asInt());
    assertEquals("/releases/1", json(r).at("/releases/1/location").asText());

    String records = "{\"version\":\"1.1\",\"records\":[{\"ocid\":\"ocds-one-3\",\"releases\":["
        + StrictJson.write(release("ocds-one-3", "1", "3")) + "]}]}\n";
    Result rec = importing(write("one-line-records.json", records));
    assertEquals(0, rec.code(), rec.toString());
    assertTrue(rec.out().contains("(record package): filed 1, skipped 0, refused 0"), rec.out());

    // The same release twice under one key, and a name that is not UTF-8: a package with either is refused whole.
    String dup = "{\"releases\":[" + StrictJson.write(release("ocds-one-4", "1", "4")).replaceFirst("\\{", "{\"id\":\"0\",")
        + "]}";
    Result d = importing(write("one-line-duplicate.json", dup), "--json");
    assertEquals(4, d.code(), d.toString());
    assertTrue(d.err().contains("Duplicate field 'id'") && d.err().contains("nothing was filed"), d.err());
    assertTrue(!d.out().contains("JSON Lines") && !d.err().contains("JSON Lines"), d.toString());
    Path latin1 = dir.resolve("one-line-latin1.json");
    Files.write(latin1, ("{\"publisher\":{\"name\":\"Municipalit\u00e9\"},\"releases\":["
        + StrictJson.write(release("ocds-one-5", "1", "5")) + "]}\n").getBytes(StandardCharsets.ISO_8859_1));
    Result l = importing(latin1);
    assertEquals(4, l.code(), l.toString());
    assertTrue(l.err().contains("not valid UTF-8") && l.err().contains("nothing was filed"), l.err());

    Result line = importing(write("one-release.jsonl", StrictJson.write(release("ocds-one-6", "1", "6"))), "--json");
    assertEquals(0, line.code(), line.toString());
    assertEquals("JSON Lines", json(line).get("format").asText());
    assertEquals("line 1", json(line).at("/releases/0/location").asText());
    assertEquals(before + 4, size());
  }

  /** Verifies that a package that is not JSON is refused naming the file and line, nothing filed. */
  @Test
  void brokenPackageNamesFileAndLine() throws Exception {
    Path f = write("broken.json", "{\n  \"releases\": [\n    {\"ocid\": \"x\",}\n  ]\n}\n");
    long before = size();
    Result r = importing(f);
    assertEquals(4, r.code(), r.toString());
    assertTrue(r.err().contains(f.toString()) && r.err().contains("line 3"), r.err());
    assertEquals(before, size());
  }

  /**
   * Verifies that --progress draws a bar that ends at 100%, by releases for a package and by
   * bytes read for a JSON Lines file.
   */
  @Test
  void progressBarEndsFull() throws Exception {
    String full = "[" + "#".repeat(30) + "] 100% ";
    Path pkg = write("bar.json", releasePackage(release("ocds-bar-1", "1", "1"), release("ocds-bar-2", "1", "2")));
    Result a = importing(pkg, "--progress");
    assertEquals(0, a.code(), a.toString());
    assertTrue(a.err().contains(full + "2 releases"), a.err());
    Path lines = write("bar.jsonl", StrictJson.write(release("ocds-bar-3", "1", "3")) + "\n");
    Result b = importing(lines, "--progress");
    assertEquals(0, b.code(), b.toString());
    assertTrue(b.err().contains(full + "1 releases"), b.err());
  }

  /** Verifies that "-" reads stdin and --progress draws the progress line on stderr. */
  @Test
  void stdinWithProgress() throws Exception {
    String text = StrictJson.write(release("ocds-stdin-1", "1", "3.5")) + "\n"
        + StrictJson.write(release("ocds-stdin-2", "1", "4")) + "\n";
    InputStream saved = System.in;
    long before = size();
    Result r;
    try {
      System.setIn(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      r = audit("import", "ocds", "-", "--key", clerkKey.toString(), "--node", url(), "--log-key", vkey(),
          "--state", state(), "--progress");
    } finally {
      System.setIn(saved);
    }
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("imported stdin (JSON Lines): filed 2, skipped 0, refused 0"), r.out());
    assertTrue(r.err().contains("importing 2 releases"), "stdin: no bar, its end is unknown: " + r.err());
    assertEquals(before + 2, size());
    Result bare = audit("import");
    assertEquals(2, bare.code(), bare.toString());
  }

  /** Verifies that a node's rate limit (429) is waited out: every release is filed, none refused. */
  @Test
  void rateLimitedNodeIsWaitedOut(Vertx vertx) throws Exception {
    Ed25519KeyPair reg = CliHarness.newKey();
    org.auditledger.node.ServerLimits.RateLimit slow = new org.auditledger.node.ServerLimits.RateLimit(20, 5);
    org.auditledger.node.NodeConfig c = org.auditledger.node.NodeConfig.defaults().withDataDir(dir.resolve("slow"))
        .withPort(0).withRegistrars(List.of(reg.publicKey().base64())).withOrigin("slow.example/ledger")
        .withLimits(org.auditledger.node.ServerLimits.defaults().withRates(slow, slow, slow));
    LedgerNode limited = CliHarness.await(LedgerNode.start(vertx, c));
    try {
      String u = CliHarness.url(limited);
      String k = limited.vkey().encode();
      Ed25519KeyPair clerk = CliHarness.newKey();
      Path key = CliHarness.keyFile(dir, "slow-clerk.pem", clerk);
      Result g = audit("file", "key", "--issuer", limited.origin(), "--set", "action=grant", "--set",
          "subject=" + clerk.publicKey().base64(), "--set", "organization=" + Fixtures.OCDS_BUYER, "--set",
          "roles=[\"spending\"]", "--key", CliHarness.keyFile(dir, "slow-registrar.pem", reg).toString(),
          "--node", u, "--log-key", k, "--state", state());
      assertEquals(0, g.code(), g.toString());
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        lines.append(StrictJson.write(release("ocds-slow-" + i, "1", "1." + i))).append('\n');
      }
      long before = limited.sequencer().head().size();
      Result r = audit("import", "ocds", write("slow.jsonl", lines.toString()).toString(), "--key", key.toString(),
          "--node", u, "--log-key", k, "--state", state());
      assertEquals(0, r.code(), r.toString());
      assertTrue(r.out().contains("filed 40, skipped 0, refused 0"), r.out());
      assertEquals(before + 40, limited.sequencer().head().size());
    } finally {
      CliHarness.await(limited.stop());
    }
  }

  /**
   * Verifies that a node claiming a release is already logged is not believed: the entry it names
   * is proven and read, and a false claim is reported as a refusal, not a skip.
   */
  @Test
  void falseDuplicateClaimIsARefusal(Vertx vertx) throws Exception {
    io.vertx.ext.web.client.WebClient upstream = io.vertx.ext.web.client.WebClient.create(vertx);
    // Every GET goes to the real node; every submission is answered "already entry 1" (a key entry).
    io.vertx.core.http.HttpServer liar = CliHarness.await(vertx.createHttpServer().requestHandler(req -> {
      if (req.method() == io.vertx.core.http.HttpMethod.POST) {
        req.response().setStatusCode(409).putHeader("Content-Type", "application/problem+json")
            .end("{\"type\":\"/problems/duplicate-release\",\"status\":409,\"detail\":\"already\","
                + "\"firstIndex\":1,\"ocid\":\"x\",\"releaseId\":\"1\",\"rule\":\"unique-release\"}");
        return;
      }
      upstream.get(node.port(), "127.0.0.1", req.uri()).send().onComplete(ar -> {
        if (ar.failed()) {
          req.response().setStatusCode(502).end();
          return;
        }
        var body = ar.result().body();
        req.response().setStatusCode(ar.result().statusCode())
            .end(body == null ? io.vertx.core.buffer.Buffer.buffer() : body);
      });
    }).listen(0, "127.0.0.1"));
    try {
      Path f = write("lied-to.json", releasePackage(release("ocds-lie-1", "1", "5")));
      long before = size();
      Result r = audit("import", "ocds", f.toString(), "--key", clerkKey.toString(), "--node",
          "http://127.0.0.1:" + liar.actualPort(), "--log-key", vkey(), "--state", state(), "--json");
      assertEquals(5, r.code(), r.toString());
      assertEquals("refused", json(r).at("/releases/0/status").asText());
      assertTrue(r.err().contains("false refusal") && r.err().contains("/releases/0"), r.err());
      assertEquals(0, json(r).get("skipped").asInt());
      assertEquals(before, size());
    } finally {
      CliHarness.await(liar.close());
    }
  }
}
