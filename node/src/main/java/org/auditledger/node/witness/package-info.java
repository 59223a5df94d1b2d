/**
 * This node as a C2SP tlog-witness for its peers' logs: {@code POST /add-checkpoint} checks a
 * peer's checkpoint against the last one it cosigned for that origin and returns a C2SP
 * tlog-cosignature; two signed checkpoints that cannot both be true are kept as evidence.
 */
package org.auditledger.node.witness;
