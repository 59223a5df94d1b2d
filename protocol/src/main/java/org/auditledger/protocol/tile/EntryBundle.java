package org.auditledger.protocol.tile;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.MalformedException;

/**
 * An entry bundle of C2SP tlog-tiles: each entry as a big-endian uint16 length followed by that
 * many bytes, nothing else. Hence the limit of 65,535 bytes per leaf.
 */
public final class EntryBundle {
  /** The largest entry a bundle can carry. */
  public static final int MAX_ENTRY_SIZE = 0xFFFF;

  private EntryBundle() {}

  public static byte[] encode(List<byte[]> entries) {
    if (entries.size() > Tiles.WIDTH) {
      throw new IllegalArgumentException(
          "entry bundle of " + entries.size() + " entries, want at most " + Tiles.WIDTH);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < entries.size(); i++) {
      byte[] e = entries.get(i);
      if (e.length > MAX_ENTRY_SIZE) {
        throw new IllegalArgumentException(
            "entry " + i + " of the bundle has " + e.length + " bytes, limit " + MAX_ENTRY_SIZE);
      }
      out.write(e.length >>> 8);
      out.write(e.length & 0xFF);
      out.write(e, 0, e.length);
    }
    return out.toByteArray();
  }

  /**
   * Splits a bundle into exactly {@code count} entries.
   *
   * @throws MalformedException if the bundle is truncated, has more entries, or trailing bytes
   */
  public static List<byte[]> decode(byte[] bundle, int count) {
    List<byte[]> out = new ArrayList<>(count);
    int pos = 0;
    while (pos < bundle.length) {
      if (out.size() == count) {
        throw new MalformedException(
            "entry bundle has " + (bundle.length - pos) + " bytes after its " + count + " entries");
      }
      if (pos + 2 > bundle.length) {
        throw new MalformedException("entry bundle truncated in the length of entry " + out.size());
      }
      int len = ((bundle[pos] & 0xFF) << 8) | (bundle[pos + 1] & 0xFF);
      pos += 2;
      if (pos + len > bundle.length) {
        throw new MalformedException(
            "entry bundle truncated: entry " + out.size() + " declares " + len + " bytes, "
                + (bundle.length - pos) + " remain");
      }
      byte[] e = new byte[len];
      System.arraycopy(bundle, pos, e, 0, len);
      out.add(e);
      pos += len;
    }
    if (out.size() != count) {
      throw new MalformedException("entry bundle has " + out.size() + " entries, want " + count);
    }
    return out;
  }
}
