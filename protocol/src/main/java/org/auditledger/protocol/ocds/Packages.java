package org.auditledger.protocol.ocds;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.json.StrictJson;

/**
 * Reads the OCDS 1.1 releases out of the three forms data is published in, detecting which:
 *
 * <ul>
 *   <li>a <b>release package</b> (OCDS 1.1 "Packaging", {@code {"releases":[…]}}): every item of
 *       {@code releases}, located {@code /releases/N};
 *   <li>a <b>record package</b> ({@code {"records":[{"releases":[…]}]}}): every embedded release
 *       of every record, located {@code /records/N/releases/M}. Only full releases are read (an
 *       object with {@code ocid}, {@code id}, {@code date} and {@code tag}); a linked release (the
 *       record names its {@code url}) is reported as not importable at its pointer: its content
 *       is not in the file. A record's {@code compiledRelease} and {@code versionedRelease} are
 *       derived from its releases and are never read as releases;
 *   <li><b>JSON Lines</b> of releases (one release a line, as OCDS tools such as Kingfisher and
 *       ocdskit write them; blank lines skipped), located {@code line N}.
 * </ul>
 *
 * <p><b>Detection.</b> The first non-blank line decides, by its structure alone (its brackets
 * and the member names of its top-level object, before any rule below is applied): if it holds
 * one complete JSON value on its own, the input is JSON Lines, unless that value is an object
 * with a {@code releases} or {@code records} member (a package written on one line; then nothing
 * but blanks may follow). Otherwise (a pretty-printed package starts {@code {} alone) the whole
 * input is one package. So a package on one line that breaks a rule is refused as a package,
 * whole, as it would be pretty-printed; and a file of one release line is JSON Lines.
 *
 * <p><b>Parsing.</b> Every document or line is read by {@link StrictJson#parseDecimals}, the rule
 * of an OCDS release body (protocol.md §5.1, §7.1): valid UTF-8 without byte-order mark, no
 * duplicate key, amounts as exact plain decimals (no exponent), at most {@link
 * StrictJson#MAX_DEPTH} levels counted from the document's root (the package's own two or four
 * levels count). A package that does not parse is one {@link MalformedException} naming line and
 * column; in JSON Lines a line that does not parse is one {@link NotImportable} item naming its
 * line, and reading goes on.
 *
 * <p><b>Bounds.</b> A package is read whole, at most {@link #MAX_PACKAGE_BYTES}; larger data is
 * published, and read here, as JSON Lines, streamed a line at a time up to {@link
 * #MAX_LINES_BYTES} in all, each line at most {@link #MAX_LINE_BYTES} (a longer line is reported
 * not importable, skipped without being kept). No release of either bound could be filed anyway:
 * an entry's leaf is at most 65,535 bytes (protocol.md §5.3).
 *
 * <p>Pure: reads only the stream it is given. Not thread-safe; one reader per stream.
 */
public final class Packages {
  /** Largest release or record package read (it is parsed whole): 64 MiB. */
  public static final int MAX_PACKAGE_BYTES = 64 << 20;
  /** Largest line of JSON Lines: 1 MiB, sixteen times the largest leaf. */
  public static final int MAX_LINE_BYTES = 1 << 20;
  /** Most bytes of JSON Lines read from one stream: 1 GiB. */
  public static final long MAX_LINES_BYTES = 1L << 30;

  private Packages() {}

  /** Which of the three forms the input is. */
  public enum Format {
    RELEASE_PACKAGE("release package"),
    RECORD_PACKAGE("record package"),
    JSON_LINES("JSON Lines");

    private final String words;

    Format(String words) {
      this.words = words;
    }

    @Override
    public String toString() {
      return words;
    }
  }

  /** One item found where a release was expected, with where it is in the input. */
  public sealed interface Item permits Release, NotImportable {
    /** {@code /releases/3}, {@code /records/0/releases/1} or {@code line 5}. */
    String location();
  }

  /** A release to import (not yet validated: the entry rules judge it). */
  public record Release(String location, JsonNode json) implements Item {
    public Release {
      json = json.deepCopy();
    }

    @Override
    public JsonNode json() {
      return json.deepCopy();
    }
  }

