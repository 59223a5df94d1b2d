/**
 * Mirrors of peers' logs. A mirror follows a peer over HTTP (its {@code /checkpoint} and C2SP
 * tiles) and verifies it with the one replay {@code audit verify} uses (protocol {@code
 * LogReplay}): consistency with what it verified before, then every rule for every entry, each
 * chunk proven against the signed checkpoint before it is written through the one write path.
 * It keeps the mirror in its own RocksDB store under {@code data/mirrors/}, serves it at {@code
 * /mirror/<origin>/}, and keeps what the replay proves against the peer as evidence.
 */
package org.auditledger.node.replication;
