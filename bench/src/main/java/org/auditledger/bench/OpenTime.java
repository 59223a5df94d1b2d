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
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.claims.Claims;
import org.auditledger.protocol.claims.EntryFacts;
import org.auditledger.protocol.claims.KnownLog;
import org.auditledger.protocol.claims.KnownLogs;
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
 * <p>With {@code -Dmix=accountability}, one entry in ten is a finding by the local organization
 * {@code auditors} about a decision of the previous chunk (half of them with a response due date
 * already past), and from the third chunk one in twenty a response by {@code town} to a finding
 * of the previous chunk: derived state (protocol.md §10) then has about 150,000 findings and
 * responses per million entries.
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

  /**
   * Entry {@code i} of the accountability mix: a finding about the decision one chunk back, a
   * response to the finding one chunk back, or a decision. Entries of the first chunk are decisions.
   */
  private static Envelope mixed(long i, long from, byte[][] previous, String text, Ed25519KeyPair clerk,
      Ed25519KeyPair auditor) {
    // Entry i - chunk - 1, in the previous chunk.
    long target = i - previous.length - 1;
    if (i % 10 == 3 && target >= 3) {
      byte[] hash = previous[(int) (i - from - 1)];
      String f = Fixtures.findingPayload("auditors", "Finding " + i);
      if (i % 20 == 3) {
        f = f.replace("\"recommendations\":[]", "\"recommendations\":[],\"responseDueDate\":\"2026-01-31\"");
      }
      return Fixtures.sign(Fixtures.withRefs(f, Fixtures.ref(null, target, hash, "about")), auditor);
    }
    if (i % 20 == 4 && from >= 2L * previous.length && target >= previous.length + 10) {
      byte[] hash = previous[(int) (i - from - 1)];
      String r = Fixtures.responsePayload("town", target, java.util.Base64.getEncoder().encodeToString(hash));
      return Fixtures.sign(r, clerk);
    }
    return Fixtures.sign(Fixtures.decisionPayload("town", "Bulk " + i).replace("The council decided.", text), clerk);
  }

  static void build(long n, Path dir) throws Exception {
    long t0 = System.nanoTime();
    Ed25519KeyPair logKey = KeyFiles.loadOrCreate(dir.resolve("log-key.pem")).key();
    String origin = "bench.example/large";
    NoteSignerKey signer = new NoteSignerKey(origin, logKey);
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair clerk = Fixtures.newKey();
    String genesis = Fixtures.keyPayload("grant", registrar.publicKey(), origin, origin, "registrar");
    Envelope first = Fixtures.sign(genesis, logKey);
    boolean mix = "accountability".equals(System.getProperty("mix"));
    Ed25519KeyPair auditor = Fixtures.newKey();
    String grantClerk = Fixtures.keyPayload("grant", clerk.publicKey(), "town", origin, "decision", "response");
    Envelope second = Fixtures.sign(grantClerk, registrar);
    String grantAuditor = Fixtures.keyPayload("grant", auditor.publicKey(), "auditors", origin, "finding");
    Envelope third = Fixtures.sign(grantAuditor, registrar);
    // About 1 KiB, like the HTTP load driver's entries; each its own payload (rule unique-payload).
    String text = "The council decided as follows. ".repeat(24);
    KeyRegistry reg = KeyRegistry.empty(origin, logKey.publicKey());
    Instant logged = Instant.now();
    reg.authorize(0, logged, EntryPayload.parse(genesis.getBytes(StandardCharsets.UTF_8)), List.of(logKey.publicKey()), null);
    reg.authorize(1, logged, EntryPayload.parse(grantClerk.getBytes(StandardCharsets.UTF_8)), List.of(registrar.publicKey()), null);
    reg.authorize(2, logged, EntryPayload.parse(grantAuditor.getBytes(StandardCharsets.UTF_8)), List.of(registrar.publicKey()), null);
    CompactRange range = CompactRange.empty();
    byte[] prev = new byte[0];
    try (LogStore store = LogStore.open(dir.resolve("db"))) {
      store.setOrigin(origin);
      int chunk = 100_000;
      byte[][] hashes = new byte[chunk][];
      byte[][] previous = new byte[chunk][];
      // Claims are judged by the real rules against the entries built so far (facts kept only
      // for entries that can be named: decisions and findings of the last three chunks suffice).
      java.util.Map<Long, EntryFacts> facts = new java.util.HashMap<>();
      long[] built = {0};
      KnownLog self = new KnownLog() {
        @Override
        public String origin() {
          return origin;
        }

        @Override
        public long size() {
          return built[0];
        }

        @Override
        public EntryFacts entry(long index) {
          return facts.get(index);
        }

        @Override
        public KeyRegistry registryAt(long size) {
          return null;
        }
      };
      for (long start = 0; start < n; start += chunk) {
        final long from = start;
        final byte[][] earlier = previous;
        List<Envelope> signed = java.util.stream.LongStream.range(start, Math.min(n, start + chunk)).parallel()
            .mapToObj(i -> i == 0 ? first : i == 1 ? second : i == 2 ? third
                : mix && from > 0 ? mixed(i, from, earlier, text, clerk, auditor)
                : Fixtures.sign(Fixtures.decisionPayload("town", "Bulk " + i).replace("The council decided.", text), clerk))
            .toList();
        try (AppendBatch b = store.batch()) {
          for (long i = start; i < Math.min(n, start + chunk); i++) {
            Envelope e = signed.get((int) (i - from));
            Leaf l = new Leaf(e, i, logged, prev);
            byte[] leaf = l.encode();
            byte[] h = Rfc6962.leafHash(leaf);
            range.append(h, b::node);
            hashes[(int) (i - from)] = h;
            EntryPayload payload = EntryPayload.parse(e.payload());
            List<Claim> claims = payload.refs().isEmpty() ? List.of()
                : Claims.check(origin, i, logged, payload, List.of(), KnownLogs.of(List.of(self)));
            if (Claims.anyFails(claims)) {
              throw new IllegalStateException("entry " + i + ": " + claims);
            }
            b.append(i, leaf, h, new Entry(l, payload), EntryId.of(e), claims);
            if (mix) {
              facts.put(i, EntryFacts.of(origin, h, payload));
              facts.remove(i - 3L * chunk);
            }
            built[0] = i + 1;
            prev = h;
          }
          if (start + chunk >= n) {
            SignedCheckpoint cp = SignedCheckpoint.sign(new Checkpoint(origin, n, range.root()), signer);
            b.head(n, cp.encode(), RegistryCodec.encode(reg.snapshot()));
          }
          store.commit(b);
        }
        byte[][] t = previous;
        previous = hashes;
        hashes = t;
        if ((start / chunk) % 10 == 0) {
          System.out.printf("built %d entries (%.0f s)%n", start + chunk, (System.nanoTime() - t0) / 1e9);
        }
      }
    }
    System.out.printf("built a log of %d entries in %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
  }
}
