/**
 * The log's RocksDB store: a read contract ({@link org.auditledger.node.store.LogReader}) and a
 * writer ({@link org.auditledger.node.store.LogWriter}) whose {@link
 * org.auditledger.node.store.AppendBatch#append} is the one way an entry and all its indexes enter
 * a store. Format version 2; every write that acknowledges entries is one atomic {@code
 * WriteBatch} written with {@code sync=true} (fsync'd WAL), so after a crash the store holds either
 * the whole batch or none of it.
 *
 * <pre>
 * column family  key                                   value
 * -------------  ------------------------------------  -----------------------------------------
 * default        "format"                              "2"
 *                "origin"                              UTF-8 origin of the log
 *                "size"                                u64 BE: entries [0, size) are committed
 *                "checkpoint"                          signed note of the latest checkpoint
 *                "registry"                            key registry snapshot as of its last change
 *                                                      (a key entry, or the end of genesis); later
 *                                                      entries did not change it (RegistryCodec)
 *                "evidence-count/" origin              u64 BE evidence records kept for that origin
 * leaves         u64 BE index                          leaf bytes (protocol.md §5.3)
 * nodes          u8 level || u64 BE index              32-byte hash of perfect node (level, index)
 * leaf_hashes    32-byte leaf hash                     u64 BE index
 * entry_ids      32-byte entry id (SHA-256 of PAE)     u64 BE index   (rule unique-payload)
 * kinds          u64 BE index                          u8 EntryKind ordinal (reference checks)
 * releases       SHA-256 of the release key            u64 BE index   (rule unique-release;
 *                (buyer, ocid, id: ReleaseKey#digest)                  v2 spending entries only)
 * search         u8 field || value || 0x00 || u64 BE   empty          (field: 'k' kind, 'i' issuer,
 *                index                                                 's' signer key id,
 *                                                                      'r' referenced "log#index")
 * witnessed      UTF-8 origin of a peer log            latest checkpoint note this node cosigned
 *                                                      for it as a C2SP witness (WitnessRecords)
 * evidence       u64 BE sequence                       JSON evidence record (EvidenceStore)
 * evidence_ids   UTF-8 evidence id                     u64 BE sequence
 * </pre>
 *
 * Format 1 had an {@code envelopes} family (SHA-256 of the whole envelope) instead of {@code
 * entry_ids} and {@code kinds}; a node upgrades such a store in place when it opens it. A format 2
 * store written before the {@code releases} family existed gets it, indexed from its spending
 * entries, when it is opened.
 *
 * <p>A mirror of a peer's log uses the same layout in its own store ({@code
 * data/mirrors/<hex>/db}). There, {@code size} is how far entries were verified and stored, which
 * may run ahead of {@code checkpoint}: a long catch-up commits proven chunks, and only the last
 * one stores the peer's checkpoint; the mirror serves up to the checkpoint's size.
 *
 * <p>Every value under a key is immutable once written, except the mutable meta keys, which
 * change only inside the batch that appends. Readers therefore need no snapshot: they read only
 * below a size they saw committed.
 */
package org.auditledger.node.store;
