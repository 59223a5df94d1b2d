package org.auditledger.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.wire.PeerSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Every setting of a node, as kebab-case options. A value not given as a flag comes from the
 * environment ({@code AUDIT_NODE_<NAME>}) or the {@code --config} JSON file, through {@link
 * SettingsProvider}; each is converted to its type, and so checked, before anything is written.
 * docs/operations.md lists them.
 */
public final class NodeOptions {
  @Option(names = "--data", paramLabel = "DIR", description = "Store and key files (default: ${DEFAULT-VALUE}).", defaultValue = "data")
  Path data;

  @Option(names = "--host", paramLabel = "ADDR", converter = Host.class,
      description = "Listen address (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--port", paramLabel = "N", converter = Port.class, description = "HTTP port, 0 for any free one (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
  int port;

  @Option(names = "--origin", paramLabel = "NAME", converter = Origin.class,
      description = "The log's origin on first start, e.g. town.example/ledger (default: derived from the log key).")
  String origin;

  @Option(names = "--registrar", paramLabel = "KEY", split = ",", converter = Registrar.class,
      description = "Ed25519 public key (base64 or ed25519:…) granted registrar in the genesis entries; repeatable.")
  List<Ed25519PublicKey> registrars = new ArrayList<>();

  @Option(names = "--peer", paramLabel = "URL,VKEY", split = ";", converter = Peer.class,
      description = "A peer log this node witnesses, and mirrors if a URL is given; repeatable.")
  List<PeerSpec> peers = new ArrayList<>();

  @Option(names = "--witness", paramLabel = "URL,VKEY", split = ";", converter = Peer.class,
      description = "A witness this log asks to cosign its checkpoints; repeatable.")
  List<PeerSpec> witnesses = new ArrayList<>();

  @Option(names = "--witness-name", paramLabel = "NAME", description = "This node's name as a witness (default: ORIGIN/witness).")
  String witnessName;

  @Option(names = "--cluster", paramLabel = "HOST[:PORT]", split = ",",
      description = "Join a Hazelcast cluster with these members; the event bus then pushes checkpoints.")
  List<String> cluster = new ArrayList<>();

  @Option(names = "--mirror-poll", paramLabel = "DURATION", converter = PositiveDuration.class, defaultValue = "1s",
      description = "How often mirrors poll their peers (default: ${DEFAULT-VALUE}).")
  Duration mirrorPoll;

  @Option(names = "--max-batch", paramLabel = "N", converter = Positive.class, defaultValue = "1024",
      description = "Most entries per committed batch (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--queue-capacity", paramLabel = "N", converter = Positive.class, defaultValue = "20000",
      description = "Submissions waiting for the sequencer before 503 (default: ${DEFAULT-VALUE}).")
  int queueCapacity;

  @Option(names = "--verify-threads", paramLabel = "N", converter = Positive.class,
      description = "Threads checking signatures and schemas (default: one per core).")
  Integer verifyThreads;

  @Option(names = "--io-threads", paramLabel = "N", converter = Positive.class, defaultValue = "4",
      description = "Threads reading the store (default: ${DEFAULT-VALUE}).")
  int ioThreads;

  @Option(names = "--max-connections", paramLabel = "N", converter = Positive.class, defaultValue = "1024",
      description = "Open HTTP connections at once (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = PositiveDuration.class, defaultValue = "60s",
      description = "Close a connection idle this long (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(names = "--request-timeout", paramLabel = "DURATION", converter = PositiveDuration.class, defaultValue = "30s",
      description = "A whole request must arrive within this (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--rate-submissions", paramLabel = "RATE", converter = Rate.class, defaultValue = "100",
      description = "Submissions a second per client address, N or N/BURST, 0 for none (default: ${DEFAULT-VALUE}).")
  ServerLimits.RateLimit rateSubmissions;

  @Option(names = "--rate-searches", paramLabel = "RATE", converter = Rate.class, defaultValue = "20",
      description = "Searches and pages a second per client address (default: ${DEFAULT-VALUE}).")
  ServerLimits.RateLimit rateSearches;

  @Option(names = "--rate-witness", paramLabel = "RATE", converter = Rate.class, defaultValue = "10",
      description = "add-checkpoint requests a second per client address (default: ${DEFAULT-VALUE}).")
  ServerLimits.RateLimit rateWitness;

  @Option(names = "--created-past", paramLabel = "DURATION", converter = DurationOption.class, defaultValue = "30d",
      description = "Refuse entries created longer ago than this (default: ${DEFAULT-VALUE}).")
  Duration createdPast;

  @Option(names = "--created-future", paramLabel = "DURATION", converter = DurationOption.class, defaultValue = "1h",
      description = "Refuse entries created further ahead than this (default: ${DEFAULT-VALUE}).")
  Duration createdFuture;

  @Option(names = "--peer-timeout", paramLabel = "DURATION", converter = PositiveDuration.class, defaultValue = "30s",
      description = "Deadline of one exchange with a peer or witness (default: ${DEFAULT-VALUE}).")
  Duration peerTimeout;

  @Option(names = "--backup-dir", paramLabel = "DIR", description = "Where POST /v1/admin/backup writes (default: DATA/backup).")
  Path backupDir;

  @Option(names = "--technology-prefix", paramLabel = "SCHEME:PREFIX", split = ",",
      description = "Classification prefixes of the technology-spending view (default CPV:302,CPV:48,CPV:72,UNSPSC:43,"
          + "UNSPSC:8111); repeatable.")
  List<String> technology = new ArrayList<>(org.auditledger.protocol.spending.Spending.TECHNOLOGY);

  @Option(names = "--registrar-passphrase-file", paramLabel = "FILE", converter = ReadableFile.class,
      description = "Encrypt a generated registrar key with this file's first line (or env AUDIT_NODE_REGISTRAR_PASSPHRASE).")
  Path registrarPassphraseFile;

  @Option(names = "--config", paramLabel = "FILE", description = "JSON file of settings (camelCase keys, e.g. \"mirrorPoll\").")
  Path config;

  /** The settings as a typed, checked configuration. */
  NodeConfig toConfig() {
    ServerLimits limits = new ServerLimits(maxConnections, idleTimeout, requestTimeout, rateSubmissions, rateSearches,
        rateWitness, createdPast, createdFuture, peerTimeout);
    return new NodeConfig(data, host, port, origin, registrars, maxBatch, queueCapacity,
        verifyThreads != null ? verifyThreads : Runtime.getRuntime().availableProcessors(), ioThreads, peers,
        witnessName, witnesses, cluster, mirrorPoll, limits, backupDir, registrarPassphraseFile, technology);
  }

  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      if (!v.matches("[0-9]{1,5}") || Integer.parseInt(v) > 65535) {
        throw new TypeConversionException("'" + v + "' is not a port: 0 to 65535 (0 picks a free one)");
      }
      return Integer.parseInt(v);
    }
  }

  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      if (!v.matches("[0-9]{1,9}") || Integer.parseInt(v) < 1) {
        throw new TypeConversionException("'" + v + "' is not a whole number of at least 1");
      }
      return Integer.parseInt(v);
    }
  }

  static final class DurationOption implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String v) {
      try {
        return ServerLimits.duration("value", v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + v + "' is not a duration such as 500ms, 30s, 10m, 2h, 30d or PT30S");
      }
    }
  }

  static final class PositiveDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String v) {
      Duration d = new DurationOption().convert(v);
      if (d.isZero() || d.isNegative()) {
        throw new TypeConversionException("'" + v + "' is not a duration above zero, such as 500ms or 30s");
      }
      return d;
    }
  }

  /** An address of this machine that can be listened on: checked before any file is written. */
  static final class Host implements ITypeConverter<String> {
    @Override
    public String convert(String v) {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(v))) {
        return v;
      } catch (java.io.IOException | SecurityException e) {
        throw new TypeConversionException("'" + v + "' is not an address this machine can listen on (" + e.getMessage()
            + "); use 127.0.0.1, 0.0.0.0 or one of its own addresses");
      }
    }
  }

  static final class ReadableFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String v) {
      Path p = Path.of(v);
      if (!java.nio.file.Files.isRegularFile(p) || !java.nio.file.Files.isReadable(p)) {
        throw new TypeConversionException("'" + v + "' cannot be read ("
            + (java.nio.file.Files.exists(p) ? "not a readable file" : "no such file") + ")");
      }
      return p;
    }
  }

  static final class Rate implements ITypeConverter<ServerLimits.RateLimit> {
    @Override
    public ServerLimits.RateLimit convert(String v) {
      try {
        return ServerLimits.RateLimit.parse("value", v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + v + "' is not a rate: N a second, N/BURST, or 0 for none");
      }
    }
  }

  static final class Origin implements ITypeConverter<String> {
    @Override
    public String convert(String v) {
      try {
        return NodeConfig.checkOrigin(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class Registrar implements ITypeConverter<Ed25519PublicKey> {
    @Override
    public Ed25519PublicKey convert(String v) {
      try {
        return NodeConfig.registrarKey(v.trim());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class Peer implements ITypeConverter<PeerSpec> {
    @Override
    public PeerSpec convert(String v) {
      try {
        return PeerSpec.parse(v, "'" + v + "'");
      } catch (MalformedException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
