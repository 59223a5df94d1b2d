package org.auditledger.node;

import io.vertx.core.Vertx;
import org.auditledger.node.replication.Cluster;
import java.util.concurrent.TimeUnit;

/** {@code java -jar audit-node.jar [--data DIR] [--port N] ...}: runs one node until SIGTERM. */
public final class Main {
  private Main() {}

  /** {@code restore --from BACKUP --data DIR}: exit 0 once the restored store passed its audit. */
  private static int restore(String[] args) {
    java.nio.file.Path from = null;
    java.nio.file.Path data = null;
    for (int i = 1; i < args.length; i++) {
      if (i + 1 < args.length && args[i].equals("--from")) {
        from = java.nio.file.Path.of(args[++i]);
      } else if (i + 1 < args.length && args[i].equals("--data")) {
        data = java.nio.file.Path.of(args[++i]);
      } else {
        System.err.println("audit-node restore: unexpected argument \"" + args[i] + "\"; usage: restore --from BACKUP --data DIR");
        return 2;
      }
    }
    if (from == null || data == null) {
      System.err.println("audit-node restore: usage: restore --from BACKUP --data DIR");
      return 2;
    }
    try {
      var r = org.auditledger.node.backup.Restore.run(from, data);
      System.out.println("restored " + r.entries() + " entries of " + r.checkpoint().checkpoint().origin()
          + " into " + data.toAbsolutePath() + "; every entry audited; root "
          + java.util.Base64.getEncoder().encodeToString(r.checkpoint().checkpoint().rootHash()));
      return 0;
    } catch (Exception e) {
      System.err.println("audit-node restore: " + e.getMessage());
      return 1;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("restore")) {
      System.exit(restore(args));
      return;
    }
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("""
          usage: audit-node [--data DIR] [--host ADDR] [--port N] [--origin NAME]
                            [--registrar KEY]... [--config FILE]
            --data DIR        store and key files (default ./data; env AUDIT_NODE_DATA)
            --host ADDR       listen address (default 127.0.0.1; env AUDIT_NODE_HOST)
            --port N          HTTP port, 0 for any (default 8080; env AUDIT_NODE_PORT)
            --origin NAME     log origin on first start (default derived from the log key)
            --registrar KEY   Ed25519 public key (base64 or ed25519:...) granted registrar in the
                              genesis entries; repeatable (env AUDIT_NODE_REGISTRARS, comma-separated)
            --peer URL,VKEY   a peer log this node witnesses (C2SP tlog-witness); repeatable
                              (env AUDIT_NODE_PEERS, ';'-separated)
            --witnessName N   this node's witness name (default ORIGIN/witness)
            --cluster M,...   join a Hazelcast cluster (TCP/IP, members host[:port]); the event bus
                              then pushes new checkpoints so mirrors follow at once (env AUDIT_NODE_CLUSTER)
            --mirrorPollMillis N  how often mirrors poll their peers (default 1000)
            --witness URL,VKEY  a witness this log asks to cosign its checkpoints; repeatable
                              (env AUDIT_NODE_WITNESSES, ';'-separated); /checkpoint then serves
                              the newest checkpoint with the cosignatures obtained
            --config FILE     JSON file with any of the settings (see docs/operations.md)
            Limits of a public node (docs/security.md): --maxConnections N, --idleTimeout D,
              --requestTimeout D, --rateSubmissions R, --rateSearches R, --rateWitness R,
              --createdPast D, --createdFuture D, --peerTimeout D; D is a duration (30s, 10m, 30d),
              R a rate per address (N per second, N/BURST, or 0 for none)
            --backupDir DIR   where POST /v1/admin/backup writes (default DATA/backup)
            --registrarPassphraseFile F  encrypt a generated registrar key with F's first line
                              (or env AUDIT_NODE_REGISTRAR_PASSPHRASE)

          usage: audit-node restore --from BACKUP --data DIR
            restores the latest backup into a new data directory and audits every entry
          See docs/operations.md.""");
      return;
    }
    NodeConfig config;
    try {
      config = NodeConfig.load(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("audit-node: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx;
    try {
      vertx = Cluster.vertx(config, "audit-ledger").toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("audit-node: cannot join the cluster " + config.clusterMembers() + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    LedgerNode node;
    try {
      node = LedgerNode.start(vertx, config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("audit-node: cannot start: " + cause.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    // SIGTERM: drain in-flight batches and close RocksDB cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        System.out.println("audit-node: stopped cleanly");
      } catch (Exception e) {
        System.err.println("audit-node: unclean stop: " + e);
      }
    }, "ledger-shutdown"));
    System.out.println("Citizen Audit Ledger node");
    System.out.println("  origin:   " + node.origin());
    System.out.println("  vkey:     " + node.vkey().encode());
    System.out.println("  witness:  " + node.witness().vkey().encode());
    System.out.println("  data:     " + config.dataDir().toAbsolutePath());
    System.out.println("  entries:  " + node.sequencer().head().size());
    if (node.generatedRegistrarKey() != null) {
      if (node.registrarKeyEncrypted()) {
        System.out.println("  registrar key (generated, encrypted; keep it safe): "
            + node.generatedRegistrarKey().toAbsolutePath());
      } else {
        System.out.println("  registrar key (generated, keep it safe): " + node.generatedRegistrarKey().toAbsolutePath());
        System.out.println("  WARNING: the registrar key is not encrypted: anyone who reads it can grant keys."
            + " Encrypt it (audit keygen --encrypt, or set AUDIT_NODE_REGISTRAR_PASSPHRASE before the first start)"
            + " or move it off this machine.");
      }
    }
    System.out.println("  admin token: " + node.adminTokenFile().toAbsolutePath() + " (for POST /v1/admin/backup)");
    System.out.println("listening on http://" + config.host() + ":" + node.port());
    System.out.flush();
  }
}
