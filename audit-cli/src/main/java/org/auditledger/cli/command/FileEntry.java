package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.NodeAnswer;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.entry.SchemaViolationException;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.cli.client.Proven;
import org.auditledger.protocol.authz.Role;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.wire.PeerSpec;
import org.auditledger.protocol.wire.Receipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code audit file KIND}: builds a payload, validates it before anything leaves the machine,
 * signs it, submits it to each node, checks each receipt against that node's trusted log key,
 * and keeps the receipts.
 */
@Command(name = "file", description = "File a signed entry with one or more nodes.")
final class FileEntry extends Base {
  @Parameters(index = "0", paramLabel = "KIND", description = "decision, spending, finding, response, assessment or key")
  String kind;

  @Option(names = "--issuer", paramLabel = "ORG", description = "Organization the entry is filed for.")
  String issuer;

  @Option(names = "--payload", paramLabel = "FILE", description = "The whole payload as JSON (v, kind, issuer, created, body, refs).")
  Path payloadFile;

  @Option(names = "--body", paramLabel = "FILE", description = "The body as JSON.")
  Path bodyFile;

  @Option(names = "--set", paramLabel = "FIELD=VALUE",
      description = "Set a body field; VALUE is JSON if it parses as JSON, else a string. Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--ref", paramLabel = "REL:[LOG]#INDEX[:LEAFHASH]",
      description = "Reference another entry, e.g. about:#12 (this log), about:town#4 (a log named with audit log add,"
          + " or an origin); without LEAFHASH the entry is fetched and proven, and its leaf hash used. Repeatable.")
  List<String> refs = new ArrayList<>();

  @Option(names = "--evidence", paramLabel = "FILE",
      description = "Add a document to the body's evidence: its name, SHA-256, size and media type. Repeatable.")
  List<Path> evidence = new ArrayList<>();

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private key to sign with; repeat to co-sign.")
  List<Path> keys;

  @Option(names = "--node", paramLabel = "URL", description = "Node to file with; repeat to file with several.")
  List<String> nodes = new ArrayList<>();

  @Option(names = "--log-key", paramLabel = "VKEY",
      description = "The trusted verifier key of each --node, in the same order.")
  List<String> logKeys = new ArrayList<>();

  @Option(names = "--log", paramLabel = "NAME",
      description = "A log added with audit log add, to file with (as --node and --log-key). Repeatable.")
  List<String> logNames = new ArrayList<>();

  @Option(names = "--home", paramLabel = "NAME|URL,VKEY",
      description = "The issuer's home log, when filing in another log: the entry then names, as its authority,"
          + " the grant there by which the signer holds the role (found and proven by this command).")
  String home;

  @picocli.CommandLine.Mixin
  Passphrase passphrase = new Passphrase();

  @Option(names = "--dry-run", description = "Validate and sign, print the envelope, submit nothing.")
  boolean dryRun;

