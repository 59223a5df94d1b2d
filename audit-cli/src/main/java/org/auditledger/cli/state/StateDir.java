package org.auditledger.cli.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.authz.RegistryCodec;
import org.auditledger.protocol.json.StrictJson;

/**
 * The state directory ({@code --state}, else {@code $AUDIT_STATE}, else {@code
 * $XDG_STATE_HOME/audit}, else {@code $HOME/.audit}):
 *
 * <pre>
 * logs/&lt;hex16 SHA-256(origin)&gt;/state.json      last verified state of a log (LogState)
 * logs/&lt;hex16 SHA-256(origin)&gt;/entries.bin     its entry index (EntryIndex; rule unique-payload)
 * logs/&lt;hex16 SHA-256(origin)&gt;/claims.json     claims unchecked and failing, key entries (ClaimsState)
 * logs/&lt;hex16 SHA-256(origin)&gt;/derived.bin     derived facts of its entries (protocol derived.Accountability)
 * receipts/&lt;hex16 SHA-256(origin)&gt;/&lt;index&gt;.json receipts of entries this user filed
 * receipts/&lt;hex16 SHA-256(origin)&gt;/import-&lt;time&gt;.jsonl receipts of one import, one per line (Journal)
 * refusals/&lt;hex16 SHA-256(origin)&gt;/&lt;time&gt;.json  entries a node refused, with its answer
 * refusals/&lt;hex16 SHA-256(origin)&gt;/import-&lt;time&gt;.jsonl refusals of one import, one per line
 * names.json                                  logs known by a short name (audit log add)
 * </pre>
 *
 * Every file is written to a temporary file, fsync'd, then renamed over the old one, so an
 * interrupted run leaves the previous state intact; journals are appended to, and fsync'd when
 * closed.
 */
public final class StateDir {
  private final Path root;

  public StateDir(Path root) {
    this.root = root;
  }

  /**
   * {@code $AUDIT_STATE}, else {@code $XDG_STATE_HOME/audit}, else {@code $HOME/.audit}: the
   * environment decides, as for any Unix tool (Java's {@code user.home} ignores {@code HOME}).
   */
  public static Path defaultRoot() {
    return defaultRoot(System.getenv());
  }

