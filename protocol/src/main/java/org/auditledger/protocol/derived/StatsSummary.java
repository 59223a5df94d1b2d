package org.auditledger.protocol.derived;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.auditledger.protocol.Text;
import org.auditledger.protocol.entry.Organization;

/**
 * The accountability figures of every audited organization (protocol.md §10.3), reduced to what
 * does not depend on the date they are asked for: counts, the sorted times to first response,
 * and the response due dates of the findings that nobody answered (a finding is overdue as of a
 * date after its due date exactly when it is one of those). {@link Accountability} computes it
 * from its findings; {@link #stats} is the one definition of the figures' answer, so a verifier
 * that keeps a summary answers as the node does, without reading every finding again.
 */
public final class StatsSummary {
  /** One audited organization's figures, apart from the date. Arrays sorted ascending. */
  record Figures(long findings, long answered, long[] secondsToFirstResponse, long[] unansweredDueDays,
      long implemented, long partially, long not) {}

  private static final byte[] MAGIC = "auditledger-stats/1\n".getBytes(StandardCharsets.US_ASCII);
  private final TreeMap<String, Figures> byName;

  /**
   * Longest {@code after} (the organization a page of {@link #stats} ends at) taken, in Unicode
   * code points ({@link Text}): above any organization's {@code name@home} (200, 1 and 200).
   */
  public static final int MAX_AFTER = 512;

  /**
   * {@code after} if it can be where a page of {@link #stats} ends: 1 to {@link #MAX_AFTER} code
   * points. The one check of the node's {@code after} and of {@code audit stats --after}.
   *
   * @throws IllegalArgumentException naming the parameter first ("after: want ...")
   */
  public static String checkAfter(String after) {
    if (!Text.within(after, 1, MAX_AFTER)) {
      throw new IllegalArgumentException("after: want the organization a page ended at, name@home as its next gave it,"
          + " of 1 to " + MAX_AFTER + " characters (Unicode code points), not " + Text.length(after));
    }
    return after;
  }

  StatsSummary(Map<String, Figures> byName) {
    this.byName = new TreeMap<>(byName);
  }

  /**
   * The figures of {@code org} (every audited organization if null, in name order after {@code
   * after}, at most {@code limit}) as of {@code asOf}: the answer of {@code GET /v1/stats}.
   */
  public ObjectNode stats(Organization org, LocalDate asOf, String after, int limit) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("asOf", asOf.toString());
    ArrayNode a = o.putArray("organizations");
    Map<String, Figures> chosen = org == null ? byName
        : Map.of(org.toString(), byName.getOrDefault(org.toString(), new Figures(0, 0, new long[0], new long[0], 0, 0, 0)));
    String last = null;
    boolean more = false;
    for (Map.Entry<String, Figures> e : chosen.entrySet()) {
      if (after != null && e.getKey().compareTo(after) <= 0) {
        continue;
      }
      if (a.size() == limit) {
        more = true;
        break;
      }
      a.add(figures(e.getKey(), e.getValue(), asOf));
      last = e.getKey();
    }
    o.put("next", more ? last : null);
    return o;
  }

  private static ObjectNode figures(String name, Figures f, LocalDate asOf) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("organization", name);
    o.put("findings", f.findings());
    o.put("answered", f.answered());
    o.put("overdue", countBelow(f.unansweredDueDays(), asOf.toEpochDay()));
    putPercentile(o, "medianSecondsToFirstResponse", f.secondsToFirstResponse(), 50);
    putPercentile(o, "p90SecondsToFirstResponse", f.secondsToFirstResponse(), 90);
    ObjectNode rec = o.putObject("recommendationsAssessed");
    rec.put("implemented", f.implemented());
    rec.put("partially_implemented", f.partially());
    rec.put("not_implemented", f.not());
    return o;
  }

  /** How many of the sorted {@code days} are before {@code day}: overdue means asOf is after the due date. */
  private static long countBelow(long[] days, long day) {
    int i = Arrays.binarySearch(days, day);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && days[i - 1] == day) {
      i--;
    }
    return i;
  }

  /** Nearest-rank percentile (the value at rank ⌈p/100·n⌉ of the sorted values); null if none. */
  private static void putPercentile(ObjectNode o, String field, long[] sorted, int p) {
    if (sorted.length == 0) {
      o.putNull(field);
      return;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    o.put(field, sorted[Math.max(1, rank) - 1]);
  }

  /** The bytes a verifier keeps ({@link #decode} reads them back). */
  public byte[] encode() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      DataOutputStream out = new DataOutputStream(b);
      out.write(MAGIC);
      out.writeInt(byName.size());
      for (Map.Entry<String, Figures> e : byName.entrySet()) {
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        Figures f = e.getValue();
        out.writeLong(f.findings());
        out.writeLong(f.answered());
        longs(out, f.secondsToFirstResponse());
        longs(out, f.unansweredDueDays());
        out.writeLong(f.implemented());
        out.writeLong(f.partially());
        out.writeLong(f.not());
      }
      out.flush();
      b.write(Digest.sha256(b.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  private static void longs(DataOutputStream out, long[] values) throws IOException {
    out.writeInt(values.length);
    for (long v : values) {
      out.writeLong(v);
    }
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException if {@code bytes} are not such a summary
   */
  public static StatsSummary decode(byte[] bytes) {
    if (bytes.length < MAGIC.length + 32 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IllegalArgumentException("not a summary of accountability figures, version 1");
    }
    if (!Digest.matches(bytes, bytes.length - 32)) {
      throw new IllegalArgumentException("the summary is damaged: its digest does not match");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, bytes.length - 32 - MAGIC.length);
      int n = in.getInt();
      if (n < 0 || n > in.remaining()) {
        throw new IllegalArgumentException("a summary of " + n + " organizations");
      }
      Map<String, Figures> byName = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) {
          throw new IllegalArgumentException("a name of " + len + " bytes");
        }
        String name = new String(bytes, in.position(), len, StandardCharsets.UTF_8);
        in.position(in.position() + len);
        byName.put(name, new Figures(in.getLong(), in.getLong(), longs(in), longs(in), in.getLong(), in.getLong(),
            in.getLong()));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last organization");
      }
      return new StatsSummary(byName);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the summary is cut short", e);
    }
  }

  private static long[] longs(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining() / 8) {
      throw new IllegalArgumentException("a list of " + n + " values");
    }
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.getLong();
      if (i > 0 && v[i] < v[i - 1]) {
        throw new IllegalArgumentException("values out of order");
      }
    }
    return v;
  }
}