  @Override
  void run() throws AuditException {
    if (nodes.size() != logKeys.size()) {
      throw new AuditException(ExitCode.USAGE, "give one --log-key per --node (" + nodes.size()
          + " nodes, " + logKeys.size() + " log keys)");
    }
    for (String n : logNames) {
      org.auditledger.cli.state.LogName named = LogNames.get(state(), n, "--log");
      nodes.add(named.url());
      logKeys.add(named.vkey());
    }
    if (nodes.isEmpty()) {
      throw new AuditException(ExitCode.USAGE, "give the logs to file with: --log NAME, or --node URL --log-key VKEY");
    }
    List<Ed25519KeyPair> signers = new ArrayList<>();
    for (Path k : keys) {
      signers.add(KeyFile.read(k, passphrase));
    }
    byte[] payload = payload();
    if (home != null) {
      payload = withAuthority(payload, signers);
    }
    try {
      EntryPayload.parse(payload);
    } catch (SchemaViolationException e) {
      StringBuilder b = new StringBuilder("the " + kind + " entry does not match the schema; nothing was sent:");
      e.violations().forEach(v -> b.append("\n    ").append(v));
      throw new AuditException(ExitCode.LOCAL_INPUT, b.toString(), e);
    } catch (MalformedException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, e.getMessage() + "; nothing was sent", e);
    }
    Envelope env = Envelope.sign(payload, signers);
    if (dryRun) {
      out().println(env.toJson());
      return;
    }
    ArrayNode results = StrictJson.mapper().createArrayNode();
    AuditException worst = null;
    for (int i = 0; i < nodes.size(); i++) {
      try {
        results.add(submit(nodes.get(i), vkey(logKeys.get(i), "--log-key"), env));
      } catch (AuditException e) {
        worst = worst == null || e.code().code() > worst.code().code() ? e : worst;
        if (nodes.size() > 1) {
          // With one node the failure is reported once, below; with several, each node's.
          err().println("audit: " + nodes.get(i) + ": " + e.getMessage());
        }
        results.add(object().put("node", nodes.get(i)).put("ok", false).put("failure", e.code().slug())
            .put("detail", e.getMessage()));
      }
    }
    if (json) {
      out().println(object().put("ok", worst == null).set("receipts", results).toPrettyString());
    }
    if (worst != null) {
      throw worst;
    }
  }

  private byte[] payload() throws AuditException {
    try {
      EntryKind.of(kind);
    } catch (IllegalArgumentException e) {
      throw new AuditException(ExitCode.USAGE, "unknown kind \"" + kind + "\": want decision, spending, finding, response, assessment or key");
    }
    if (payloadFile != null) {
      byte[] given = read(payloadFile);
      if (refs.isEmpty() && evidence.isEmpty()) {
        return given;
      }
      // --ref and --evidence add to the payload given.
      ObjectNode p;
      try {
        p = (ObjectNode) org.auditledger.protocol.entry.EntryPayload.json(given, "payload file " + payloadFile);
      } catch (ClassCastException | MalformedException e) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "payload file " + payloadFile + " is not a JSON object: "
            + e.getMessage(), e);
      }
      if (!(p.get("body") instanceof ObjectNode body)) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "payload file " + payloadFile + " has no body object");
      }
      addRefsAndEvidence(p, body);
      return bytes(p);
    }
    if (issuer == null) {
      throw new AuditException(ExitCode.USAGE, "give --issuer, or the whole entry with --payload");
    }
    ObjectNode body;
    try {
      body = bodyFile == null ? object() : (ObjectNode) json(read(bodyFile), "body file " + bodyFile);
    } catch (ClassCastException | MalformedException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "body file " + bodyFile + " is not a JSON object: " + e.getMessage());
    }
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new AuditException(ExitCode.USAGE, "--set " + s + ": want FIELD=VALUE");
      }
      String value = s.substring(eq + 1);
      JsonNode v;
      try {
        v = json(value.getBytes(StandardCharsets.UTF_8), "--set value");
      } catch (MalformedException notJson) {
        v = StrictJson.mapper().getNodeFactory().textNode(value);
      }
      body.set(s.substring(0, eq), v);
    }
    ObjectNode p = newPayload(kind, issuer, body);
    addRefsAndEvidence(p, body);
    return bytes(p);
  }

  /**
   * A new payload of {@code kind} for {@code issuer}, created now, with {@code body}: the one place
   * the CLI builds payloads ({@code audit file}, {@code audit import ocds}). A spending body is an
   * OCDS release: payload version 2 (protocol.md §7.1), amounts as decimals.
   */
  static ObjectNode newPayload(String kind, String issuer, JsonNode body) {
    ObjectNode p = object();
    p.put("v", "spending".equals(kind) ? 2 : 1).put("kind", kind).put("issuer", issuer)
        .put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    p.set("body", body);
    return p;
  }

  /**
   * A payload's bytes, decimals written plain (never {@code JsonNode.toString()}, which may write
   * an OCDS amount of 0.0000001 as 1E-7, an exponent the payload rule then refuses, §5.1).
   */
  static byte[] bytes(JsonNode payload) {
    return StrictJson.write(payload).getBytes(StandardCharsets.UTF_8);
  }

  private boolean release() {
    return "spending".equals(kind);
  }

  private JsonNode json(byte[] bytes, String what) {
    return release() ? StrictJson.parseDecimals(bytes, what) : StrictJson.parse(bytes, what);
  }

  private void addRefsAndEvidence(ObjectNode p, ObjectNode body) throws AuditException {
    if (!refs.isEmpty()) {
      ArrayNode a = p.has("refs") && p.get("refs").isArray() ? (ArrayNode) p.get("refs") : p.putArray("refs");
      for (String r : refs) {
        a.add(ref(r));
      }
    }
    if (!evidence.isEmpty()) {
      ArrayNode list = body.has("evidence") && body.get("evidence").isArray() ? (ArrayNode) body.get("evidence")
          : body.putArray("evidence");
      for (Path f : evidence) {
        list.add(evidence(f));
      }
    }
  }

  private static final java.util.regex.Pattern REF =
      java.util.regex.Pattern.compile("([a-z-]+):(?:(.*)#)([0-9]{1,19})(?::([A-Za-z0-9+/=_-]+))?");

  /**
   * One {@code --ref}: {@code REL:[LOG]#INDEX[:LEAFHASH]}. Without a leaf hash, the entry is
   * fetched from its log (the one log filed with, a log named with audit log add, or a log filed
   * with whose origin it is) and proven into its signed checkpoint first.
   */
  private ObjectNode ref(String r) throws AuditException {
    java.util.regex.Matcher m = REF.matcher(r);
    if (!m.matches()) {
      throw new AuditException(ExitCode.USAGE, "--ref " + r + ": want REL:[LOG]#INDEX[:LEAFHASH], e.g. about:#4 or"
          + " responds-to:town#12");
    }
    String log = m.group(2);
    long index;
    try {
      index = Long.parseLong(m.group(3));
    } catch (NumberFormatException e) {
      throw new AuditException(ExitCode.USAGE, "--ref " + r + ": index " + m.group(3) + " is too large", e);
    }
    ObjectNode o = object();
    String origin = null;
    String leafHash = m.group(4);
    if (leafHash == null) {
      PeerSpec where = refLog(r, log);
      LogClient c = client(where.url());
      Proven p;
      try {
        p = Proven.fetch(c, LogOptions.trusted(c, where.vkey(), WitnessPolicy.none()).checkpoint().checkpoint(), index);
      } catch (AuditException e) {
        throw new AuditException(e.code(), "--ref " + r + ": " + e.getMessage(), e);
      }
      leafHash = Base64.getEncoder().encodeToString(Rfc6962.leafHash(p.leaf()));
      origin = where.vkey().name();
      if (!json) {
        out().println("--ref " + r + ": entry " + index + " of " + origin + ", leaf hash " + leafHash + " (proven)");
      }
    } else if (!log.isEmpty()) {
      origin = origins().contains(log) ? log : names().containsKey(log) ? vkey(names().get(log).vkey(), "--ref").name() : log;
    }
    // A reference into the one log filed with is written as local; any other names its log.
    if (origin != null && !(nodes.size() == 1 && origin.equals(vkey(logKeys.get(0), "--log-key").name()))) {
      o.put("log", origin);
    }
    o.put("index", index);
    o.put("leafHash", leafHash);
    o.put("rel", m.group(1));
    return o;
  }

  /** The log a {@code --ref} without leaf hash names: where to fetch the entry from. */
  private PeerSpec refLog(String r, String log) throws AuditException {
    if (log.isEmpty()) {
      if (nodes.size() != 1) {
        throw new AuditException(ExitCode.USAGE, "--ref " + r + ": \"#N\" means entry N of the log filed with, but the"
            + " entry goes to " + nodes.size() + " logs; name the log (LOG#N) or give the leaf hash");
      }
      return new PeerSpec(nodes.get(0), vkey(logKeys.get(0), "--log-key"));
    }
    if (names().containsKey(log)) {
      var n = names().get(log);
      return new PeerSpec(n.url(), vkey(n.vkey(), "--ref " + r));
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (vkey(logKeys.get(i), "--log-key").name().equals(log)) {
        return new PeerSpec(nodes.get(i), vkey(logKeys.get(i), "--log-key"));
      }
    }
    throw new AuditException(ExitCode.USAGE, "--ref " + r + ": no log \"" + log + "\" is known: name it with audit log"
        + " add, file with it, or give the leaf hash");
  }

  private java.util.SortedMap<String, org.auditledger.cli.state.LogName> names() throws AuditException {
    return state().loadNames();
  }

  private List<String> origins() throws AuditException {
    List<String> out = new ArrayList<>();
    for (String k : logKeys) {
      out.add(vkey(k, "--log-key").name());
    }
    return out;
  }

  /** An evidence item for {@code f}: what a finding's {@code evidence[]} holds (finding.schema.json). */
  private static ObjectNode evidence(Path f) throws AuditException {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      long size = 0;
      try (java.io.InputStream in = Files.newInputStream(f)) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          sha.update(buf, 0, n);
          size += n;
        }
      }
      String type = Files.probeContentType(f);
      ObjectNode o = object();
      o.put("name", f.getFileName().toString());
      o.put("sha256", java.util.HexFormat.of().formatHex(sha.digest()));
      o.put("size", size);
      o.put("mediaType", type != null && type.matches("[a-z]+/[A-Za-z0-9.+_-]+") ? type : "application/octet-stream");
      return o;
    } catch (IOException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "--evidence " + f + ": cannot read it: " + e.getMessage(), e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode submit(String node, NoteVerifierKey vkey, Envelope env) throws AuditException {
    LogClient client = client(node);
    LogClient.Response r = client.submit(env.toJson().getBytes(StandardCharsets.UTF_8));
    if (r.status() != 200 && r.status() != 201) {
      String detail = r.text().length() > 500 ? r.text().substring(0, 500) + "..." : r.text();
      try {
        detail = NodeAnswer.parse(r.body(), node).text("detail");
      } catch (AuditException notProblem) {
        // not a problem document: show the body as it is
      }
      // Kept: a node that refuses an entry leaves the filer the proof of what it refused, and why.
      ObjectNode kept = object();
      kept.put("node", node).put("origin", vkey.name()).put("status", r.status()).put("at", Instant.now().toString());
      try {
        kept.set("answer", StrictJson.parse(r.body(), "answer"));
      } catch (MalformedException notJson) {
        kept.put("answer", r.text().length() > 2000 ? r.text().substring(0, 2000) : r.text());
      }
      kept.set("envelope", StrictJson.parse(env.toJson().getBytes(StandardCharsets.UTF_8), "envelope"));
      Path f = state().saveRefusal(vkey.name(), kept.toPrettyString().getBytes(StandardCharsets.UTF_8));
      throw new AuditException(r.status() == 503 ? ExitCode.NETWORK : ExitCode.REFUSED, "refused (" + r.status() + "): "
          + detail + " [entry and answer kept in " + f + "]");
    }
    Receipt receipt = Receipts.verified(r, client, node, vkey, env);
    long index = receipt.index();
    Path file = Receipts.save(state(), node, vkey, receipt, r.status() == 201, env);
    if (!json) {
      out().println(node + ": " + (r.status() == 201 ? "filed" : "already filed") + " as entry " + index
          + " of " + vkey.name() + ", leaf hash " + Base64.getEncoder().encodeToString(receipt.leafHash())
          + "; receipt verified, saved to " + file);
    }
    return object().put("node", node).put("ok", true).put("index", index)
        .put("leafHash", Base64.getEncoder().encodeToString(receipt.leafHash())).put("receipt", file.toString());
  }

  /**
   * The payload with its {@code authority} in the home log (protocol.md §5.1): the grant there by
   * which one of the signers holds the role the kind needs for the issuer, found in the home log's
   * registry and proven into its signed checkpoint before it is named.
   */
  private byte[] withAuthority(byte[] payload, List<Ed25519KeyPair> signers) throws AuditException {
    ObjectNode p;
    try {
      p = (ObjectNode) org.auditledger.protocol.entry.EntryPayload.json(payload, "payload");
    } catch (ClassCastException | MalformedException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "the payload is not a JSON object: " + e.getMessage(), e);
    }
    String org = p.path("issuer").asText();
    PeerSpec spec = LogNames.spec(state(), home, "--home");
    LogClient client = client(spec.url());
    NodeAnswer keys = client.getJson("v1/keys");
    long size = keys.nonNegative("size");
    org.auditledger.protocol.note.Checkpoint cp;
    try {
      cp = LogOptions.trusted(client, spec.vkey(), WitnessPolicy.none()).checkpoint().checkpoint();
    } catch (AuditException e) {
      throw new AuditException(e.code(), "home log " + spec.vkey().name() + ": " + e.getMessage(), e);
    }
    size = Math.min(size, cp.size());
    Role need = Role.requiredFor(EntryKind.of(kind));
    for (NodeAnswer k : keys.objects("keys")) {
      boolean ours = signers.stream().anyMatch(s -> s.publicKey().keyId().equals(k.json().path("keyId").asText()));
      if (!ours || !org.equals(k.json().path("organization").asText()) || !need.jsonName().equals(k.json().path("role").asText())) {
        continue;
      }
      long at = k.nonNegative("grantedAt");
      if (at >= size) {
        continue;
      }
      Proven grant = Proven.fetch(client, cp, at);
      ObjectNode a = p.putObject("authority");
      a.put("log", cp.origin()).put("index", at)
          .put("leafHash", Base64.getEncoder().encodeToString(Rfc6962.leafHash(grant.leaf()))).put("size", size);
      if (!json) {
        out().println("authority: " + org + "@" + cp.origin() + " grants " + need.jsonName() + " to "
            + k.json().path("keyId").asText() + " by entry " + at + " (registry at size " + size + ")");
      }
      return bytes(p);
    }
    throw new AuditException(ExitCode.LOCAL_INPUT, "home log " + cp.origin() + " grants none of the signing keys the"
        + " role " + need.jsonName() + " for \"" + org + "\" (its registry at size " + size + "); nothing was sent");
  }

  private static byte[] read(Path f) throws AuditException {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot read " + f + ": " + e.getMessage(), e);
    }
  }
}
