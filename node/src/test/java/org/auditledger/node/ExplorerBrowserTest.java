package org.auditledger.node;

import static org.auditledger.node.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer in a real browser (headless Debian Chromium through Selenium) against real nodes
 * on loopback: its pages render a log of several kinds in English and Spanish, the badge turns
 * green for a clean node and for a mirror, and a tampering proxy in front of the node (a flipped
 * byte in an entry bundle, an altered checkpoint root, a rolled-back checkpoint) turns it red
 * with what failed. The RFC 6962 and signed-note vectors run through the page's own verify.js.
 * Screenshots of the main pages go to target/explorer-screenshots/.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
class ExplorerBrowserTest {
  static final Path SHOTS = Path.of("target/explorer-screenshots");

  @TempDir
  static Path dir;

  private Vertx vertx;
  private TestNode town;
  private TestNode mirror;
  private final Ed25519KeyPair auditor = Fixtures.newKey();
  private long decision;
  private long spending;
  private long finding;
  private long response;

  @BeforeAll
  void start() throws Exception {
    Chromium.ensureInstalled();
    Files.createDirectories(SHOTS);
    vertx = Vertx.vertx();
    town = TestNode.start(vertx, dir.resolve("town"));
    String origin = town.node.origin();
    TestNode.receipt(town.post(Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "auditors", origin,
        "finding"), town.registrar)));
    decision = town.fileDecision("Budget 2026 adopted").get("index").asLong();
    var release = Fixtures.release("ocds-explorer-1", "tender-1", "2026-03-01T00:00:00Z", TestNode.TOWN);
    var award = release.putArray("awards").addObject();
    award.put("id", "award-1").put("date", "2026-03-02T00:00:00Z");
    award.putObject("value").put("amount", new java.math.BigDecimal("125000.50")).put("currency", "EUR");
    award.putArray("suppliers").addObject().put("id", "road-works-ltd").put("name", "Road Works Ltd");
    spending = TestNode.receipt(town.post(Fixtures.sign(Fixtures.releasePayload(TestNode.TOWN, release), town.clerk)))
        .get("index").asLong();
    JsonNode f = TestNode.receipt(town.post(Fixtures.sign(Fixtures.findingPayload("auditors", "Roads paid twice"),
        auditor)));
    finding = f.get("index").asLong();
    response = TestNode.receipt(town.post(Fixtures.sign(Fixtures.responsePayload(TestNode.TOWN, finding,
        f.get("leafHash").asText()), town.clerk))).get("index").asLong();
    mirror = TestNode.start(vertx, dir.resolve("mirror"), List.of(town.asPeer()), Duration.ofMillis(100));
    mirror.awaitMirror(origin, town.size());
  }

  @AfterAll
  void stop() {
    if (mirror != null) {
      mirror.close();
    }
    if (town != null) {
      town.close();
    }
    await(vertx.close());
  }

  private String url(TestNode n) {
    return "http://127.0.0.1:" + n.node.port() + "/";
  }

  /** Opens {@code url} and waits until the page has verified and rendered. */
  private static void open(WebDriver d, String url) {
    if (d.getCurrentUrl().startsWith("http")) {
      ((JavascriptExecutor) d).executeScript("document.body.dataset.ready = 'false'");
    }
    d.navigate().to(url);
    awaitReady(d);
  }

  /** Waits until the page in {@code d} has verified and rendered what it shows. */
  private static void awaitReady(WebDriver d) {
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> "true".equals(
        ((JavascriptExecutor) x).executeScript("return document.body.dataset.ready")));
  }

  private static String badge(WebDriver d) {
    return d.findElement(By.id("badge")).getAttribute("data-state");
  }

  private static String text(WebDriver d) {
    return d.findElement(By.tagName("body")).getText();
  }

  private static void shot(WebDriver d, String name) throws Exception {
    Files.write(SHOTS.resolve(name + ".png"), ((ChromeDriver) d).getScreenshotAs(OutputType.BYTES));
  }

  /** Verifies that every page renders the entries of a real log of several kinds, in both languages. */
  @Test
  void everyPageRendersTheLogInBothLanguages() throws Exception {
    Map<String, List<String>> words = Map.of(
        "en", List.of("Verified in this browser", "decision", "spending", "finding", "response", "key grant",
            "Condition (what was found)", "Entries, newest first"),
        "es", List.of("Verificado en este navegador", "decisión", "gasto", "hallazgo", "respuesta",
            "concesión de clave", "Condición (lo encontrado)", "Entradas, las más recientes primero"));
    for (String lang : List.of("en", "es")) {
      ChromeDriver d = Chromium.open(lang);
      try {
        open(d, url(town));
        assertEquals("verified", badge(d), text(d));
        assertTrue(d.findElement(By.tagName("h1")).getText().contains(town.node.origin()), text(d));
        assertEquals(lang, d.findElement(By.tagName("html")).getAttribute("lang"));
        shot(d, "log-" + lang);

        open(d, url(town) + "#/timeline");
        assertEquals("verified", badge(d), text(d));
        String timeline = text(d);
        List<WebElement> rows = d.findElements(By.cssSelector("table.entries tbody tr"));
        assertEquals(town.size(), rows.size(), timeline);
        for (String w : words.get(lang).subList(1, 6)) {
          assertTrue(timeline.contains(w), lang + ": no \"" + w + "\" in " + timeline);
        }
        assertTrue(timeline.contains(words.get(lang).get(7)), timeline);
        assertTrue(d.findElements(By.cssSelector("td.ok")).size() == rows.size(), timeline);
        shot(d, "timeline-" + lang);
        // Text is searched in the leaves, newest first; only matches are shown, each proven.
        open(d, url(town) + "#/timeline?q=ROADS%20paid");
        List<WebElement> found = d.findElements(By.cssSelector("table.entries tbody tr"));
        assertEquals(1, found.size(), text(d));
        assertEquals(String.valueOf(finding), found.get(0).getAttribute("data-index"));
        assertEquals(1, d.findElements(By.cssSelector("td.ok")).size(), text(d));
        // Entries logged on or before a date: found by binary search over the entry bundles.
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        open(d, url(town) + "#/timeline?until=" + today.minusDays(1));
        assertEquals(0, d.findElements(By.cssSelector("table.entries tbody tr")).size(), text(d));
        open(d, url(town) + "#/timeline?until=" + today);
        assertEquals(town.size(), d.findElements(By.cssSelector("table.entries tbody tr")).size(), text(d));

        for (long i : new long[] {decision, spending, finding, response}) {
          open(d, url(town) + "#/entry/" + i);
          assertEquals("verified", badge(d), text(d));
          assertTrue(d.findElement(By.tagName("h1")).getText().endsWith("#" + i), text(d));
        }
        open(d, url(town) + "#/entry/" + finding);
        String f = text(d);
        assertTrue(f.contains("Roads paid twice") && f.contains(words.get(lang).get(6)), f);
        assertTrue(f.contains("auditors@" + town.node.origin()), "the issuer with its home log: " + f);
        assertTrue(f.contains(town.node.origin() + "#" + response), "the response is in the finding's thread: " + f);
        shot(d, "finding-" + lang);
        open(d, url(town) + "#/entry/" + spending);
        assertTrue(text(d).contains("ocds-explorer-1"), text(d));
        assertEquals(1, d.findElements(By.cssSelector("p.status")).size(), "the node's status of the entry: " + text(d));
        shot(d, "spending-" + lang);

        String org = "town@" + town.node.origin();
        open(d, url(town) + "#/org/" + java.net.URLEncoder.encode(org, StandardCharsets.UTF_8));
        String o = text(d);
        assertTrue(o.contains(org) && o.contains("decision") && o.contains("spending")
            && o.contains(town.clerk.publicKey().keyId()), "keys and roles of the organization: " + o);
        assertEquals("verified", badge(d), o);
        shot(d, "organization-" + lang);
        open(d, url(town) + "#/findings?status=responded");
        assertTrue(text(d).contains("Roads paid twice"), text(d));
        shot(d, "findings-" + lang);
        open(d, url(town) + "#/budget?by=supplier");
        String b = text(d);
        assertTrue(b.contains("road-works-ltd") && b.contains("125000.5"), b);
        assertEquals(1, d.findElements(By.cssSelector("svg.chart rect.bar-awarded")).size(), b);
        shot(d, "budget-" + lang);
        open(d, url(town) + "#/flags");
        assertTrue(d.findElement(By.tagName("h1")).getText().length() > 0, text(d));
        shot(d, "flags-" + lang);

        // The language can be switched on the page, and the choice is kept.
        String other = lang.equals("en") ? "es" : "en";
        new org.openqa.selenium.support.ui.Select(d.findElement(By.id("lang"))).selectByValue(other);
        new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> other.equals(
            x.findElement(By.tagName("html")).getAttribute("lang")) && "true".equals(
            ((JavascriptExecutor) x).executeScript("return document.body.dataset.ready")));
        assertTrue(text(d).contains(words.get(other).get(0)), text(d));
      } finally {
        d.quit();
      }
    }
  }

  /** Verifies that the badge turns green for a mirror served by another node. */
  @Test
  void mirrorIsVerifiedAgainstItsOwnKey() throws Exception {
    ChromeDriver d = Chromium.open("en");
    try {
      open(d, url(mirror));
      assertEquals("verified", badge(d), text(d));
      assertTrue(text(d).contains(town.node.origin()), "the mirror is listed: " + text(d));
      open(d, url(mirror) + "#/m/" + java.net.URLEncoder.encode(town.node.origin(), StandardCharsets.UTF_8)
          + "/timeline");
      assertEquals("verified", badge(d), text(d));
      assertTrue(text(d).contains(town.node.vkey().encode()), "checked against the origin's key: " + text(d));
      assertEquals(town.size(), d.findElements(By.cssSelector("table.entries tbody td.ok")).size(), text(d));
      shot(d, "mirror-timeline-en");
      // An organization homed in the mirrored log: its keys from the mirror's key registry.
      open(d, url(mirror) + "#/org/" + java.net.URLEncoder.encode("town@" + town.node.origin(), StandardCharsets.UTF_8));
      assertTrue(text(d).contains(town.clerk.publicKey().keyId()), text(d));
    } finally {
      d.quit();
    }
  }

  /** Verifies that tampering between node and browser is shown as a failure, never hidden. */
  @Test
  void tamperingIsShownAsAFailure() throws Exception {
    Tamper proxy = new Tamper(vertx, town.node.port());
    ChromeDriver d = Chromium.open("en");
    try {
      String via = "http://127.0.0.1:" + proxy.port + "/";
      open(d, via);
      assertEquals("verified", badge(d), text(d));
      byte[] older = town.get("/checkpoint").body().getBytes();

      proxy.mode = Tamper.Mode.FLIP_BUNDLE_BYTE;
      open(d, via + "#/timeline");
      assertEquals("failed", badge(d), text(d));
      assertTrue(text(d).contains("NOT proven") || text(d).contains("malformed"), text(d));
      shot(d, "tampered-bundle-en");

      proxy.mode = Tamper.Mode.ALTER_ROOT;
      open(d, via);
      assertEquals("failed", badge(d), text(d));
      assertTrue(text(d).contains("NOT signed by the log's key"), text(d));

      // A newer checkpoint seen, then the older one served again: a rollback.
      proxy.mode = Tamper.Mode.NONE;
      town.fileDecision("A later decision");
      open(d, via);
      assertEquals("verified", badge(d), text(d));
      proxy.old = older;
      proxy.mode = Tamper.Mode.OLD_CHECKPOINT;
      open(d, via);
      assertEquals("failed", badge(d), text(d));
      assertTrue(text(d).contains("Rolled back"), text(d));
      open(d, via + "#/timeline");
      assertTrue(d.findElements(By.cssSelector("td.ok")).isEmpty(), "nothing proven into a rolled-back checkpoint");
      shot(d, "rolled-back-en");
    } finally {
      d.quit();
      await(proxy.server.close());
    }
  }

  /**
   * Verifies the hostile review's findings stay fixed: another log served at an address seen
   * before, entries the node adds beyond its checkpoint, a slow check overtaken by a later
   * navigation, and entry text made of HTML.
   */
  @Test
  void aNodeCannotShedItsHistoryInjectContentOrRace() throws Exception {
    Tamper proxy = new Tamper(vertx, town.node.port());
    ChromeDriver d = Chromium.open("en");
    try {
      String via = "http://127.0.0.1:" + proxy.port + "/";
      open(d, via);
      assertEquals("verified", badge(d), text(d));

      // Entries the node claims beyond its checkpoint are never shown as verified.
      proxy.mode = Tamper.Mode.FORGE_SEARCH;
      open(d, via + "#/timeline?kind=decision");
      assertEquals("partial", badge(d), text(d));
      assertTrue(text(d).contains("FORGED by the node") && text(d).contains("not yet in checkpoint"), text(d));
      proxy.mode = Tamper.Mode.NONE;

      // A slow checkpoint check overtaken by a later navigation: the later page, checked.
      proxy.delay = 2_000;
      ((JavascriptExecutor) d).executeScript("location.reload()");
      Thread.sleep(300);
      ((JavascriptExecutor) d).executeScript("location.hash = '#/entry/" + decision + "'");
      awaitReady(d);
      assertEquals("verified", badge(d), text(d));
      assertTrue(d.findElement(By.tagName("h1")).getText().endsWith("#" + decision), text(d));
      assertTrue(d.findElement(By.id("badge")).getText().contains("at " + town.size() + " entries"),
          "green only once the checkpoint is checked: " + d.findElement(By.id("badge")).getText());
      proxy.delay = 0;

      // The same address now serving another log (the mirror node's own) under another name.
      proxy.target = mirror.node.port();
      open(d, via + "#/");
      assertEquals("failed", badge(d), text(d));
      assertTrue(text(d).contains("This address served another log before"), text(d));
      assertTrue(d.findElements(By.cssSelector("td.ok")).isEmpty(), text(d));
    } finally {
      d.quit();
      await(proxy.server.close());
    }

    // Entry text is text: a title made of HTML is shown as written and runs nothing.
    long x = town.fileDecision("<img src=x onerror=\\\"document.body.dataset.pwned=1\\\">").get("index").asLong();
    ChromeDriver e = Chromium.open("en");
    try {
      open(e, url(town) + "#/entry/" + x);
      assertTrue(text(e).contains("<img src=x"), text(e));
      assertTrue(e.findElements(By.cssSelector("main img")).isEmpty(), text(e));
      assertEquals(null, ((JavascriptExecutor) e).executeScript("return document.body.dataset.pwned || null"));
    } finally {
      e.quit();
    }
  }

  /**
   * Verifies the pages are usable with a keyboard alone and on a phone: the skip link and the
   * navigation work from the keyboard, every form field has a label, and nothing is wider than a
   * 375-pixel screen.
   */
  @Test
  void usableByKeyboardAndOnAPhone() throws Exception {
    ChromeDriver d = Chromium.open("es");
    try {
      d.manage().window().setSize(new org.openqa.selenium.Dimension(375, 800));
      JavascriptExecutor js = d;
      for (String page : List.of("#/timeline", "#/entry/" + finding, "#/budget?by=supplier", "#/findings")) {
        open(d, url(town) + page);
        Object wide = js.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(((Number) wide).intValue() <= 1, page + " is " + wide + " px wider than the phone");
        assertEquals(Boolean.TRUE, js.executeScript("return [...document.querySelectorAll('input, select')]"
            + ".every((e) => e.labels && e.labels.length > 0)"), page + ": a form field without a label");
      }
      shot(d, "timeline-phone-es");

      open(d, url(town));
      var body = d.findElement(By.tagName("body"));
      body.sendKeys(org.openqa.selenium.Keys.TAB);
      assertEquals("skip", d.switchTo().activeElement().getAttribute("id"), "the skip link comes first");
      d.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
      assertEquals("main", d.switchTo().activeElement().getAttribute("id"));
      // From the top, Tab reaches the timeline link; Enter opens it.
      js.executeScript("document.activeElement.blur(); window.scrollTo(0, 0)");
      for (int i = 0; i < 10 && !"Cronología".equals(d.switchTo().activeElement().getText()); i++) {
        d.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
      }
      assertEquals("Cronología", d.switchTo().activeElement().getText());
      js.executeScript("document.body.dataset.ready = 'false'");
      d.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
      awaitReady(d);
      assertTrue(d.getCurrentUrl().endsWith("#/timeline"), d.getCurrentUrl());
    } finally {
      d.quit();
    }
  }

  /**
   * Verifies that a witness's cosignature on a real witnessed log is checked in the browser, and
   * that a reader who pinned the witnesses is warned when the node names another.
   */
  @Test
  void witnessCosignaturesAreVerifiedAndCanBePinned() throws Exception {
    Path data = dir.resolve("witnessed");
    var logKey = KeyFiles.loadOrCreate(data.resolve("log-key.pem")).key();
    var logVkey = org.auditledger.protocol.note.NoteVerifierKey.ed25519("witnessed.example/log", logKey.publicKey());
    LedgerNode w = await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("witness"))
        .withPort(0).withPeers(List.of(logVkey.encode()))));
    LedgerNode n = await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(data).withPort(0)
        .withOrigin(logVkey.name()).withWitnesses(List.of("http://127.0.0.1:" + w.port() + ","
            + w.witness().vkey().encode()))));
    Tamper proxy = new Tamper(vertx, n.port());
    ChromeDriver d = Chromium.open("en");
    try {
      var client = vertx.createHttpClient();
      boolean cosigned = false;
      for (int i = 0; i < 100 && !cosigned; i++) {
        Thread.sleep(200);
        String note = await(client.request(io.vertx.core.http.HttpMethod.GET, n.port(), "127.0.0.1", "/checkpoint")
            .compose(r -> r.send()).compose(r -> r.body())).toString(StandardCharsets.UTF_8);
        cosigned = note.contains("\u2014 " + w.witness().vkey().name() + " ");
      }
      assertTrue(cosigned, "the witness cosigned the log's checkpoint");
      String via = "http://127.0.0.1:" + proxy.port + "/";
      open(d, via);
      assertEquals("verified", badge(d), text(d));
      assertTrue(text(d).contains("1 of 1 cosigned"), text(d));
      assertTrue(text(d).contains(w.witness().vkey().name() + ": cosigned (at"), text(d));
      d.findElement(By.id("pin-witnesses")).click();
      assertTrue(text(d).contains("The witnesses are pinned"), text(d));
      shot(d, "witnessed-log-en");

      proxy.mode = Tamper.Mode.OTHER_WITNESS;
      open(d, via);
      assertEquals("failed", badge(d), text(d));
      assertTrue(text(d).contains("names other witnesses than the 1 you pinned"), text(d));
    } finally {
      d.quit();
      await(proxy.server.close());
      await(n.stop());
      await(w.stop());
    }
  }

  /** Verifies the page's own Merkle and signed-note code against the published vectors. */
  @Test
  void verifyModulePassesPublishedVectors() throws Exception {
    String merkle = resource("vectors/merkle-rfc6962.json");
    String note = resource("vectors/signed-note.json");
    ChromeDriver d = Chromium.open("en");
    try {
      open(d, url(town));
      Object r = d.executeAsyncScript("const done = arguments[arguments.length - 1];"
          + "const m = JSON.parse(arguments[0]); const n = JSON.parse(arguments[1]);"
          + "import('/explorer/verify.js').then(async (v) => {"
          + " const h = (x) => v.fromHex(x); let ok = 0; const bad = [];"
          + " for (const p of m.inclusionProofs) {"
          + "  const good = await v.verifyInclusion(p.index, p.size, h(m.leafHashes[p.index]), p.proof.map(h), h(m.rootsBySize[p.size]));"
          + "  const wrong = p.proof.length && await v.verifyInclusion(p.index, p.size, h(m.leafHashes[p.index]), p.proof.map(h), h(m.rootsBySize[p.size - 1] || m.rootsBySize[0]));"
          + "  if (good && !wrong) ok++; else bad.push('inclusion ' + p.index + '/' + p.size); }"
          + " for (const p of m.consistencyProofs) {"
          + "  const good = await v.verifyConsistency(p.from, p.to, h(m.rootsBySize[p.from]), h(m.rootsBySize[p.to]), p.proof.map(h));"
          + "  const wrong = p.from !== p.to && await v.verifyConsistency(p.from, p.to, h(m.rootsBySize[p.from]), h(m.rootsBySize[p.from]), p.proof.map(h));"
          + "  if (good && !wrong) ok++; else bad.push('consistency ' + p.from + '/' + p.to); }"
          + " for (let i = 0; i < m.leavesHex.length; i++) {"
          + "  if (v.hex(await v.leafHash(h(m.leavesHex[i]))) === m.leafHashes[i]) ok++; else bad.push('leaf ' + i); }"
          + " const vk = await v.parseVerifierKey(n.verifierKey);"
          + " if (await v.verifyNote(v.parseNote(n.signedNote), vk)) ok++; else bad.push('signed note');"
          + " const tampered = n.signedNote.replace('cryptography', 'Cryptography');"
          + " if (!(await v.verifyNote(v.parseNote(tampered), vk))) ok++; else bad.push('tampered note verified');"
          + " for (const k of n.badVerifierKeys) { try { await v.parseVerifierKey(k); bad.push('bad key ' + k); } catch (e) { ok++; } }"
          + " done(JSON.stringify({ok, bad}));"
          + "}).catch((e) => done(JSON.stringify({ok: 0, bad: [String(e)]})));", merkle, note);
      JsonNode result = StrictJson.parse(String.valueOf(r).getBytes(StandardCharsets.UTF_8), "result");
      assertEquals(0, result.get("bad").size(), result.toString());
      JsonNode m = StrictJson.parse(merkle.getBytes(StandardCharsets.UTF_8), "vectors");
      assertEquals(m.get("inclusionProofs").size() + m.get("consistencyProofs").size() + m.get("leavesHex").size() + 2
          + 2, result.get("ok").asInt(), result.toString());
    } finally {
      d.quit();
    }
  }

  /** Verifies that a browser without Ed25519 in WebCrypto is told so, never shown "verified". */
  @Test
  void withoutEd25519TheBadgeSaysUnavailable() throws Exception {
    ChromeDriver d = Chromium.open("en");
    try {
      // Before any script of the page runs: this browser's WebCrypto refuses Ed25519.
      d.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
          "const orig = crypto.subtle.importKey.bind(crypto.subtle);"
              + "crypto.subtle.importKey = (f, k, alg, ...rest) => (alg && (alg === 'Ed25519' || alg.name === 'Ed25519'))"
              + " ? Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError')) : orig(f, k, alg, ...rest);"));
      open(d, url(town) + "#/timeline");
      assertEquals("unavailable", badge(d), text(d));
      assertTrue(text(d).contains("nothing on this page has been verified"), text(d));
      assertTrue(d.findElements(By.cssSelector("td.ok")).isEmpty(), text(d));
    } finally {
      d.quit();
    }
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = ExplorerBrowserTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A proxy in front of a node that can corrupt what it forwards. */
  static final class Tamper {
    enum Mode { NONE, FLIP_BUNDLE_BYTE, ALTER_ROOT, OLD_CHECKPOINT, FORGE_SEARCH, OTHER_WITNESS }

    volatile Mode mode = Mode.NONE;
    volatile byte[] old;
    volatile int target;
    /** Milliseconds every /checkpoint is held back. */
    volatile long delay;
    final HttpServer server;
    final int port;
    private final Vertx vertx;

    Tamper(Vertx vertx, int target) {
      this.vertx = vertx;
      this.target = target;
      HttpClient client = vertx.createHttpClient();
      server = vertx.createHttpServer().requestHandler(req -> req.body().compose(body -> held(req.path())
          .map(x -> body)).compose(body -> client.request(
          new RequestOptions().setMethod(req.method()).setHost("127.0.0.1").setPort(this.target).setURI(req.uri()))
          .compose(out -> out.send(body)).compose(res -> res.body().map(b -> new Object[] {res, b})))
          .onSuccess(pair -> {
            HttpClientResponse res = (HttpClientResponse) pair[0];
            Buffer b = corrupt(req.path(), (Buffer) pair[1]);
            var reply = req.response().setStatusCode(res.statusCode());
            for (String h : List.of("Content-Type", "Cache-Control", "ETag")) {
              if (res.getHeader(h) != null) {
                reply.putHeader(h, res.getHeader(h));
              }
            }
            reply.end(b);
          })
          .onFailure(e -> req.response().setStatusCode(502).end(String.valueOf(e))));
      port = await(server.listen(0, "127.0.0.1")).actualPort();
    }

    private io.vertx.core.Future<Void> held(String path) {
      long ms = delay;
      if (ms <= 0 || !path.equals("/checkpoint")) {
        return io.vertx.core.Future.succeededFuture();
      }
      io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
      vertx.setTimer(ms, id -> p.complete());
      return p.future();
    }

    private Buffer corrupt(String path, Buffer b) {
      Mode m = mode;
      if (m == Mode.OTHER_WITNESS && path.equals("/v1/log")) {
        // The node names a witness of its own making instead of the one it had.
        var log = (com.fasterxml.jackson.databind.node.ObjectNode) StrictJson.parse(b.getBytes(), "log");
        var w = (com.fasterxml.jackson.databind.node.ObjectNode) log.withArray("witnesses").get(0);
        w.put("vkey", org.auditledger.protocol.note.NoteVerifierKey.cosigner(w.get("name").asText(),
            Fixtures.newKey().publicKey()).encode());
        return Buffer.buffer(StrictJson.write(log));
      }
      if (m == Mode.FORGE_SEARCH && path.equals("/v1/search")) {
        // An entry the node claims matches, beyond its checkpoint, with content of its making.
        var page = (com.fasterxml.jackson.databind.node.ObjectNode) StrictJson.parse(b.getBytes(), "search");
        String payload = Fixtures.decisionPayload(TestNode.TOWN, "FORGED by the node");
        String leaf = "{\"envelope\":{\"payload\":\"" + java.util.Base64.getEncoder().encodeToString(
            payload.getBytes(StandardCharsets.UTF_8)) + "\",\"payloadType\":\"x\",\"signatures\":[]},\"index\":900,"
            + "\"logged\":\"2026-01-01T00:00:00.000Z\",\"prev\":\"\"}";
        page.withArray("entries").addObject().put("index", 900).put("leaf",
            java.util.Base64.getEncoder().encodeToString(leaf.getBytes(StandardCharsets.UTF_8)));
        return Buffer.buffer(StrictJson.write(page));
      }
      if (m == Mode.FLIP_BUNDLE_BYTE && path.startsWith("/tile/entries/") && b.length() > 10) {
        byte[] bytes = b.getBytes();
        bytes[bytes.length / 2] ^= 0x01;
        return Buffer.buffer(bytes);
      }
      if (path.equals("/checkpoint") && m == Mode.ALTER_ROOT) {
        String[] lines = b.toString(StandardCharsets.UTF_8).split("\n", -1);
        char c = lines[2].charAt(0);
        lines[2] = (c == 'A' ? 'B' : 'A') + lines[2].substring(1);
        return Buffer.buffer(String.join("\n", lines));
      }
      if (path.equals("/checkpoint") && m == Mode.OLD_CHECKPOINT) {
        return Buffer.buffer(old);
      }
      return b;
    }
  }
}
