package org.auditledger.cli.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What {@code audit verify} remembers of a log's claims (docs/protocol.md §6.2), next to its
 * {@link LogState}: the entries whose claims are still unchecked (judged again as soon as a run
 * knows the logs they name, so results never depend on the order of runs), the claims found to
 * fail, with their evidence, and the indexes of the log's key entries (its registry at any earlier
 * size, for other logs' claims of authority in it).
 *
 * @param keyEntries indexes of the key entries verified, ascending; null if not kept (a state
 *     saved before claims were judged)
 */
public record ClaimsState(List<Long> keyEntries, SortedSet<Long> unchecked, List<Failed> failed) {
  public ClaimsState {
    keyEntries = keyEntries == null ? null : List.copyOf(keyEntries);
    unchecked = new TreeSet<>(unchecked);
    failed = List.copyOf(failed);
  }

  /** The state of a log verified from scratch, before its first entry. */
  public static final ClaimsState EMPTY = new ClaimsState(List.of(), new TreeSet<>(), List.of());

  /**
   * A claim that fails: the entry, the rule, the entry it names, why, and the evidence (the entry's
   * leaf and inclusion proof into the checkpoint verified, and the target's when it was fetched).
   */
  public record Failed(long entry, String rule, String target, String detail, JsonNode evidence) {
    @Override
    public String toString() {
      return "entry " + entry + ": " + rule + " on " + target + ": " + detail;
    }
  }
}
