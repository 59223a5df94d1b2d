package org.auditledger.cli;

import static org.auditledger.cli.CliHarness.audit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.auditledger.node.backup.Restore;
import org.auditledger.node.backup.StoreAudit;
import org.auditledger.node.store.LogStore;
import org.auditledger.node.store.StorageException;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/**
 * An online backup of a running node, restored into a new data directory, audited, served by a
 * new node: {@code audit verify} finds the same log before and after. A restored store edited
 * behind the audit's back is refused, naming the entry.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class BackupRestoreTest {
  private static final String ORIGIN = "town.example/ledger";
  @TempDir
  Path dir;

  private static HttpResponse<String> backup(LedgerNode n, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(CliHarness.url(n) + "/v1/admin/backup"))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(Result r) {
    return StrictJson.parse(r.out().getBytes(StandardCharsets.UTF_8), "audit output");
  }

  /** Verifies backup, restore, audit and verification end to end, and the admin token. */
  @Test
  void backupRestoreVerifiesTheSameLog(Vertx vertx) throws Exception {
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair clerk = Fixtures.newKey();
    LedgerNode a = CliHarness.node(vertx, dir.resolve("a"), registrar, ORIGIN);
    LogClient c = new LogClient(CliHarness.url(a));
    c.submit(Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", ORIGIN, "decision"), registrar)
        .toJson().getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 400; i++) {
      assertEquals(201, c.submit(Fixtures.sign(Fixtures.decisionPayload("town", "D" + i), clerk).toJson()
          .getBytes(StandardCharsets.UTF_8)).status());
    }
    String vkey = a.vkey().encode();
    Result before = audit("verify", "--node", CliHarness.url(a), "--log-key", vkey, "--state", dir.resolve("s1").toString(), "--json");
    assertEquals(0, before.code(), before.toString());

    assertEquals(403, backup(a, null).statusCode());
    assertEquals(403, backup(a, "0".repeat(64)).statusCode());
    String token = Files.readString(dir.resolve("a").resolve("admin-token")).trim();
    HttpResponse<String> made = backup(a, token);
    assertEquals(200, made.statusCode(), made.body());
    Path backupDir = Path.of(StrictJson.parse(made.body().getBytes(StandardCharsets.UTF_8), "answer").get("dir").asText());
    // The node keeps writing while and after it is backed up.
    assertEquals(201, c.submit(Fixtures.sign(Fixtures.decisionPayload("town", "After the backup"), clerk).toJson()
        .getBytes(StandardCharsets.UTF_8)).status());

    StoreAudit.Result restored = Restore.run(backupDir, dir.resolve("b"));
    assertEquals(402, restored.entries());
    LedgerNode b = CliHarness.await(LedgerNode.start(vertx, org.auditledger.node.NodeConfig.defaults()
        .withDataDir(dir.resolve("b")).withPort(0)));
    Result after = audit("verify", "--node", CliHarness.url(b), "--log-key", vkey, "--state", dir.resolve("s2").toString(), "--json");
    assertEquals(0, after.code(), after.toString());
    assertEquals(json(before).get("size"), json(after).get("size"));
    assertEquals(json(before).get("root"), json(after).get("root"));
    // The state verified at the original is consistent with the restored node, entry for entry.
    Result resumed = audit("verify", "--node", CliHarness.url(b), "--log-key", vkey, "--state", dir.resolve("s1").toString());
    assertEquals(0, resumed.code(), resumed.toString());
    CliHarness.await(b.stop());
    CliHarness.await(a.stop());

    // A restore that an operator edits before the audit ran is refused, naming the entry.
    assertThrows(java.io.IOException.class, () -> Restore.run(backupDir, dir.resolve("b")), "never over an existing store");
    Path db = dir.resolve("c").resolve("db");
    LogStore.restore(backupDir.resolve("db"), db);
    editLeaf(db, 7);
    try (LogStore s = LogStore.open(db)) {
      StorageException e = assertThrows(StorageException.class, () -> StoreAudit.run(s, a.vkey()));
      assertTrue(e.getMessage().contains("entry 7 "), e.getMessage());
    }
  }

  /** Rewrites one byte inside the payload of leaf {@code index}, as a careless or hostile operator might. */
  private static void editLeaf(Path db, long index) throws Exception {
    RocksDB.loadLibrary();
    List<ColumnFamilyDescriptor> cfs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (org.rocksdb.Options lo = new org.rocksdb.Options()) {
      for (byte[] n : RocksDB.listColumnFamilies(lo, db.toString())) {
        cfs.add(new ColumnFamilyDescriptor(n));
        names.add(new String(n, StandardCharsets.UTF_8));
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions o = new DBOptions(); RocksDB r = RocksDB.open(o, db.toString(), cfs, handles)) {
      ColumnFamilyHandle leaves = handles.get(names.indexOf("leaves"));
      byte[] key = ByteBuffer.allocate(8).putLong(index).array();
      byte[] leaf = r.get(leaves, key);
      String s = new String(leaf, StandardCharsets.US_ASCII);
      int at = s.indexOf("\"logged\":\"") + 12;
      leaf[at] = (byte) (leaf[at] == '1' ? '2' : '1');
      r.put(leaves, key, leaf);
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}
