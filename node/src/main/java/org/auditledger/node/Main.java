package org.auditledger.node;

import io.vertx.core.Vertx;
import org.auditledger.node.replication.Cluster;
import java.util.concurrent.TimeUnit;

/** {@code java -jar audit-node.jar [--data DIR] [--port N] ...}: runs one node until SIGTERM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
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
            --config FILE     JSON file with any of: data, host, port, origin, registrars, peers,
                              witnessName, witnesses, maxBatch, queueCapacity, verifyThreads, ioThreads
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
      System.out.println("  registrar key (generated, keep it safe): " + node.generatedRegistrarKey().toAbsolutePath());
    }
    System.out.println("listening on http://" + config.host() + ":" + node.port());
    System.out.flush();
  }
}
