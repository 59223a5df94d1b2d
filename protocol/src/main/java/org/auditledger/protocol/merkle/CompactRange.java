package org.auditledger.protocol.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a Merkle tree: the perfect subtrees whose concatenation is leaves {@code [0,
 * size)}, one per set bit of {@code size}, highest first. It is all the state needed to append
 * leaves and compute the root, O(log n) hashes (transparency-dev/merkle calls it a compact range).
 *
 * <p>Not thread-safe; the sequencer owns one.
 */
public final class CompactRange {
  /** Receives every perfect node that an append completes, so that storage can keep it. */
  @FunctionalInterface
  public interface NodeSink {
    void completed(NodeId id, byte[] hash);
  }

  private long size;
  private final List<byte[]> hashes;

  private CompactRange(long size, List<byte[]> hashes) {
    this.size = size;
    this.hashes = hashes;
  }

  /** The empty tree. */
  public static CompactRange empty() {
    return new CompactRange(0, new ArrayList<>());
  }

  /** The perfect nodes whose hashes {@link #of} needs to resume a tree of {@code size} leaves. */
  public static List<NodeId> edge(long size) {
    List<NodeId> ids = new ArrayList<>();
    if (size > 0) {
      Ranges.decompose(0, size, ids);
    }
    return ids;
  }

  /** Resumes a tree of {@code size} leaves from the hashes of {@link #edge(long)}, in order. */
  public static CompactRange of(long size, List<byte[]> edgeHashes) {
    int want = Long.bitCount(size);
    if (size < 0 || edgeHashes.size() != want) {
      throw new IllegalArgumentException(
          "compact range of size " + size + " needs " + want + " hashes, got " + edgeHashes.size());
    }
    List<byte[]> copy = new ArrayList<>(want);
    for (byte[] h : edgeHashes) {
      copy.add(ProofVerifier.checkHash(h, "compact range hash").clone());
    }
    return new CompactRange(size, copy);
  }

  /** The number of leaves appended so far. */
  public long size() {
    return size;
  }

  /**
   * Appends one leaf hash and reports to {@code sink} the leaf itself (level 0) and every perfect
   * node it completes, bottom-up.
   */
  public void append(byte[] leafHash, NodeSink sink) {
    byte[] h = ProofVerifier.checkHash(leafHash, "leaf hash").clone();
    long index = size;
    sink.completed(new NodeId(0, index), h);
    int level = 0;
    // Each trailing 1-bit of the old size is a left sibling that the new leaf completes.
    long s = size;
    while ((s & 1) == 1) {
      byte[] left = hashes.remove(hashes.size() - 1);
      h = Rfc6962.nodeHash(left, h);
      level++;
      index >>= 1;
      sink.completed(new NodeId(level, index), h);
      s >>= 1;
    }
    hashes.add(h);
    size++;
  }

  /** The RFC 6962 root of the leaves appended so far. */
  public byte[] root() {
    if (hashes.isEmpty()) {
      return Rfc6962.emptyRoot();
    }
    byte[] r = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      r = Rfc6962.nodeHash(hashes.get(i), r);
    }
    return r.clone();
  }

  /** The hashes of {@link #edge(long)} for the current size, highest first (copies). */
  public List<byte[]> edgeHashes() {
    List<byte[]> out = new ArrayList<>(hashes.size());
    for (byte[] h : hashes) {
      out.add(h.clone());
    }
    return out;
  }

  /** A copy that appends independently of this one. */
  public CompactRange copy() {
    return new CompactRange(size, new ArrayList<>(edgeHashes()));
  }
}