  /** An item that is not a release that can be imported, and why. */
  public record NotImportable(String location, String reason) implements Item {}

  /** The input is over one of this class's bounds. */
  public static final class TooLargeException extends MalformedException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /**
   * Opens {@code in}, detecting its form; {@code what} names it in every message (e.g. the file
   * name). A package is read and parsed now; JSON Lines are read as they are iterated.
   *
   * @throws MalformedException if the input is empty, a package that does not parse or has
   *     neither {@code releases} nor {@code records} as an array, or over a bound
   * @throws UncheckedIOException if reading fails
   */
  public static Reader open(InputStream in, String what) {
    try {
      return Reader.open(in, what);
    } catch (IOException e) {
      throw new UncheckedIOException(what + " could not be read: " + e.getMessage(), e);
    }
  }

  /** As {@link #open(InputStream, String)}, over bytes already read. */
  public static Reader read(byte[] bytes, String what) {
    return open(new ByteArrayInputStream(bytes), what);
  }

  /**
   * The items of one input in document order. {@link #next()} may throw {@link
   * TooLargeException} (JSON Lines past {@link #MAX_LINES_BYTES}) and {@link
   * UncheckedIOException} (the stream failed): both end the input.
   */
  public static final class Reader implements Iterator<Item>, Closeable {
    private final Format format;
    private final String what;
    private final Lines lines;
    private final Deque<Item> ready = new ArrayDeque<>();
    private int total;

    private Reader(Format format, String what, Lines lines) {
      this.format = format;
      this.what = what;
      this.lines = lines;
    }

    public Format format() {
      return format;
    }

    /**
     * How many items the input holds, known for a package (read whole) before the first is
     * taken; -1 for JSON Lines, which are read as they are taken.
     */
    public int total() {
      return format == Format.JSON_LINES ? -1 : total;
    }

    private static Reader open(InputStream in, String what) throws IOException {
      Lines lines = new Lines(in, what);
      Lines.Line first = lines.next(MAX_PACKAGE_BYTES);
      while (first != null && first.blank()) {
        first = lines.next(MAX_PACKAGE_BYTES);
      }
      if (first == null) {
        throw new MalformedException(what + " is empty: want a release package, a record package or JSON Lines");
      }
      if (first.tooLong()) {
        throw new TooLargeException(what + " is larger than " + MAX_PACKAGE_BYTES + " bytes on line " + first.number()
            + ": a package is read whole up to that size; publish larger data as JSON Lines");
      }
      Shape shape = Shape.of(first.bytes());
      if (shape == Shape.PACKAGE_ON_ONE_LINE || shape == Shape.INCOMPLETE) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        // Blank lines before it are kept so that errors name the file's own line numbers.
        whole.write(first.leadingNewlines());
        whole.write(first.bytes());
        whole.write('\n');
        lines.rest(whole, MAX_PACKAGE_BYTES);
        JsonNode doc = StrictJson.parseDecimals(whole.toByteArray(), what);
        Reader p = fromPackage(doc, what, lines);
      p.total = p.ready.size();
      return p;
      }
      Reader r = new Reader(Format.JSON_LINES, what, lines);
      r.ready.add(r.line(first));
      return r;
    }

    private static Reader fromPackage(JsonNode doc, String what, Lines lines) {
      boolean releases = doc.isObject() && doc.has("releases");
      boolean records = doc.isObject() && doc.has("records");
      if (releases == records) {
        throw new MalformedException(what + (releases
            ? " has both releases and records: a package is a release package or a record package, not both"
            : " is neither a release package (\"releases\": […]) nor a record package (\"records\": […]) nor JSON Lines"
                + " of releases"));
      }
      String field = releases ? "releases" : "records";
      JsonNode items = doc.get(field);
      if (!items.isArray()) {
        throw new MalformedException(what + ": /" + field + " is not an array");
      }
      Reader r = new Reader(releases ? Format.RELEASE_PACKAGE : Format.RECORD_PACKAGE, what, lines);
      for (int i = 0; i < items.size(); i++) {
        String at = "/" + field + "/" + i;
        if (releases) {
          r.ready.add(items.get(i).isObject() ? new Release(at, items.get(i))
              : new NotImportable(at, "is not a JSON object"));
        } else {
          r.record(items.get(i), at);
        }
      }
      return r;
    }

