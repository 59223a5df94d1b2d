package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.NodeAnswer;
import org.auditledger.cli.client.OpenedCheckpoints;
import org.auditledger.cli.client.Proven;
import org.auditledger.cli.ocds.Meaning;
import org.auditledger.cli.ocds.Outcome;
import org.auditledger.cli.ocds.Outcome.Status;
import org.auditledger.cli.state.Journal;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.ReleaseKey;
import org.auditledger.protocol.entry.SchemaViolationException;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.ocds.Packages;
import org.auditledger.protocol.wire.Receipt;

/**
 * Files one OCDS release as a spending entry and says what became of it: the payload built and
 * validated by the code {@code audit file} uses ({@link FileEntry#newPayload}, {@link
 * EntryPayload#parse}), signed, submitted, and the node's answer judged. Thread-safe: an import
 * runs many of these at once.
 *
 * <p>Answers: 201 is filed and 200 (this very envelope already logged) skipped, each with its
 * receipt verified and kept; 409 {@code duplicate-release} or {@code duplicate-entry} is skipped
 * only once the entry the node names ({@code firstIndex}) is fetched, proven into the log's signed
 * checkpoint, and found to hold this release with the same meaning ({@link Meaning}); with another
 * body it is a conflict, as OCDS never changes a release in place. 429 and 503 are retried after
 * the wait the node asks (all workers wait together, then go paced: {@link #pace}), at most
 * {@link #ATTEMPTS} times; every request is bounded by the command's {@code --timeout}.
 */
final class ReleaseFiler {
  /** Submissions of one release before a node that keeps answering 429 or 503 counts as failing. */
  static final int ATTEMPTS = 8;
  /** Longest wait asked by a node honoured, in seconds. */
  static final long MAX_WAIT_SECONDS = 30;

  private final LogClient client;
  private final String node;
  private final NoteVerifierKey vkey;
  /** One signature check per checkpoint: a batch's receipts share theirs. */
  private final OpenedCheckpoints checkpoints;
  private final List<Ed25519KeyPair> signers;
  private final String issuer;
  /** Where the receipts of this import are kept, and the node's refusals with their envelopes. */
  private final Journal receipts;
  private final Journal refusals;
  private final boolean dryRun;
  /** Smallest gap between two submissions once the node rate-limits (it doubles at each 429). */
  static final long MIN_GAP_NANOS = 10_000_000L;
  /** Largest such gap: one submission a second still gets through any sane limit. */
  static final long MAX_GAP_NANOS = 1_000_000_000L;

  // Pacing shared by every worker (guarded by pacing): when the next submission may go, the gap
  // kept between submissions, and until when the node asked everyone to wait.
  private final Object pacing = new Object();
  private long nextSlot = System.nanoTime();
  private long gap;
  private long notBefore = System.nanoTime();
  // Waves of refusals so far: a 429 to a submission sent in an earlier wave is part of that wave.
  private long waves;
  private Checkpoint head;

  /**
   * @param issuer the issuer of every release ({@code --issuer}), or null: each release's buyer
   */
  ReleaseFiler(LogClient client, String node, NoteVerifierKey vkey, List<Ed25519KeyPair> signers, String issuer,
      Journal receipts, Journal refusals, boolean dryRun) {
    this.client = client;
    this.node = node;
    this.vkey = vkey;
    this.checkpoints = vkey == null ? null : new OpenedCheckpoints(vkey);
    this.signers = List.copyOf(signers);
    this.issuer = issuer;
    this.receipts = receipts;
    this.refusals = refusals;
    this.dryRun = dryRun;
  }

  /**
   * The issuer a release is filed for: {@code --issuer} if given, else its {@code buyer.id}
   * (protocol.md §7.1: a release is filed by its buyer), else null.
   */
  static String issuerOf(JsonNode release, String override) {
    if (override != null) {
      return override;
    }
    JsonNode id = release.path("buyer").path("id");
    return (id.isTextual() && !id.asText().isEmpty()) || id.isIntegralNumber() ? id.asText() : null;
  }

  /** A release's {@code ocid} or {@code id} as written, or null if it is not a string or number. */
  static String idText(JsonNode release, String field) {
    JsonNode v = release.get(field);
    return v != null && (v.isTextual() || v.isNumber()) ? v.asText() : null;
  }

