package org.auditledger.node.store;

/**
 * The write side of a log's store (after Trillian's {@code LogTreeTX}): writes are collected in
 * an {@link AppendBatch} and made visible all at once, durably, or not at all.
 */
public interface LogWriter {
  AppendBatch batch();

  /**
   * Writes a batch atomically with an fsync of the WAL before returning.
   *
   * @throws StorageException if the write failed; then none of the batch is visible
   */
  void commit(AppendBatch batch);
}