    /** The embedded releases of one record (OCDS 1.1 "Record": releases are linked or embedded). */
    private void record(JsonNode record, String at) {
      if (!record.isObject()) {
        ready.add(new NotImportable(at, "is not a JSON object"));
        return;
      }
      JsonNode rs = record.get("releases");
      if (rs == null || !rs.isArray()) {
        ready.add(new NotImportable(at, "has no releases array (a compiledRelease alone is not imported: it is"
            + " derived from releases, not one)"));
        return;
      }
      for (int j = 0; j < rs.size(); j++) {
        JsonNode r = rs.get(j);
        String where = at + "/releases/" + j;
        if (r.isObject() && r.hasNonNull("ocid") && r.hasNonNull("id") && r.hasNonNull("date") && r.hasNonNull("tag")) {
          ready.add(new Release(where, r));
        } else if (r.isObject() && r.hasNonNull("url")) {
          ready.add(new NotImportable(where, "is a linked release (" + truncate(r.get("url").asText())
              + "): its content is not in this file; import the release package it is published in"));
        } else {
          ready.add(new NotImportable(where, "is neither a full release (ocid, id, date, tag) nor a linked release (url)"));
        }
      }
    }

    private Item line(Lines.Line l) {
      String at = "line " + l.number();
      if (l.tooLong() || l.bytes().length > MAX_LINE_BYTES) {
        return new NotImportable(at, "is longer than " + MAX_LINE_BYTES + " bytes");
      }
      JsonNode n;
      try {
        n = StrictJson.parseDecimals(l.bytes(), what + " " + at);
      } catch (MalformedException e) {
        return new NotImportable(at, e.getMessage());
      }
      if (!n.isObject()) {
        return new NotImportable(at, "is not a JSON object");
      }
      if (n.has("releases") || n.has("records")) {
        return new NotImportable(at, "is a package: JSON Lines hold one release a line");
      }
      return new Release(at, n);
    }

    @Override
    public boolean hasNext() {
      if (ready.isEmpty() && format == Format.JSON_LINES) {
        try {
          Lines.Line l;
          do {
            l = lines.next(MAX_LINE_BYTES);
          } while (l != null && l.blank());
          if (l != null) {
            ready.add(line(l));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(what + " could not be read: " + e.getMessage(), e);
        }
      }
      return !ready.isEmpty();
    }

    @Override
    public Item next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }

  /**
   * What the first line holds, judged by its structure alone: brackets and braces outside
   * strings, and the names of the top-level object's members. No rule of a release body is
   * applied here (UTF-8, duplicate keys, number length, nesting, even syntax), so that a package
   * on one line that breaks one is refused whole by the strict parse that follows, as the same
   * package pretty-printed is, rather than read as one bad line of JSON Lines (RFC 8259 §2: a
   * string is delimited by unescaped quotes, and no structural character is a byte of a
   * multi-byte UTF-8 sequence, so this reads any bytes the same way).
   */
  private enum Shape {
    /** One complete value that is not an object with releases or records: JSON Lines. */
    LINE,
    /** An object with releases or records, complete on this line. */
    PACKAGE_ON_ONE_LINE,
    /** The value goes on past the line: a (pretty-printed) package. */
    INCOMPLETE;

