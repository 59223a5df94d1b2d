package org.auditledger.node;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.auditledger.node.backup.Restore;
import org.auditledger.node.replication.Cluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code audit-node}: run a node (the default), initialize one without serving, or restore a
 * backup. Exit codes: 0 success, 1 a failure at start (named), 2 invalid settings.
 */
@Command(name = "audit-node", mixinStandardHelpOptions = true, version = "audit-node 0.1.0",
    description = "A Citizen Audit Ledger node. Without a command: run.",
    subcommands = {NodeCommand.Run.class, NodeCommand.Init.class, NodeCommand.RestoreBackup.class},
    footer = "%nEvery option may also come from the environment (AUDIT_NODE_<OPTION>, e.g. AUDIT_NODE_MIRROR_POLL)"
        + " or the --config JSON file (camelCase keys). See docs/operations.md.")
public final class NodeCommand implements Callable<Integer> {
  @Mixin
  NodeOptions options = new NodeOptions();

  /** Set once a node is serving: the process must then live until it is stopped. */
  static volatile boolean serving;

  @Override
  public Integer call() {
    return run(options);
  }

  /** The command line, with the settings provider reading {@code env} and the config file. */
  public static CommandLine commandLine(String[] args, Map<String, String> env) {
    CommandLine cl = new CommandLine(new NodeCommand());
    SettingsProvider settings = SettingsProvider.of(args, env);
    settings.checkKeys(cl.getCommandSpec().options());
    cl.setDefaultValueProvider(settings);
    // A flag given twice: the last one wins, as in most command lines.
    cl.setOverwrittenOptionsAllowed(true);
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("audit-node: " + ex.getMessage()
          + "\n  (values may also come from AUDIT_NODE_* variables or the --config file); see --help");
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      c.getErr().println("audit-node: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      return ex instanceof IllegalArgumentException ? 2 : 1;
    });
    return cl;
  }

  /** {@code audit-node run}: serves until SIGTERM. */
  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the node (the default command).")
  static final class Run implements Callable<Integer> {
    @Mixin
    NodeOptions options = new NodeOptions();

    @Override
    public Integer call() {
      return NodeCommand.run(options);
    }
  }

  /** {@code audit-node init}: keys, origin and genesis, printed, without serving. */
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Create the log key, witness key, origin and genesis entries; print the verifier and"
          + " witness keys; do not serve. Exchange the keys with peers, then run.")
  static final class Init implements Callable<Integer> {
    @Mixin
    NodeOptions options = new NodeOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      NodeConfig config = options.toConfig();
      Vertx vertx = Vertx.vertx();
      try {
        LedgerNode.Initialized i = vertx.executeBlocking(() -> LedgerNode.initialize(vertx, config))
            .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.println("Citizen Audit Ledger node initialized in " + config.dataDir().toAbsolutePath());
        out.println("  origin:   " + i.origin());
        out.println("  vkey:     " + i.vkey());
        out.println("  witness:  " + i.witnessVkey());
        out.println("  entries:  " + i.size());
        registrarLines(out, i.registrarKey(), i.registrarKeyEncrypted());
        out.flush();
        return 0;
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof Exception c ? c : e;
      } finally {
        vertx.close();
      }
    }
  }

  /** {@code audit-node restore}: a backup into a new data directory, audited entry by entry. */
  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = "Restore the latest backup into a new data directory and audit every entry before a node may serve it.")
  static final class RestoreBackup implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "BACKUP", description = "The backup directory.")
    Path from;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A new data directory.")
    Path data;

    @Override
    public Integer call() throws Exception {
      var r = Restore.run(from, data);
      System.out.println("restored " + r.entries() + " entries of " + r.checkpoint().checkpoint().origin()
          + " into " + data.toAbsolutePath() + "; every entry audited; root "
          + Base64.getEncoder().encodeToString(r.checkpoint().checkpoint().rootHash()));
      return 0;
    }
  }

  static int run(NodeOptions options) {
    NodeConfig config = options.toConfig();
    Vertx vertx;
    try {
      vertx = Cluster.vertx(config, "audit-ledger").toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("audit-node: cannot join the cluster " + config.clusterMembers() + ": " + e.getMessage());
      return 1;
    }
    LedgerNode node;
    try {
      node = LedgerNode.start(vertx, config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("audit-node: cannot start: " + cause.getMessage());
      vertx.close();
      return cause instanceof IllegalArgumentException ? 2 : 1;
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
    registrarLines(new java.io.PrintWriter(System.out, true), node.generatedRegistrarKey(), node.registrarKeyEncrypted());
    System.out.println("  admin token: " + node.adminTokenFile().toAbsolutePath() + " (for POST /v1/admin/backup)");
    System.out.println("listening on http://" + config.host() + ":" + node.port());
    System.out.flush();
    serving = true;
    return 0;
  }

  private static void registrarLines(java.io.PrintWriter out, Path key, boolean encrypted) {
    if (key == null) {
      return;
    }
    if (encrypted) {
      out.println("  registrar key (generated, encrypted; keep it safe): " + key.toAbsolutePath());
    } else {
      out.println("  registrar key (generated, keep it safe): " + key.toAbsolutePath());
      out.println("  WARNING: the registrar key is not encrypted: anyone who reads it can grant keys."
          + " Encrypt it (audit keygen --encrypt, or set AUDIT_NODE_REGISTRAR_PASSPHRASE before the first start)"
          + " or move it off this machine.");
    }
    out.flush();
  }
}
