package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.CliHarness.Result;
import org.auditledger.cli.client.LogClient;
import org.auditledger.node.LedgerNode;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/**
 * {@code audit verify} against real nodes: an honest log verifies and resumes; every kind of
 * tampering a node or a man in the middle can do is reported with its class and first bad entry.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
class VerifyTest {
  private static final String ORIGIN = "town.example/ledger";
  @TempDir
  Path dir;
  private final Ed25519KeyPair registrar = Fixtures.newKey();
  private final Ed25519KeyPair clerk = Fixtures.newKey();

  /** Starts a node, grants the clerk, and files {@code n} decisions. */
  private LedgerNode log(Vertx vertx, Path data, int n, String prefix) throws Exception {
    LedgerNode node = CliHarness.node(vertx, data, registrar, ORIGIN);
    LogClient c = new LogClient(CliHarness.url(node));
    submit(c, Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", ORIGIN, "decision"), registrar).toJson());
    file(c, n, prefix);
    return node;
  }

  private void file(LogClient c, int n, String prefix) throws Exception {
    for (int i = 0; i < n; i++) {
      submit(c, Fixtures.sign(Fixtures.decisionPayload("town", prefix + " " + i), clerk).toJson());
    }
  }

  private static void submit(LogClient c, String envelope) throws Exception {
    LogClient.Response r = c.submit(envelope.getBytes(StandardCharsets.UTF_8));
    assertTrue(r.status() == 201, r.text());
  }

  private Result verify(String url, NoteVerifierKey vkey, String... extra) {
    List<String> args = new ArrayList<>(List.of("verify", "--node", url, "--log-key", vkey.encode(),
        "--state", dir.resolve("state").toString(), "--json"));
    args.addAll(List.of(extra));
    return audit(args.toArray(new String[0]));
  }

  private static JsonNode json(Result r) {
    return StrictJson.parse(r.out().getBytes(StandardCharsets.UTF_8), "audit output");
  }

  /** Verifies an honest log, then only its new entries, proving the old tree a prefix. */
  @Test
  void honestLogVerifiesThenResumes(Vertx vertx) throws Exception {
    LedgerNode node = log(vertx, dir.resolve("a"), 300, "D");
    Result first = verify(CliHarness.url(node), node.vkey());
    assertEquals(0, first.code(), first.toString());
    assertEquals(302, json(first).get("size").asLong());
    assertEquals(300, json(first).get("kinds").get("decision").asLong());
    file(new LogClient(CliHarness.url(node)), 20, "More");
    Result second = verify(CliHarness.url(node), node.vkey());
    assertEquals(0, second.code(), second.toString());
    assertEquals(302, json(second).get("previousSize").asLong());
    assertEquals(20, json(second).get("entriesChecked").asLong());
    CliHarness.await(node.stop());
  }

  /** Verifies that a changed byte in an entry bundle is reported as a bad entry, named. */
  @Test
  void flippedEntryBundleByteIsReported(Vertx vertx) throws Exception {
    LedgerNode node = log(vertx, dir.resolve("a"), 40, "D");
    try (TamperingProxy proxy = new TamperingProxy(vertx, node.port())) {
      proxy.rewrite = TamperingProxy.flip("/tile/entries/", -1);
      Result r = verify(proxy.url(), node.vkey());
      assertEquals(13, r.code(), r.toString());
      assertEquals("entry", json(r).get("failure").asText());
      assertTrue(json(r).has("entry"), r.toString());
    }
    CliHarness.await(node.stop());
  }

  /** Verifies that an entry dropped from a bundle is reported. */
  @Test
  void droppedEntryIsReported(Vertx vertx) throws Exception {
    LedgerNode node = log(vertx, dir.resolve("a"), 40, "D");
    try (TamperingProxy proxy = new TamperingProxy(vertx, node.port())) {
      proxy.rewrite = TamperingProxy.dropEntry(5);
      Result r = verify(proxy.url(), node.vkey());
      assertEquals(13, r.code(), r.toString());
      assertTrue(json(r).get("detail").asText().contains("entries"), r.toString());
    }
    CliHarness.await(node.stop());
  }

  /** Verifies that a changed checkpoint is refused as unsigned. */
  @Test
  void flippedCheckpointIsRefused(Vertx vertx) throws Exception {
    LedgerNode node = log(vertx, dir.resolve("a"), 3, "D");
    try (TamperingProxy proxy = new TamperingProxy(vertx, node.port())) {
      proxy.rewrite = TamperingProxy.flip("/checkpoint", ORIGIN.length() + 4);
      Result r = verify(proxy.url(), node.vkey());
      assertEquals(10, r.code(), r.toString());
      assertEquals("checkpoint", json(r).get("failure").asText());
    }
    CliHarness.await(node.stop());
  }

  /** Verifies that changed hash tiles cannot prove consistency with the state verified before. */
  @Test
  void flippedHashTileBreaksConsistency(Vertx vertx) throws Exception {
    LedgerNode node = log(vertx, dir.resolve("a"), 300, "D");
    assertEquals(0, verify(CliHarness.url(node), node.vkey()).code());
    file(new LogClient(CliHarness.url(node)), 10, "More");
    try (TamperingProxy proxy = new TamperingProxy(vertx, node.port())) {
      proxy.rewrite = (p, b) -> {
        if (!p.startsWith("/tile/0/") && !p.startsWith("/tile/1/")) {
          return b;
        }
        byte[] c = b.clone();
        for (int i = 0; i < c.length; i += 32) {
          c[i] ^= 1;
        }
        return c;
      };
      Result r = verify(proxy.url(), node.vkey());
      assertEquals(11, r.code(), r.toString());
    }
    CliHarness.await(node.stop());
  }

  /** Verifies that a fork (same key, other history) and a rollback are detected. */
  @Test
  void forkAndRollbackAreDetected(Vertx vertx) throws Exception {
    LedgerNode honest = log(vertx, dir.resolve("a"), 30, "Honest");
    Path forkData = dir.resolve("b");
    Files.createDirectories(forkData);
    CliHarness.await(honest.stop());
    // The same log key and origin: an operator running a second history.
    Files.copy(dir.resolve("a").resolve("log-key.pem"), forkData.resolve("log-key.pem"));
    honest = CliHarness.node(vertx, dir.resolve("a"), registrar, ORIGIN);
    assertEquals(0, verify(CliHarness.url(honest), honest.vkey()).code());

    LedgerNode fork = log(vertx, forkData, 40, "Forked");
    assertEquals(honest.vkey(), fork.vkey());
    Result forked = verify(CliHarness.url(fork), fork.vkey());
    assertEquals(11, forked.code(), forked.toString());
    assertTrue(json(forked).get("detail").asText().startsWith("fork"), forked.toString());
    CliHarness.await(fork.stop());

    Path shortData = dir.resolve("c");
    Files.createDirectories(shortData);
    Files.copy(dir.resolve("a").resolve("log-key.pem"), shortData.resolve("log-key.pem"));
    LedgerNode shorter = log(vertx, shortData, 5, "Short");
    Result rollback = verify(CliHarness.url(shorter), shorter.vkey());
    assertEquals(11, rollback.code(), rollback.toString());
    assertTrue(json(rollback).get("detail").asText().startsWith("rollback"), rollback.toString());
    CliHarness.await(shorter.stop());
    CliHarness.await(honest.stop());
  }

  /** Verifies that a leaf edited in the node's RocksDB behind its back is reported, named. */
  @Test
  void storeEditedBehindTheNodesBackIsDetected(Vertx vertx) throws Exception {
    Path data = dir.resolve("a");
    LedgerNode node = log(vertx, data, 20, "D");
    NoteVerifierKey vkey = node.vkey();
    CliHarness.await(node.stop());
    RocksDB.loadLibrary();
    List<ColumnFamilyDescriptor> cfs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (org.rocksdb.Options lo = new org.rocksdb.Options()) {
      for (byte[] n : RocksDB.listColumnFamilies(lo, data.resolve("db").toString())) {
        cfs.add(new ColumnFamilyDescriptor(n));
        names.add(new String(n, StandardCharsets.UTF_8));
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions o = new DBOptions(); RocksDB db = RocksDB.open(o, data.resolve("db").toString(), cfs, handles)) {
      byte[] key = ByteBuffer.allocate(8).putLong(7).array();
      int leaves = names.indexOf("leaves");
      String leaf = new String(db.get(handles.get(leaves), key), StandardCharsets.US_ASCII);
      // Change the decision's text inside the signed payload, as an operator might.
      String edited = leaf.replace("\"payload\":\"ey", "\"payload\":\"eX");
      db.put(handles.get(leaves), key, edited.getBytes(StandardCharsets.US_ASCII));
      handles.forEach(ColumnFamilyHandle::close);
    }
    node = CliHarness.node(vertx, data, registrar, ORIGIN);
    Result r = verify(CliHarness.url(node), vkey);
    assertEquals(13, r.code(), r.toString());
    assertEquals(7, json(r).get("entry").asLong(), r.toString());
    CliHarness.await(node.stop());
  }

  /** Verifies that a required witness quorum that is not met fails with its own code. */
  @Test
  void missingWitnessQuorumFails(Vertx vertx) throws Exception {
    LedgerNode node = log(vertx, dir.resolve("a"), 2, "D");
    String witness = NoteVerifierKey.cosigner("witness.example", Fixtures.newKey().publicKey()).encode();
    Result r = verify(CliHarness.url(node), node.vkey(), "--witness", witness, "--quorum", "1");
    assertEquals(15, r.code(), r.toString());
    CliHarness.await(node.stop());
  }

  /**
   * References into another log are judged against it with --peer: a false one is a claim that
   * fails (exit 6, with the entry, rule and evidence), not a broken log: the state advances. A
   * run without --peer keeps the reference unchecked, and a later run with it reports it.
   */
  @Test
  void crossLogReferencesAreClaimsJudgedAgainstPeers(Vertx vertx) throws Exception {
    LedgerNode a = log(vertx, dir.resolve("a"), 3, "Decision");
    JsonNode target = StrictJson.parse(new LogClient(CliHarness.url(a)).get("v1/entries/3"), "entry");
    Ed25519KeyPair registrarB = Fixtures.newKey();
    LedgerNode b = CliHarness.node(vertx, dir.resolve("b"), registrarB, "audit.example/ledger");
    LogClient cb = new LogClient(CliHarness.url(b));
    Ed25519KeyPair auditor = Fixtures.newKey();
    submit(cb, Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "audit", b.origin(), "finding"),
        registrarB).toJson());
    String finding = Fixtures.findingPayload("audit", "About a decision");
    String trueRef = ",\"refs\":[{\"log\":\"" + ORIGIN + "\",\"index\":3,\"leafHash\":\""
        + target.get("leafHash").asText() + "\",\"rel\":\"about\"}]}";
    submit(cb, Fixtures.sign(finding.substring(0, finding.length() - 1) + trueRef, auditor).toJson());
    String peer = CliHarness.url(a) + "," + a.vkey().encode();

    Result ok = verify(CliHarness.url(b), b.vkey(), "--peer", peer);
    assertEquals(0, ok.code(), ok.toString());
    assertEquals(1, json(ok).get("claimsHeld").asLong());

    // b does not mirror a, so it cannot refuse a reference naming entry 2 by entry 3's hash.
    String falseRef = trueRef.replace("\"index\":3", "\"index\":2");
    String wrong = Fixtures.findingPayload("audit", "Wrong");
    submit(cb, Fixtures.sign(wrong.substring(0, wrong.length() - 1) + falseRef, auditor).toJson());
    Result bad = verify(CliHarness.url(b), b.vkey(), "--peer", peer);
    assertEquals(6, bad.code(), bad.toString());
    JsonNode failed = json(bad).get("claimsFailed").get(0);
    assertEquals(3, failed.get("entry").asLong());
    assertEquals("ref", failed.get("rule").asText());
    assertEquals(ORIGIN + "#2", failed.get("target").asText());
    assertTrue(failed.get("new").asBoolean());
    // The evidence: the entry and the entry it names, each with its inclusion proof and checkpoint.
    assertEquals(3, failed.get("evidence").get("entry").get("index").asLong());
    assertEquals(ORIGIN, failed.get("evidence").get("target").get("log").asText());
    assertEquals(4, json(bad).get("size").asLong(), "the verified state advanced");
    assertTrue(bad.err().contains("entry 3: ref on " + ORIGIN + "#2"), bad.err());
    // The failure stays known to later runs: the log still holds that false claim.
    Result again = verify(CliHarness.url(b), b.vkey(), "--peer", peer);
    assertEquals(6, again.code(), again.toString());
    assertFalse(json(again).get("claimsFailed").get(0).get("new").asBoolean());
    assertEquals(0, json(again).get("entriesChecked").asLong());

    // Without --peer the references stay unchecked; a later run with --peer reports the false one.
    String other = dir.resolve("other-state").toString();
    Result unchecked = audit("verify", "--node", CliHarness.url(b), "--log-key", b.vkey().encode(),
        "--state", other, "--json");
    assertEquals(0, unchecked.code(), unchecked.toString());
    assertEquals("[2,3]", json(unchecked).get("claimsUncheckedEntries").toString());
    Result later = audit("verify", "--node", CliHarness.url(b), "--log-key", b.vkey().encode(),
        "--state", other, "--json", "--peer", peer);
    assertEquals(6, later.code(), later.toString());
    assertEquals(3, json(later).get("claimsFailed").get(0).get("entry").asLong());
    assertEquals(0, json(later).get("claimsUncheckedEntries").size());
    CliHarness.await(a.stop());
    CliHarness.await(b.stop());
  }

  /**
   * In a log whose node does not mirror the town's, a response to the town's key entry and a
   * decision superseding the town's decision are logged; verify with the town as peer reports
   * both claims (rules responds-to and same-issuer) and the state advances.
   */
  @Test
  void misusedRelationsIntoAnotherLogAreReportedNotFatal(Vertx vertx) throws Exception {
    LedgerNode a = log(vertx, dir.resolve("a"), 2, "Decision");
    LogClient ca = new LogClient(CliHarness.url(a));
    JsonNode key = StrictJson.parse(ca.get("v1/entries/1"), "entry");
    JsonNode decision = StrictJson.parse(ca.get("v1/entries/2"), "entry");
    Ed25519KeyPair registrarB = Fixtures.newKey();
    LedgerNode b = CliHarness.node(vertx, dir.resolve("b"), registrarB, "press.example/log");
    LogClient cb = new LogClient(CliHarness.url(b));
    Ed25519KeyPair writer = Fixtures.newKey();
    submit(cb, Fixtures.sign(Fixtures.keyPayload("grant", writer.publicKey(), "press", b.origin(), "decision",
        "response"), registrarB).toJson());
    String response = "{\"v\":1,\"kind\":\"response\",\"issuer\":\"press\",\"created\":\"" + Fixtures.created()
        + "\",\"body\":{\"position\":\"concur\",\"text\":\"Noted.\"}}";
    submit(cb, Fixtures.sign(Fixtures.withRefs(response, Fixtures.ref(ORIGIN, 1,
        java.util.Base64.getDecoder().decode(key.get("leafHash").asText()), "responds-to")), writer).toJson());
    submit(cb, Fixtures.sign(Fixtures.withRefs(Fixtures.decisionPayload("press", "Replaces the town's"),
        Fixtures.ref(ORIGIN, 2, java.util.Base64.getDecoder().decode(decision.get("leafHash").asText()), "supersedes")),
        writer).toJson());
    Result r = verify(CliHarness.url(b), b.vkey(), "--peer", CliHarness.url(a) + "," + a.vkey().encode());
    assertEquals(6, r.code(), r.toString());
    JsonNode failed = json(r).get("claimsFailed");
    assertEquals(2, failed.size(), r.toString());
    assertEquals("responds-to", failed.get(0).get("rule").asText());
    assertEquals(ORIGIN + "#1", failed.get(0).get("target").asText());
    assertEquals("same-issuer", failed.get(1).get("rule").asText());
    assertEquals(4, json(r).get("size").asLong());
    CliHarness.await(a.stop());
    CliHarness.await(b.stop());
  }

  /** Verifies that failed runs (unreachable node, truncated download) leave the state untouched. */
  @Test
  void failuresNeverTouchTheState(Vertx vertx) throws Exception {
    LedgerNode node = log(vertx, dir.resolve("a"), 10, "D");
    assertEquals(0, verify(CliHarness.url(node), node.vkey()).code());
    Path stateFile;
    try (var files = Files.walk(dir.resolve("state"))) {
      stateFile = files.filter(f -> f.getFileName().toString().equals("state.json")).findFirst().orElseThrow();
    }
    byte[] before = Files.readAllBytes(stateFile);
    file(new LogClient(CliHarness.url(node)), 5, "More");
    try (TamperingProxy proxy = new TamperingProxy(vertx, node.port())) {
      proxy.rewrite = (p, b) -> p.startsWith("/tile/entries/") ? java.util.Arrays.copyOf(b, b.length / 2) : b;
      Result truncated = verify(proxy.url(), node.vkey());
      assertEquals(13, truncated.code(), truncated.toString());
      assertTrue(json(truncated).get("detail").asText().contains("truncated"), truncated.toString());
    }
    Result unreachable = verify("http://127.0.0.1:1", node.vkey());
    assertEquals(3, unreachable.code(), unreachable.toString());
    assertTrue(unreachable.err().contains("cannot reach http://127.0.0.1:1/checkpoint"), unreachable.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(stateFile)), "state unchanged");
    assertEquals(0, verify(CliHarness.url(node), node.vkey()).code());
    CliHarness.await(node.stop());
  }

  /** Verifies that watch prints each new entry once, verified, across polls. */
  @Test
  void watchPrintsNewEntries(Vertx vertx) throws Exception {
    LedgerNode node = log(vertx, dir.resolve("a"), 2, "First");
    Thread filer = new Thread(() -> {
      try {
        Thread.sleep(1500);
        file(new LogClient(CliHarness.url(node)), 1, "Later");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    filer.start();
    Result r = audit("watch", "--node", CliHarness.url(node), "--log-key", node.vkey().encode(),
        "--state", dir.resolve("state").toString(), "--interval", "3", "--count", "2");
    filer.join();
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().filter(l -> !l.startsWith("#")).toList();
    // Issuers are shown with their home log (name@home).
    String town = "town@" + ORIGIN;
    assertEquals(5, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("0 key " + ORIGIN + "@" + ORIGIN + " grant [\"registrar\"] for " + ORIGIN), lines.get(0));
    assertTrue(lines.get(1).startsWith("1 key " + ORIGIN + "@" + ORIGIN + " grant [\"decision\"] for town"), lines.get(1));
    assertEquals(List.of("2 decision " + town + " First 0 [adopted]", "3 decision " + town + " First 1 [adopted]",
        "4 decision " + town + " Later 0 [adopted]"), lines.subList(2, 5));
    CliHarness.await(node.stop());
  }
}
