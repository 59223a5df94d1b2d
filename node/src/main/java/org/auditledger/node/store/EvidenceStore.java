package org.auditledger.node.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.evidence.Equivocation;
import org.auditledger.protocol.evidence.Evidence;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Evidence against peer logs, as served at {@code /v1/alerts}: only records that prove
 * themselves ({@link Evidence}), each stored once, at most {@link #MAX_PER_ORIGIN} per
 * origin, listed newest first.
 *
 * <pre>
 * evidence      u64 BE sequence          JSON: Evidence.toJson() + "seq", "detected", "detail"
 * evidence_ids  UTF-8 Evidence.id()      u64 BE sequence
 * default       "evidence-count/" origin u64 BE records stored for that origin
 * </pre>
 */
public final class EvidenceStore {
  /** Records kept per origin; a log that signs more contradictions is already exposed. */
  public static final int MAX_PER_ORIGIN = 100;

  private final LogStore store;

  public EvidenceStore(LogStore store) {
    this.store = store;
  }

  /** What {@link #add} did. */
  public enum Added { NEW, KNOWN, FULL }

  /**
   * Stores {@code e} unless it is already held or its origin has {@link #MAX_PER_ORIGIN} records.
   * Synchronized: the sequence, the id index and the count change together.
   */
  public synchronized Added add(Evidence e, String detail, Instant detected) {
    byte[] id = e.id().getBytes(StandardCharsets.UTF_8);
    if (store.get(store.evidenceIds, id) != null) {
      return Added.KNOWN;
    }
    byte[] countKey = ("evidence-count/" + e.origin()).getBytes(StandardCharsets.UTF_8);
    byte[] c = store.get(store.meta(), countKey);
    long count = c == null ? 0 : ByteBuffer.wrap(c).getLong();
    if (count >= MAX_PER_ORIGIN) {
      return Added.FULL;
    }
    long seq = nextSequence();
    ObjectNode o = e.toJson();
    o.put("seq", seq);
    o.put("detected", detected.toString());
    o.put("detail", detail);
    try (WriteBatch wb = new WriteBatch()) {
      wb.put(store.evidence, LogStore.u64(seq), o.toString().getBytes(StandardCharsets.UTF_8));
      wb.put(store.evidenceIds, id, LogStore.u64(seq));
      wb.put(store.meta(), countKey, LogStore.u64(count + 1));
      store.db().write(store.syncWrite(), wb);
    } catch (RocksDBException ex) {
      throw new StorageException("cannot store evidence", ex);
    }
    return Added.NEW;
  }

  /** One page of records, newest first, and the {@code before} of the next page (or -1). */
  public record Page(List<JsonNode> records, long next) {}

  /**
   * Records with a sequence below {@code before} (all if negative), newest first, at most
   * {@code limit}.
   */
  public Page page(long before, int limit) {
    List<JsonNode> out = new ArrayList<>();
    long last = -1;
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = store.db().newIterator(store.evidence, ro)) {
      if (before < 0) {
        it.seekToLast();
      } else {
        it.seekForPrev(LogStore.u64(before - 1));
      }
      for (; it.isValid() && out.size() < limit && before != 0; it.prev()) {
        last = ByteBuffer.wrap(it.key()).getLong();
        out.add(StrictJson.parse(it.value(), "stored evidence " + last));
      }
      boolean more = it.isValid();
      return new Page(out, more && last > 0 ? last : -1);
    }
  }

  private long nextSequence() {
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = store.db().newIterator(store.evidence, ro)) {
      it.seekToLast();
      return it.isValid() ? ByteBuffer.wrap(it.key()).getLong() + 1 : 0;
    }
  }

  /**
   * Format 1 kept "inconsistent" records that proved nothing (a junk proof stored as evidence):
   * keep only records that verify against the log key they name, in the new layout.
   */
  static void migrateFormat1(LogStore store, WriteBatch wb) throws RocksDBException {
    List<byte[]> old = new ArrayList<>();
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = store.db().newIterator(store.evidence, ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        wb.delete(store.evidence, it.key());
        old.add(it.value());
      }
    }
    long seq = 0;
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (byte[] json : old) {
      Equivocation e;
      JsonNode n;
      try {
        n = StrictJson.parse(json, "format-1 evidence");
        e = Equivocation.fromJson(n, NoteVerifierKey.parse(n.path("logKey").asText()));
      } catch (RuntimeException notProof) {
        continue;
      }
      long count = counts.getOrDefault(e.origin(), 0L);
      if (!ids.add(e.id()) || count >= MAX_PER_ORIGIN) {
        continue;
      }
      ObjectNode o = e.toJson();
      o.put("seq", seq);
      o.put("detected", n.path("detected").asText(""));
      o.put("detail", n.path("detail").asText(""));
      wb.put(store.evidence, LogStore.u64(seq), o.toString().getBytes(StandardCharsets.UTF_8));
      wb.put(store.evidenceIds, e.id().getBytes(StandardCharsets.UTF_8), LogStore.u64(seq));
      counts.put(e.origin(), count + 1);
      seq++;
    }
    for (var c : counts.entrySet()) {
      wb.put(store.meta(), ("evidence-count/" + c.getKey()).getBytes(StandardCharsets.UTF_8), LogStore.u64(c.getValue()));
    }
  }
}
