package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.merkle.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** A node reopens its log, and refuses to serve a store edited behind its back. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class RestartTest {
  @TempDir
  Path dir;

  /** Verifies that a restarted node serves the same head and keeps appending. */
  @Test
  void restartResumesTheSameLog(Vertx vertx) {
    try (TestNode t = TestNode.start(vertx, dir)) {
      t.fileDecision("Before restart");
      JsonNode before = TestNode.json(t.get("/v1/log"));
      t.stopNode();
      t.startNode();
      JsonNode after = TestNode.json(t.get("/v1/log"));
      assertEquals(before, after);
      assertEquals(3, t.fileDecision("After restart").get("index").asLong());
    }
  }

  /** Verifies that a changed tree node makes the node refuse to start, naming both roots. */
  @Test
  void tamperedStoreIsRefused(Vertx vertx) throws Exception {
    try (TestNode t = TestNode.start(vertx, dir)) {
      t.fileDecision("Honest");
      t.stopNode();
      RocksDB.loadLibrary();
      List<ColumnFamilyDescriptor> cfs = new java.util.ArrayList<>();
      List<String> names = new java.util.ArrayList<>();
      try (org.rocksdb.Options lo = new org.rocksdb.Options()) {
        for (byte[] n : RocksDB.listColumnFamilies(lo, dir.resolve("db").toString())) {
          cfs.add(new ColumnFamilyDescriptor(n));
          names.add(new String(n, java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      List<ColumnFamilyHandle> handles = new java.util.ArrayList<>();
      try (DBOptions o = new DBOptions();
          RocksDB db = RocksDB.open(o, dir.resolve("db").toString(), cfs, handles)) {
        // Rewrite the hash of the last leaf (level 0, index 2), as an operator might.
        db.put(handles.get(names.indexOf("nodes")), ByteBuffer.allocate(9).put((byte) 0).putLong(2).array(), new byte[32]);
        handles.forEach(ColumnFamilyHandle::close);
      }
      AssertionError e = assertThrows(AssertionError.class, t::startNode);
      assertTrue(e.getMessage().contains("signed checkpoint says"), e.getMessage());
      t.node = null;
    }
  }
}
