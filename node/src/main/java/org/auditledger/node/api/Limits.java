package org.auditledger.node.api;

/** Bounds on what one request may ask for or send. */
public final class Limits {
  /** A request body larger than any leaf could be (C2SP entry bundles: 65,535 bytes). */
  public static final int MAX_BODY_BYTES = 65_536;
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
