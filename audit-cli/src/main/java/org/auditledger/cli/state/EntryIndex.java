package org.auditledger.cli.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.auditledger.protocol.entry.EntryId;

/**
 * Which entry carries which payload, for rule unique-payload across runs: an open-addressing
 * table from the first 8 bytes of each {@link EntryId} to the entry's index, 16 bytes per entry.
 * A hit is only a candidate (8 bytes can collide): the verifier compares the full id of that
 * entry before calling it a copy.
 *
 * <p>File form ({@code entries.bin} beside {@code state.json}): u64 count, then count pairs of
 * (u64 prefix, u64 index), big-endian.
 */
public final class EntryIndex {
  private static final long EMPTY = -1;
  private long[] keys;
  private long[] values;
  private int count;

  public EntryIndex() {
    this(1024);
  }

  private EntryIndex(int capacity) {
    keys = new long[capacity];
    values = new long[capacity];
    Arrays.fill(values, EMPTY);
  }

  public int size() {
    return count;
  }

  /** The index of an entry whose id may equal {@code id} (same first 8 bytes), or -1. */
  public long candidate(EntryId id) {
    long k = id.prefix();
    for (int i = slot(k, keys.length); values[i] != EMPTY; i = (i + 1) & (keys.length - 1)) {
      if (keys[i] == k) {
        return values[i];
      }
    }
    return -1;
  }

  /** Records entry {@code index}; a prefix already present keeps its first index. */
  public void put(EntryId id, long index) {
    putPrefix(id.prefix(), index);
  }

  private void putPrefix(long k, long index) {
    if ((count + 1) * 4L > keys.length * 3L) {
      grow();
    }
    int i = slot(k, keys.length);
    for (; values[i] != EMPTY; i = (i + 1) & (keys.length - 1)) {
      if (keys[i] == k) {
        return;
      }
    }
    keys[i] = k;
    values[i] = index;
    count++;
  }

  private void grow() {
    long[] ok = keys;
    long[] ov = values;
    keys = new long[ok.length * 2];
    values = new long[ov.length * 2];
    Arrays.fill(values, EMPTY);
    count = 0;
    for (int i = 0; i < ok.length; i++) {
      if (ov[i] != EMPTY) {
        putPrefix(ok[i], ov[i]);
      }
    }
  }

  private static int slot(long k, int capacity) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 33) & (capacity - 1);
  }

  public void write(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
    d.writeLong(count);
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != EMPTY) {
        d.writeLong(keys[i]);
        d.writeLong(values[i]);
      }
    }
    d.flush();
  }

  public static EntryIndex read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    long n = d.readLong();
    if (n < 0 || n > Integer.MAX_VALUE / 4) {
      throw new IOException("entry index holds " + n + " entries");
    }
    int capacity = Integer.highestOneBit((int) Math.max(1024, n * 2)) * 2;
    EntryIndex x = new EntryIndex(capacity);
    for (long i = 0; i < n; i++) {
      x.putPrefix(d.readLong(), d.readLong());
    }
    return x;
  }
}
