package org.auditledger.cli.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.derived.Accountability;
import org.auditledger.protocol.derived.StatsSummary;

/**
 * The accountability figures of a set of verified logs, kept as a {@link StatsSummary} once
 * computed from their derived facts, under {@code summaries/} of the state directory, named by
 * the logs, the sizes verified and the digest of each log's facts: a summary is read back only
 * for exactly the facts it was computed from, so it is never stale, and {@code audit stats}
 * answers without reading every finding again.
 */
public final class Summaries {
  private Summaries() {}

  /** The logs, each with the size verified and its derived facts. */
  public record Facts(Map<String, Long> sizes, Map<String, byte[]> facts) {}

  /**
   * The verified sizes and derived facts of {@code origins}.
   *
   * @throws AuditException (local input) if a log was not verified, or verified before derived
   *     facts were kept
   */
  public static Facts load(StateDir states, List<String> origins) throws AuditException {
    Map<String, Long> sizes = new TreeMap<>();
    Map<String, byte[]> facts = new TreeMap<>();
    for (String origin : origins) {
      var size = states.verifiedSize(origin);
      byte[] f = states.loadDerived(origin);
      if (size.isEmpty() || f == null) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "no derived state of " + origin + " was kept: verify it first"
            + " (audit verify; a state from an older version of audit must be verified from scratch: move it away)");
      }
      sizes.put(origin, size.get());
      facts.put(origin, f);
    }
    return new Facts(sizes, facts);
  }

  /**
   * The derived state of {@code f}'s logs together.
   *
   * @throws AuditException (local input) if a file is damaged, or if claims of one log on another
   *     were left unchecked although the other was verified far enough: the answer would depend
   *     on the order the logs were verified in, so the message says which verification to run
   */
  public static Accountability state(StateDir states, Facts f) throws AuditException {
    return state(states, f, org.auditledger.protocol.spending.Spending.TECHNOLOGY);
  }

  /** As {@link #state(StateDir, Facts)}, with the technology-spending view of {@code technology}. */
  public static Accountability state(StateDir states, Facts f, List<String> technology) throws AuditException {
    Accountability a = new Accountability(technology);
    for (Map.Entry<String, byte[]> e : f.facts().entrySet()) {
      try {
        a.absorb(e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "derived state " + states.derivedFile(e.getKey()) + ": "
            + ex.getMessage() + "; move the log's state directory away and verify it again", ex);
      }
    }
    StringBuilder entry = new StringBuilder();
    var w = a.decidable(f.sizes(), entry);
    if (w.isPresent()) {
      String from = entry.substring(0, entry.lastIndexOf("#"));
      throw new AuditException(ExitCode.LOCAL_INPUT, "claims of " + entry + " on " + w.get().log() + " were not judged"
          + " yet, though that log was verified far enough: run audit verify for " + from + " with --peer for "
          + w.get().log() + ", then ask again");
    }
    return a;
  }

  /** The summary of {@code f}'s logs together: read back if kept, else computed and kept. */
  public static StatsSummary summary(StateDir states, Facts f) throws AuditException {
    Path file = states.root().resolve("summaries").resolve(name(f) + ".bin");
    if (Files.exists(file)) {
      try {
        return StatsSummary.decode(Files.readAllBytes(file));
      } catch (java.io.IOException | IllegalArgumentException e) {
        // A damaged summary is only a cache: computed again below, and replaced.
      }
    }
    StatsSummary s = state(states, f).summary(null);
    StateDir.write(file, s.encode());
    prune(file.getParent());
    return s;
  }

  /** Most summaries kept: the newest, by the time they were written. */
  private static final int KEPT = 16;

  private static void prune(Path dir) {
    try (var files = Files.list(dir)) {
      List<Path> all = files.filter(p -> p.getFileName().toString().endsWith(".bin"))
          .sorted(java.util.Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed()).toList();
      for (Path old : all.subList(Math.min(KEPT, all.size()), all.size())) {
        Files.deleteIfExists(old);
      }
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // Only a cache: what cannot be pruned now is pruned at the next write.
    }
  }

  private static String name(Facts f) {
    try {
      MessageDigest key = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> e : f.facts().entrySet()) {
        key.update((e.getKey() + "\n" + f.sizes().get(e.getKey()) + "\n").getBytes(StandardCharsets.UTF_8));
        key.update(MessageDigest.getInstance("SHA-256").digest(e.getValue()));
      }
      return HexFormat.of().formatHex(key.digest(), 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
