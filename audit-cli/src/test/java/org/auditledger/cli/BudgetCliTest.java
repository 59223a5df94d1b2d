package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.auditledger.cli.CliHarness.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.CliHarness.Result;
import org.auditledger.node.LedgerNode;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit budget} and {@code audit flags} computed from verified entries of a real node,
 * and the node's answers checked against them ({@code --compare}).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class BudgetCliTest {
  private static final String TOWN = "town.example/log";
  @TempDir
  Path dir;

  private static ObjectNode award(String ocid, String id, String date, String amount, String supplier) {
    ObjectNode r = Fixtures.release(ocid, id, date, "town");
    r.putObject("tender").put("id", "t").put("procurementMethod", "direct");
    ObjectNode a = r.putArray("awards").addObject();
    a.put("id", "a1").put("date", date);
    a.putObject("value").put("amount", new BigDecimal(amount)).put("currency", "EUR");
    a.putArray("suppliers").addObject().put("id", supplier).put("name", supplier);
    return r;
  }

  private static Result ok(Result r) {
    assertEquals(0, r.code(), r.toString());
    return r;
  }

  /**
   * Verifies that after audit verify, budget and flags answer from the verified entries (a
   * process published twice counted once), that the node's answers are the same (--compare),
   * that CSV is printed as the node serves it, and that asking before verifying says what to do.
   */
  @Test
  void budgetAndFlagsFromVerifiedEntries(Vertx vertx) throws Exception {
    Ed25519KeyPair registrar = Fixtures.newKey();
    LedgerNode town = CliHarness.node(vertx, dir.resolve("town"), registrar, TOWN);
    Ed25519KeyPair clerk = Fixtures.newKey();
    submit(town, Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", TOWN, "spending"), registrar)
        .toJson());
    String state = dir.resolve("state").toString();
    ok(audit("log", "add", "town", CliHarness.url(town), town.vkey().encode(), "--state", state));
    Result early = audit("budget", "--log", "town", "--state", state);
    assertEquals(4, early.code(), early.toString());
    assertTrue(early.err().contains("verify it first"), early.err());

    for (ObjectNode r : new ObjectNode[] {award("ocds-abc123-1", "r1", "2026-02-01T10:00:00Z", "150000.50", "acme"),
        award("ocds-abc123-1", "r2", "2026-02-03T10:00:00Z", "150000.50", "acme"),
        award("ocds-abc123-2", "r1", "2026-05-01T10:00:00Z", "99.5", "globex"),
        award("ocds-abc123-3", "r1", "2025-05-01T10:00:00Z", "7", "acme"),
        // Two amounts within the 20-character limit whose exact sum is longer (24 characters).
        award("ocds-abc123-4", "r1", "2024-05-01T10:00:00Z", "99999999999999999999", "big"),
        award("ocds-abc123-5", "r1", "2024-06-01T10:00:00Z", "18.75", "big")}) {
      submit(town, Fixtures.sign(Fixtures.releasePayload("town", r), clerk).toJson());
    }
    ok(audit("verify", "--log", "town", "--state", state));

    JsonNode year = StrictJson.parseDecimals(ok(audit("budget", "--log", "town", "--state", state, "--by", "supplier",
        "--period", "2026", "--json", "--compare")).out().getBytes(StandardCharsets.UTF_8), "out");
    assertEquals(2, year.get("rows").size(), year.toString());
    assertEquals("acme", year.get("rows").get(0).get("key").asText());
    assertEquals(0, new BigDecimal("150000.5").compareTo(year.get("rows").get(0).get("awarded").decimalValue()));

    Result text = ok(audit("budget", "--log", "town", "--state", state, "--by", "supplier", "--compare"));
    assertTrue(text.out().contains("100000000000000000017.75"), "an exact sum longer than any amount: " + text.out());
    assertTrue(text.out().contains("the node's answer is the same"), text.out());
    assertTrue(text.out().contains("150007.5"), "all time counts the 2025 award too: " + text.out());

    Result csv = ok(audit("budget", "--log", "town", "--state", state, "--by", "supplier", "--period", "2026", "--csv"));
    assertEquals("key,currency,planned,tendered,awarded,contracted,paid\r\nacme,EUR,0,0,150000.5,0,0\r\n"
        + "globex,EUR,0,0,99.5,0,0\r\n", csv.out());

    Result flags = ok(audit("flags", "--log", "town", "--state", state, "--compare"));
    assertTrue(flags.out().contains("direct-award-without-rationale"), flags.out());
    assertTrue(flags.out().contains("entries: " + TOWN + "#2, " + TOWN + "#3"), flags.out());

    Result bad = audit("budget", "--log", "town", "--state", state, "--period", "26");
    assertEquals(2, bad.code(), bad.toString());
    assertTrue(bad.err().contains("--period"), bad.err());
    Result empty = audit("budget", "--log", "town", "--state", state, "--prefix", "", "--compare");
    assertEquals(2, empty.code(), "refused before asking the node: " + empty);
    assertTrue(empty.err().contains("--prefix"), empty.err());
    // Bounds count Unicode code points, by the node's rule: 512 characters outside the BMP are
    // compared with the node's answer; 513 are refused before asking it.
    String clef = new String(Character.toChars(0x1D11E));
    Result longest = ok(audit("budget", "--log", "town", "--state", state, "--by", "supplier", "--prefix",
        clef.repeat(512), "--compare"));
    assertTrue(longest.out().contains("the node's answer is the same"), longest.out());
    Result tooLong = audit("flags", "--log", "town", "--state", state, "--buyer", clef.repeat(513), "--compare");
    assertEquals(2, tooLong.code(), tooLong.toString());
    assertTrue(tooLong.err().contains("--buyer: want 1 to 512 characters (Unicode code points)"), tooLong.err());
    Result stats = audit("stats", "--log", "town", "--state", state, "--after", clef.repeat(513));
    assertEquals(2, stats.code(), stats.toString());
    assertTrue(stats.err().contains("--after:") && stats.err().contains("code points"), stats.err());
  }
}
