package org.auditledger.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.wire.PeerSpec;

/**
 * The node's settings, typed and checked: every value here is valid, because it was parsed by
 * {@link NodeCommand} (from flags, environment or the config file, docs/operations.md) or built
 * by code. Nothing is read from disk by this record.
 *
 * @param dataDir where the store and key files live (default {@code ./data})
 * @param host the address HTTP listens on (default {@code 127.0.0.1})
 * @param port the HTTP port, 0 for any free one (default 8080)
 * @param origin the log's origin; null to derive one from the log key on first start
 * @param registrars keys granted registrar in the genesis entries; empty to generate one under
 *     the data directory
 * @param maxBatch most entries per committed batch (default 1024)
 * @param queueCapacity most submissions waiting for the sequencer before 503 (default 20000)
 * @param verifyThreads threads checking signatures and schemas (default: one per core)
 * @param ioThreads threads reading the store (default 4)
 * @param peers peer logs this node witnesses, and mirrors when a URL is given
 * @param witnessName this node's name as a witness; null for "origin/witness"
 * @param witnesses witnesses this log asks to cosign its checkpoints (each with a URL)
 * @param clusterMembers Hazelcast members ({@code host[:port]}) to join; empty for no cluster
 * @param mirrorPoll how often mirrors poll their peers (default 1 s)
 * @param limits connection, rate, time and size limits of a public node ({@link ServerLimits})
 * @param backupDir where {@code POST /v1/admin/backup} writes (default {@code DATA/backup})
 * @param registrarPassphraseFile a file whose first line encrypts a generated registrar key; null
 *     for the environment variable {@code AUDIT_NODE_REGISTRAR_PASSPHRASE}, else unencrypted
 * @param technology the classification prefixes of the technology-spending view (protocol.md
 *     §10.4; default {@code Spending.TECHNOLOGY})
 */
public record NodeConfig(Path dataDir, String host, int port, String origin, List<Ed25519PublicKey> registrars,
    int maxBatch, int queueCapacity, int verifyThreads, int ioThreads, List<PeerSpec> peers,
    String witnessName, List<PeerSpec> witnesses, List<String> clusterMembers, Duration mirrorPoll,
    ServerLimits limits, Path backupDir, Path registrarPassphraseFile, List<String> technology) {

  public NodeConfig {
    technology = org.auditledger.protocol.spending.Spending.checkTechnology(technology);
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
    for (PeerSpec w : witnesses) {
      if (w.url() == null) {
        throw new IllegalArgumentException("witness " + w + " needs a URL: URL,VKEY");
      }
    }
    if (origin != null) {
      checkOrigin(origin);
    }
    if (backupDir == null) {
      backupDir = dataDir.resolve("backup");
    }
  }

  /**
   * An origin must be a key name (C2SP signed-note: no space, no '+') and an identifier of the
   * organization of the entry schema (no '@': protocol.md §5.1), since the genesis entry names it
   * as issuer.
   *
   * @throws IllegalArgumentException saying which rule it breaks
   */
  public static String checkOrigin(String origin) {
    if (!origin.matches("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}")) {
      throw new IllegalArgumentException("origin \"" + origin + "\" is not an identifier: letters, digits and"
          + " . _ : / -, starting with a letter or digit, at most 200 characters (e.g. town.example/ledger)");
    }
    try {
      org.auditledger.protocol.note.KeyNames.checkName(origin);
    } catch (MalformedException e) {
      throw new IllegalArgumentException("origin: " + e.getMessage(), e);
    }
    return origin;
  }

  public static NodeConfig defaults() {
    return new NodeConfig(Path.of("data"), "127.0.0.1", 8080, null, List.of(), 1024, 20_000,
        Runtime.getRuntime().availableProcessors(), 4, List.of(), null, List.of(), List.of(), Duration.ofSeconds(1),
        ServerLimits.defaults(), null, null, org.auditledger.protocol.spending.Spending.TECHNOLOGY);
  }

  public NodeConfig withDataDir(Path d) {
    return new NodeConfig(d, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads,
        peers, witnessName, witnesses, clusterMembers, mirrorPoll, limits, null, registrarPassphraseFile, technology);
  }

  public NodeConfig withPort(int p) {
    return new NodeConfig(dataDir, host, p, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads,
        peers, witnessName, witnesses, clusterMembers, mirrorPoll, limits, backupDir, registrarPassphraseFile, technology);
  }

  public NodeConfig withOrigin(String o) {
    return new NodeConfig(dataDir, host, port, o, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads,
        peers, witnessName, witnesses, clusterMembers, mirrorPoll, limits, backupDir, registrarPassphraseFile, technology);
  }

  public NodeConfig withCluster(List<String> members, Duration poll) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads,
        peers, witnessName, witnesses, members, poll, limits, backupDir, registrarPassphraseFile, technology);
  }

  /** Peers as {@code URL,VKEY} or {@code VKEY} strings. */
  public NodeConfig withPeers(List<String> p) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads,
        specs(p, "peer"), witnessName, witnesses, clusterMembers, mirrorPoll, limits, backupDir, registrarPassphraseFile, technology);
  }

  /** Witnesses as {@code URL,VKEY} strings. */
  public NodeConfig withWitnesses(List<String> w) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads,
        peers, witnessName, specs(w, "witness"), clusterMembers, mirrorPoll, limits, backupDir, registrarPassphraseFile, technology);
  }

  /** Registrars as base64 public keys or {@code ed25519:} key ids. */
  public NodeConfig withRegistrars(List<String> r) {
    List<Ed25519PublicKey> keys = new ArrayList<>();
    r.forEach(k -> keys.add(registrarKey(k)));
    return new NodeConfig(dataDir, host, port, origin, keys, maxBatch, queueCapacity, verifyThreads, ioThreads,
        peers, witnessName, witnesses, clusterMembers, mirrorPoll, limits, backupDir, registrarPassphraseFile, technology);
  }

  public NodeConfig withLimits(ServerLimits l) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads,
        peers, witnessName, witnesses, clusterMembers, mirrorPoll, l, backupDir, registrarPassphraseFile, technology);
  }

  public NodeConfig withRegistrarPassphraseFile(Path f) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads,
        peers, witnessName, witnesses, clusterMembers, mirrorPoll, limits, backupDir, f, technology);
  }

  public NodeConfig withTechnology(List<String> t) {
    return new NodeConfig(dataDir, host, port, origin, registrars, maxBatch, queueCapacity, verifyThreads, ioThreads,
        peers, witnessName, witnesses, clusterMembers, mirrorPoll, limits, backupDir, registrarPassphraseFile, t);
  }

  /** Whether the node joins a Hazelcast cluster (given with {@code --cluster MEMBER,...}). */
  public boolean clustered() {
    return !clusterMembers.isEmpty();
  }

  /** A registrar key as configured: base64 or an {@code ed25519:} key id. */
  public static Ed25519PublicKey registrarKey(String r) {
    try {
      return r.startsWith(Ed25519PublicKey.KEY_ID_PREFIX) ? Ed25519PublicKey.ofKeyId(r)
          : Ed25519PublicKey.ofBase64(r, "registrar key \"" + r + "\"");
    } catch (MalformedException e) {
      throw new IllegalArgumentException("registrar \"" + r + "\": " + e.getMessage(), e);
    }
  }

  private static List<PeerSpec> specs(List<String> in, String what) {
    List<PeerSpec> out = new ArrayList<>();
    for (String s : in) {
      try {
        out.add(PeerSpec.parse(s, what));
      } catch (MalformedException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return out;
  }
}