  Outcome file(Packages.Release r) {
    JsonNode release = r.json();
    String at = r.location();
    String ocid = idText(release, "ocid");
    String id = idText(release, "id");
    String by = issuerOf(release, issuer);
    if (by == null) {
      return Outcome.refused(at, Status.INVALID, ocid, id, "the release names no buyer (buyer.id), so no issuer;"
          + " give the organization filing it with --issuer ORG; nothing was sent", List.of(), ExitCode.LOCAL_INPUT);
    }
    byte[] payload = FileEntry.bytes(FileEntry.newPayload("spending", by, release));
    EntryPayload parsed;
    try {
      parsed = EntryPayload.parse(payload);
    } catch (SchemaViolationException e) {
      List<String> vs = new ArrayList<>();
      e.violations().forEach(v -> vs.add(v.toString()));
      return Outcome.refused(at, Status.INVALID, ocid, id, "the spending entry for " + by
          + " does not match the schema; nothing was sent", vs, ExitCode.LOCAL_INPUT);
    } catch (MalformedException e) {
      return Outcome.refused(at, Status.INVALID, ocid, id, e.getMessage() + "; nothing was sent", List.of(),
          ExitCode.LOCAL_INPUT);
    }
    Envelope env = Envelope.sign(payload, signers);
    if (dryRun) {
      return Outcome.ok(at, Status.VALID, ocid, id, null, "valid and signed as a spending entry of " + by
          + "; not sent (--dry-run)");
    }
    try {
      return submit(at, ocid, id, parsed, env);
    } catch (AuditException e) {
      return Outcome.refused(at, Status.FAILED, ocid, id, e.getMessage(), List.of(), e.code());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.refused(at, Status.FAILED, ocid, id, "interrupted before the node answered", List.of(),
          ExitCode.NETWORK);
    }
  }

  private Outcome submit(String at, String ocid, String id, EntryPayload parsed, Envelope env)
      throws AuditException, InterruptedException {
    byte[] body = env.toJson().getBytes(StandardCharsets.UTF_8);
    for (int attempt = 1; ; attempt++) {
      long sent = pace();
      LogClient.Response r = client.submit(body);
      int s = r.status();
      if (s == 200 || s == 201) {
        paced();
        Receipt receipt = Receipts.verified(r, client, node, checkpoints, env);
        receipts.append(Receipts.stored(node, vkey, receipt, s == 201, env));
        return s == 201 ? Outcome.ok(at, Status.FILED, ocid, id, receipt.index(), null)
            : Outcome.ok(at, Status.SKIPPED, ocid, id, receipt.index(), "this very envelope is already entry "
                + receipt.index() + " (receipt verified)");
      }
      Problem p = Problem.of(r, client.resolve("v1/entries").toString());
      if ((s == 429 || s == 503) && attempt < ATTEMPTS) {
        backOff(s == 429 ? Math.max(1, p.retryAfter()) : 1, sent);
        continue;
      }
      paced();
      if (s == 409 && p.firstIndex() >= 0
          && (p.type().endsWith("/duplicate-release") || p.type().endsWith("/duplicate-entry"))) {
        Outcome o = already(at, ocid, id, parsed, p.firstIndex());
        if (!o.status().ok()) {
          keepRefusal(o, r, env);
        }
        return o;
      }
      String why = "the node answered " + s + (p.type().isEmpty() ? "" : " " + p.type()) + ": " + p.detail();
      if (s == 429 || s >= 500) {
        throw new AuditException(ExitCode.NETWORK, why + (s == 429 || s == 503 ? " (after " + ATTEMPTS + " attempts)"
            : ""));
      }
      return keepRefusal(Outcome.refused(at, Status.REFUSED, ocid, id, "refused: " + why, p.violations(),
          ExitCode.REFUSED), r, env);
    }
  }

  /**
   * The node says entry {@code firstIndex} already holds this release (or this payload): believed
   * only once that entry is proven into the signed log and holds the same release, by the same
   * issuer, with the same meaning.
   */
  private Outcome already(String at, String ocid, String id, EntryPayload mine, long firstIndex) throws AuditException {
    Proven logged = Proven.fetch(client, head(firstIndex + 1), firstIndex);
    EntryPayload theirs = logged.entry().payload();
    ReleaseKey key = ReleaseKey.of(mine, vkey.name());
    if (!theirs.isRelease() || !key.equals(ReleaseKey.of(theirs, vkey.name()))) {
      return Outcome.refused(at, Status.REFUSED, ocid, id, "the node refused it as already held by entry " + firstIndex
          + ", but that entry (proven) is not release " + key + ": a false refusal", List.of(), ExitCode.REFUSED);
    }
    if (!Meaning.same(theirs.body(), mine.body())) {
      return Outcome.refused(at, Status.CONFLICT, ocid, id, "entry " + firstIndex + " already holds release \"" + id
          + "\" of " + ocid + " with another body (rule unique-release): OCDS never changes a release in place;"
          + " publish the change as a new release with a new id", List.of(), ExitCode.REFUSED);
    }
    return Outcome.ok(at, Status.SKIPPED, ocid, id, firstIndex, "already in the log as entry " + firstIndex
        + " (proven, same release)");
  }

