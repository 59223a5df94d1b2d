package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.CliHarness.Result;
import org.auditledger.cli.client.LogClient;
import org.auditledger.node.KeyFiles;
import org.auditledger.node.LedgerNode;
import org.auditledger.node.NodeConfig;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes: a log asks two peer nodes to witness it (C2SP tlog-witness), serves its
 * checkpoint with their cosignatures, and {@code audit verify --quorum 2} insists on them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class WitnessQuorumTest {
  private static final String ORIGIN = "town.example/ledger";
  @TempDir
  Path dir;

  /** Verifies that cosignatures are collected and a quorum of them is checked by the CLI. */
  @Test
  void verifyInsistsOnTheWitnessQuorum(Vertx vertx) throws Exception {
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair logKey = KeyFiles.loadOrCreate(dir.resolve("a").resolve("log-key.pem")).key();
    NoteVerifierKey logVkey = NoteVerifierKey.ed25519(ORIGIN, logKey.publicKey());
    LedgerNode w1 = witness(vertx, "w1", registrar, logVkey);
    LedgerNode w2 = witness(vertx, "w2", registrar, logVkey);
    LedgerNode a = CliHarness.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("a"))
        .withPort(0).withOrigin(ORIGIN).withRegistrars(List.of(registrar.publicKey().base64()))
        .withWitnesses(List.of(CliHarness.url(w1) + "," + w1.witness().vkey().encode(),
            CliHarness.url(w2) + "," + w2.witness().vkey().encode()))));
    LogClient c = new LogClient(CliHarness.url(a));
    Ed25519KeyPair clerk = Fixtures.newKey();
    c.submit(Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", ORIGIN, "decision"), registrar)
        .toJson().getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 5; i++) {
      c.submit(Fixtures.sign(Fixtures.decisionPayload("town", "D" + i), clerk).toJson().getBytes(StandardCharsets.UTF_8));
    }
    // The log asks its witnesses every 500 ms; wait for the newest checkpoint with both cosignatures.
    long deadline = System.currentTimeMillis() + 20_000;
    SignedNote served;
    do {
      Thread.sleep(200);
      served = SignedNote.parse(c.checkpoint());
    } while ((served.signatures().size() < 3 || !served.text().contains("\n7\n")) && System.currentTimeMillis() < deadline);
    assertEquals(3, served.signatures().size(), served.encode());

    String[] base = {"verify", "--node", CliHarness.url(a), "--log-key", logVkey.encode(), "--json",
        "--witness", w1.witness().vkey().encode(), "--witness", w2.witness().vkey().encode()};
    Result ok = audit(concat(base, "--state", dir.resolve("s1").toString(), "--quorum", "2"));
    assertEquals(0, ok.code(), ok.toString());
    assertTrue(ok.out().contains(w1.witness().vkey().name()) && ok.out().contains(w2.witness().vkey().name()), ok.out());

    String stranger = NoteVerifierKey.cosigner("w3.example", Fixtures.newKey().publicKey()).encode();
    Result short1 = audit(concat(base, "--state", dir.resolve("s2").toString(), "--witness", stranger, "--quorum", "3"));
    assertEquals(15, short1.code(), short1.toString());
    // Every command opens the checkpoint the same way: an unmet quorum is exit 15, in one line.
    String[] quorum = {"--node", CliHarness.url(a), "--log-key", logVkey.encode(), "--witness", stranger, "--quorum", "1",
        "--state", dir.resolve("s4").toString()};
    for (String[] cmd : List.of(new String[] {"get", "--index", "3"}, new String[] {"search", "--kind", "decision"},
        new String[] {"prove", "--index", "3"}, new String[] {"bundle", "--index", "3", "--out", dir.resolve("b.json").toString()})) {
      Result r = audit(concat(cmd, quorum));
      assertEquals(15, r.code(), String.join(" ", cmd) + ": " + r);
      assertTrue(!r.err().contains("Exception") && r.err().contains("want 1"), r.err());
    }

    // A fork of the same size, same key, shown to w1: kept as evidence, then shown by audit verify.
    assertEquals(0, audit("verify", "--node", CliHarness.url(a), "--log-key", logVkey.encode(),
        "--state", dir.resolve("s3").toString(), "--alerts", CliHarness.url(w1)).code());
    java.nio.file.Files.createDirectories(dir.resolve("f"));
    java.nio.file.Files.copy(dir.resolve("a").resolve("log-key.pem"), dir.resolve("f").resolve("log-key.pem"));
    LedgerNode f = CliHarness.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("f"))
        .withPort(0).withOrigin(ORIGIN).withRegistrars(List.of(registrar.publicKey().base64()))));
    LogClient fc = new LogClient(CliHarness.url(f));
    fc.submit(Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", ORIGIN, "decision"), registrar)
        .toJson().getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 5; i++) {
      fc.submit(Fixtures.sign(Fixtures.decisionPayload("town", "Forked " + i), clerk).toJson().getBytes(StandardCharsets.UTF_8));
    }
    byte[] forkNote = fc.checkpoint();
    var answer = new LogClient(CliHarness.url(w1)).submitTo("add-checkpoint",
        ("old 7\n\n" + new String(forkNote, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    assertEquals(409, answer.status(), answer.text());
    Result shown = audit("verify", "--node", CliHarness.url(a), "--log-key", logVkey.encode(),
        "--state", dir.resolve("s3").toString(), "--alerts", CliHarness.url(w1));
    assertEquals(11, shown.code(), shown.toString());
    assertTrue(shown.err().contains("equivocated"), shown.err());
    CliHarness.await(f.stop());
    CliHarness.await(a.stop());
    CliHarness.await(w1.stop());
    CliHarness.await(w2.stop());
  }

  private LedgerNode witness(Vertx vertx, String name, Ed25519KeyPair registrar, NoteVerifierKey log) {
    return CliHarness.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve(name))
        .withPort(0).withOrigin(name + ".example/ledger").withRegistrars(List.of(registrar.publicKey().base64()))
        .withPeers(List.of(log.encode()))));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
