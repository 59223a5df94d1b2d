package org.auditledger.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.auditledger.node.api.ApiContext;
import org.auditledger.node.accountability.AccountabilityEndpoint;
import org.auditledger.node.accountability.DerivedState;
import org.auditledger.node.claims.Admission;
import org.auditledger.node.claims.NodeLogs;
import org.auditledger.node.api.ConnectionGuard;
import org.auditledger.node.api.EntriesEndpoint;
import org.auditledger.node.api.HttpEndpoint;
import org.auditledger.node.api.LogEndpoint;
import org.auditledger.node.api.LogSource;
import org.auditledger.node.api.ProblemHandler;
import org.auditledger.node.api.ProofsEndpoint;
import org.auditledger.node.api.SearchEndpoint;
import org.auditledger.node.api.TilesEndpoint;
import org.auditledger.node.backup.AdminEndpoint;
import org.auditledger.node.replication.Cluster;
import org.auditledger.node.replication.Follower;
import org.auditledger.node.replication.Mirror;
import org.auditledger.node.sequencer.LogHead;
import org.auditledger.node.sequencer.Sequencer;
import org.auditledger.node.store.EvidenceStore;
import org.auditledger.node.store.LogStore;
import org.auditledger.node.store.StorageException;
import org.auditledger.node.store.WitnessRecords;
import org.auditledger.node.witness.CosignatureCollector;
import org.auditledger.node.witness.EvidenceRecorder;
import org.auditledger.node.witness.Witness;
import org.auditledger.node.witness.WitnessEndpoint;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.wire.PeerSpec;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.note.KeyNames;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: store, sequencer and HTTP server, started as a chain of futures and stopped
 * in reverse. Files under the data directory: {@code db/} (RocksDB), {@code log-key.pem} (the log
 * key), {@code witness-key.pem} (its key as a witness of peers), {@code admin-token} (the secret
 * of the admin endpoints), and {@code registrar-key.pem} when no registrar was configured.
 */
