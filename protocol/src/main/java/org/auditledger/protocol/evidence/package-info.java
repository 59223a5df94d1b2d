/**
 * Self-contained proofs that a log showed two views of itself: two checkpoints signed by its key
 * that cannot both be true. Anyone holding the log's verifier key can check one without trusting
 * whoever collected it; a node stores only what passes that check (docs/protocol.md §4).
 *
 * <pre>
 * same size:        checkpoints A, B with size(A) = size(B) and root(A) != root(B)
 * different sizes:  size(A) < size(B), and a consistency proof from size(A) to size(B) that
 *                   verifies from priorRoot to root(B), with priorRoot != root(A):
 *                   B's tree had root priorRoot at size(A), so A's tree is not a prefix of B's
 * </pre>
 */
package org.auditledger.protocol.evidence;
