package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.auditledger.node.sequencer.Receipt;
import org.auditledger.node.sequencer.Sequencer;
import org.auditledger.node.sequencer.Submission;
import org.auditledger.node.store.LogReader;
import org.auditledger.node.store.LogStore;
import org.auditledger.node.store.StorageException;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Ref;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's read contract ({@link LogReader}), checked the same way against the node's own
 * store, written by its sequencer, and a mirror's, written by the replay: both came through the
 * one write path, so both must answer alike. And a batch that fails midway leaves nothing visible.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class StoreContractTest {
  @TempDir
  Path dir;

  /** Verifies the contract on both stores of one log. */
  @Test
  void ownStoreAndMirrorStoreKeepTheContract(Vertx vertx) throws Exception {
    try (TestNode a = TestNode.start(vertx, dir.resolve("a"))) {
      Ed25519KeyPair auditor = Fixtures.newKey();
      a.post(Fixtures.sign(Fixtures.keyPayload("grant", auditor.publicKey(), "audit", a.node.origin(), "finding"), a.registrar));
      for (int i = 0; i < 300; i++) {
        if (i % 50 == 7) {
          var f = TestNode.json(a.post(Fixtures.sign(Fixtures.findingPayload("audit", "F" + i), auditor)));
          a.post(Fixtures.sign(Fixtures.responsePayload(TestNode.TOWN, f.get("index").asLong(), f.get("leafHash").asText()),
              a.clerk, Fixtures.newKey()));
        } else {
          a.fileDecision("D" + i);
        }
      }
      LedgerNode b = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("b"))
          .withPort(0).withPeers(List.of("http://127.0.0.1:" + a.node.port() + "," + a.node.vkey().encode()))));
      long size = a.node.sequencer().head().size();
      var mirror = b.mirrors().get(0);
      long deadline = System.currentTimeMillis() + 30_000;
      while (mirror.head().size() < size && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(size, mirror.head().size());
      List<byte[]> leaves = a.node.store().leaves(0, (int) size);
      check(a.node.store(), leaves, a.node.vkey());
      check(mirror.store(), leaves, a.node.vkey());
      TestNode.await(b.stop());
    }
  }

  private static void check(LogReader s, List<byte[]> leaves, org.auditledger.protocol.note.NoteVerifierKey vkey) {
    long size = leaves.size();
    assertEquals(size, s.size());
    assertEquals(vkey.name(), s.origin());
    SignedCheckpoint cp = SignedCheckpoint.open(s.checkpoint(), vkey);
    assertEquals(size, cp.checkpoint().size());
    assertArrayEquals(cp.checkpoint().rootHash(), CompactRange.of(size, s.read(CompactRange.edge(size))).root());
    // Contiguous prefix semantics of leaves(from, count).
    assertEquals(10, s.leaves(size - 10, 100).size());
    assertEquals(0, s.leaves(size, 5).size());
    assertNull(s.leaf(size));
    assertNull(s.kind(size));
    Map<String, List<Long>> postings = new TreeMap<>();
    List<EntryId> ids = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      byte[] leaf = leaves.get(i);
      assertArrayEquals(leaf, s.leaf(i));
      Entry e = Entry.open(leaf);
      byte[] h = Rfc6962.leafHash(leaf);
      assertArrayEquals(h, s.read(List.of(new NodeId(0, i))).get(0));
      assertEquals(i, s.indexOfLeafHash(h));
      EntryId id = EntryId.of(e.leaf().envelope());
      ids.add(id);
      assertEquals(i, s.indexOfEntry(id));
      assertEquals(e.payload().kind(), s.kind(i));
      EntryPayload p = e.payload();
      postings.computeIfAbsent("k" + p.kind().jsonName(), x -> new ArrayList<>()).add((long) i);
      postings.computeIfAbsent("i" + p.issuerIn(s.origin()), x -> new ArrayList<>()).add((long) i);
      postings.computeIfAbsent("n" + p.issuer(), x -> new ArrayList<>()).add((long) i);
      if (p.kind() == org.auditledger.protocol.entry.EntryKind.KEY) {
        postings.computeIfAbsent("g" + p.keyGrant().organization(), x -> new ArrayList<>()).add((long) i);
      }
      for (Ed25519PublicKey k : e.leaf().envelope().signers()) {
        postings.computeIfAbsent("s" + k.keyId(), x -> new ArrayList<>()).add((long) i);
      }
      for (Ref r : p.refs()) {
        postings.computeIfAbsent("r" + (r.log() == null ? "" : r.log()) + "#" + r.index(), x -> new ArrayList<>()).add((long) i);
      }
    }
    long[] batch = s.indexOfEntries(ids);
    for (int i = 0; i < size; i++) {
      assertEquals(i, batch[i]);
    }
    assertEquals(-1, s.indexOfEntries(List.of(new EntryId(new byte[32])))[0]);
    for (var p : postings.entrySet()) {
      List<Long> got = new ArrayList<>();
      s.postings((byte) p.getKey().charAt(0), p.getKey().substring(1), -1, Integer.MAX_VALUE, got::add);
      assertEquals(p.getValue(), got, p.getKey());
      long first = p.getValue().get(0);
      assertTrue(s.hasPosting((byte) p.getKey().charAt(0), p.getKey().substring(1), first));
    }
    assertFalse(s.hasPosting(LogReader.KIND, "finding", 0));
    assertThrows(StorageException.class, () -> s.read(List.of(new NodeId(0, size + 5))));
    assertEquals(Base64.getEncoder().encodeToString(s.registry()).length() > 0, true);
  }

  /**
   * Verifies that a batch failing while its entries are staged, or at commit, is answered as a
   * storage failure for every entry in it, leaves the store exactly as it was, and that the next
   * batch takes the same indexes.
   */
  @Test
  void aBatchThatFailsMidwayLeavesNothingVisible() throws Exception {
    NoteSignerKey logKey = new NoteSignerKey("town.example/log", Fixtures.newKey());
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair clerk = Fixtures.newKey();
    try (LogStore real = LogStore.open(dir.resolve("db"))) {
      real.setOrigin(logKey.name());
      FailingStorage store = new FailingStorage(real);
      Sequencer seq = Sequencer.open(store, logKey, new NodeMetrics(), Clock.systemUTC(), 64, 1000);
      try {
        seq.genesis(List.of(registrar.publicKey()));
        submit(seq, Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", logKey.name(), "decision"), registrar)).join();
        long before = real.size();
        byte[] cpBefore = real.checkpoint();
        for (int mode = 0; mode < 2; mode++) {
          store.failAtAppend = mode == 0 ? 4 : -1;
          store.failCommit = mode == 1;
          List<Envelope> envs = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            envs.add(Fixtures.sign(Fixtures.decisionPayload("town", "Mode " + mode + " entry " + i), clerk));
          }
          // Queued while the sequencer commits another batch, so that they form one batch.
          java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
          store.hold = hold;
          int failAt = store.failAtAppend;
          boolean failCommit = store.failCommit;
          store.failAtAppend = -1;
          store.failCommit = false;
          CompletableFuture<Receipt> blocker = submit(seq,
              Fixtures.sign(Fixtures.decisionPayload("town", "Blocker " + mode), clerk));
          store.committing.acquire();
          List<CompletableFuture<Receipt>> fs = new ArrayList<>();
          envs.forEach(e -> fs.add(submit(seq, e)));
          store.failAtAppend = failAt;
          store.failCommit = failCommit;
          store.hold = null;
          hold.countDown();
          // The blocker's batch was staged before the failure was armed.
          assertEquals(before, blocker.join().index());
          before++;
          cpBefore = real.checkpoint();
          for (CompletableFuture<Receipt> f : fs) {
            CompletionException e = assertThrows(CompletionException.class, f::join);
            assertTrue(e.getCause() instanceof StorageException, e.toString());
          }
          assertEquals(before, real.size());
          assertArrayEquals(cpBefore, real.checkpoint());
          for (Envelope e : envs) {
            assertEquals(-1, real.indexOfEntry(EntryId.of(e)));
          }
          List<Long> none = new ArrayList<>();
          real.postings(LogReader.KIND, "decision", before - 1, 100, none::add);
          assertEquals(List.of(), none);
          assertNull(real.leaf(before));
          store.failAtAppend = -1;
          store.failCommit = false;
          assertEquals(before, submit(seq, envs.get(0)).join().index(), "the same index is given again");
          before++;
          cpBefore = real.checkpoint();
        }
      } finally {
        seq.close();
      }
    }
  }

  private static CompletableFuture<Receipt> submit(Sequencer seq, Envelope e) {
    return seq.submit(new Submission(e, EntryPayload.parse(e.payload())));
  }
}
