package org.auditledger.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.MemoryHashStore;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.merkle.Rfc6962;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Merkle kernels, with one SHA-256 of a 64-byte input as the baseline: appends cost about two
 * hashes amortized (the leaf hash is given), proofs about log2(n) hashes plus the reads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MerkleBench {
  @Param({"1000000"})
  public int treeSize;

  private MemoryHashStore store;
  private byte[] root;
  private byte[][] leaves;
  private CompactRange range;
  private long next;
  private final byte[] input = new byte[64];

  @Setup(Level.Trial)
  public void build() {
    store = new MemoryHashStore();
    CompactRange t = CompactRange.empty();
    leaves = new byte[treeSize][];
    for (int i = 0; i < treeSize; i++) {
      leaves[i] = Rfc6962.leafHash(("entry-" + i).getBytes(StandardCharsets.UTF_8));
      t.append(leaves[i], store);
    }
    root = t.root();
    range = CompactRange.empty();
  }

  /** Baseline: one SHA-256 over 64 bytes (a node hash is 65). */
  @Benchmark
  public byte[] sha256Baseline() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(input);
  }

  /** Appends to the compact range, the sequencer's per-entry tree work (nodes discarded). */
  @Benchmark
  public long append() {
    range.append(leaves[(int) (next++ % treeSize)], (id, h) -> { });
    return range.size();
  }

  /** Plans and assembles an inclusion proof from stored nodes (in memory). */
  @Benchmark
  public List<byte[]> inclusionProof() {
    long index = (next++ * 7919) % treeSize;
    return Proofs.inclusion(index, treeSize).fetch(store);
  }

  /** Plans, assembles and verifies an inclusion proof, as a client receiving one would. */
  @Benchmark
  public byte[] inclusionProofVerify() {
    int index = (int) ((next++ * 7919) % treeSize);
    List<byte[]> proof = Proofs.inclusion(index, treeSize).fetch(store);
    ProofVerifier.verifyInclusion(index, treeSize, leaves[index], proof, root);
    return root;
  }
}
