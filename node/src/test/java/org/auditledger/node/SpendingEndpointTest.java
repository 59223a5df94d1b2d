package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/budget} and {@code /v1/flags} over a real node's derived state (api.md). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SpendingEndpointTest {
  @TempDir
  Path dir;

  private TestNode t;

  @BeforeEach
  void start(Vertx vertx) {
    t = TestNode.start(vertx, dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private void file(ObjectNode release) {
    TestNode.receipt(t.post(Fixtures.sign(Fixtures.releasePayload(TestNode.TOWN, release), t.clerk)));
  }

  private static ObjectNode award(String ocid, String id, String date, String amount, String supplier) {
    ObjectNode r = Fixtures.release(ocid, id, date, TestNode.TOWN);
    r.putObject("tender").put("id", "t").put("procurementMethod", "direct");
    ObjectNode a = r.putArray("awards").addObject();
    a.put("id", "a1").put("date", date);
    a.putObject("value").put("amount", new BigDecimal(amount)).put("currency", "EUR");
    a.putArray("suppliers").addObject().put("id", supplier).put("name", supplier);
    return r;
  }

  private JsonNode json(String uri) {
    HttpResponse<Buffer> r = t.get(uri);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return TestNode.json(r);
  }

  /**
   * Verifies that totals by supplier for a year count a process once although its award was
   * published twice, that CSV carries the same rows (a formula-like name made inert), that the
   * direct award above the threshold is flagged, and that all of it survives a restart.
   */
  @Test
  void budgetAndFlagsAnswerFromTheDerivedState() {
    file(award("ocds-abc123-1", "r1", "2026-02-01T10:00:00Z", "150000.50", "acme"));
    // The same award again in a later release of the process: merged, not added.
    file(award("ocds-abc123-1", "r2", "2026-02-03T10:00:00Z", "150000.50", "acme"));
    file(award("ocds-abc123-2", "r1", "2026-05-01T10:00:00Z", "99.5", "=cmd"));
    file(award("ocds-abc123-3", "r1", "2025-05-01T10:00:00Z", "7", "acme"));

    JsonNode year = json("/v1/budget?by=supplier&period=2026");
    assertEquals("supplier", year.get("by").asText());
    assertEquals(2, year.get("rows").size(), year.toString());
    JsonNode eq = year.get("rows").get(0);
    assertEquals("=cmd", eq.get("key").asText());
    assertEquals(0, new BigDecimal("99.5").compareTo(eq.get("awarded").decimalValue()));
    JsonNode acme = year.get("rows").get(1);
    assertEquals("acme", acme.get("key").asText());
    assertEquals(0, new BigDecimal("150000.5").compareTo(acme.get("awarded").decimalValue()), acme.toString());
    assertEquals(6, year.get("logs").get(t.node.origin()).asLong(), "genesis, grant and 4 releases");

    HttpResponse<Buffer> csv = t.get("/v1/budget?by=supplier&period=2026&format=csv");
    assertEquals(200, csv.statusCode());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
    assertEquals("key,currency,planned,tendered,awarded,contracted,paid\r\n'=cmd,EUR,0,0,99.5,0,0\r\n"
        + "acme,EUR,0,0,150000.5,0,0\r\n", csv.bodyAsString());

    HttpResponse<Buffer> paged = t.get("/v1/budget?by=supplier&period=2026&format=csv&limit=1");
    assertEquals("</v1/budget?by=supplier&period=2026&format=csv&limit=1&after=%3Dcmd>; rel=\"next\"",
        paged.getHeader("Link"));

    JsonNode flags = json("/v1/flags?rule=direct-award-without-rationale");
    assertEquals(1, flags.get("total").asInt(), flags.toString());
    JsonNode f = flags.get("flags").get(0);
    assertEquals("ocds-abc123-1", f.get("ocid").asText());
    assertEquals(TestNode.TOWN + "@" + t.node.origin(), f.get("buyer").asText());
    assertEquals(2, f.get("entries").size());

    t.stopNode();
    t.startNode();
    JsonNode again = json("/v1/budget?by=supplier&period=2026");
    assertEquals(year, again);
  }

  /**
   * Verifies that a path or query string that is not valid percent-encoding is a 400 problem, not
   * the 500 it once was on every derived endpoint.
   */
  @Test
  void badPercentEncodingIsABadRequest() {
    for (String uri : new String[] {"/v1/budget?prefix=%", "/v1/budget?prefix=%zz", "/v1/flags?buyer=%zz",
        "/v1/budget?%=1", "/v1/search?q=%", "/v1/status?entry=%zz", "/v1/budget%zz"}) {
      HttpResponse<Buffer> r = t.get(uri);
      assertEquals(400, r.statusCode(), uri + ": " + r.bodyAsString());
      assertTrue(r.getHeader("Content-Type").startsWith("application/problem+json"), uri);
      assertEquals("/problems/bad-request", TestNode.json(r).get("type").asText(), uri);
    }
  }

  /**
   * Verifies that percent-encoded bytes that are not UTF-8 (a lone byte, a truncated, overlong
   * or surrogate sequence, one past U+10FFFF, a sequence cut by a literal) are a 400 problem
   * naming the query parameter or the path, on every endpoint, rather than read as U+FFFD; and
   * that UTF-8 percent-encoded is read as the text it encodes.
   */
  @Test
  void percentEncodedBytesThatAreNotUtf8AreRefused() {
    for (String[] c : new String[][] {{"/v1/budget?prefix=%FF", "prefix"}, {"/v1/budget?by=supplier&after=%C0%AF", "after"},
        {"/v1/flags?buyer=town%ED%A0%80", "buyer"}, {"/v1/budget?prefix=a%C3b%A9", "prefix"},
        {"/v1/budget?prefix=%F4%90%80%80", "prefix"}, {"/v1/search?kind=decision&issuer=%E2%82", "issuer"},
        {"/v1/budget?%FF=1", "%FF"}, {"/v1/stats?after=x%80", "after"}, {"/v1/entries/%FF", null},
        {"/v1/budget%C3", null}, {"/tile/0/%E9", null}}) {
      HttpResponse<Buffer> r = t.get(c[0]);
      assertEquals(400, r.statusCode(), c[0] + ": " + r.bodyAsString());
      assertTrue(r.getHeader("Content-Type").startsWith("application/problem+json"), c[0]);
      JsonNode p = TestNode.json(r);
      assertEquals("/problems/bad-request", p.get("type").asText(), c[0]);
      String detail = p.get("detail").asText();
      assertTrue(detail.contains("UTF-8") && !detail.contains("\ufffd"), c[0] + ": " + detail);
      if (c[1] == null) {
        assertTrue(detail.contains("path"), c[0] + ": " + detail);
        assertTrue(p.path("parameter").isMissingNode(), c[0]);
      } else {
        assertTrue(detail.contains("query parameter " + c[1]), c[0] + ": " + detail);
        assertEquals(c[1], p.get("parameter").asText(), c[0]);
      }
    }
    assertEquals("\u00e9", json("/v1/budget?by=supplier&prefix=%C3%A9").get("prefix").asText());
    assertEquals("\ud834\udd1e", json("/v1/budget?by=supplier&prefix=%F0%9D%84%9E").get("prefix").asText());
  }

  private static String encoded(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Verifies that the length bounds of text parameters count Unicode code points, not UTF-16
   * units: a supplier named with 300 characters outside the BMP (600 UTF-16 units) is a key that
   * prefix and after take, as are a buyer, a stats page key and a search issuer of that kind;
   * 512 such characters pass and 513 are refused naming the parameter.
   */
  @Test
  void lengthBoundsCountCodePoints() {
    String clef = new String(Character.toChars(0x1D11E));
    String name = clef.repeat(300);
    ObjectNode r = Fixtures.release("ocds-abc123-9", "r1", "2026-02-01T10:00:00Z", TestNode.TOWN);
    r.putObject("tender").put("id", "t").put("procurementMethod", "open");
    ObjectNode a = r.putArray("awards").addObject();
    a.put("id", "a1").put("date", "2026-02-01T10:00:00Z");
    a.putObject("value").put("amount", new BigDecimal("12.5")).put("currency", "EUR");
    a.putArray("suppliers").addObject().put("name", name);
    file(r);

    JsonNode byPrefix = json("/v1/budget?by=supplier&prefix=" + encoded(name));
    assertEquals(1, byPrefix.get("rows").size(), byPrefix.toString());
    assertEquals(name, byPrefix.get("rows").get(0).get("key").asText());
    assertEquals(0, json("/v1/budget?by=supplier&after=" + encoded(name)).get("rows").size());
    json("/v1/budget?by=supplier&prefix=" + encoded(clef.repeat(512)));
    json("/v1/flags?buyer=" + encoded(name + "@" + t.node.origin()));
    json("/v1/stats?after=" + encoded(name));
    json("/v1/search?issuer=" + encoded(clef.repeat(150)));
    for (String[] c : new String[][] {{"/v1/budget?prefix=" + encoded(clef.repeat(513)), "prefix"},
        {"/v1/flags?buyer=" + encoded(clef.repeat(513)), "buyer"}, {"/v1/stats?after=" + encoded(clef.repeat(513)), "after"},
        {"/v1/search?issuer=" + encoded(clef.repeat(201)), "issuer"}}) {
      HttpResponse<Buffer> bad = t.get(c[0]);
      assertEquals(400, bad.statusCode(), c[1] + ": " + bad.bodyAsString());
      JsonNode p = TestNode.json(bad);
      assertEquals("/problems/bad-parameter", p.get("type").asText());
      assertEquals(c[1], p.get("parameter").asText());
      assertTrue(p.get("detail").asText().contains("code points"), p.get("detail").asText());
    }
  }

  /** Verifies that bad parameters are 400 problem+json naming the parameter. */
  @Test
  void badParametersNameThemselves() {
    for (String[] c : new String[][] {{"/v1/budget?by=vendor", "by"}, {"/v1/budget?period=26", "period"},
        {"/v1/budget?format=xml", "format"}, {"/v1/budget?limit=0", "limit"}, {"/v1/flags?rule=nepotism", "rule"},
        {"/v1/flags?offset=-1", "offset"}, {"/v1/budget?prefix=" + "x".repeat(600), "prefix"}}) {
      HttpResponse<Buffer> r = t.get(c[0]);
      assertEquals(400, r.statusCode(), c[0] + ": " + r.bodyAsString());
      assertTrue(r.getHeader("Content-Type").startsWith("application/problem+json"), c[0]);
      JsonNode p = TestNode.json(r);
      assertEquals("/problems/bad-parameter", p.get("type").asText());
      assertEquals(c[1], p.get("parameter").asText(), c[0]);
    }
  }
}
