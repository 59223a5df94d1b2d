/**
 * Who may sign what, replayed from the log's own {@code key} entries (docs/protocol.md,
 * "Authorization"). The state after entry n depends only on entries 0..n, so every verifier
 * reaches the same decisions as the node did.
 */
package org.auditledger.protocol.authz;
