package org.auditledger.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.ocds.ImportSummary;
import org.auditledger.cli.ocds.Meaning;
import org.auditledger.cli.ocds.Outcome;
import org.auditledger.cli.ocds.Outcome.Status;
import org.auditledger.cli.ocds.ProgressLine;
import org.auditledger.cli.state.Journal;
import org.auditledger.cli.state.LogName;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.ocds.Packages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code audit import ocds FILE|-}: files every release of an OCDS release package, record
 * package or JSON Lines file ({@link Packages}) as a spending entry, in document order, many at
 * once, and reports what became of each (docs/cli.md). Running it again files only what is not
 * yet in the log.
 *
 * <p>Order: releases are submitted in document order with at most {@code --window} in flight,
 * so the entry of a release is logged after the entries of every release {@code --window} or
 * more places before it; releases closer together may be logged in either order (the node
 * sequences concurrent submissions in one batch). {@code --window 1} logs them in document order.
 */
@Command(name = "ocds", description = "File every release of an OCDS release package, record package or JSON Lines"
    + " file (FILE, or - for stdin) as a spending entry; releases already logged are skipped.")
final class ImportOcds extends Base {
  @Parameters(index = "0", paramLabel = "FILE|-", description = "The package or JSON Lines file; - reads stdin.")
  String file;

  @Option(names = "--issuer", paramLabel = "ORG",
      description = "The organization filing every release (default: each release's buyer.id; needed for releases"
          + " without a buyer). A release whose buyer is another organization is refused at /body/buyer/id.")
  String issuer;

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private key to sign with; repeat to co-sign.")
  List<Path> keys;

  @Option(names = "--node", paramLabel = "URL", description = "Node to file with.")
  String node;

  @Option(names = "--log-key", paramLabel = "VKEY", description = "The trusted verifier key of --node.")
  String logKey;

  @Option(names = "--log", paramLabel = "NAME", description = "A log added with audit log add (as --node and --log-key).")
  String logName;

  @Option(names = "--window", paramLabel = "N",
      description = "Releases in flight at once, 1 to " + MAX_WINDOW + " (default: ${DEFAULT-VALUE}).")
  int window = 32;

  @Option(names = "--dry-run", description = "Read, validate and sign every release; send nothing.")
  boolean dryRun;

  @Option(names = "--progress", description = "Draw progress on stderr even when it is not a terminal.")
  boolean progress;

  @picocli.CommandLine.Mixin
  Passphrase passphrase = new Passphrase();

  static final int MAX_WINDOW = 64;

  /** The first release seen under a key in this input, to tell a repeat from a conflict. */
  private record First(String location, byte[] meaning) {}

