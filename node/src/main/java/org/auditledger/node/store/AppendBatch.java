package org.auditledger.node.store;

import java.util.List;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.derived.Contribution;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.merkle.NodeId;

/**
 * The writes of one batch, invisible until {@link LogWriter#commit}. {@link #append} is the one
 * way an entry enters any store, the node's own log and every mirror alike: it writes the leaf
 * and every index derived from it, so that no store can hold an entry without them.
 */
public interface AppendBatch extends AutoCloseable {
  /**
   * Stages a verified entry: its leaf, its leaf-hash and entry-id indexes, its kind, its search
   * postings (kind, issuer, each signer, each reference) and its derived contribution
   * (protocol.md §10), computed from the entry and {@code claims}, its claims as judged.
   *
   * @return the contribution staged, or null if the entry contributes nothing
   */
  Contribution append(long index, byte[] leaf, byte[] leafHash, Entry entry, EntryId id, List<Claim> claims);

  /** Stages a perfect tree node an appended entry completed. */
  void node(NodeId id, byte[] hash);

  /**
   * Stages verified progress without a new checkpoint (a mirror's intermediate chunk): the size
   * stored, and the key registry if it changed (null if not).
   */
  void progress(long size, byte[] registry);

  /** Stages the committed size, its signed checkpoint, and the key registry if it changed. */
  void head(long size, byte[] checkpoint, byte[] registry);

  @Override
  void close();
}
