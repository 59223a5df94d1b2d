package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust between logs (docs/protocol.md §6.2) with two real nodes that mirror each other: the
 * town's, where the clerk files decisions and responses for "town", and the audit body's, where
 * the auditor's key holds the finding role for "auditors". Each node refuses, at submission, a
 * claim that fails against the other's log it mirrors.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class TrustBetweenLogsTest {
  private static final String AUDITORS = "auditors";
  @TempDir
  Path dir;
  private TestNode town;
  private TestNode audit;
  private final Ed25519KeyPair auditor = Fixtures.newKey();
  private JsonNode auditorGrant;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    audit = TestNode.start(vertx, dir.resolve("auditors"));
    auditorGrant = TestNode.receipt(audit.post(Fixtures.sign(
        Fixtures.keyPayload("grant", auditor.publicKey(), AUDITORS, audit.node.origin(), "finding"), audit.registrar)));
    town = TestNode.start(vertx, dir.resolve("town"), List.of(audit.asPeer()));
    // The audit body mirrors the town too: restarted with the town as peer, on the port the
    // town's mirror of it already follows.
    audit.stopNode();
    audit.port = audit.node.port();
    audit.peers = List.of(town.asPeer());
    audit.startNode();
  }

  @AfterEach
  void stop() {
    town.close();
    audit.close();
  }

  @Test
  void aGrantForAnOrganizationHomedInAMirroredLogIsRefused() throws Exception {
    town.awaitMirror(audit.node.origin(), audit.size());
    // The town's registrar tries to give its clerk the auditors' name: their home is the audit log.
    HttpResponse<Buffer> r = town.post(Fixtures.sign(Fixtures.keyPayload("grant", town.clerk.publicKey(), AUDITORS,
        town.node.origin(), "finding"), town.registrar));
    assertProblem(r, 403, "unauthorized", "home-log");
    assertTrue(TestNode.json(r).get("detail").asText().contains(audit.node.origin()), r.bodyAsString());
    // Nor may it name the audit log itself as an organization.
    r = town.post(Fixtures.sign(Fixtures.keyPayload("grant", town.clerk.publicKey(), audit.node.origin(),
        town.node.origin(), "finding"), town.registrar));
    assertProblem(r, 403, "unauthorized", "home-log");
    // Its own organizations it grants as before.
    assertEquals(201, town.post(Fixtures.sign(Fixtures.keyPayload("grant", Fixtures.newKey().publicKey(), "comptroller",
        town.node.origin(), "decision"), town.registrar)).statusCode());
  }

  @Test
  void theAuditorsFileAtTheTownWithTheirAuthorityAndNoGrantThere() throws Exception {
    long auditSize = audit.size();
    town.awaitMirror(audit.node.origin(), auditSize);
    String finding = Fixtures.findingPayload(AUDITORS, "Contract awarded without tender");
    // Without an authority the town's registry decides, and the auditor holds nothing there.
    HttpResponse<Buffer> r = town.post(Fixtures.sign(finding, auditor));
    assertProblem(r, 403, "unauthorized", "role");

    byte[] grantHash = leafHash(auditorGrant);
    long grantIndex = auditorGrant.get("index").asLong();
    String filed = Fixtures.withAuthority(finding, audit.node.origin(), grantIndex, grantHash, auditSize);
    JsonNode receipt = TestNode.receipt(town.post(Fixtures.sign(filed, auditor)));
    JsonNode shown = TestNode.json(town.get("/v1/entries/" + receipt.get("index").asLong()));
    assertEquals(AUDITORS + "@" + audit.node.origin(), shown.get("issuer").asText());
    assertEquals(audit.node.origin(), shown.get("home").asText());
    // Search tells the organizations apart: by name@home, and by bare name in every home.
    String q = URLEncoder.encode(AUDITORS + "@" + audit.node.origin(), StandardCharsets.UTF_8);
    assertEquals(1, TestNode.json(town.get("/v1/search?issuer=" + q)).get("entries").size());
    assertEquals(0, TestNode.json(town.get("/v1/search?issuer="
        + URLEncoder.encode(AUDITORS + "@" + town.node.origin(), StandardCharsets.UTF_8))).get("entries").size());
    assertEquals(1, TestNode.json(town.get("/v1/search?issuer=" + AUDITORS)).get("entries").size());

    // The grant named must be the one by which the signer holds the role, for that organization.
    Ed25519KeyPair stranger = Fixtures.newKey();
    assertProblem(town.post(Fixtures.sign(Fixtures.withAuthority(Fixtures.findingPayload(AUDITORS, "Other"),
        audit.node.origin(), grantIndex, grantHash, auditSize), stranger)), 422, "claim-fails", "authority");
    byte[] wrong = grantHash.clone();
    wrong[0] ^= 1;
    assertProblem(town.post(Fixtures.sign(Fixtures.withAuthority(Fixtures.findingPayload(AUDITORS, "Other"),
        audit.node.origin(), grantIndex, wrong, auditSize), auditor)), 422, "claim-fails", "authority");
    // A home log the town does not mirror cannot vouch for anyone here.
    assertProblem(town.post(Fixtures.sign(Fixtures.withAuthority(Fixtures.findingPayload(AUDITORS, "Other"),
        "elsewhere.example/log", 1, grantHash, 2), auditor)), 422, "unknown-home", "unknown-home");
    // Beyond what the mirror has: retry later.
    assertProblem(town.post(Fixtures.sign(Fixtures.withAuthority(Fixtures.findingPayload(AUDITORS, "Other"),
        audit.node.origin(), grantIndex, grantHash, auditSize + 100), auditor)), 503, "unavailable", "mirror-behind");

    // Once the audit log revokes the grant (and the town's mirror has it), the key files nothing new.
    TestNode.receipt(audit.post(Fixtures.sign(Fixtures.keyPayload("revoke", auditor.publicKey(), AUDITORS, audit.node.origin(),
        "finding"), audit.registrar)));
    town.awaitMirror(audit.node.origin(), audit.size());
    assertProblem(town.post(Fixtures.sign(Fixtures.withAuthority(Fixtures.findingPayload(AUDITORS, "Later"),
        audit.node.origin(), grantIndex, grantHash, auditSize), auditor)), 422, "claim-fails", "authority-current");
  }

  @Test
  void referencesIntoAMirroredLogMustHold() throws Exception {
    JsonNode decision = town.fileDecision("Contract 7 awarded");
    audit.awaitMirror(town.node.origin(), town.size());
    String about = Fixtures.ref(town.node.origin(), decision.get("index").asLong(), leafHash(decision), "about");
    // A wrong leaf hash, and an entry the town's log does not have.
    byte[] wrong = leafHash(decision);
    wrong[5] ^= 1;
    assertProblem(audit.post(Fixtures.sign(Fixtures.withRefs(Fixtures.findingPayload(AUDITORS, "Bad ref"),
        Fixtures.ref(town.node.origin(), decision.get("index").asLong(), wrong, "about")), auditor)),
        422, "claim-fails", "ref");
    assertProblem(audit.post(Fixtures.sign(Fixtures.withRefs(Fixtures.findingPayload(AUDITORS, "Far ref"),
        Fixtures.ref(town.node.origin(), 99, wrong, "about")), auditor)), 503, "unavailable", "mirror-behind");
    JsonNode finding = TestNode.receipt(audit.post(Fixtures.sign(
        Fixtures.withRefs(Fixtures.findingPayload(AUDITORS, "Contract 7 without tender"), about), auditor)));

    town.awaitMirror(audit.node.origin(), audit.size());
    // responds-to names a finding, not a key entry.
    assertProblem(town.post(Fixtures.sign(Fixtures.withRefs(response(), Fixtures.ref(audit.node.origin(),
        auditorGrant.get("index").asLong(), leafHash(auditorGrant), "responds-to")), town.clerk)),
        422, "claim-fails", "responds-to");
    // Only an organization supersedes or amends its own entries.
    assertProblem(town.post(Fixtures.sign(Fixtures.withRefs(Fixtures.decisionPayload(TestNode.TOWN, "Erase"),
        Fixtures.ref(audit.node.origin(), finding.get("index").asLong(), leafHash(finding), "supersedes")), town.clerk)),
        422, "claim-fails", "same-issuer");
    // The audited party (the town, issuer of the decision the finding is about) answers it.
    JsonNode answer = TestNode.receipt(town.post(Fixtures.sign(Fixtures.withRefs(response(), Fixtures.ref(audit.node.origin(),
        finding.get("index").asLong(), leafHash(finding), "responds-to")), town.clerk)));
    assertTrue(answer.path("unchecked").isMissingNode(), answer.toString());
    // Another organization of the town's log is not an audited party of it.
    Ed25519KeyPair press = Fixtures.newKey();
    TestNode.receipt(town.post(Fixtures.sign(Fixtures.keyPayload("grant", press.publicKey(), "press", town.node.origin(), "response"),
        town.registrar)));
    assertProblem(town.post(Fixtures.sign(Fixtures.withRefs(response().replace("\"issuer\":\"town\"",
        "\"issuer\":\"press\""), Fixtures.ref(audit.node.origin(), finding.get("index").asLong(), leafHash(finding),
        "responds-to")), press)), 422, "claim-fails", "audited-party");

    // A reference into a log neither node mirrors is accepted, and the receipt says it is unchecked.
    JsonNode cited = TestNode.receipt(town.post(Fixtures.sign(Fixtures.withRefs(Fixtures.decisionPayload(TestNode.TOWN, "Cites"),
        Fixtures.ref("elsewhere.example/log", 3, wrong, "cites")), town.clerk)));
    assertEquals("ref", cited.get("unchecked").get(0).get("rule").asText(), cited.toString());
    assertEquals("elsewhere.example/log#3", cited.get("unchecked").get(0).get("target").asText());
    // A reference into this very log must name an entry it has.
    assertProblem(town.post(Fixtures.sign(Fixtures.withRefs(Fixtures.decisionPayload(TestNode.TOWN, "Ahead"),
        Fixtures.ref(null, 1000, wrong, "cites")), town.clerk)), 422, "claim-fails", "ref");
  }

  @Test
  void eachNodeListsItsMirrorsAndWitnesses() throws Exception {
    JsonNode log = TestNode.json(town.get("/v1/log"));
    assertEquals(1, log.get("mirrors").size(), log.toString());
    JsonNode m = log.get("mirrors").get(0);
    assertEquals(audit.node.origin(), m.get("origin").asText());
    assertEquals(audit.node.vkey().encode(), m.get("vkey").asText());
    assertEquals("/mirror/" + audit.node.origin() + "/", m.get("url").asText());
    assertEquals(0, log.get("witnesses").size());
    long auditSize = audit.size();
    town.awaitMirror(audit.node.origin(), auditSize);
    JsonNode listed = TestNode.json(town.get("/mirror/"));
    assertEquals(audit.node.origin(), listed.get("mirrors").get(0).get("origin").asText());
    assertEquals(auditSize, listed.get("mirrors").get(0).get("size").asLong(), listed.toString());
  }

  private static String response() {
    return "{\"v\":1,\"kind\":\"response\",\"issuer\":\"town\",\"created\":\"" + Fixtures.created() + "\","
        + "\"body\":{\"position\":\"concur\",\"text\":\"We agree.\"}}";
  }

  private static byte[] leafHash(JsonNode receipt) {
    return Base64.getDecoder().decode(receipt.get("leafHash").asText());
  }

  private static void assertProblem(HttpResponse<Buffer> r, int status, String type, String rule) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/problem+json", r.getHeader("Content-Type"));
    JsonNode p = TestNode.json(r);
    assertEquals("/problems/" + type, p.get("type").asText(), r.bodyAsString());
    assertEquals(rule, p.get("rule").asText(), r.bodyAsString());
  }

}
