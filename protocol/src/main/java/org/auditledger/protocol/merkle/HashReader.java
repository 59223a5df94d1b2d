package org.auditledger.protocol.merkle;

import java.util.List;

/**
 * Reads the hashes of perfect subtrees from wherever they are kept (a database, tiles, memory).
 *
 * <p>Contract: the returned list has exactly one hash of {@link Rfc6962#HASH_SIZE} bytes per
 * requested id, in request order. An implementation that cannot supply a node throws; callers
 * check the count and sizes of what comes back (see {@link ProofPlan#rehash}).
 */
@FunctionalInterface
public interface HashReader {
  List<byte[]> read(List<NodeId> ids);
}
