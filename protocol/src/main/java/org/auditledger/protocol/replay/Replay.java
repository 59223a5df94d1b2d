package org.auditledger.protocol.replay;

import java.util.Arrays;
import java.util.List;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.authz.LogView;
import org.auditledger.protocol.entry.DuplicateEntryException;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.key.Ed25519PublicKey;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.merkle.RootMismatchException;
import org.auditledger.protocol.note.Checkpoint;

/**
 * The in-order rules of a log, applied one entry at a time: the {@code prev} chain, rule
 * unique-payload, authorization and references (the key registry), and the Merkle tree. What can
 * be checked of an entry alone (leaf encoding, signatures, schema: {@link Entry#open}) is done
 * before, in parallel if the caller likes. A refused entry changes nothing.
 *
 * <p>Not thread-safe.
 */
public final class Replay {
  private final String origin;
  private final Ed25519PublicKey logKey;
  private final CompactRange range;
  private final KeyRegistry registry;
  private byte[] prev;

  /** The verified state after entries {@code [0, size)}: enough to go on from there. */
  public record State(long size, List<byte[]> edge, byte[] lastLeafHash, KeyRegistry.Snapshot registry) {
    public State {
      edge = List.copyOf(edge);
      lastLeafHash = lastLeafHash.clone();
    }
  }

  private Replay(String origin, Ed25519PublicKey logKey, CompactRange range, KeyRegistry registry, byte[] prev) {
    this.origin = origin;
    this.logKey = logKey;
    this.range = range;
    this.registry = registry;
    this.prev = prev;
  }

  /** Before entry 0. */
  public static Replay fromStart(String origin, Ed25519PublicKey logKey) {
    return new Replay(origin, logKey, CompactRange.empty(), KeyRegistry.empty(origin, logKey), new byte[0]);
  }

  /** After a verified state. */
  public static Replay resume(String origin, Ed25519PublicKey logKey, State s) {
    return new Replay(origin, logKey, CompactRange.of(s.size(), s.edge()),
        KeyRegistry.restore(origin, logKey, s.registry(), s.size()), s.lastLeafHash());
  }

  /** An independent copy: a batch can be tried on it and thrown away. */
  public Replay copy() {
    return new Replay(origin, logKey, range.copy(), registry.copy(), prev);
  }

  /** The leaf hash of the last entry replayed (empty before entry 0): the next entry's prev. */
  public byte[] lastLeafHash() {
    return prev.clone();
  }

  /** Entries replayed so far. */
  public long size() {
    return range.size();
  }

  /** The root of the entries replayed so far. */
  public byte[] root() {
    return range.root();
  }

  public KeyRegistry registry() {
    return registry;
  }

  public State state() {
    return new State(range.size(), range.edgeHashes(), prev, registry.snapshot());
  }

  /**
   * Checks the next entry ({@code entry}, opened from {@code leafBytes}) against every in-order
   * rule and applies it.
   *
   * @param earlier the log before this entry, for references and rule unique-payload
   * @param nodes receives the tree nodes the entry completes (for storage), or null
   * @return the entry's leaf hash
   * @throws org.auditledger.protocol.VerificationException naming the entry and rule; nothing
   *     is applied then
   */
  public byte[] append(byte[] leafBytes, Entry entry, LogView earlier, CompactRange.NodeSink nodes) {
    byte[] leafHash = Rfc6962.leafHash(leafBytes);
    append(leafHash, earlier == null ? null : EntryId.of(entry.leaf().envelope()), entry, earlier, nodes);
    return leafHash;
  }

  /**
   * As {@link #append(byte[], Entry, LogView, CompactRange.NodeSink)}, with the leaf hash and entry
   * id already computed from the same leaf (in parallel, by {@link LogReplay}).
   */
  void append(byte[] leafHash, EntryId id, Entry entry, LogView earlier, CompactRange.NodeSink nodes) {
    long index = range.size();
    entry.leaf().checkLink(index, prev);
    if (earlier != null) {
      DuplicateEntryException.check(index, earlier.indexOfEntry(id));
    }
    registry.authorize(index, entry.leaf().logged(), entry.payload(), entry.leaf().envelope().signers(), earlier);
    range.append(leafHash, nodes == null ? (nid, h) -> { } : nodes);
    prev = leafHash;
  }

  /**
   * Checks that the entries replayed hash to the root of {@code checkpoint}, which must be of this
   * log and of the size replayed.
   *
   * @throws RootMismatchException with both roots if not
   */
  public void checkRoot(Checkpoint checkpoint) {
    if (!checkpoint.origin().equals(origin) || checkpoint.size() != range.size()) {
      throw new IllegalArgumentException("checkpoint " + checkpoint + " is not of " + origin
          + " at the replayed size " + range.size());
    }
    byte[] root = range.root();
    if (!Arrays.equals(root, checkpoint.rootHash())) {
      throw new RootMismatchException("the " + range.size() + " entries of " + origin, checkpoint.rootHash(), root);
    }
  }

  public Ed25519PublicKey logKey() {
    return logKey;
  }
}
