/**
 * Mirrors of peers' logs. A mirror follows a peer over HTTP (its {@code /checkpoint} and C2SP
 * tiles), verifies everything it fetches as {@code audit verify} does, stores the mirror in its
 * own RocksDB store under {@code data/mirrors/}, and serves it at {@code /mirror/<origin>/}.
 */
package org.auditledger.node.replication;
