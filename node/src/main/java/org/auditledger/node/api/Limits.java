package org.auditledger.node.api;

/** Bounds on what one request may ask for or send. */
public final class Limits {
  /** A request body larger than any leaf could be (C2SP entry bundles: 65,535 bytes). */
  public static final int MAX_BODY_BYTES = 65_536;
  /** Entries per page of {@code GET /v1/entries} and {@code GET /v1/search}. */
  public static final int MAX_PAGE = 1000;
  public static final int DEFAULT_PAGE = 100;
  /** Postings a search may scan when it filters on more than one field. */
  public static final int MAX_SEARCH_SCAN = 20_000;

  private Limits() {}
}
