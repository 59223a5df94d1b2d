package org.auditledger.node.store;

import java.nio.charset.StandardCharsets;
import org.rocksdb.RocksDBException;

/**
 * This node's record as a C2SP tlog-witness: per peer origin, the latest checkpoint note it
 * cosigned (column family {@code witnessed}). Callers serialize check-and-record per origin.
 */
public final class WitnessRecords {
  private final LogStore store;

  public WitnessRecords(LogStore store) {
    this.store = store;
  }

  /** The latest checkpoint note this node cosigned for {@code origin}, or null. */
  public byte[] latest(String origin) {
    return store.get(store.witnessed, origin.getBytes(StandardCharsets.UTF_8));
  }

  /** Records the latest cosigned checkpoint of {@code origin}, durably, before it is answered. */
  public void put(String origin, byte[] note) {
    try {
      store.db().put(store.witnessed, store.syncWrite(), origin.getBytes(StandardCharsets.UTF_8), note);
    } catch (RocksDBException e) {
      throw new StorageException("cannot record the witnessed checkpoint of " + origin, e);
    }
  }
}
