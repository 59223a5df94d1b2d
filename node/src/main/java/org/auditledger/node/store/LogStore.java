package org.auditledger.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.derived.Contribution;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.merkle.Rfc6962;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB store of one log (layout in {@code package-info.java}). Thread-safe: RocksDB
 * handles concurrent readers and the single writer (the sequencer). Every method blocks: call it
 * from a worker thread, never from a Vert.x event loop.
 */
public final class LogStore implements AutoCloseable, LogStorage {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LogStore.class);
  static final byte[] FORMAT = bytes("format");
  static final byte[] ORIGIN = bytes("origin");
  static final byte[] SIZE = bytes("size");
  static final byte[] CHECKPOINT = bytes("checkpoint");
  static final byte[] REGISTRY = bytes("registry");
  /** Set while the derived index lacks the contributions of stored entries (a store from format 1). */
  static final byte[] DERIVED_INCOMPLETE = bytes("derived-incomplete");

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache cache;
  private final BloomFilter bloom;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle meta;

  ColumnFamilyHandle meta() {
    return meta;
  }
  private final ColumnFamilyHandle leaves;
  private final ColumnFamilyHandle nodes;
  private final ColumnFamilyHandle leafHashes;
  private final ColumnFamilyHandle entryIds;
  private final ColumnFamilyHandle kinds;
  private final ColumnFamilyHandle search;
  private final ColumnFamilyHandle derived;
  private final ColumnFamilyHandle releases;
  final ColumnFamilyHandle witnessed;
  final ColumnFamilyHandle evidence;
  final ColumnFamilyHandle evidenceIds;
  private final WriteOptions syncWrite;
  private volatile boolean closed;
  /** The origin once read or set: it never changes. */
  private volatile String origin;

  static {
    RocksDB.loadLibrary();
  }

  /** Column families of format 2, in handle order. */
  private static final List<String> FAMILIES = List.of("default", "leaves", "nodes", "leaf_hashes",
      "entry_ids", "search", "witnessed", "evidence", "evidence_ids", "kinds", "derived", "releases");
  /** Column families of format 1 that format 2 no longer uses; dropped by the migration. */
  private static final List<String> RETIRED = List.of("envelopes");

  private LogStore(Path dir) throws RocksDBException {
    cache = new LRUCache(128L << 20);
    bloom = new BloomFilter(10);
    cfOptions = new ColumnFamilyOptions()
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom));
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        // Bounds the WAL a restart after a crash must replay (memtables are flushed past it).
        .setMaxTotalWalSize(128L << 20);
    // RocksDB must be opened with every column family it has, including retired ones.
    List<String> names = new ArrayList<>(FAMILIES);
    List<String> found = new ArrayList<>();
    try (org.rocksdb.Options o = new org.rocksdb.Options()) {
      for (byte[] existing : RocksDB.listColumnFamilies(o, dir.toString())) {
        String n = new String(existing, StandardCharsets.UTF_8);
        found.add(n);
        if (!names.contains(n)) {
          names.add(n);
        }
      }
    }
    List<ColumnFamilyDescriptor> cfs = new ArrayList<>();
    for (String name : names) {
      cfs.add(new ColumnFamilyDescriptor(bytes(name), cfOptions));
    }
    for (int i = FAMILIES.size(); i < names.size(); i++) {
      if (!RETIRED.contains(names.get(i))) {
        closeOptions();
        throw new StorageException("store " + dir + " has a column family \"" + names.get(i)
            + "\" this node does not know; was it written by a newer version?");
      }
    }
    boolean lacksDerived = !found.isEmpty() && !found.contains("derived");
    lacksReleases = !found.isEmpty() && !found.contains("releases");
    handles = new ArrayList<>();
    db = RocksDB.open(dbOptions, dir.toString(), cfs, handles);
    meta = handles.get(0);
    leaves = handles.get(1);
    nodes = handles.get(2);
    leafHashes = handles.get(3);
    entryIds = handles.get(4);
    search = handles.get(5);
    witnessed = handles.get(6);
    evidence = handles.get(7);
    evidenceIds = handles.get(8);
    kinds = handles.get(9);
    derived = handles.get(10);
    releases = handles.get(11);
    syncWrite = new WriteOptions().setSync(true);
    if (lacksDerived && db.get(meta, SIZE) != null) {
      // A store written before the derived index existed: the node computes it at its next start.
      db.put(meta, syncWrite, DERIVED_INCOMPLETE, new byte[] {1});
    }
  }

  private void closeOptions() {
    dbOptions.close();
    cfOptions.close();
    bloom.close();
    cache.close();
  }

  /**
   * Opens (creating if needed) the store in {@code dir}.
   *
   * @throws StorageException naming the directory, if RocksDB cannot open it (e.g. another node
   *     holds its lock)
   */
  public static LogStore open(Path dir) {
    LogStore s = null;
    try {
      Files.createDirectories(dir);
      s = new LogStore(dir);
      byte[] format = s.db.get(s.meta, FORMAT);
      String f = format == null ? null : new String(format, StandardCharsets.UTF_8);
      if (f == null) {
        s.db.put(s.meta, s.syncWrite, FORMAT, bytes(CURRENT_FORMAT));
      } else if (f.equals("1")) {
        s.migrateFromFormat1();
      } else if (!f.equals(CURRENT_FORMAT)) {
        throw new StorageException("store " + dir + " has format " + f + ", this node reads formats 1 and "
            + CURRENT_FORMAT);
      }
      if (s.lacksReleases) {
        s.indexReleases();
      }
      return s;
    } catch (RocksDBException | java.io.IOException e) {
      if (s != null) {
        s.close();
      }
      throw new StorageException("cannot open the store in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (s != null) {
        s.close();
      }
      throw e;
    }
  }

  static final String CURRENT_FORMAT = "2";

  /** Set when the store was opened without the {@code releases} family: indexed once by {@link #open}. */
  private boolean lacksReleases;

  /**
   * A store written before the release index (rule unique-release) existed may hold version 2
   * spending entries: one pass over its spending entries (by the kind index) indexes them, in one
   * atomic write, so an interrupted pass simply runs again.
   */
  private void indexReleases() throws RocksDBException {
    long size = size();
    List<Long> spending = new ArrayList<>();
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(kinds, ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (it.value().length == 1 && it.value()[0] == org.auditledger.protocol.entry.EntryKind.SPENDING.ordinal()) {
          spending.add(ByteBuffer.wrap(it.key()).getLong());
        }
      }
    }
    LOG.info("indexing the releases of {} spending entries among {} (rule unique-release)", spending.size(), size);
    try (WriteBatch wb = new WriteBatch()) {
      for (long i : spending) {
        var key = org.auditledger.protocol.entry.ReleaseKey.of(
            org.auditledger.protocol.entry.Entry.open(leaf(i)).payload(), origin());
        if (key != null) {
          wb.put(releases, key.digest(), u64(i));
        }
      }
      db.write(syncWrite, wb);
    }
  }

  /**
   * Format 1 indexed duplicates by the digest of the whole envelope, which let a co-signature
   * re-append an entry; format 2 indexes entry ids (docs/protocol.md rule unique-payload) and
   * kinds. One pass over the leaves writes the new indexes; evidence that does not prove itself
   * is dropped.
   * All of it is one atomic write, so an interrupted migration simply runs again.
   */
  private void migrateFromFormat1() throws RocksDBException {
    long size = size();
    LOG.info("upgrading the store from format 1 to {}: indexing {} entries by entry id", CURRENT_FORMAT, size);
    try (WriteBatch wb = new WriteBatch()) {
      for (long from = 0; from < size; from += 4096) {
        List<byte[]> page = leaves(from, (int) Math.min(4096, size - from));
        for (int i = 0; i < page.size(); i++) {
          org.auditledger.protocol.entry.Entry e = org.auditledger.protocol.entry.Entry.open(page.get(i));
          wb.put(entryIds, EntryId.of(e.leaf().envelope()).digest(), u64(from + i));
          wb.put(kinds, u64(from + i), new byte[] {(byte) e.payload().kind().ordinal()});
          // Format 1 posted issuers by their bare name only.
          wb.delete(search, postingKey(ISSUER, e.payload().issuer(), from + i));
          postings(wb, from + i, e);
        }
      }
      EvidenceStore.migrateFormat1(this, wb);
      // Contributions need claims judged against every log the node holds: the node computes
      // them once at its next start (DerivedState), then clears this mark.
      wb.put(meta, DERIVED_INCOMPLETE, new byte[] {1});
      wb.put(meta, FORMAT, bytes(CURRENT_FORMAT));
      db.write(syncWrite, wb);
    }
    for (ColumnFamilyHandle h : new ArrayList<>(handles)) {
      if (RETIRED.contains(new String(h.getName(), StandardCharsets.UTF_8))) {
        db.dropColumnFamily(h);
        // A dropped family must not be flushed or used again: forget its handle.
        handles.remove(h);
        h.close();
      }
    }
  }

  // ---- meta ----

  @Override
  public String origin() {
    String o = origin;
    if (o == null) {
      byte[] v = get(meta, ORIGIN);
      o = v == null ? null : new String(v, StandardCharsets.UTF_8);
      origin = o;
    }
    return o;
  }

  public void setOrigin(String origin) {
    try {
      db.put(meta, syncWrite, ORIGIN, bytes(origin));
      this.origin = origin;
    } catch (RocksDBException e) {
      throw new StorageException("cannot write the origin", e);
    }
  }

  @Override
  public long size() {
    byte[] v = get(meta, SIZE);
    return v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  @Override
  public byte[] checkpoint() {
    return get(meta, CHECKPOINT);
  }

  @Override
  public byte[] registry() {
    return get(meta, REGISTRY);
  }

  // ---- reads ----

  @Override
  public byte[] leaf(long index) {
    return get(leaves, u64(index));
  }

  @Override
  public List<byte[]> leaves(long from, int count) {
    checkOpen();
    List<byte[]> out = new ArrayList<>(count);
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(leaves, ro)) {
      it.seek(u64(from));
      long want = from;
      while (it.isValid() && out.size() < count) {
        if (ByteBuffer.wrap(it.key()).getLong() != want) {
          break;
        }
        out.add(it.value());
        want++;
        it.next();
      }
    }
    return out;
  }

  @Override
  public long indexOfLeafHash(byte[] leafHash) {
    byte[] v = get(leafHashes, leafHash);
    return v == null ? -1 : ByteBuffer.wrap(v).getLong();
  }

  @Override
  public long indexOfEntry(EntryId id) {
    byte[] v = get(entryIds, id.digest());
    return v == null ? -1 : ByteBuffer.wrap(v).getLong();
  }

  @Override
  public long[] indexOfReleases(List<org.auditledger.protocol.entry.ReleaseKey> keys) {
    long[] out = new long[keys.size()];
    List<ColumnFamilyHandle> cfs = new ArrayList<>();
    List<byte[]> digests = new ArrayList<>();
    for (var k : keys) {
      if (k != null) {
        cfs.add(releases);
        digests.add(k.digest());
      }
    }
    java.util.Arrays.fill(out, -1);
    if (digests.isEmpty()) {
      return out;
    }
    checkOpen();
    try {
      List<byte[]> vs = db.multiGetAsList(cfs, digests);
      for (int i = 0, j = 0; i < out.length; i++) {
        if (keys.get(i) != null) {
          byte[] v = vs.get(j++);
          out[i] = v == null ? -1 : ByteBuffer.wrap(v).getLong();
        }
      }
      return out;
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the release index", e);
    }
  }

  @Override
  public long[] indexOfEntries(List<EntryId> ids) {
    long[] out = new long[ids.size()];
    if (ids.isEmpty()) {
      return out;
    }
    checkOpen();
    List<ColumnFamilyHandle> cfs = new ArrayList<>(ids.size());
    List<byte[]> keys = new ArrayList<>(ids.size());
    for (EntryId id : ids) {
      cfs.add(entryIds);
      keys.add(id.digest());
    }
    try {
      List<byte[]> vs = db.multiGetAsList(cfs, keys);
      for (int i = 0; i < out.length; i++) {
        out[i] = vs.get(i) == null ? -1 : ByteBuffer.wrap(vs.get(i)).getLong();
      }
      return out;
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the entry index", e);
    }
  }

  @Override
  public org.auditledger.protocol.entry.EntryKind kind(long index) {
    byte[] v = get(kinds, u64(index));
    return v == null || v.length != 1 || v[0] < 0 || v[0] >= org.auditledger.protocol.entry.EntryKind.values().length
        ? null : org.auditledger.protocol.entry.EntryKind.values()[v[0]];
  }

  @Override
  public List<byte[]> read(List<NodeId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    checkOpen();
    List<byte[]> keys = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      keys.add(nodeKey(id));
    }
    List<byte[]> out;
    try {
      List<ColumnFamilyHandle> cfs = new ArrayList<>(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        cfs.add(nodes);
      }
      out = db.multiGetAsList(cfs, keys);
    } catch (RocksDBException e) {
      throw new StorageException("cannot read tree nodes", e);
    }
    for (int i = 0; i < out.size(); i++) {
      byte[] h = out.get(i);
      // Distrust what storage returns (a missing or short node is corruption, not a proof).
      if (h == null || h.length != Rfc6962.HASH_SIZE) {
        throw new StorageException("tree node " + ids.get(i) + " is "
            + (h == null ? "missing" : h.length + " bytes") + " in the store");
      }
    }
    return out;
  }

  @Override
  public void postings(byte field, String value, long after, int limit, LongConsumer visitor) {
    checkOpen();
    byte[] prefix = postingPrefix(field, value);
    byte[] start = ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(after + 1).array();
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(search, ro)) {
      int seen = 0;
      for (it.seek(start); it.isValid() && seen < limit; it.next()) {
        byte[] k = it.key();
        if (k.length != prefix.length + 8 || !startsWith(k, prefix)) {
          break;
        }
        visitor.accept(ByteBuffer.wrap(k, prefix.length, 8).getLong());
        seen++;
      }
    }
  }

  @Override
  public void entriesWithAny(byte field, LongConsumer visitor) {
    checkOpen();
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(search, ro)) {
      for (it.seek(new byte[] {field}); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length < 10 || k[0] != field) {
          break;
        }
        visitor.accept(ByteBuffer.wrap(k, k.length - 8, 8).getLong());
      }
    }
  }

  @Override
  public boolean hasPosting(byte field, String value, long index) {
    byte[] prefix = postingPrefix(field, value);
    return get(search, ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(index).array()) != null;
  }

  @Override
  public void contributions(java.util.function.BiConsumer<Long, byte[]> visitor) {
    checkOpen();
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(derived, ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        visitor.accept(ByteBuffer.wrap(it.key()).getLong(), it.value());
      }
    }
  }

  @Override
  public boolean derivedComplete() {
    return get(meta, DERIVED_INCOMPLETE) == null;
  }

  /**
   * Replaces the derived contribution of stored entry {@code index} (its claims judged again, or
   * judged for the first time after an upgrade; null: it contributes nothing). Not synced: what a
   * crash loses is judged again at the next start.
   */
  public void putContribution(long index, byte[] contribution) {
    checkOpen();
    try {
      if (contribution == null) {
        db.delete(derived, u64(index));
      } else {
        db.put(derived, u64(index), contribution);
      }
    } catch (RocksDBException e) {
      throw new StorageException("cannot write the derived contribution of entry " + index, e);
    }
  }

  /** Empties the derived index (to compute it again). */
  public void clearContributions() {
    checkOpen();
    try {
      db.deleteRange(derived, u64(0), u64(Long.MAX_VALUE));
    } catch (RocksDBException e) {
      throw new StorageException("cannot clear the derived index", e);
    }
  }

  /** Records that every stored entry's contribution is in the derived index. */
  public void markDerivedComplete() {
    try {
      db.delete(meta, syncWrite, DERIVED_INCOMPLETE);
    } catch (RocksDBException e) {
      throw new StorageException("cannot update the store's meta data", e);
    }
  }

  // ---- writes ----

  /** Collects the writes of one batch; {@link #commit} applies them atomically and durably. */
  private final class Batch implements AppendBatch {
    private final WriteBatch wb = new WriteBatch();

    @Override
    public Contribution append(long index, byte[] leaf, byte[] leafHash, org.auditledger.protocol.entry.Entry entry,
        EntryId id, List<Claim> claims) {
      try {
        byte[] key = u64(index);
        wb.put(leaves, key, leaf);
        wb.put(leafHashes, leafHash, key);
        wb.put(entryIds, id.digest(), key);
        wb.put(kinds, key, new byte[] {(byte) entry.payload().kind().ordinal()});
        var release = org.auditledger.protocol.entry.ReleaseKey.of(entry.payload(), origin());
        if (release != null) {
          wb.put(releases, release.digest(), key);
        }
        postings(wb, index, entry);
        Contribution c = Contribution.of(origin(), index, entry.leaf().logged(), entry.payload(), claims);
        if (c != null) {
          wb.put(derived, key, c.encode());
        }
        return c;
      } catch (RocksDBException e) {
        throw new StorageException("cannot stage entry " + index, e);
      }
    }

    @Override
    public void node(NodeId id, byte[] hash) {
      try {
        wb.put(nodes, nodeKey(id), hash);
      } catch (RocksDBException e) {
        throw new StorageException("cannot stage node " + id, e);
      }
    }

    @Override
    public void progress(long size, byte[] registry) {
      try {
        wb.put(meta, SIZE, u64(size));
        if (registry != null) {
          wb.put(meta, REGISTRY, registry);
        }
      } catch (RocksDBException e) {
        throw new StorageException("cannot stage progress", e);
      }
    }

    @Override
    public void head(long size, byte[] checkpoint, byte[] registry) {
      try {
        wb.put(meta, SIZE, u64(size));
        wb.put(meta, CHECKPOINT, checkpoint);
        if (registry != null) {
          wb.put(meta, REGISTRY, registry);
        }
      } catch (RocksDBException e) {
        throw new StorageException("cannot stage the log head", e);
      }
    }

    @Override
    public void close() {
      wb.close();
    }
  }

  @Override
  public AppendBatch batch() {
    return new Batch();
  }

  @Override
  public void commit(AppendBatch batch) {
    if (closed) {
      throw new StorageException("the store is closed");
    }
    if (!(batch instanceof Batch b)) {
      throw new IllegalArgumentException("a batch of another store");
    }
    try {
      db.write(syncWrite, b.wb);
    } catch (RocksDBException e) {
      throw new StorageException("cannot commit the batch: " + e.getMessage(), e);
    }
  }

  /**
   * An online, incremental backup into {@code dir} (RocksDB BackupEngine; memtables are flushed
   * first, so the backup holds every committed batch). Safe while the node writes: the engine
   * copies a consistent set of files.
   *
   * @return the id of the new backup
   */
  public synchronized int backup(Path dir) {
    checkOpen();
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new StorageException("cannot create the backup directory " + dir + ": " + e.getMessage(), e);
    }
    try (org.rocksdb.BackupEngineOptions o = new org.rocksdb.BackupEngineOptions(dir.toString());
         org.rocksdb.BackupEngine engine = org.rocksdb.BackupEngine.open(org.rocksdb.Env.getDefault(), o)) {
      engine.createNewBackup(db, true);
      List<org.rocksdb.BackupInfo> infos = engine.getBackupInfo();
      return infos.get(infos.size() - 1).backupId();
    } catch (RocksDBException | IllegalArgumentException e) {
      throw new StorageException("cannot back up the store to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Restores the latest backup in {@code backupDir} into the empty directory {@code dbDir}. */
  public static void restore(Path backupDir, Path dbDir) {
    try (org.rocksdb.BackupEngineOptions o = new org.rocksdb.BackupEngineOptions(backupDir.toString());
         org.rocksdb.BackupEngine engine = org.rocksdb.BackupEngine.open(org.rocksdb.Env.getDefault(), o);
         org.rocksdb.RestoreOptions ro = new org.rocksdb.RestoreOptions(false)) {
      Files.createDirectories(dbDir);
      engine.restoreDbFromLatestBackup(dbDir.toString(), dbDir.toString(), ro);
    } catch (RocksDBException | java.io.IOException | IllegalArgumentException e) {
      throw new StorageException("cannot restore " + backupDir + " into " + dbDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Flush memtables so the next start does not replay the WAL.
    try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
      db.flush(f, handles);
    } catch (RocksDBException | RuntimeException e) {
      LOG.warn("flush on close failed ({}); the next start replays the WAL", e.getMessage());
    }
    // Native handles: column families, then the database, then the options they use.
    syncWrite.close();
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    closeOptions();
  }

  // ---- helpers ----

  // Using a RocksDB handle after close crashes the JVM: refuse instead.
  private void checkOpen() {
    if (closed) {
      throw new StorageException("the store is closed");
    }
  }

  RocksDB db() {
    checkOpen();
    return db;
  }

  WriteOptions syncWrite() {
    return syncWrite;
  }

  byte[] get(ColumnFamilyHandle cf, byte[] key) {
    checkOpen();
    try {
      return db.get(cf, key);
    } catch (RocksDBException e) {
      throw new StorageException("cannot read the store: " + e.getMessage(), e);
    }
  }

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static byte[] nodeKey(NodeId id) {
    return ByteBuffer.allocate(9).put((byte) id.level()).putLong(id.index()).array();
  }

  /**
   * The search postings of an entry: kind, issuer (qualified {@code name@home}, and its bare name),
   * each signer, each reference, and for a key entry the organization it grants roles for.
   */
  private void postings(WriteBatch wb, long index, org.auditledger.protocol.entry.Entry entry) throws RocksDBException {
    org.auditledger.protocol.entry.EntryPayload p = entry.payload();
    wb.put(search, postingKey(KIND, p.kind().jsonName(), index), new byte[0]);
    wb.put(search, postingKey(ISSUER, p.issuerIn(origin()).toString(), index), new byte[0]);
    wb.put(search, postingKey(ISSUER_NAME, p.issuer(), index), new byte[0]);
    for (org.auditledger.protocol.key.Ed25519PublicKey k : entry.leaf().envelope().signers()) {
      wb.put(search, postingKey(SIGNER, k.keyId(), index), new byte[0]);
    }
    for (org.auditledger.protocol.entry.Ref ref : p.refs()) {
      wb.put(search, postingKey(REF, (ref.log() == null ? "" : ref.log()) + "#" + ref.index(), index), new byte[0]);
    }
    if (p.kind() == org.auditledger.protocol.entry.EntryKind.KEY) {
      wb.put(search, postingKey(GRANTED, p.keyGrant().organization(), index), new byte[0]);
    }
  }

  private static byte[] postingKey(byte field, String value, long index) {
    byte[] prefix = postingPrefix(field, value);
    return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(index).array();
  }

  private static byte[] postingPrefix(byte field, String value) {
    byte[] v = bytes(value);
    return ByteBuffer.allocate(v.length + 2).put(field).put(v).put((byte) 0).array();
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    if (a.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (a[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
