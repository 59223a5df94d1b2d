package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.CliHarness.Result;
import org.auditledger.node.LedgerNode;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.Pkcs8;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit keygen}, {@code file}, {@code prove} and {@code verify-bundle} against two real nodes. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class FileAndBundleTest {
  @TempDir
  Path dir;
  private final Ed25519KeyPair registrar = CliHarness.newKey();
  private LedgerNode a;
  private LedgerNode b;
  private Path registrarKey;
  private Path clerkKey;
  private String clerk;

  @BeforeEach
  void nodes(Vertx vertx) throws Exception {
    a = CliHarness.node(vertx, dir.resolve("a"), registrar, "a.example/ledger");
    b = CliHarness.node(vertx, dir.resolve("b"), registrar, "b.example/ledger");
    registrarKey = CliHarness.keyFile(dir, "registrar.pem", registrar);
    Result k = audit("keygen", "--out", dir.resolve("clerk.pem").toString(), "--json");
    assertEquals(0, k.code(), k.toString());
    clerkKey = dir.resolve("clerk.pem");
    clerk = json(k).get("publicKey").asText();
    for (LedgerNode n : List.of(a, b)) {
      Result g = audit("file", "key", "--issuer", n.origin(), "--set", "action=grant", "--set", "subject=" + clerk,
          "--set", "organization=town", "--set", "roles=[\"decision\",\"finding\"]", "--key", registrarKey.toString(),
          "--node", CliHarness.url(n), "--log-key", n.vkey().encode(), "--state", state());
      assertEquals(0, g.code(), g.toString());
    }
  }

  @AfterEach
  void stop() {
    CliHarness.await(a.stop());
    CliHarness.await(b.stop());
  }

  private String state() {
    return dir.resolve("state").toString();
  }

  private static JsonNode json(Result r) {
    return StrictJson.parse(r.out().getBytes(StandardCharsets.UTF_8), "audit output");
  }

  private List<String> decision(String title, String... extra) {
    List<String> args = new ArrayList<>(List.of("file", "decision", "--issuer", "town", "--set", "title=" + title,
        "--set", "text=Adopted unanimously.", "--set", "decidedBy=Council", "--set", "date=2026-11-23",
        "--set", "result=adopted", "--key", clerkKey.toString(), "--state", state(), "--json"));
    args.addAll(List.of(extra));
    return args;
  }

  /** Verifies that keygen writes an owner-only key and never overwrites one. */
  @Test
  void keygenWritesOwnerOnlyKeyOnce() throws Exception {
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(clerkKey)));
    Result again = audit("keygen", "--out", clerkKey.toString());
    assertEquals(4, again.code(), again.toString());
    Path open = dir.resolve("open.pem");
    Files.writeString(open, Pkcs8.encode(CliHarness.newKey()));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Result r = audit(decision("x", "--node", CliHarness.url(a), "--log-key", a.vkey().encode()).stream()
        .map(s -> s.equals(clerkKey.toString()) ? open.toString() : s).toArray(String[]::new));
    assertEquals(4, r.code(), r.toString());
    assertTrue(r.err().contains("chmod 600"), r.err());
  }

  /** Verifies that one filing with two nodes yields two verified, stored receipts. */
  @Test
  void filingWithTwoNodesStoresTwoVerifiedReceipts() {
    Result r = audit(decision("Budget 2027", "--node", CliHarness.url(a), "--log-key", a.vkey().encode(),
        "--node", CliHarness.url(b), "--log-key", b.vkey().encode()).toArray(new String[0]));
    assertEquals(0, r.code(), r.toString());
    JsonNode receipts = json(r).get("receipts");
    assertEquals(2, receipts.size());
    for (JsonNode rc : receipts) {
      assertTrue(rc.get("ok").asBoolean());
      assertTrue(Files.exists(Path.of(rc.get("receipt").asText())));
    }
  }

  /**
   * Verifies that an OCDS release files as a spending entry with its amounts exact, and that the
   * official example as shipped (invalid against the official schema) is refused locally with
   * the pointer of each violation, nothing reaching the node.
   */
  @Test
  void anOcdsReleaseIsASpendingEntry() throws Exception {
    String node = CliHarness.url(a);
    String vkey = a.vkey().encode();
    Result g = audit("file", "key", "--issuer", a.origin(), "--set", "action=grant", "--set", "subject=" + clerk,
        "--set", "organization=" + Fixtures.OCDS_BUYER, "--set", "roles=[\"spending\"]", "--key",
        registrarKey.toString(), "--node", node, "--log-key", vkey, "--state", state());
    assertEquals(0, g.code(), g.toString());
    long before = a.sequencer().head().size();
    Path shipped = dir.resolve("shipped.json");
    Files.writeString(shipped, Fixtures.ocdsExample("example-release-package.json").get("releases").get(0).toString());
    Result bad = audit("file", "spending", "--issuer", Fixtures.OCDS_BUYER, "--body", shipped.toString(),
        "--key", clerkKey.toString(), "--node", node, "--log-key", vkey, "--state", state());
    assertEquals(4, bad.code(), bad.toString());
    for (String pointer : List.of("/body/initiationType", "/body/tender/exclusionGrounds", "/body/tender/selectionCriteria")) {
      assertTrue(bad.err().contains(pointer), bad.err());
    }
    assertEquals(before, a.sequencer().head().size(), "nothing reached the node");

    Path release = dir.resolve("release.json");
    Files.writeString(release, Fixtures.correctedOcdsRelease().toString());
    Result ok = audit("file", "spending", "--issuer", Fixtures.OCDS_BUYER, "--body", release.toString(),
        "--key", clerkKey.toString(), "--node", node, "--log-key", vkey, "--state", state(), "--json");
    assertEquals(0, ok.code(), ok.toString());
    assertEquals(before + 1, a.sequencer().head().size());
    Result shown = audit("get", "--node", node, "--log-key", vkey, "--index", Long.toString(before));
    assertEquals(0, shown.code(), shown.toString());
    assertTrue(shown.out().contains("release ocds-213czf-000-00001-06-implementation"), shown.out());
    assertTrue(shown.out().contains("6700000.0 GBP"), shown.out());
    Result v = audit("verify", "--node", node, "--log-key", vkey, "--state", state());
    assertEquals(0, v.code(), v.toString());
  }

  /** Verifies that a schema violation is caught before sending, naming the field. */
  @Test
  void schemaViolationIsCaughtLocally() {
    List<String> args = decision("Bad", "--node", CliHarness.url(a), "--log-key", a.vkey().encode());
    args.set(args.indexOf("result=adopted"), "result=perhaps");
    Result r = audit(args.toArray(new String[0]));
    assertEquals(4, r.code(), r.toString());
    assertTrue(r.err().contains("/body/result"), r.err());
    assertEquals(2, a.sequencer().head().size(), "nothing reached the node");
  }

  /** Verifies that a refusal by the node, and a receipt signed by another key, fail clearly. */
  @Test
  void refusalAndUntrustedReceiptFail() {
    List<String> args = decision("Wrong issuer", "--node", CliHarness.url(a), "--log-key", a.vkey().encode());
    args.set(args.indexOf("town"), "city");
    Result refused = audit(args.toArray(new String[0]));
    assertEquals(5, refused.code(), refused.toString());
    assertTrue(refused.err().contains("issuer \"city\""), refused.err());

    Result wrongKey = audit(decision("Wrong key", "--node", CliHarness.url(a), "--log-key", b.vkey().encode())
        .toArray(new String[0]));
    assertEquals(12, wrongKey.code(), wrongKey.toString());
  }

  /** Verifies an offline bundle, and that a tampered bundle fails. */
  @Test
  void bundleVerifiesOfflineAndTamperingFails(Vertx vertx) throws Exception {
    Result f = audit(decision("Bundled", "--node", CliHarness.url(a), "--log-key", a.vkey().encode())
        .toArray(new String[0]));
    assertEquals(0, f.code(), f.toString());
    long index = json(f).get("receipts").get(0).get("index").asLong();
    Path bundle = dir.resolve("bundle.json");
    Result p = audit("bundle", "--node", CliHarness.url(a), "--log-key", a.vkey().encode(), "--index",
        Long.toString(index), "--out", bundle.toString());
    assertEquals(0, p.code(), p.toString());
    CliHarness.await(a.stop());
    Result ok = audit("verify-bundle", bundle.toString(), "--log-key", a.vkey().encode());
    assertEquals(0, ok.code(), ok.toString());
    assertTrue(ok.out().contains("signer authorized by 2 key entries"), ok.out());

    JsonNode b = StrictJson.parse(Files.readAllBytes(bundle), "bundle");
    String leaf = b.get("entry").get("leaf").asText();
    String tampered = Files.readString(bundle).replace(leaf, leaf.substring(0, 40) + (leaf.charAt(40) == 'A' ? 'B' : 'A')
        + leaf.substring(41));
    Files.writeString(bundle, tampered);
    Result bad = audit("verify-bundle", bundle.toString(), "--log-key", a.vkey().encode());
    assertNotEquals(0, bad.code(), bad.toString());
    a = CliHarness.node(vertx, dir.resolve("a"), registrar, "a.example/ledger");
  }

  /**
   * Verifies passphrase-encrypted keys: keygen --encrypt writes one that signs with the right
   * passphrase and is refused with a wrong one; a key OpenSSL encrypted decrypts too.
   * (openssl-encrypted-ed25519.pem: {@code openssl genpkey -algorithm ed25519 -aes-256-cbc
   * -pass pass:'correct horse'}; public key EM3gqNQb46mM3APVwAKnj2AnNGr/I8w6USV5YZgwfYY=.)
   */
  @Test
  void encryptedKeysSignWithTheirPassphrase() throws Exception {
    Path pass = dir.resolve("pass");
    Files.writeString(pass, "correct horse\n");
    Path enc = dir.resolve("enc.pem");
    Result k = audit("keygen", "--encrypt", "--passphrase-file", pass.toString(), "--out", enc.toString(), "--json");
    assertEquals(0, k.code(), k.toString());
    assertTrue(Files.readString(enc).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    Path openssl = dir.resolve("openssl.pem");
    Files.copy(Path.of(getClass().getClassLoader().getResource("openssl-encrypted-ed25519.pem").toURI()), openssl);
    Files.setPosixFilePermissions(openssl, PosixFilePermissions.fromString("rw-------"));
    String[][] keys = {{enc.toString(), json(k).get("keyId").asText()}, {openssl.toString(), "ed25519:EM3gqNQb46mM3APVwAKnj2AnNGr/I8w6USV5YZgwfYY="}};
    for (String[] key : keys) {
      List<String> args = decision("Signed with an encrypted key", "--node", "http://127.0.0.1:1", "--log-key",
          a.vkey().encode(), "--dry-run", "--passphrase-file", pass.toString());
      args.set(args.indexOf(clerkKey.toString()), key[0]);
      args.remove("--json");
      Result r = audit(args.toArray(new String[0]));
      assertEquals(0, r.code(), r.toString());
      assertEquals(key[1], StrictJson.parse(r.out().getBytes(StandardCharsets.UTF_8), "envelope")
          .get("signatures").get(0).get("keyid").asText());
      Files.writeString(pass, "wrong\n");
      Result wrong = audit(args.toArray(new String[0]));
      assertEquals(4, wrong.code(), wrong.toString());
      assertTrue(wrong.err().contains("wrong passphrase"), wrong.err());
      Files.writeString(pass, "correct horse\n");
    }
  }
}
