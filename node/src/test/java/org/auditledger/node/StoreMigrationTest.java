package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * A store written in format 1 (duplicates indexed by whole envelope, unproven evidence kept) is
 * upgraded in place when a node opens it: entry ids are indexed, so a co-signed copy of an old
 * entry is refused, and evidence that proves nothing is dropped.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class StoreMigrationTest {
  @TempDir
  Path dir;

  /** Verifies the upgrade from format 1 to format 2. */
  @Test
  void formatOneStoresAreUpgraded(Vertx vertx) throws Exception {
    try (TestNode t = TestNode.start(vertx, dir)) {
      Envelope old = Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "Filed under format 1"), t.clerk);
      assertEquals(201, t.post(old).statusCode());
      t.stopNode();
      downgrade(dir.resolve("db"));
      t.startNode();
      assertEquals(409, t.post(old.cosign(Fixtures.newKey())).statusCode(), "the old entry's id was indexed");
      assertEquals(200, t.post(old).statusCode());
      assertEquals(0, TestNode.json(t.get("/v1/alerts")).get("alerts").size(), "unproven evidence was dropped");
      t.stopNode();
      assertFalse(families(dir.resolve("db")).contains("envelopes"));
      t.startNode();
    }
  }

  private static List<String> families(Path db) throws Exception {
    List<String> names = new ArrayList<>();
    try (org.rocksdb.Options lo = new org.rocksdb.Options()) {
      for (byte[] n : RocksDB.listColumnFamilies(lo, db.toString())) {
        names.add(new String(n, StandardCharsets.UTF_8));
      }
    }
    return names;
  }

  /** Makes a format-2 store look as format 1 left it. */
  private static void downgrade(Path db) throws Exception {
    RocksDB.loadLibrary();
    List<String> names = families(db);
    List<ColumnFamilyDescriptor> cfs = new ArrayList<>();
    names.forEach(n -> cfs.add(new ColumnFamilyDescriptor(n.getBytes(StandardCharsets.UTF_8))));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions o = new DBOptions(); RocksDB r = RocksDB.open(o, db.toString(), cfs, handles)) {
      ColumnFamilyHandle ids = handles.get(names.indexOf("entry_ids"));
      try (RocksIterator it = r.newIterator(ids)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          r.delete(ids, it.key());
        }
      }
      r.put(handles.get(0), "format".getBytes(StandardCharsets.UTF_8), "1".getBytes(StandardCharsets.UTF_8));
      ColumnFamilyHandle envelopes = r.createColumnFamily(new ColumnFamilyDescriptor("envelopes".getBytes(StandardCharsets.UTF_8)));
      r.put(envelopes, new byte[32], new byte[8]);
      r.put(handles.get(names.indexOf("evidence")), new byte[8], ("{\"type\":\"inconsistent\",\"origin\":\"x\","
          + "\"logKey\":\"x+00000000+AA==\",\"checkpoints\":[\"a\",\"b\"],\"proof\":[]}").getBytes(StandardCharsets.UTF_8));
      envelopes.close();
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}
