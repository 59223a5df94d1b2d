package org.auditledger.node.api;

/** Bounds on what one request may ask for or send. */
public final class Limits {
  /** A request body larger than any leaf could be (C2SP entry bundles: 65,535 bytes). */
  public static final int MAX_BODY_BYTES = 65_536;
  /**
   * Longest request line (method, target, version), in characters; a longer one is a 414. Room
   * for the longest text parameter the protocol takes ({@link
   * org.auditledger.protocol.spending.Spending#MAX_KEY} code points, each up to 4 UTF-8 bytes
   * written {@code %XX}: 6,144 characters) with the rest of its query, so that a key an answer
   * gives as {@code next} can always be sent back as {@code after} (the server's default, 4,096,
   * cut off a supplier's name of 450 Chinese characters, 9 characters each).
   */
  public static final int MAX_REQUEST_LINE = 8192;
  /** Entries per page of {@code GET /v1/entries} and {@code GET /v1/search}. */
  public static final int MAX_PAGE = 1000;
  public static final int DEFAULT_PAGE = 100;
  /**
   * Bytes of JSON per page of entries: a page stops before the entry that would pass it (but
   * always holds one), so that a page of large entries stays small and {@code next} goes on.
   */
  public static final int MAX_PAGE_BYTES = 2 << 20;
  /** Postings a search may scan when it filters on more than one field. */
  public static final int MAX_SEARCH_SCAN = 20_000;
  /** Heavy requests (pages, searches) waiting or running at once before 503. */
  public static final int MAX_HEAVY_WAITING = 64;

  private Limits() {}
}
