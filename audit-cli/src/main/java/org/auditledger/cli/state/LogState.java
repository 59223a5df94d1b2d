package org.auditledger.cli.state;

import java.util.List;
import org.auditledger.protocol.authz.KeyRegistry;

/**
 * What {@code audit verify} remembers of a log after verifying it up to {@code size}: enough to
 * verify only what is new next time and to prove the old tree is a prefix of the new one.
 *
 * @param vkey the log's verifier key it was verified with
 * @param checkpoint the signed checkpoint note verified
 * @param edge the compact range of the tree at {@code size} (protocol.md §1)
 * @param lastLeafHash the leaf hash of entry size-1 (empty for size 0)
 * @param registry the key registry after entry size-1
 * @param entries which entry carries which payload (rule unique-payload); null in a state saved
 *     before it was kept, which makes the next run replay every entry again
 */
public record LogState(String vkey, String checkpoint, long size, byte[] root, List<byte[]> edge,
    byte[] lastLeafHash, KeyRegistry.Snapshot registry, EntryIndex entries) {
  public LogState {
    edge = List.copyOf(edge);
  }
}