  /**
   * Keeps what the node answered with the envelope it refused, as {@code audit file} keeps a
   * refusal (docs/cli.md "State directory"), one line of this import's refusals journal.
   */
  private Outcome keepRefusal(Outcome o, LogClient.Response r, Envelope env) throws AuditException {
    ObjectNode kept = Base.object();
    kept.put("node", node).put("origin", vkey.name()).put("status", r.status()).put("at", Instant.now().toString())
        .put("location", o.location()).put("outcome", o.status().slug());
    try {
      kept.set("answer", StrictJson.parse(r.body(), "answer"));
    } catch (MalformedException notJson) {
      String t = r.text();
      kept.put("answer", t.length() > 2000 ? t.substring(0, 2000) : t);
    }
    kept.put("envelope", env.toJson());
    refusals.append(kept);
    return o;
  }

  /** A trusted checkpoint of at least {@code size} entries: the one held, or a newer one. */
  private synchronized Checkpoint head(long size) throws AuditException {
    if (head == null || head.size() < size) {
      head = LogOptions.trusted(client, vkey, WitnessPolicy.none()).checkpoint().checkpoint();
    }
    if (head.size() < size) {
      throw new AuditException(ExitCode.NETWORK, node + " names entry " + (size - 1) + " as holding the release,"
          + " beyond its signed checkpoint of " + head.size() + " entries");
    }
    return head;
  }

  /**
   * Waits for this worker's turn: not before the node's Retry-After, and one gap after the
   * previous submission. The gap is zero until the node rate-limits; then it doubles at each wave
   * of 429s and shrinks by a sixteenth at each answer that is not one, so the workers settle at
   * the rate the node allows instead of all retrying at once when the wait ends (and failing
   * again, until a release runs out of attempts). A worker that slept through the start of a
   * wave takes a new turn after it. Returns the wave its submission belongs to.
   */
  private long pace() throws InterruptedException {
    for (;;) {
      long slot;
      long wave;
      synchronized (pacing) {
        slot = Math.max(Math.max(System.nanoTime(), notBefore), nextSlot);
        nextSlot = slot + gap;
        wave = waves;
      }
      long wait = slot - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      synchronized (pacing) {
        if (wave == waves) {
          return wave;
        }
      }
      // The node refused others while this one waited: take a turn after the new wait.
    }
  }

  /** An answer that was not a rate limit: the gap between submissions shrinks. */
  private void paced() {
    synchronized (pacing) {
      gap = gap - gap / 16 < MIN_GAP_NANOS / 4 ? 0 : gap - gap / 16;
    }
  }

  /**
   * The node asked to wait {@code seconds} (429 Retry-After, or a 503) for a submission sent in
   * wave {@code sent}: everyone waits, then goes at twice the gap. Refusals of submissions sent
   * before the wave began are part of it and change nothing more.
   */
  private void backOff(long seconds, long sent) {
    synchronized (pacing) {
      if (sent != waves) {
        return;
      }
      waves++;
      notBefore = Math.max(notBefore, System.nanoTime() + Math.min(seconds, MAX_WAIT_SECONDS) * 1_000_000_000L);
      nextSlot = notBefore;
      gap = Math.min(MAX_GAP_NANOS, Math.max(MIN_GAP_NANOS, gap * 2));
    }
  }

  /** The RFC 9457 problem a node answered, read defensively: any member may be missing. */
  private record Problem(String type, String detail, long firstIndex, long retryAfter, List<String> violations) {
    static Problem of(LogClient.Response r, String url) {
      NodeAnswer a;
      try {
        a = NodeAnswer.parse(r.body(), url);
      } catch (AuditException notJson) {
        String t = r.text();
        return new Problem("", t.length() > 300 ? t.substring(0, 300) + "..." : t, -1, 1, List.of());
      }
      JsonNode j = a.json();
      List<String> vs = new ArrayList<>();
      for (JsonNode v : j.path("violations")) {
        vs.add(v.path("pointer").asText() + ": " + v.path("message").asText());
      }
      JsonNode first = j.path("firstIndex");
      return new Problem(j.path("type").asText(""), j.path("detail").asText(""),
          first.isIntegralNumber() && first.canConvertToLong() && first.asLong() >= 0 ? first.asLong() : -1,
          j.path("retryAfter").asLong(1), vs);
    }
  }
}
