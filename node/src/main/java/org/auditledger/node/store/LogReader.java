package org.auditledger.node.store;

import java.util.List;
import java.util.function.LongConsumer;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.merkle.HashReader;
import org.auditledger.protocol.merkle.NodeId;

/**
 * What readers of a log's store may rely on (the read contract; after Trillian's
 * {@code ReadOnlyLogTreeTX}). Every method may block: call it on a worker. Entries are read only
 * below a size the caller saw committed; everything below it is immutable, so no snapshot is
 * needed. A store that cannot answer throws {@link StorageException}; it never returns data it
 * does not hold.
 *
 * <p>Implemented by the node's own store and by each mirror's; one contract test suite
 * ({@code StoreContractTest}) runs against both.
 */
public interface LogReader extends HashReader {
  /** The log's origin, or null for a store not yet given one. */
  String origin();

  /** Entries {@code [0, size)} are stored; 0 for an empty store. */
  long size();

  /** The latest signed checkpoint note stored, or null; its size may be below {@link #size()}. */
  byte[] checkpoint();

  /** The key registry snapshot as of its last change, or null before entry 0. */
  byte[] registry();

  /** The leaf at {@code index}, or null if none is stored there. */
  byte[] leaf(long index);

  /**
   * Leaves {@code [from, from + count)}: a contiguous prefix of that range, shorter than {@code
   * count} only if the store ends before; empty if {@code from} is not stored.
   */
  List<byte[]> leaves(long from, int count);

  /** The index of the entry with this leaf hash, or -1. */
  long indexOfLeafHash(byte[] leafHash);

  /** The index of the entry with this id (its signed payload), or -1. */
  long indexOfEntry(EntryId id);

  /** For each id, in order, the index of the entry with it or -1: one batched read. */
  long[] indexOfEntries(List<EntryId> ids);

  /**
   * For each release key, in order, the index of the entry holding that release or -1 (rule
   * unique-release); a null key is answered -1. One batched read.
   */
  long[] indexOfReleases(List<org.auditledger.protocol.entry.ReleaseKey> keys);

  /** The kind of entry {@code index} without reading its leaf, or null if none is stored. */
  EntryKind kind(long index);

  /**
   * Visits, ascending, the indexes of entries with posting {@code field = value} after {@code
   * after} (-1 for the first), at most {@code limit} of them.
   */
  void postings(byte field, String value, long after, int limit, LongConsumer visitor);

  /**
   * Visits the index of every entry with any posting of {@code field} (an entry once per value),
   * in value order: one pass over that field's postings, never over the log.
   */
  void entriesWithAny(byte field, LongConsumer visitor);

  /** Whether entry {@code index} has the posting {@code field = value}: one point lookup. */
  boolean hasPosting(byte field, String value, long index);

  /**
   * Visits every stored derived contribution (protocol.md §10) by entry index, ascending: one
   * pass over the derived index, never over the log.
   */
  void contributions(java.util.function.BiConsumer<Long, byte[]> visitor);

  /** False while the derived index lacks contributions of stored entries (after an upgrade). */
  boolean derivedComplete();

  /**
   * The hashes of perfect nodes, one per id in order; a missing or malformed node is a {@link
   * StorageException}, never a short list.
   */
  @Override
  List<byte[]> read(List<NodeId> ids);

  /** Search posting fields: issuers are posted qualified ({@code name@home}) and by bare name. */
  byte KIND = 'k';
  byte ISSUER = 'i';
  byte ISSUER_NAME = 'n';
  byte SIGNER = 's';
  byte REF = 'r';
  /** Key entries, by the organization they grant roles for. */
  byte GRANTED = 'g';
}
