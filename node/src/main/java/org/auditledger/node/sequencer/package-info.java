/**
 * The sequencer: the single writer of a log. It assigns indexes, checks authorization against the
 * replayed key registry, builds leaves, extends the tree, signs one checkpoint per batch and
 * commits the batch with one fsync (group commit). Signatures and schemas are checked before an
 * entry reaches it, in parallel on worker threads.
 */
package org.auditledger.node.sequencer;