  static Path defaultRoot(java.util.Map<String, String> env) {
    String audit = env.get("AUDIT_STATE");
    if (audit != null && !audit.isBlank()) {
      return Path.of(audit);
    }
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "audit");
    }
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".audit");
  }

  public Path root() {
    return root;
  }

  private Path logDir(String kind, String origin) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
      return root.resolve(kind).resolve(HexFormat.of().formatHex(h, 0, 8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The last verified state of {@code origin}, if any. */
  public Optional<LogState> load(String origin) throws AuditException {
    Optional<JsonNode> state = stateJson(origin);
    if (state.isEmpty()) {
      return Optional.empty();
    }
    JsonNode n = state.get();
    Path f = logDir("logs", origin).resolve("state.json");
    try {
      List<byte[]> edge = new ArrayList<>();
      n.get("edge").forEach(h -> edge.add(Base64.getDecoder().decode(h.asText())));
      Path idx = f.resolveSibling("entries.bin");
      EntryIndex entries = null;
      if (Files.exists(idx)) {
        try (java.io.InputStream in = Files.newInputStream(idx)) {
          entries = EntryIndex.read(in);
        }
        if (entries.size() > n.get("size").asLong()) {
          throw new IOException(idx + " indexes more entries than the state verified");
        }
      }
      return Optional.of(new LogState(n.get("vkey").asText(), n.get("checkpoint").asText(),
          n.get("size").asLong(), Base64.getDecoder().decode(n.get("root").asText()), edge,
          Base64.getDecoder().decode(n.get("lastLeafHash").asText()),
          RegistryCodec.decode(n.get("registry").toString().getBytes(StandardCharsets.UTF_8)), entries));
    } catch (IOException | RuntimeException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "state file " + f + " cannot be read ("
          + e.getMessage() + "); move it away to verify this log from scratch", e);
    }
  }

  /**
   * The size {@code origin} was last verified to, reading the state alone (not its entry index):
   * what answers from derived facts need.
   */
  public Optional<Long> verifiedSize(String origin) throws AuditException {
    Optional<JsonNode> state = stateJson(origin);
    if (state.isPresent() && !state.get().path("size").canConvertToExactIntegral()) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "state file " + logDir("logs", origin).resolve("state.json")
          + " has no size; move it away to verify this log from scratch");
    }
    return state.map(n -> n.get("size").asLong());
  }

  /** {@code origin}'s state file as JSON, if there is one: it must be of that log. */
  private Optional<JsonNode> stateJson(String origin) throws AuditException {
    Path f = logDir("logs", origin).resolve("state.json");
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    JsonNode n;
    try {
      n = StrictJson.parse(Files.readAllBytes(f), "state file " + f);
    } catch (IOException | RuntimeException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "state file " + f + " cannot be read ("
          + e.getMessage() + "); move it away to verify this log from scratch", e);
    }
    if (!origin.equals(n.path("origin").asText())) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "state file " + f + " is for \"" + n.path("origin").asText()
          + "\", not \"" + origin + "\"");
    }
    return Optional.of(n);
  }

  public void save(String origin, LogState s) throws AuditException {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("origin", origin);
    o.put("vkey", s.vkey());
    o.put("checkpoint", s.checkpoint());
    o.put("size", s.size());
    Base64.Encoder e = Base64.getEncoder();
    o.put("root", e.encodeToString(s.root()));
    ArrayNode edge = o.putArray("edge");
    s.edge().forEach(h -> edge.add(e.encodeToString(h)));
    o.put("lastLeafHash", e.encodeToString(s.lastLeafHash()));
    try {
      o.set("registry", StrictJson.parse(RegistryCodec.encode(s.registry()), "registry"));
    } catch (RuntimeException ex) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot encode the key registry", ex);
    }
    // The index first: a state.json is only ever next to the index it was saved with, or a newer one.
    if (s.entries() != null) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(s.entries().size() * 16 + 8);
      try {
        s.entries().write(b);
      } catch (IOException ex) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "cannot encode the entry index", ex);
      }
      write(logDir("logs", origin).resolve("entries.bin"), b.toByteArray());
    }
    write(logDir("logs", origin).resolve("state.json"), o.toPrettyString().getBytes(StandardCharsets.UTF_8));
  }

  /** What was judged of the claims of {@code origin}'s entries; {@code null} if nothing was kept. */
  public ClaimsState loadClaims(String origin) throws AuditException {
    Path f = logDir("logs", origin).resolve("claims.json");
    if (!Files.exists(f)) {
      return null;
    }
    try {
      JsonNode n = StrictJson.parse(Files.readAllBytes(f), "claims file " + f);
      List<Long> keys = n.has("keyEntries") ? new ArrayList<>() : null;
      if (keys != null) {
        n.get("keyEntries").forEach(i -> keys.add(i.asLong()));
      }
      java.util.SortedSet<Long> unchecked = new java.util.TreeSet<>();
      n.get("unchecked").forEach(i -> unchecked.add(i.asLong()));
      List<ClaimsState.Failed> failed = new ArrayList<>();
      for (JsonNode c : n.get("failed")) {
        failed.add(new ClaimsState.Failed(c.get("entry").asLong(), c.get("rule").asText(), c.get("target").asText(),
            c.get("detail").asText(), c.get("evidence")));
      }
      return new ClaimsState(keys, unchecked, failed);
    } catch (IOException | RuntimeException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "claims file " + f + " cannot be read (" + e.getMessage()
          + "); move it and state.json away to verify this log from scratch", e);
    }
  }

  /** Saves {@code c}; call before {@link #save(String, LogState)}, which it goes with. */
  public void saveClaims(String origin, ClaimsState c) throws AuditException {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("origin", origin);
    if (c.keyEntries() != null) {
      ArrayNode keys = o.putArray("keyEntries");
      c.keyEntries().forEach(keys::add);
    }
    ArrayNode unchecked = o.putArray("unchecked");
    c.unchecked().forEach(unchecked::add);
    ArrayNode failed = o.putArray("failed");
    for (ClaimsState.Failed f : c.failed()) {
      ObjectNode x = failed.addObject();
      x.put("entry", f.entry()).put("rule", f.rule()).put("target", f.target()).put("detail", f.detail());
      x.set("evidence", f.evidence());
    }
    write(logDir("logs", origin).resolve("claims.json"), o.toPrettyString().getBytes(StandardCharsets.UTF_8));
  }

  /** The derived facts of {@code origin}'s entries (protocol.md §10), or null if none were kept. */
  public byte[] loadDerived(String origin) throws AuditException {
    Path f = logDir("logs", origin).resolve("derived.bin");
    if (!Files.exists(f)) {
      return null;
    }
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "derived state " + f + " cannot be read (" + e.getMessage()
          + "); move the log's state directory away to verify it from scratch", e);
    }
  }

  /** Saves the derived facts of {@code origin}'s entries; call before {@link #save(String, LogState)}. */
  public void saveDerived(String origin, byte[] facts) throws AuditException {
    write(logDir("logs", origin).resolve("derived.bin"), facts);
  }

  /** The file the derived facts of {@code origin} are kept in, for messages. */
  public Path derivedFile(String origin) {
    return logDir("logs", origin).resolve("derived.bin");
  }

  /** Keeps what a node answered when it refused an entry, with the entry; returns the file. */
  public Path saveRefusal(String origin, byte[] json) throws AuditException {
    Path f = logDir("refusals", origin).resolve(java.time.Instant.now().toString().replace(':', '-') + ".json");
    write(f, json);
    return f;
  }

  /**
   * A new journal of one run under {@code kind} ({@code receipts} or {@code refusals}) of {@code
   * origin}, named for when the run started: {@code <kind>/<hex16>/import-<time>.jsonl}.
   */
  public Journal journal(String kind, String origin, java.time.Instant started) {
    return new Journal(logDir(kind, origin).resolve("import-" + started.toString().replace(':', '-') + ".jsonl"));
  }

  /** The logs known by a short name ({@code audit log add}), by name. */
  public java.util.SortedMap<String, LogName> loadNames() throws AuditException {
    Path f = root.resolve("names.json");
    java.util.SortedMap<String, LogName> names = new java.util.TreeMap<>();
    if (!Files.exists(f)) {
      return names;
    }
    try {
      JsonNode n = StrictJson.parse(Files.readAllBytes(f), "log names file " + f);
      for (var it = n.get("logs").fields(); it.hasNext(); ) {
        var e = it.next();
        names.put(e.getKey(), new LogName(e.getKey(), e.getValue().get("url").asText(), e.getValue().get("vkey").asText()));
      }
      return names;
    } catch (IOException | RuntimeException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "log names file " + f + " cannot be read (" + e.getMessage()
          + "); fix it, or remove it and add the logs again with audit log add", e);
    }
  }

  public void saveNames(java.util.SortedMap<String, LogName> names) throws AuditException {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    ObjectNode logs = o.putObject("logs");
    names.forEach((k, v) -> logs.putObject(k).put("url", v.url()).put("vkey", v.vkey()));
    write(root.resolve("names.json"), o.toPrettyString().getBytes(StandardCharsets.UTF_8));
  }

  /** Stores a receipt; returns its path. */
  public Path saveReceipt(String origin, long index, byte[] json) throws AuditException {
    Path f = logDir("receipts", origin).resolve(index + ".json");
    write(f, json);
    return f;
  }

  static void write(Path f, byte[] bytes) throws AuditException {
    try {
      Files.createDirectories(f.getParent());
      Path tmp = Files.createTempFile(f.getParent(), ".state", ".tmp");
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.write(java.nio.ByteBuffer.wrap(bytes));
          ch.force(true);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot write " + f + ": " + e.getMessage(), e);
    }
  }
}
