package org.auditledger.bench;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.node.KeyFiles;
import org.auditledger.node.LedgerNode;
import org.auditledger.node.NodeConfig;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.authz.RegistryCodec;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.node.store.AppendBatch;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.SignedCheckpoint;

/**
 * How long a node takes to open a large log. Builds a store of N valid entries directly (genesis,
 * a grant, then ~1 KiB decisions: real leaves, chain, tree nodes and signed checkpoint), then
 * times {@code LedgerNode.start} on it, twice. With a third argument {@code serve}, keeps serving
 * it (for {@code audit verify} benchmarks) and prints the log's vkey.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.auditledger.bench.OpenTime 10000000 /tmp/large-log</pre>
 */
public final class OpenTime {
  private OpenTime() {}

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path dir = Path.of(args.length > 1 ? args[1] : Files.createTempDirectory("ledger-open").toString());
    if (!Files.exists(dir.resolve("db"))) {
      build(n, dir);
    }
    if (args.length > 2 && args[2].equals("serve")) {
      Vertx vertx = Vertx.vertx();
      LedgerNode node = LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir).withPort(
          Integer.parseInt(args.length > 3 ? args[3] : "18099"))).toCompletionStage().toCompletableFuture().get();
      System.out.println("vkey " + node.vkey().encode());
      System.out.println("serving http://127.0.0.1:" + node.port());
      return;
    }
    for (int round = 1; round <= 2; round++) {
      Vertx vertx = Vertx.vertx();
      long t0 = System.nanoTime();
      LedgerNode node = LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir).withPort(0))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
      double ms = (System.nanoTime() - t0) / 1e6;
      System.out.printf("open %d: node serving a log of %d entries after %.0f ms%n", round,
          node.sequencer().head().size(), ms);
      node.stop().toCompletionStage().toCompletableFuture().get();
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static void build(long n, Path dir) throws Exception {
    long t0 = System.nanoTime();
    Ed25519KeyPair logKey = KeyFiles.loadOrCreate(dir.resolve("log-key.pem")).key();
    String origin = "bench.example/large";
    NoteSignerKey signer = new NoteSignerKey(origin, logKey);
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair clerk = Fixtures.newKey();
    String genesis = Fixtures.keyPayload("grant", registrar.publicKey(), origin, origin, "registrar");
    Envelope first = Fixtures.sign(genesis, logKey);
    String grantClerk = Fixtures.keyPayload("grant", clerk.publicKey(), "town", origin, "decision");
    Envelope second = Fixtures.sign(grantClerk, registrar);
    // About 1 KiB, like the HTTP load driver's entries; each its own payload (rule unique-payload).
    String text = "The council decided as follows. ".repeat(24);
    KeyRegistry reg = KeyRegistry.empty(origin, logKey.publicKey());
    Instant logged = Instant.now();
    reg.authorize(0, logged, EntryPayload.parse(genesis.getBytes(StandardCharsets.UTF_8)), List.of(logKey.publicKey()), null);
    reg.authorize(1, logged, EntryPayload.parse(grantClerk.getBytes(StandardCharsets.UTF_8)), List.of(registrar.publicKey()), null);
    CompactRange range = CompactRange.empty();
    byte[] prev = new byte[0];
    try (LogStore store = LogStore.open(dir.resolve("db"))) {
      store.setOrigin(origin);
      int chunk = 100_000;
      for (long start = 0; start < n; start += chunk) {
        final long from = start;
        List<Envelope> signed = java.util.stream.LongStream.range(start, Math.min(n, start + chunk)).parallel()
            .mapToObj(i -> i == 0 ? first : i == 1 ? second : Fixtures.sign(Fixtures.decisionPayload("town", "Bulk " + i)
                .replace("The council decided.", text), clerk))
            .toList();
        try (AppendBatch b = store.batch()) {
          for (long i = start; i < Math.min(n, start + chunk); i++) {
            Envelope e = signed.get((int) (i - from));
            Leaf l = new Leaf(e, i, logged, prev);
            byte[] leaf = l.encode();
            byte[] h = Rfc6962.leafHash(leaf);
            range.append(h, b::node);
            b.append(i, leaf, h, new Entry(l, EntryPayload.parse(e.payload())), EntryId.of(e));
            prev = h;
          }
          if (start + chunk >= n) {
            SignedCheckpoint cp = SignedCheckpoint.sign(new Checkpoint(origin, n, range.root()), signer);
            b.head(n, cp.encode(), RegistryCodec.encode(reg.snapshot()));
          }
          store.commit(b);
        }
        if ((start / chunk) % 10 == 0) {
          System.out.printf("built %d entries (%.0f s)%n", start + chunk, (System.nanoTime() - t0) / 1e9);
        }
      }
    }
    System.out.printf("built a log of %d entries in %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
  }
}
