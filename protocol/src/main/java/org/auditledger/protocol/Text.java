package org.auditledger.protocol;

/**
 * Lengths of text as the ledger states them: in Unicode code points, the characters of RFC 8259
 * §7 and what JSON Schema's {@code maxLength} counts (JSON Schema Validation §6.3.1), never in
 * UTF-16 units (Java's {@link String#length}, which counts a character outside the Basic
 * Multilingual Plane twice) nor in bytes. A bound on a query parameter is then the bound on the
 * text a client means: a key of 300 characters is 300 long whatever script it is written in.
 */
public final class Text {
  private Text() {}

  /** The number of code points of {@code s}. */
  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /** Whether {@code s} has {@code min} to {@code max} code points. */
  public static boolean within(String s, int min, int max) {
    int n = length(s);
    return n >= min && n <= max;
  }

  /**
   * {@code s} cut to its first {@code max} code points with "..." after it if it was longer: for
   * quoting what a client sent in a message, never splitting a surrogate pair (half a pair is
   * not text, and not writable as UTF-8).
   */
  public static String excerpt(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int n = Math.min(max, length(s));
    int end = s.offsetByCodePoints(0, n);
    return end == s.length() ? s : s.substring(0, end) + "...";
  }
}
