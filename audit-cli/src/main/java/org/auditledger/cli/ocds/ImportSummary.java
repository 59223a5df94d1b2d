package org.auditledger.cli.ocds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.json.StrictJson;

/**
 * The outcomes of one import in document order, whatever order they completed in, and what they
 * add up to. Thread-safe: workers record as they finish. Outcomes of releases filed or skipped are
 * kept only when asked ({@code --json} lists every release), so that an import of millions of
 * releases holds only their counts and its refusals.
 */
public final class ImportSummary {
  private final Map<Long, Outcome> bySeq = new ConcurrentSkipListMap<>();
  private final boolean keepAll;
  private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
  private final Map<Outcome.Status, Integer> counts = new EnumMap<>(Outcome.Status.class);
  private String stoppedBy;
  private ExitCode stoppedCode;

  /** @param keepAll whether to keep the outcome of every release, not only of those refused */
  public ImportSummary(boolean keepAll) {
    this.keepAll = keepAll;
  }

  /** Records the outcome of the item at position {@code seq} of the input. */
  public void add(long seq, Outcome o) {
    if (keepAll || !o.status().ok()) {
      bySeq.put(seq, o);
    }
    done.incrementAndGet();
    synchronized (counts) {
      counts.merge(o.status(), 1, Integer::sum);
    }
  }

  /** The input could not be read to its end (e.g. over a bound): what stopped it. */
  public synchronized void stopped(String why, ExitCode code) {
    stoppedBy = why;
    stoppedCode = code;
  }

  public int count(Outcome.Status s) {
    synchronized (counts) {
      return counts.getOrDefault(s, 0);
    }
  }

  /** Items neither filed, skipped nor (dry run) valid. */
  public int refused() {
    int n = 0;
    for (Outcome.Status s : Outcome.Status.values()) {
      n += s.ok() ? 0 : count(s);
    }
    return n;
  }

  public long done() {
    return done.get();
  }

  /** In document order: every one kept (all, or the refused only). */
  public List<Outcome> outcomes() {
    return new ArrayList<>(bySeq.values());
  }

  /** OK if every release was filed or skipped (or is valid, in a dry run), else the gravest class met. */
  public synchronized ExitCode exitCode() {
    ExitCode worst = stoppedCode != null ? stoppedCode : ExitCode.OK;
    for (Outcome o : bySeq.values()) {
      if (o.code().code() > worst.code()) {
        worst = o.code();
      }
    }
    return worst;
  }

  /** One line of counts. */
  public String counts() {
    String s = "filed " + count(Outcome.Status.FILED) + ", skipped " + count(Outcome.Status.SKIPPED) + ", refused "
        + refused();
    return count(Outcome.Status.VALID) > 0 ? s + ", valid (not sent) " + count(Outcome.Status.VALID) : s;
  }

  public synchronized String stoppedBy() {
    return stoppedBy;
  }

  public ObjectNode toJson(String file, String format, boolean dryRun) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("ok", exitCode() == ExitCode.OK).put("file", file).put("format", format).put("dryRun", dryRun);
    o.put("filed", count(Outcome.Status.FILED)).put("skipped", count(Outcome.Status.SKIPPED))
        .put("refused", refused());
    if (dryRun) {
      o.put("valid", count(Outcome.Status.VALID));
    }
    if (stoppedBy() != null) {
      o.put("stopped", stoppedBy());
    }
    o.put("exitCode", exitCode().code());
    ArrayNode items = o.putArray("releases");
    outcomes().forEach(x -> items.add(x.toJson()));
    return o;
  }
}
