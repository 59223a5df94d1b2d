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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The audit body files its finding at the town's node, which mirrors the audit body's log, with
 * its authority there and no grant from the town; the town's registrar cannot take the audit
 * body's name; refusals are kept by the filer; and a journalist verifies the town's log with the
 * audit body's as peer, both named with {@code audit log add}. Real nodes, the real CLI.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class TrustBetweenLogsCliTest {
  private static final String AUDIT_ORIGIN = "auditoria.example/log";
  private static final String TOWN_ORIGIN = "town.example/log";
  private static final String AUDITORS = "auditoria-ciudadana.cl";
  @TempDir
  Path dir;

  @Test
  void auditorsFileAtTheTownWithTheirAuthorityAndTheTownCannotTakeTheirName(Vertx vertx) throws Exception {
    Ed25519KeyPair auditRegistrar = Fixtures.newKey();
    LedgerNode audit = CliHarness.node(vertx, dir.resolve("audit"), auditRegistrar, AUDIT_ORIGIN);
    Ed25519KeyPair auditor = Fixtures.newKey();
    submit(audit, Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), AUDITORS, AUDIT_ORIGIN, "finding"),
        auditRegistrar).toJson());
    Ed25519KeyPair townRegistrar = Fixtures.newKey();
    LedgerNode town = CliHarness.node(vertx, dir.resolve("town"), townRegistrar, TOWN_ORIGIN,
        List.of(CliHarness.url(audit) + "," + audit.vkey().encode()));
    Ed25519KeyPair clerk = Fixtures.newKey();
    submit(town, Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", TOWN_ORIGIN, "decision",
        "response"), townRegistrar).toJson());
    String state = dir.resolve("state").toString();
    Result added = audit("log", "add", "auditors", CliHarness.url(audit), audit.vkey().encode(), "--state", state);
    assertEquals(0, added.code(), added.toString());
    assertEquals(0, audit("log", "add", "town", CliHarness.url(town), town.vkey().encode(), "--state", state).code());
    Result listed = audit("log", "list", "--state", state);
    assertTrue(listed.out().contains("auditors\t" + CliHarness.url(audit)), listed.toString());
    awaitMirror(town, AUDIT_ORIGIN, 2);

    // The town's registrar gives its clerk the audit body's name: refused, and the refusal kept.
    Path grant = write("grant.json", Fixtures.keyPayload("grant", clerk.publicKey(), AUDITORS, TOWN_ORIGIN, "finding"));
    Result taken = audit("file", "key", "--log", "town", "--payload", grant.toString(),
        "--key", CliHarness.keyFile(dir, "town-registrar.pem", townRegistrar).toString(), "--state", state);
    assertEquals(5, taken.code(), taken.toString());
    assertTrue(taken.err().contains("has its home in log " + AUDIT_ORIGIN), taken.err());
    assertEquals(1, refusals(), "the refusal is kept");

    // The auditors file at the town without their authority: the town's registry decides, and refuses.
    Path auditorKey = CliHarness.keyFile(dir, "auditor.pem", auditor);
    Path finding = write("finding.json", Fixtures.findingPayload(AUDITORS, "Contrato sin licitacion"));
    Result refused = audit("file", "finding", "--log", "town", "--payload", finding.toString(),
        "--key", auditorKey.toString(), "--state", state);
    assertEquals(5, refused.code(), refused.toString());
    assertEquals(2, refusals());

    // With their authority in their home log, at both nodes: the town cannot refuse it.
    Result filed = audit("file", "finding", "--log", "auditors", "--log", "town", "--home", "auditors",
        "--payload", finding.toString(), "--key", auditorKey.toString(), "--state", state, "--json");
    assertEquals(0, filed.code(), filed.toString());
    JsonNode receipts = json(filed).get("receipts");
    assertEquals(2, receipts.size(), filed.toString());
    long atTown = receipts.get(1).get("index").asLong();
    JsonNode shown = StrictJson.parse(new LogClient(CliHarness.url(town)).get("v1/entries/" + atTown), "entry");
    assertEquals(AUDITORS + "@" + AUDIT_ORIGIN, shown.get("issuer").asText());

    // A journalist verifies the town's log, the auditors' as peer: every claim holds.
    Result verified = audit("verify", "--log", "town", "--peer", "auditors", "--state", state, "--json");
    assertEquals(0, verified.code(), verified.toString());
    assertTrue(json(verified).get("claimsHeld").asLong() >= 1, verified.toString());
    assertEquals(0, json(verified).get("claimsFailed").size());
    Result search = audit("search", "--log", "town", "--issuer", AUDITORS, "--state", state);
    assertEquals(0, search.code(), search.toString());
    assertTrue(search.out().contains("finding\t" + AUDITORS + "@" + AUDIT_ORIGIN), search.out());
    // Without the peer, the authority claim is unchecked, not failed.
    Result alone = audit("verify", "--node", CliHarness.url(town), "--log-key", town.vkey().encode(),
        "--state", dir.resolve("alone").toString(), "--json");
    assertEquals(0, alone.code(), alone.toString());
    assertEquals(1, json(alone).get("claimsUncheckedEntries").size(), alone.toString());
    CliHarness.await(town.stop());
    CliHarness.await(audit.stop());
  }

  private long refusals() throws Exception {
    Path r = dir.resolve("state").resolve("refusals");
    try (var files = Files.walk(r)) {
      return files.filter(f -> f.toString().endsWith(".json")).count();
    }
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }



}
