package org.auditledger.protocol.tile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.auditledger.protocol.MalformedException;

/**
 * A tile or entry bundle: {@code tile/<L>/<N>[.p/<W>]} or {@code tile/entries/<N>[.p/<W>]} (C2SP
 * tlog-tiles). {@code width} is {@link Tiles#WIDTH} for a full tile.
 *
 * @param level the tile level, or {@link #ENTRIES} for an entry bundle
 */
public record TileId(int level, long index, int width) {
  /** The level value that marks an entry bundle. */
  public static final int ENTRIES = -1;

  // The <N> grammar: 3-digit groups, every group but the last prefixed with "x".
  private static final Pattern PATH =
      Pattern.compile("tile/(entries|0|[1-9][0-9]?)/((?:x[0-9]{3}/)*[0-9]{3})(?:\\.p/([1-9][0-9]{0,2}))?");

  public TileId {
    if (level < ENTRIES || level > 63) {
      throw new IllegalArgumentException("tile level " + level + ", want 0..63 or ENTRIES");
    }
    if (index < 0) {
      throw new IllegalArgumentException("tile index " + index + ", want >= 0");
    }
    if (width < 1 || width > Tiles.WIDTH) {
      throw new IllegalArgumentException("tile width " + width + ", want 1.." + Tiles.WIDTH);
    }
  }

  public static TileId hashTile(int level, long index, int width) {
    if (level < 0) {
      throw new IllegalArgumentException("hash tile level " + level + ", want >= 0");
    }
    return new TileId(level, index, width);
  }

  public static TileId entryBundle(long index, int width) {
    return new TileId(ENTRIES, index, width);
  }

  public boolean isEntryBundle() {
    return level == ENTRIES;
  }

  public boolean isFull() {
    return width == Tiles.WIDTH;
  }

  /** The URL path, without a leading slash. */
  public String path() {
    StringBuilder b = new StringBuilder("tile/");
    b.append(isEntryBundle() ? "entries" : Integer.toString(level)).append('/');
    b.append(encodeIndex(index));
    if (!isFull()) {
      b.append(".p/").append(width);
    }
    return b.toString();
  }

  /**
   * Parses a path in its one canonical form.
   *
   * @throws MalformedException naming what is wrong
   */
  public static TileId parse(String path) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      throw new MalformedException(
          "tile path \"" + path + "\" is not tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]");
    }
    int level = m.group(1).equals("entries") ? ENTRIES : Integer.parseInt(m.group(1));
    if (level > 63) {
      throw new MalformedException("tile path \"" + path + "\": level " + level + " is above 63");
    }
    long index = 0;
    for (String group : m.group(2).split("/")) {
      long digits = Long.parseLong(group.startsWith("x") ? group.substring(1) : group);
      if (index > (Long.MAX_VALUE - digits) / 1000) {
        throw new MalformedException("tile path \"" + path + "\": index overflows");
      }
      index = index * 1000 + digits;
    }
    int width = Tiles.WIDTH;
    if (m.group(3) != null) {
      width = Integer.parseInt(m.group(3));
      if (width >= Tiles.WIDTH) {
        throw new MalformedException(
            "tile path \"" + path + "\": partial width " + width + ", want 1..255");
      }
    }
    TileId id = new TileId(level, index, width);
    // The grammar admits zero groups such as x000/005; C2SP tlog-tiles has one path per tile.
    if (!id.path().equals(path)) {
      throw new MalformedException("tile path \"" + path + "\" is not canonical; the tile's path is \""
          + id.path() + "\"");
    }
    return id;
  }

  static String encodeIndex(long n) {
    String last = String.format("%03d", n % 1000);
    n /= 1000;
    StringBuilder prefix = new StringBuilder();
    while (n > 0) {
      prefix.insert(0, String.format("x%03d/", n % 1000));
      n /= 1000;
    }
    return prefix + last;
  }

  @Override
  public String toString() {
    return path();
  }
}
