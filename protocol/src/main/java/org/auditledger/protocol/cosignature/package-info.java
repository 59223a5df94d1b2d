/**
 * C2SP tlog-cosignature v1: timestamped Ed25519 cosignatures (signature type 0x04) on checkpoints,
 * and the k-of-n witness policy a verifier applies (after C2SP tlog-policy's quorum).
 *
 * <pre>
 * signed message = "cosignature/v1\n" "time " decimal(timestamp) "\n" checkpoint-body
 * signature      = key-id[4] || timestamp[8, big-endian] || ed25519-signature[64]
 * </pre>
 */
package org.auditledger.protocol.cosignature;
