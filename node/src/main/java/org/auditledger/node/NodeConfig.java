package org.auditledger.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.auditledger.protocol.json.StrictJson;

/**
 * The node's settings. Each comes from, in order of precedence: a command-line flag, an
 * environment variable, the JSON config file ({@code --config}), the default. docs/operations.md
 * lists them all.
 *
 * @param dataDir where the store and key files live (default {@code ./data})
 * @param host the address HTTP listens on (default {@code 127.0.0.1})
 * @param port the HTTP port, 0 for any free one (default 8080)
 * @param origin the log's origin; null to derive one from the log key on first start
 * @param registrars Ed25519 public keys (base64 or {@code ed25519:} key ids) granted registrar in
 *     the genesis entries; empty to generate one under the data directory
 * @param maxBatch most entries per committed batch (default 1024)
 * @param queueCapacity most submissions waiting for the sequencer before 503 (default 20000)
 * @param verifyThreads threads checking signatures and schemas (default: one per core)
 * @param ioThreads threads reading the store (default 4)
 * @param peers peer logs this node witnesses, each {@code URL,VKEY} (or just the vkey)
 * @param witnessName this node's name as a witness; null for "origin/witness"
 * @param witnesses witnesses this log asks to cosign its checkpoints, each {@code URL,VKEY}
 * @param clusterMembers Hazelcast members ({@code host[:port]}) to join; empty for no cluster
 * @param mirrorPollMillis how often mirrors poll their peers (default 1000 ms)
 * @param limits connection, rate, time and size limits of a public node ({@link ServerLimits})
 * @param backupDir where {@code POST /v1/admin/backup} writes (default {@code DATA/backup})
 * @param registrarPassphraseFile a file whose first line encrypts a generated registrar key; null
 *     for the environment variable {@code AUDIT_NODE_REGISTRAR_PASSPHRASE}, else unencrypted
 */
