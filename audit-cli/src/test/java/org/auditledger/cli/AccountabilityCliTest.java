package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.auditledger.cli.CliHarness.awaitMirror;
import static org.auditledger.cli.CliHarness.json;
import static org.auditledger.cli.CliHarness.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.CliHarness.Result;
import org.auditledger.cli.client.LogClient;
import org.auditledger.node.LedgerNode;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision, a spending record, a finding about it (two recommendations, a response due date in
 * the past), the town's response (one concur, one partial), its claim of implementation and the
 * auditors' assessment, across the town's log and the auditors' log on two real nodes (the town's
 * mirrors the auditors'). Every status as the town's node answers it; the figures; the same
 * answers recomputed by the CLI from verified entries (--compare), and a tampered answer caught.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class AccountabilityCliTest {
  private static final String AUDIT = "auditors.example/log";
  private static final String TOWN = "town.example/log";
  @TempDir
  Path dir;
  private String state;

  @Test
  void aFindingFromOpenToClosedAcrossTwoLogs(Vertx vertx) throws Exception {
    Ed25519KeyPair ar = Fixtures.newKey();
    LedgerNode audit = CliHarness.node(vertx, dir.resolve("audit"), ar, AUDIT);
    Ed25519KeyPair auditor = Fixtures.newKey();
    submit(audit, Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "auditors", AUDIT, "finding"), ar).toJson());
    Ed25519KeyPair tr = Fixtures.newKey();
    LedgerNode town = CliHarness.node(vertx, dir.resolve("town"), tr, TOWN,
        List.of(CliHarness.url(audit) + "," + audit.vkey().encode()));
    Ed25519KeyPair clerk = Fixtures.newKey();
    submit(town, Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", TOWN, "decision", "spending",
        "response"), tr).toJson());
    state = dir.resolve("state").toString();
    ok(audit("log", "add", "auditors", CliHarness.url(audit), audit.vkey().encode(), "--state", state));
    ok(audit("log", "add", "town", CliHarness.url(town), town.vkey().encode(), "--state", state));
    Path clerkKey = CliHarness.keyFile(dir, "clerk.pem", clerk);
    Path auditorKey = CliHarness.keyFile(dir, "auditor.pem", auditor);

    long decision = filed(audit("file", "decision", "--log", "town", "--payload",
        write("d.json", Fixtures.decisionPayload("town", "School renovation")), "--key", clerkKey.toString(),
        "--state", state, "--json"));
    // --ref without a leaf hash: the CLI fetches the entry and proves it first.
    long spending = filed(audit("file", "spending", "--log", "town", "--payload", write("s.json", spending()),
        "--ref", "cites:#" + decision, "--key", clerkKey.toString(), "--state", state, "--json"));
    long finding = filed(audit("file", "finding", "--log", "auditors", "--payload", write("f.json", finding()),
        "--ref", "about:town#" + spending, "--evidence", write("minutes.txt", "Minutes of the visit."),
        "--key", auditorKey.toString(), "--state", state, "--json"));
    String f = AUDIT + "#" + finding;
    awaitMirror(town, AUDIT, finding + 1);
    assertEquals("open", statusAt(town, f, "2026-07-31"));
    assertEquals("overdue", statusAt(town, f, "2026-08-01"));

    filed(audit("file", "response", "--log", "town", "--payload", write("r1.json", response("partially_concur",
        "{\"recommendation\":\"R1\",\"position\":\"concur\",\"actionPlan\":\"A form\",\"targetDate\":\"2026-12-31\"},"
            + "{\"recommendation\":\"R2\",\"position\":\"partially_concur\"}")),
        "--ref", "responds-to:auditors#" + finding, "--key", clerkKey.toString(), "--state", state, "--json"));
    assertEquals("responded", statusAt(town, f, "2026-08-01"));
    filed(audit("file", "response", "--log", "town", "--payload", write("r2.json", response("concur",
        "{\"recommendation\":\"R1\",\"position\":\"concur\",\"implementationStatus\":\"implemented\"},"
            + "{\"recommendation\":\"R2\",\"position\":\"partially_concur\",\"implementationStatus\":\"implemented\"}")),
        "--ref", "responds-to:auditors#" + finding, "--key", clerkKey.toString(), "--state", state, "--json"));
    assertEquals("implemented", statusAt(town, f, "2026-08-01"));
    long assessment = filed(audit("file", "assessment", "--log", "auditors", "--payload", write("a.json", assessment()),
        "--ref", "assesses:#" + finding, "--key", auditorKey.toString(), "--state", state, "--json"));
    awaitMirror(town, AUDIT, assessment + 1);
    assertEquals("closed", statusAt(town, f, "2026-08-01"));

    // The figures, as the node gives them and as computed here from the entries' logged times.
    LogClient tc = new LogClient(CliHarness.url(town));
    Instant findingLogged = Instant.parse(entry(new LogClient(CliHarness.url(audit)), finding).get("logged").asText());
    long firstResponse = filedIndexOfFirstResponse(tc);
    Instant responseLogged = Instant.parse(entry(tc, firstResponse).get("logged").asText());
    long seconds = Duration.between(findingLogged, responseLogged).getSeconds();
    String org = URLEncoder.encode("town@" + TOWN, StandardCharsets.UTF_8);
    JsonNode stats = StrictJson.parse(tc.get("v1/stats?org=" + org + "&asOf=2026-08-01"), "stats").get("organizations").get(0);
    assertEquals(1, stats.get("findings").asLong());
    assertEquals(1, stats.get("answered").asLong());
    assertEquals(0, stats.get("overdue").asLong());
    assertEquals(seconds, stats.get("medianSecondsToFirstResponse").asLong());
    assertEquals(1, stats.get("recommendationsAssessed").get("implemented").asLong());
    assertEquals(1, stats.get("recommendationsAssessed").get("partially_implemented").asLong());

    // The CLI verifies both logs, recomputes every answer and compares it with the node's.
    ok(audit("verify", "--log", "auditors", "--peer", "town", "--state", state));
    ok(audit("verify", "--log", "town", "--peer", "auditors", "--state", state));
    Result findings = audit("findings", "--log", "town", "--peer", "auditors", "--as-of", "2026-08-01", "--compare",
        "--state", state, "--json");
    ok(findings);
    JsonNode listed = json(findings).get("findings").get(0);
    assertEquals("closed", listed.get("status").asText());
    assertEquals("[\"town@" + TOWN + "\"]", listed.get("audited").toString());
    Result text = audit("stats", "--log", "town", "--peer", "auditors", "--as-of", "2026-08-01", "--compare",
        "--state", state);
    ok(text);
    assertTrue(text.out().contains("town@" + TOWN) && text.out().contains("1 implemented, 1 partially, 0 not"), text.out());
    Result thread = audit("thread", "--log", "town", "--peer", "auditors", Long.toString(spending), "--compare",
        "--state", state, "--json");
    ok(thread);
    String entries = json(thread).get("entries").toString();
    assertTrue(entries.contains(TOWN + "#" + decision) && entries.contains(f) && entries.contains(AUDIT + "#" + assessment),
        entries);
    Result overdueLater = audit("findings", "--log", "town", "--peer", "auditors", "--status", "overdue",
        "--state", state, "--json");
    assertEquals(0, json(overdueLater).get("findings").size());

    // A node whose answer was altered is caught.
    try (TamperingProxy proxy = new TamperingProxy(vertx, town.port())) {
      proxy.rewrite = (p, b) -> p.equals("/v1/findings")
          ? new String(b, StandardCharsets.UTF_8).replace("\"closed\"", "\"open\"").getBytes(StandardCharsets.UTF_8) : b;
      Result caught = audit("findings", "--node", proxy.url(), "--log-key", town.vkey().encode(), "--peer", "auditors",
          "--as-of", "2026-08-01", "--compare", "--state", state);
      assertEquals(7, caught.code(), caught.toString());
    }
    // show renders the finding with its parts.
    Result shown = audit("show", "--log", "auditors", "--index", Long.toString(finding), "--state", state);
    ok(shown);
    assertTrue(shown.out().contains("recommendation R1 [high]") && shown.out().contains("evidence: minutes.txt"),
        shown.out());

    // A second finding about the town, then the town's log verified with the auditors' as a peer:
    // the peer is verified first (without the town), yet its claims on the town are judged too,
    // so the answer does not depend on the order of verification.
    long second = filed(audit("file", "finding", "--log", "auditors", "--payload", write("f2.json",
        finding().replace("Single quotation", "Late payment")), "--ref", "about:town#" + decision,
        "--key", auditorKey.toString(), "--state", state, "--json"));
    awaitMirror(town, AUDIT, second + 1);
    ok(audit("verify", "--log", "town", "--peer", "auditors", "--state", state));
    Result both = audit("stats", "--log", "town", "--peer", "auditors", "--as-of", "2026-08-01", "--compare",
        "--state", state, "--json");
    ok(both);
    assertEquals(2, json(both).get("organizations").get(0).get("findings").asLong(), both.out());

    // A node that says an entry is superseded by one that does not supersede it is caught.
    try (TamperingProxy proxy = new TamperingProxy(vertx, town.port())) {
      proxy.rewrite = (p, b) -> p.equals("/v1/entries/" + decision)
          ? new String(b, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"status\":{\"current\":false,"
              + "\"supersededBy\":[\"" + TOWN + "#" + spending + "\",\"\\u001b[2Jforged#1\"]},")
              .getBytes(StandardCharsets.UTF_8) : b;
      Result lied = audit("get", "--node", proxy.url(), "--log-key", town.vkey().encode(), "--index",
          Long.toString(decision), "--state", state);
      assertEquals(7, lied.code(), lied.toString());
      assertTrue(lied.out().contains("#" + spending + ", which does not supersedes it (the node's claim is false)"),
          lied.out());
      assertTrue(!lied.out().contains("\u001b"), "nothing the node sends drives the terminal: " + lied.out());
    }

    // Damaged derived facts are refused, never read as other facts.
    Path facts;
    try (var files = Files.walk(Path.of(state, "logs"))) {
      facts = files.filter(x -> x.getFileName().toString().equals("derived.bin")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(facts);
    bytes[bytes.length / 2] ^= 1;
    Files.write(facts, bytes);
    Result damaged = audit("findings", "--log", "town", "--peer", "auditors", "--state", state);
    assertEquals(4, damaged.code(), damaged.toString());
    assertTrue(damaged.err().contains("damaged"), damaged.err());
    CliHarness.await(town.stop());
    CliHarness.await(audit.stop());
  }

  private long filedIndexOfFirstResponse(LogClient tc) throws Exception {
    JsonNode page = StrictJson.parse(tc.get("v1/search?kind=response"), "search");
    return page.get("entries").get(0).get("index").asLong();
  }

  private static JsonNode entry(LogClient c, long index) throws Exception {
    return StrictJson.parse(c.get("v1/entries/" + index), "entry");
  }

  private static String statusAt(LedgerNode node, String finding, String asOf) throws Exception {
    JsonNode page = StrictJson.parse(new LogClient(CliHarness.url(node)).get("v1/findings?asOf=" + asOf), "findings");
    for (JsonNode f : page.get("findings")) {
      if (f.get("finding").asText().equals(finding)) {
        return f.get("status").asText();
      }
    }
    throw new AssertionError(finding + " not in " + page);
  }

  private static String spending() {
    return "{\"v\":1,\"kind\":\"spending\",\"issuer\":\"town\",\"created\":\"" + Fixtures.created() + "\",\"body\":{"
        + "\"ocid\":\"ocds-a1b2c3-42\",\"date\":\"2026-05-10T11:30:00Z\",\"tag\":[\"contract\"],\"parties\":["
        + "{\"id\":\"T\",\"name\":\"Town\",\"roles\":[\"buyer\"]},{\"id\":\"S\",\"name\":\"Builders\",\"roles\":[\"supplier\"]}],"
        + "\"contract\":{\"id\":\"C-42\",\"value\":{\"amount\":\"1250000.00\",\"currency\":\"EUR\"}}}}";
  }

  private static String finding() {
    return "{\"v\":1,\"kind\":\"finding\",\"issuer\":\"auditors\",\"created\":\"" + Fixtures.created() + "\",\"body\":{"
        + "\"title\":\"Single quotation\",\"auditType\":\"compliance\",\"auditedEntity\":\"Town\",\"condition\":\"c\","
        + "\"criteria\":\"k\",\"cause\":\"u\",\"effect\":\"e\",\"significance\":\"deficiency\",\"responseDueDate\":\"2026-07-31\","
        + "\"recommendations\":[{\"id\":\"R1\",\"text\":\"Justify urgency.\",\"priority\":\"high\"},"
        + "{\"id\":\"R2\",\"text\":\"Publish contracts.\",\"dueDate\":\"2027-03-31\"}]}}";
  }

  private static String response(String position, String answers) {
    return "{\"v\":1,\"kind\":\"response\",\"issuer\":\"town\",\"created\":\"" + Fixtures.created() + "\",\"body\":{"
        + "\"position\":\"" + position + "\",\"text\":\"Our answer.\",\"answers\":[" + answers + "]}}";
  }

  private static String assessment() {
    return "{\"v\":1,\"kind\":\"assessment\",\"issuer\":\"auditors\",\"created\":\"" + Fixtures.created() + "\",\"body\":{"
        + "\"text\":\"Checked.\",\"assessments\":[{\"recommendation\":\"R1\",\"result\":\"implemented\"},"
        + "{\"recommendation\":\"R2\",\"result\":\"partially_implemented\"}]}}";
  }

  private String write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8).toString();
  }

  private static void ok(Result r) {
    assertEquals(0, r.code(), r.toString());
  }

  private static long filed(Result r) {
    ok(r);
    return json(r).get("receipts").get(0).get("index").asLong();
  }



}