    static Shape of(byte[] line) {
      // A byte-order mark is looked past here; the strict parse refuses it, naming it.
      boolean bom = line.length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF;
      int i = bom ? 3 : 0;
      while (i < line.length && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) {
        i++;
      }
      boolean object = i < line.length && line[i] == '{';
      boolean isPackage = false;
      int depth = 0;
      for (; i < line.length; i++) {
        byte b = line[i];
        if (b == '"') {
          int open = i;
          boolean escaped = false;
          for (i++; i < line.length && line[i] != '"'; i++) {
            if (line[i] == '\\') {
              escaped = true;
              i++;
            }
          }
          if (i >= line.length) {
            // The line ended inside a string: the value goes on past it.
            return INCOMPLETE;
          }
          if (object && depth == 1 && followedByColon(line, i + 1)) {
            String name = escaped ? unescape(line, open, i) : new String(line, open + 1, i - open - 1,
                java.nio.charset.StandardCharsets.ISO_8859_1);
            isPackage |= "releases".equals(name) || "records".equals(name);
          }
        } else if (b == '{' || b == '[') {
          depth++;
        } else if ((b == '}' || b == ']') && --depth == 0) {
          // The first value is complete; anything after it on the line the strict parse judges.
          return isPackage ? PACKAGE_ON_ONE_LINE : LINE;
        }
      }
      // Ended inside an array or object: it goes on past this line. Otherwise a scalar, or a
      // stray closing bracket: one line, reported as such.
      return depth > 0 ? INCOMPLETE : LINE;
    }

    /** Whether the string that ended before {@code from} is a member name: a colon follows it. */
    private static boolean followedByColon(byte[] line, int from) {
      int j = from;
      while (j < line.length && (line[j] == ' ' || line[j] == '\t' || line[j] == '\r')) {
        j++;
      }
      return j < line.length && line[j] == ':';
    }

    /** The name quoted from {@code open} to {@code close} with its escapes read, or "" if they do not read. */
    private static String unescape(byte[] line, int open, int close) {
      try {
        return StrictJson.mapper().readValue(line, open, close - open + 1, String.class);
      } catch (IOException e) {
        return "";
      }
    }
  }

  private static String truncate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /**
   * The input a line at a time ({@code \n}, an {@code \r} before it dropped), each bounded; a line
   * over its bound is skipped to its end without being kept. Counts bytes against {@link
   * #MAX_LINES_BYTES}.
   */
  private static final class Lines implements Closeable {
    record Line(int number, byte[] bytes, boolean tooLong) {
      boolean blank() {
        for (byte b : bytes) {
          if (b != ' ' && b != '\t' && b != '\r') {
            return false;
          }
        }
        return !tooLong;
      }

      byte[] leadingNewlines() {
        byte[] nl = new byte[number - 1];
        java.util.Arrays.fill(nl, (byte) '\n');
        return nl;
      }
    }

    private final InputStream in;
    private final String what;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int end;
    private int number;
    private long total;

    Lines(InputStream in, String what) {
      this.in = in;
      this.what = what;
    }

    /** The next line, at most {@code max} bytes kept, or null at the end of the input. */
    Line next(int max) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      boolean tooLong = false;
      boolean any = false;
      while (true) {
        if (pos == end && !fill()) {
          if (!any) {
            return null;
          }
          break;
        }
        any = true;
        int nl = indexOf(buf, pos, end, (byte) '\n');
        int stop = nl < 0 ? end : nl;
        if (!tooLong && line.size() + (stop - pos) > max) {
          tooLong = true;
          line.reset();
        }
        if (!tooLong) {
          line.write(buf, pos, stop - pos);
        }
        pos = nl < 0 ? end : nl + 1;
        if (nl >= 0) {
          break;
        }
      }
      number++;
      byte[] b = line.toByteArray();
      if (b.length > 0 && b[b.length - 1] == '\r') {
        b = java.util.Arrays.copyOf(b, b.length - 1);
      }
      return new Line(number, b, tooLong);
    }

    /** Everything left, appended to {@code out}, which must stay within {@code max} bytes. */
    void rest(ByteArrayOutputStream out, int max) throws IOException {
      while (pos < end || fill()) {
        if (out.size() + (end - pos) > max) {
          throw new TooLargeException(what + " is larger than " + max + " bytes: a package is read whole up to that"
              + " size; publish larger data as JSON Lines");
        }
        out.write(buf, pos, end - pos);
        pos = end;
      }
    }

    private boolean fill() throws IOException {
      int n = in.read(buf);
      if (n <= 0) {
        return false;
      }
      total += n;
      if (total > MAX_LINES_BYTES) {
        throw new TooLargeException(what + " is larger than " + MAX_LINES_BYTES + " bytes, the most read from one"
            + " input; split it");
      }
      pos = 0;
      end = n;
      return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte x) {
      for (int i = from; i < to; i++) {
        if (b[i] == x) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