public record NodeConfig(Path dataDir, String host, int port, String origin, List<String> registrars,
    int maxBatch, int queueCapacity, int verifyThreads, int ioThreads, List<String> peers,
    String witnessName, List<String> witnesses, List<String> clusterMembers, long mirrorPollMillis,
    ServerLimits limits, Path backupDir, Path registrarPassphraseFile) {

  private static final Set<String> KEYS = Set.of(
      "data", "host", "port", "origin", "registrars", "maxBatch", "queueCapacity", "verifyThreads", "ioThreads",
      "peers", "witnessName", "witnesses", "cluster", "mirrorPollMillis", "maxConnections", "idleTimeout",
      "requestTimeout", "rateSubmissions", "rateSearches", "rateWitness", "createdPast", "createdFuture",
      "peerTimeout", "backupDir", "registrarPassphraseFile");

  public NodeConfig {
    registrars = List.copyOf(registrars);
    peers = List.copyOf(peers);
    witnesses = List.copyOf(witnesses);
    clusterMembers = List.copyOf(clusterMembers);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not 0..65535");
    }
    if (maxBatch < 1 || queueCapacity < 1 || verifyThreads < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("maxBatch, queueCapacity, verifyThreads and ioThreads must be >= 1");
    }
    if (limits.maxConnections() < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1");
    }
    if (backupDir == null) {
      backupDir = dataDir.resolve("backup");
    }
  }

  public static NodeConfig defaults() {
    return new NodeConfig(Path.of("data"), "127.0.0.1", 8080, null, List.of(), 1024, 20_000,
        Runtime.getRuntime().availableProcessors(), 4, List.of(), null, List.of(), List.of(), 1000,
        ServerLimits.defaults(), null, null);
  }

  public NodeConfig withDataDir(Path d) {
    return new NodeConfig(d, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads, peers, witnessName, witnesses, clusterMembers, mirrorPollMillis, limits, backupDir, registrarPassphraseFile);
  }

  public NodeConfig withPort(int p) {
    return new NodeConfig(dataDir, host, p, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads, peers, witnessName, witnesses, clusterMembers, mirrorPollMillis, limits, backupDir, registrarPassphraseFile);
  }

  public NodeConfig withOrigin(String o) {
    return new NodeConfig(dataDir, host, port, o, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads, peers, witnessName, witnesses, clusterMembers, mirrorPollMillis, limits, backupDir, registrarPassphraseFile);
  }

  public NodeConfig withCluster(List<String> members, long mirrorPollMillis) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads,
        ioThreads, peers, witnessName, witnesses, members, mirrorPollMillis, limits, backupDir, registrarPassphraseFile);
  }

  public NodeConfig withLimits(ServerLimits l) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads,
        ioThreads, peers, witnessName, witnesses, clusterMembers, mirrorPollMillis, l, backupDir, registrarPassphraseFile);
  }

  public NodeConfig withRegistrarPassphraseFile(Path f) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads,
        ioThreads, peers, witnessName, witnesses, clusterMembers, mirrorPollMillis, limits, backupDir, f);
  }

  /** Whether the node joins a Hazelcast cluster (given with {@code --cluster MEMBER,...}). */
  public boolean clustered() {
    return !clusterMembers.isEmpty();
  }

  public NodeConfig withWitnesses(List<String> w) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads, peers, witnessName, w, clusterMembers, mirrorPollMillis, limits, backupDir, registrarPassphraseFile);
  }

  public NodeConfig withPeers(List<String> p) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads, p, witnessName, witnesses, clusterMembers, mirrorPollMillis, limits, backupDir, registrarPassphraseFile);
  }

  public NodeConfig withRegistrars(List<String> r) {
    return new NodeConfig(dataDir, host, port, origin, r, maxBatch, queueCapacity, verifyThreads, ioThreads, peers, witnessName, witnesses, clusterMembers, mirrorPollMillis, limits, backupDir, registrarPassphraseFile);
  }

  /**
   * Reads flags ({@code --name value} or {@code --name=value}), then environment variables
   * ({@code AUDIT_NODE_NAME}, registrars comma-separated), then {@code --config FILE}.
   *
   * @throws IllegalArgumentException naming the flag, variable or file key at fault
   */
  public static NodeConfig load(String[] args, Map<String, String> env) {
    Map<String, String> flags = new java.util.HashMap<>();
    List<String> flagRegistrars = new ArrayList<>();
    List<String> flagPeers = new ArrayList<>();
    List<String> flagWitnesses = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument \"" + a + "\"; see --help");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("flag --" + name + " needs a value");
        }
        value = args[++i];
      }
      if (name.equals("registrar")) {
        flagRegistrars.add(value);
      } else if (name.equals("peer")) {
        flagPeers.add(value);
      } else if (name.equals("witness")) {
        flagWitnesses.add(value);
      } else if (name.equals("cluster")) {
        flags.put("cluster", value);
      } else if (name.equals("config") || KEYS.contains(name) && !name.equals("registrars") && !name.equals("peers")
          && !name.equals("witnesses")) {
        flags.put(name, value);
      } else {
        throw new IllegalArgumentException("unknown flag --" + name + "; see --help");
      }
    }
    JsonNode file = null;
    if (flags.containsKey("config")) {
      Path p = Path.of(flags.get("config"));
      try {
        file = StrictJson.parse(Files.readAllBytes(p), "config file " + p);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + p + ": " + e.getMessage(), e);
      }
      Iterator<String> names = file.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (!KEYS.contains(n)) {
          throw new IllegalArgumentException("config file " + p + " has unknown key \"" + n + "\"");
        }
      }
    }
    NodeConfig d = defaults();
    List<String> registrars = !flagRegistrars.isEmpty() ? flagRegistrars
        : env.containsKey("AUDIT_NODE_REGISTRARS") ? split(env.get("AUDIT_NODE_REGISTRARS"))
        : file != null && file.has("registrars") ? texts(file.get("registrars")) : d.registrars();
    String origin = pick("origin", flags, env, file, null);
    List<String> peers = !flagPeers.isEmpty() ? flagPeers
        : env.containsKey("AUDIT_NODE_PEERS") ? List.of(env.get("AUDIT_NODE_PEERS").split(";"))
        : file != null && file.has("peers") ? texts(file.get("peers")) : d.peers();
    List<String> witnesses = !flagWitnesses.isEmpty() ? flagWitnesses
        : env.containsKey("AUDIT_NODE_WITNESSES") ? List.of(env.get("AUDIT_NODE_WITNESSES").split(";"))
        : file != null && file.has("witnesses") ? texts(file.get("witnesses")) : d.witnesses();
    return new NodeConfig(
        Path.of(pick("data", flags, env, file, d.dataDir().toString())),
        pick("host", flags, env, file, d.host()),
        integer("port", pick("port", flags, env, file, Integer.toString(d.port()))),
        origin, registrars,
        integer("maxBatch", pick("maxBatch", flags, env, file, Integer.toString(d.maxBatch()))),
        integer("queueCapacity", pick("queueCapacity", flags, env, file, Integer.toString(d.queueCapacity()))),
        integer("verifyThreads", pick("verifyThreads", flags, env, file, Integer.toString(d.verifyThreads()))),
        integer("ioThreads", pick("ioThreads", flags, env, file, Integer.toString(d.ioThreads()))),
        peers, pick("witnessName", flags, env, file, null), witnesses,
        split(pick("cluster", flags, env, file, "")),
        Long.parseLong(pick("mirrorPollMillis", flags, env, file, "1000")),
        limits(flags, env, file, d.limits()),
        optionalPath(pick("backupDir", flags, env, file, null)),
        optionalPath(pick("registrarPassphraseFile", flags, env, file, null)));
  }

  private static ServerLimits limits(Map<String, String> flags, Map<String, String> env, JsonNode file,
      ServerLimits d) {
    return new ServerLimits(
        integer("maxConnections", pick("maxConnections", flags, env, file, Integer.toString(d.maxConnections()))),
        duration("idleTimeout", flags, env, file, d.idleTimeout()),
        duration("requestTimeout", flags, env, file, d.requestTimeout()),
        rate("rateSubmissions", flags, env, file, d.submissions()),
        rate("rateSearches", flags, env, file, d.searches()),
        rate("rateWitness", flags, env, file, d.witness()),
        duration("createdPast", flags, env, file, d.createdPast()),
        duration("createdFuture", flags, env, file, d.createdFuture()),
        duration("peerTimeout", flags, env, file, d.peerTimeout()));
  }

  private static java.time.Duration duration(String name, Map<String, String> flags, Map<String, String> env,
      JsonNode file, java.time.Duration dflt) {
    String v = pick(name, flags, env, file, null);
    return v == null ? dflt : ServerLimits.duration(name, v);
  }

  private static ServerLimits.RateLimit rate(String name, Map<String, String> flags, Map<String, String> env,
      JsonNode file, ServerLimits.RateLimit dflt) {
    String v = pick(name, flags, env, file, null);
    return v == null ? dflt : ServerLimits.RateLimit.parse(name, v);
  }

  private static Path optionalPath(String v) {
    return v == null ? null : Path.of(v);
  }

  private static String pick(String name, Map<String, String> flags, Map<String, String> env,
      JsonNode file, String dflt) {
    if (flags.containsKey(name)) {
      return flags.get(name);
    }
    String var = "AUDIT_NODE_" + name.replaceAll("([A-Z])", "_$1").toUpperCase(java.util.Locale.ROOT);
    if (env.containsKey(var)) {
      return env.get(var);
    }
    if (file != null && file.has(name)) {
      return file.get(name).asText();
    }
    return dflt;
  }

  private static int integer(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + name + "=\"" + v + "\" is not an integer");
    }
  }

  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    for (String p : s.split(",")) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out;
  }

  private static List<String> texts(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }
}