public final class LedgerNode {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerNode.class);

  private final Vertx vertx;
  private final NodeConfig config;
  private LogStore store;
  private Sequencer sequencer;
  private NodeMetrics metrics;
  private NoteVerifierKey vkey;
  private WorkerExecutor verify;
  private WorkerExecutor io;
  private WorkerExecutor heavy;
  private HttpServer server;
  private Witness witness;
  private EvidenceStore evidenceStore;
  private WorkerExecutor witnessWorker;
  private CosignatureCollector collector;
  private PeerClient peers;
  private final List<Mirror> mirrors = new ArrayList<>();
  private DerivedState derived;
  private final List<Follower> followers = new ArrayList<>();
  private WorkerExecutor mirrorWorker;
  private Path generatedRegistrarKey;
  private boolean registrarKeyEncrypted;
  private String adminToken;
  private io.vertx.core.Context eventLoop;
  private java.util.concurrent.ExecutorService checks;

  private LedgerNode(Vertx vertx, NodeConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** What {@code audit-node init} prints. */
  public record Initialized(String origin, String vkey, String witnessVkey, long size, Path registrarKey,
      boolean registrarKeyEncrypted) {}

  /**
   * Creates (or opens) the log's keys, store, origin and genesis entries without serving, and
   * closes the store again. Blocks: call it on a worker.
   */
  public static Initialized initialize(Vertx vertx, NodeConfig config) throws Exception {
    LedgerNode node = new LedgerNode(vertx, config);
    node.eventLoop = vertx.getOrCreateContext();
    try {
      node.openLog();
      return new Initialized(node.origin(), node.vkey.encode(), node.witness.vkey().encode(),
          node.sequencer.head().size(), node.generatedRegistrarKey, node.registrarKeyEncrypted);
    } finally {
      node.closeStorageNow();
      if (node.peers != null) {
        node.peers.close();
      }
    }
  }

  /** Opens the store, resumes or creates the log, and starts serving. */
  public static Future<LedgerNode> start(Vertx vertx, NodeConfig config) {
    LedgerNode node = new LedgerNode(vertx, config);
    // Called from outside Vert.x or from an event loop: this is an event-loop context.
    node.eventLoop = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
          node.openLog();
          return node;
        })
        .compose(n -> n.listen())
        .recover(e -> node.closeStorage().transform(x -> Future.failedFuture(e)));
  }

  private void openLog() throws Exception {
    Path data = config.dataDir();
    // Every setting was checked when the configuration was built; the passphrase file is read
    // before any file is written.
    List<PeerSpec> peerSpecs = config.peers();
    List<Ed25519PublicKey> configuredRegistrars = config.registrars();
    char[] passphrase = registrarPassphrase();
    KeyFiles.Loaded logKey = KeyFiles.loadOrCreate(data.resolve("log-key.pem"));
    adminToken = KeyFiles.tokenOrCreate(data.resolve("admin-token"));
    store = LogStore.open(data.resolve("db"));
    String origin = resolveOrigin(logKey.key());
    NoteSignerKey signer = new NoteSignerKey(origin, logKey.key());
    vkey = signer.verifierKey();
    metrics = new NodeMetrics();
    sequencer = Sequencer.open(store, signer, metrics, Clock.systemUTC(), config.maxBatch(),
        config.queueCapacity());
    Map<String, NoteVerifierKey> witnessed = new HashMap<>();
    for (PeerSpec spec : peerSpecs) {
      witnessed.put(spec.vkey().name(), spec.vkey());
    }
    evidenceStore = new EvidenceStore(store);
    EvidenceRecorder evidence = new EvidenceRecorder(evidenceStore, metrics, Clock.systemUTC());
    peers = new PeerClient(vertx, eventLoop, config.limits().peerTimeout());
    // Mirrors download and check entries on these threads; one more than the verify threads, as
    // one is usually waiting for the peer.
    checks = java.util.concurrent.Executors.newFixedThreadPool(config.verifyThreads() + 1, r -> {
      Thread t = new Thread(r, "ledger-mirror-checks");
      t.setDaemon(true);
      return t;
    });
    Map<String, Mirror> byOrigin = new HashMap<>();
    for (PeerSpec p : peerSpecs) {
      if (p.url() != null) {
        Mirror m = Mirror.open(data, p.url(), p.vkey(), evidence, peers, config.limits().peerTimeout(), checks);
        mirrors.add(m);
        byOrigin.put(m.origin(), m);
      }
    }
    witness = new Witness(new WitnessRecords(store),
        config.witnessName() != null ? config.witnessName() : origin + "/witness",
        KeyFiles.loadOrCreate(data.resolve("witness-key.pem")).key(), witnessed, byOrigin, evidence, Clock.systemUTC());
    if (sequencer.head().size() == 0) {
      sequencer.genesis(configuredRegistrars.isEmpty() ? List.of(generateRegistrar(passphrase)) : configuredRegistrars);
    } else if (!config.registrars().isEmpty()) {
      LOG.info("log exists: configured registrars are ignored; grant keys with key entries");
    }
    Path reg = data.resolve("registrar-key.pem");
    if (Files.exists(reg)) {
      generatedRegistrarKey = reg;
      registrarKeyEncrypted = KeyFiles.isEncrypted(reg);
    }
  }

  private String resolveOrigin(Ed25519KeyPair key) {
    String stored = store.origin();
    String wanted = config.origin();
    if (stored != null) {
      if (wanted != null && !wanted.equals(stored)) {
        throw new StorageException("the store in " + config.dataDir() + " holds the log \"" + stored
            + "\", not \"" + wanted + "\"; a log's origin never changes");
      }
      return stored;
    }
    String origin = wanted != null ? wanted
        // Unique per log key, so two default nodes never share an origin.
        : "localhost/audit-ledger/" + HexFormat.of().formatHex(
            org.auditledger.protocol.merkle.Rfc6962.leafHash(key.publicKey().encoded()), 0, 4);
    KeyNames.checkName(origin);
    store.setOrigin(origin);
    return origin;
  }

  /** The passphrase for a generated registrar key: a file's first line, else the environment. */
  private char[] registrarPassphrase() throws java.io.IOException {
    if (config.registrarPassphraseFile() != null) {
      String line;
      try {
        line = Files.readString(config.registrarPassphraseFile()).lines().findFirst().orElse("");
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot read the registrar passphrase file " + config.registrarPassphraseFile()
            + " (" + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()) + ")", e);
      }
      if (line.isEmpty()) {
        throw new IllegalArgumentException("registrar passphrase file " + config.registrarPassphraseFile() + " is empty");
      }
      return line.toCharArray();
    }
    String env = System.getenv("AUDIT_NODE_REGISTRAR_PASSPHRASE");
    return env == null || env.isEmpty() ? null : env.toCharArray();
  }

  private Ed25519PublicKey generateRegistrar(char[] passphrase) throws java.io.IOException {
    return KeyFiles.loadOrCreate(config.dataDir().resolve("registrar-key.pem"), passphrase).key().publicKey();
  }

  private Future<LedgerNode> listen() {
    int cores = config.verifyThreads();
    String id = Integer.toString(System.identityHashCode(this));
    verify = vertx.createSharedWorkerExecutor("ledger-verify-" + id, cores);
    io = vertx.createSharedWorkerExecutor("ledger-io-" + id, config.ioThreads());
    heavy = vertx.createSharedWorkerExecutor("ledger-heavy-" + id, 2);
    // One thread: a witness checks and records atomically (C2SP tlog-witness).
    witnessWorker = vertx.createSharedWorkerExecutor("ledger-witness-" + id, 1);
    collector = new CosignatureCollector(vertx, peers, config.witnesses(), sequencer::head, store,
        config.limits().peerTimeout());
    Supplier<SignedCheckpoint> served = () -> {
      SignedCheckpoint c = collector.cosigned();
      return c != null ? c : sequencer.head().checkpoint();
    };
    LogSource own = new LogSource() {
      @Override
      public String origin() {
        return sequencer.origin();
      }

      @Override
      public LogHead head() {
        return sequencer.head();
      }

      @Override
      public LogStore store() {
        return store;
      }
    };
    List<ApiContext.Mirrored> mirrored = mirrors.stream().map(m -> new ApiContext.Mirrored(m, m.vkey())).toList();
    NodeLogs nodeLogs = new NodeLogs(new NodeLogs.Held(own, vkey.publicKey()),
        () -> mirrors.stream().map(m -> new NodeLogs.Held(m, m.vkey().publicKey())).toList());
    Admission admission = new Admission(nodeLogs);
    // Derived state: each store's contributions, read once on a worker; then each commit of the
    // sequencer and of every mirror adds its own (the one write path stored them already).
    derived = new DerivedState(nodeLogs, config.technology());
    return vertx.executeBlocking(() -> {
      long t0 = System.nanoTime();
      derived.load();
      LOG.debug("derived state loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
      return null;
    }).compose(x -> serve(id, nodeLogs, admission, own, served, mirrored));
  }

  private Future<LedgerNode> serve(String id, NodeLogs nodeLogs, Admission admission, LogSource own,
      Supplier<SignedCheckpoint> served, List<ApiContext.Mirrored> mirrored) {
    sequencer.onAppended((size, contributions) -> derived.committed(sequencer.origin(), size, contributions));
    for (Mirror m : mirrors) {
      m.others(nodeLogs::all);
      m.onAppended((size, contributions) -> derived.committed(m.origin(), size, contributions));
    }
    ApiContext api = new ApiContext(vertx, own, sequencer, metrics, verify, io, heavy, new AtomicInteger(),
        vkey, witness.vkey(), served, config.limits(), Clock.systemUTC(), admission,
        new ApiContext.Directory(mirrored, config.witnesses()), (origin, index) -> derived.peek((a, sizes) -> {
          var status = a.status(origin + "#" + index);
          return status.get("current").asBoolean() && status.path("amendedBy").isEmpty() ? null : status.without("entry");
        }));
    Router router = Router.router(vertx);
    // First: a HEAD is routed again as its GET, and meets every handler below as that GET.
    router.route().handler(new org.auditledger.node.api.Head());
    router.route().handler(new org.auditledger.node.api.QueryCheck());
    router.route().handler(new org.auditledger.node.api.Cors());
    List<HttpEndpoint> endpoints = new ArrayList<>(readEndpoints(api));
    endpoints.add(new AccountabilityEndpoint(api, derived));
    endpoints.add(new org.auditledger.node.accountability.SpendingEndpoint(api, derived));
    endpoints.add(new WitnessEndpoint(witness, evidenceStore, witnessWorker, config.limits().witness(), metrics));
    endpoints.add(new AdminEndpoint(store, config.dataDir(), config.backupDir(), adminToken, io));
    endpoints.add(new org.auditledger.node.explorer.ExplorerEndpoint());
    endpoints.forEach(e -> e.addRoutes(router));
    ProblemHandler problems = new ProblemHandler();
    mirrorWorker = vertx.createSharedWorkerExecutor("ledger-mirror-" + id, 2);
    for (Mirror m : mirrors) {
      Router sub = Router.router(vertx);
      readEndpoints(api.forMirror(m, m.vkey(), () -> m.head().checkpoint())).forEach(e -> e.addRoutes(sub));
      sub.route().failureHandler(problems);
      router.route("/mirror/" + m.origin() + "/*").subRouter(sub);
      followers.add(new Follower(vertx, m, mirrorWorker, metrics, config.mirrorPoll().toMillis()));
    }
    router.route().failureHandler(problems);
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, problems);
    }
    // No h2c: its protocol sniffing holds a connection without telling anyone until a whole
    // request arrived, so neither the connection cap nor the request deadline could see it.
    HttpServer http = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
        .setHttp2ClearTextEnabled(false)
        .setMaxInitialLineLength(org.auditledger.node.api.Limits.MAX_REQUEST_LINE)
        .setIdleTimeout((int) config.limits().idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS));
    new ConnectionGuard(vertx, config.limits(), metrics).install(http, router);
    return http.listen()
        .map(s -> {
          server = s;
          collector.start(500);
          followers.forEach(Follower::start);
          if (vertx.isClustered()) {
            // Publish each new checkpoint; nudge followers of the origin a peer announces.
            sequencer.onCommit(h -> vertx.eventBus().publish(Cluster.CHECKPOINTS,
                new String(h.checkpoint().encode(), java.nio.charset.StandardCharsets.UTF_8)));
            vertx.eventBus().<String>consumer(Cluster.CHECKPOINTS, msg -> {
              String origin = msg.body() == null ? "" : msg.body().split("\n", 2)[0];
              followers.stream().filter(f -> f.origin().equals(origin)).forEach(Follower::nudge);
            });
          }
          return this;
        });
  }

  /** The read API of a log: the same for this node's log and for each mirror it serves. */
  private static List<HttpEndpoint> readEndpoints(ApiContext api) {
    return List.of(new EntriesEndpoint(api), new ProofsEndpoint(api), new TilesEndpoint(api),
        new SearchEndpoint(api), new LogEndpoint(api));
  }

  /** Stops accepting, drains in-flight batches, and closes the store. */
  public Future<Void> stop() {
    if (collector != null) {
      collector.stop();
    }
    if (peers != null) {
      peers.close();
    }
    // Mirrors' stores close only after their follower's round in flight has finished.
    List<Future<Void>> rounds = new ArrayList<>();
    followers.forEach(f -> rounds.add(f.stop()));
    Future<Void> http = server == null ? Future.succeededFuture() : server.close();
    return Future.join(rounds).transform(x -> http).compose(x -> closeStorage());
  }

  private Future<Void> closeStorage() {
    return vertx.executeBlocking(() -> {
      closeStorageNow();
      return null;
    });
  }

  private void closeStorageNow() {
    {
      if (sequencer != null) {
        sequencer.close();
      }
      // Before the stores: its thread applies what was committed, and may write contributions.
      if (derived != null) {
        derived.close();
      }
      if (store != null) {
        store.close();
      }
      if (verify != null) {
        verify.close();
      }
      if (io != null) {
        io.close();
      }
      if (heavy != null) {
        heavy.close();
      }
      if (witnessWorker != null) {
        witnessWorker.close();
      }
      if (mirrorWorker != null) {
        mirrorWorker.close();
      }
      mirrors.forEach(Mirror::close);
      if (checks != null) {
        checks.shutdownNow();
      }
    }
  }

  public int port() {
    return server.actualPort();
  }

  public String origin() {
    return sequencer.origin();
  }

  public NoteVerifierKey vkey() {
    return vkey;
  }

  public Sequencer sequencer() {
    return sequencer;
  }

  public Witness witness() {
    return witness;
  }

  public LogStore store() {
    return store;
  }

  /** The registrar key file generated on first start, or null if registrars were configured. */
  public Path generatedRegistrarKey() {
    return generatedRegistrarKey;
  }

  /** Whether the generated registrar key is encrypted with a passphrase. */
  public boolean registrarKeyEncrypted() {
    return registrarKeyEncrypted;
  }

  /** The admin token file ({@code POST /v1/admin/backup}). */
  public Path adminTokenFile() {
    return config.dataDir().resolve("admin-token");
  }

  /** The mirrors this node keeps, one per peer given with a URL. */
  public List<Mirror> mirrors() {
    return List.copyOf(mirrors);
  }

  public NodeConfig config() {
    return config;
  }
}
