/**
 * The RFC 6962 / RFC 9162 §2.1 Merkle tree: hashing, an O(log n) appender, and inclusion and
 * consistency proofs.
 *
 * <p>Node coordinates: a <em>perfect</em> node is identified by {@link NodeId}{@code (level,
 * index)}; it covers leaves {@code [index << level, (index + 1) << level)}. Only perfect nodes are
 * ever stored. Nodes on the right edge of a tree whose size is not a power of two are
 * <em>ephemeral</em>: they are recomputed from perfect nodes when needed. Proof generation is split
 * into a pure plan (which perfect nodes are needed, see {@link ProofPlan}) and a rehash step, so
 * that storage can fetch all nodes in one batch.
 */
package org.auditledger.protocol.merkle;