  @Override
  void run() throws AuditException {
    if (window < 1 || window > MAX_WINDOW) {
      throw new AuditException(ExitCode.USAGE, "--window " + window + ": want 1 to " + MAX_WINDOW);
    }
    List<Ed25519KeyPair> signers = new ArrayList<>();
    for (Path k : keys) {
      signers.add(KeyFile.read(k, passphrase));
    }
    String url = node;
    NoteVerifierKey vkey = logKey == null ? null : vkey(logKey, "--log-key");
    if (logName != null) {
      LogName named = LogNames.get(state(), logName, "--log");
      url = url != null ? url : named.url();
      vkey = vkey != null ? vkey : vkey(named.vkey(), "the key of log \"" + logName + "\"");
    }
    if (!dryRun && (url == null || vkey == null)) {
      throw new AuditException(ExitCode.USAGE, "give the log to file with: --log NAME, or --node URL --log-key VKEY");
    }
    String what = "-".equals(file) ? "stdin" : file;
    java.time.Instant started = java.time.Instant.now();
    Journal receipts = dryRun ? null : state().journal("receipts", vkey.name(), started);
    Journal refusals = dryRun ? null : state().journal("refusals", vkey.name(), started);
    ReleaseFiler filer = new ReleaseFiler(url == null ? null : client(url), url, vkey, signers, issuer, receipts,
        refusals, dryRun);
    ImportSummary summary = new ImportSummary(json);
    boolean drawn = progress || (!json && System.console() != null);
    ProgressLine bar = null;
    String format;
    long size = sizeOf();
    java.util.concurrent.atomic.AtomicLong consumed = new java.util.concurrent.atomic.AtomicLong();
    try (InputStream in = counting(open(what), consumed); Packages.Reader items = Packages.open(in, what)) {
      format = items.format().toString();
      if (drawn) {
        int total = items.total();
        // A package is read whole: its share done is by releases; JSON Lines by bytes read.
        bar = new ProgressLine(err(), summary, total >= 0 ? () -> total == 0 ? 1 : summary.done() / (double) total
            : () -> size <= 0 ? -1 : consumed.get() / (double) size);
      }
      pump(items, filer, summary, bar);
    } catch (MalformedException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, e.getMessage() + "; nothing was filed", e);
    } catch (IOException | UncheckedIOException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot read " + what + ": " + e.getMessage(), e);
    } finally {
      if (bar != null) {
        bar.done();
      }
      close(receipts, summary);
      close(refusals, summary);
    }
    report(what, format, summary, receipts, refusals);
    result = summary.exitCode();
  }

  /** Closes (fsyncs) a journal; a failure is the run's, reported with the summary. */
  private static void close(Journal j, ImportSummary summary) {
    if (j == null) {
      return;
    }
    try {
      j.close();
    } catch (AuditException e) {
      summary.stopped(e.getMessage(), e.code());
    }
  }

  /** The size of the file imported, or -1 for stdin or a size that cannot be read. */
  private long sizeOf() {
    try {
      return "-".equals(file) ? -1 : Files.size(Path.of(file));
    } catch (IOException e) {
      return -1;
    }
  }

  private static InputStream counting(InputStream in, java.util.concurrent.atomic.AtomicLong consumed) {
    return new java.io.FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          consumed.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          consumed.addAndGet(n);
        }
        return n;
      }
    };
  }

  private InputStream open(String what) throws AuditException {
    if ("-".equals(file)) {
      return System.in;
    }
    try {
      return Files.newInputStream(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, what + " does not exist", e);
    } catch (IOException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot read " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Hands the releases to {@code window} workers in document order, waiting for a free place
   * before each, then for every one in flight. A release repeated in the input (same issuer, ocid
   * and id) is not sent again: skipped if it means the same, a conflict if not.
   */
  private void pump(Packages.Reader items, ReleaseFiler filer, ImportSummary summary, ProgressLine bar)
      throws AuditException {
    ExecutorService pool = Executors.newFixedThreadPool(window, r -> {
      Thread t = new Thread(r, "import-ocds");
      t.setDaemon(true);
      return t;
    });
    Semaphore places = new Semaphore(window);
    Map<List<String>, First> seen = new HashMap<>();
    long seq = 0;
    try {
      while (true) {
        Packages.Item item;
        try {
          if (!items.hasNext()) {
            break;
          }
          item = items.next();
        } catch (MalformedException | UncheckedIOException e) {
          // Past a bound, or the stream failed: what was read is filed; the rest is reported missing.
          summary.stopped(e.getMessage() + "; releases after the last one listed were not read", ExitCode.LOCAL_INPUT);
          break;
        }
        long at = seq++;
        if (item instanceof Packages.NotImportable n) {
          summary.add(at, Outcome.refused(n.location(), Status.INVALID, null, null, n.reason(), List.of(),
              ExitCode.LOCAL_INPUT));
          continue;
        }
        Packages.Release r = (Packages.Release) item;
        Outcome repeat = repeat(r, seen);
        if (repeat != null) {
          summary.add(at, repeat);
          continue;
        }
        places.acquireUninterruptibly();
        pool.execute(() -> {
          try {
            summary.add(at, filer.file(r));
          } catch (RuntimeException e) {
            summary.add(at, Outcome.refused(r.location(), Status.FAILED, ReleaseFiler.idText(r.json(), "ocid"),
                ReleaseFiler.idText(r.json(), "id"), "unexpected failure: " + e, List.of(), ExitCode.INTERNAL));
          } finally {
            places.release();
            if (bar != null) {
              bar.tick();
            }
          }
        });
      }
    } finally {
      pool.shutdown();
      // Each worker's requests are bounded by --timeout and its retries by ReleaseFiler.ATTEMPTS.
      long bound = (long) window * ReleaseFiler.ATTEMPTS * (timeout().toSeconds() + ReleaseFiler.MAX_WAIT_SECONDS);
      try {
        if (!pool.awaitTermination(bound, TimeUnit.SECONDS)) {
          pool.shutdownNow();
          throw new AuditException(ExitCode.NETWORK, "releases still in flight after " + bound + " s; run the import"
              + " again to file what is missing");
        }
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
        throw new AuditException(ExitCode.NETWORK, "interrupted; run the import again to file what is missing", e);
      }
    }
  }

  /** If this input already had a release under {@code r}'s key: its outcome, else null (and {@code r} remembered). */
  private Outcome repeat(Packages.Release r, Map<List<String>, First> seen) {
    var json = r.json();
    String by = ReleaseFiler.issuerOf(json, issuer);
    String ocid = ReleaseFiler.idText(json, "ocid");
    String id = ReleaseFiler.idText(json, "id");
    if (by == null || ocid == null || id == null) {
      // Refused by validation, with its reason.
      return null;
    }
    List<String> key = List.of(by, ocid, id);
    byte[] meaning = Meaning.digest(json);
    First first = seen.putIfAbsent(key, new First(r.location(), meaning));
    if (first == null) {
      return null;
    }
    if (Arrays.equals(first.meaning(), meaning)) {
      return Outcome.ok(r.location(), Status.SKIPPED, ocid, id, null, "the same release as " + first.location()
          + " of this input, sent once, with it");
    }
    return Outcome.refused(r.location(), Status.CONFLICT, ocid, id, "release \"" + id + "\" of " + ocid + " is also "
        + first.location() + " of this input, with another body: OCDS never changes a release in place; give the"
        + " change a new id", List.of(), ExitCode.REFUSED);
  }

  private static void kept(com.fasterxml.jackson.databind.node.ObjectNode o, String field, Journal j) {
    if (j != null && j.lines() > 0) {
      o.put(field, j.file().toString());
    }
  }

  private void report(String what, String format, ImportSummary summary, Journal receipts, Journal refusals) {
    if (json) {
      com.fasterxml.jackson.databind.node.ObjectNode o = summary.toJson(what, format, dryRun);
      kept(o, "receiptsFile", receipts);
      kept(o, "refusalsFile", refusals);
      out().println(o.toPrettyString());
      out().flush();
    } else {
      out().println("imported " + what + " (" + format + "): " + summary.counts());
      if (receipts != null && receipts.lines() > 0) {
        out().println("receipts (" + receipts.lines() + ") kept in " + receipts.file());
      }
      if (refusals != null && refusals.lines() > 0) {
        out().println("refusals by the node (" + refusals.lines() + "), with their envelopes and answers, kept in "
            + refusals.file());
      }
      out().flush();
    }
    // Every refusal on stderr, where it is seen even with --json, each naming its release.
    for (Outcome o : summary.outcomes()) {
      if (!o.status().ok()) {
        err().println("audit: " + what + " " + o.describe());
      }
    }
    if (summary.stoppedBy() != null) {
      err().println("audit: " + summary.stoppedBy());
    }
    err().flush();
  }
}
