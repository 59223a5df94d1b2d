package org.auditledger.node.api;

/**
 * Every RFC 9457 problem type the node answers, with its status and title, in one place (the
 * table of docs/api.md). The type URI is {@code /problems/<slug>}.
 */
public enum ProblemType {
  MALFORMED(400, "malformed", "The request is malformed"),
  BAD_PARAMETER(400, "bad-parameter", "A query parameter is invalid"),
  BAD_REQUEST(400, "bad-request", "The request could not be read"),
  UNAUTHORIZED(403, "unauthorized", "The signer is not authorized"),
  FORBIDDEN(403, "forbidden", "Not allowed"),
  UNTRUSTED_CHECKPOINT(403, "untrusted-checkpoint", "The checkpoint is not signed by the log's trusted key"),
  NOT_FOUND(404, "not-found", "Not found"),
  UNKNOWN_LOG(404, "unknown-log", "This witness does not witness that log"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  DUPLICATE_ENTRY(409, "duplicate-entry", "The entry is already in the log"),
  DUPLICATE_RELEASE(409, "duplicate-release", "The release is already in the log"),
  EQUIVOCATION(409, "equivocation", "The checkpoint contradicts one seen before"),
  BODY_TOO_LARGE(413, "body-too-large", "The request body is too large"),
  ENTRY_TOO_LARGE(413, "entry-too-large", "The entry is too large"),
  URI_TOO_LONG(414, "uri-too-long", "The request line is too long"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  SCHEMA_VIOLATION(422, "schema-violation", "The entry does not match the schema"),
  INVALID_SIGNATURE(422, "invalid-signature", "A signature does not verify"),
  CLAIM_FAILS(422, "claim-fails", "A claim of the entry does not hold"),
  UNKNOWN_HOME(422, "unknown-home", "The issuer's home log is not mirrored by this node"),
  CREATED_OUT_OF_RANGE(422, "created-out-of-range", "The entry's creation time is too far from the log's clock"),
  INCONSISTENT_CHECKPOINT(422, "inconsistent-checkpoint", "The consistency proof does not verify"),
  RATE_LIMITED(429, "rate-limited", "Too many requests from this address"),
  HEADERS_TOO_LARGE(431, "headers-too-large", "The request headers are too large"),
  INTERNAL_ERROR(500, "internal-error", "The node failed to answer"),
  STORAGE_FAILURE(500, "storage-failure", "The node's store failed"),
  UNAVAILABLE(503, "unavailable", "The node cannot take this now"),
  BUSY(503, "busy", "The node is busy with other heavy requests");

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  /** The type member: {@code /problems/<slug>}. */
  public String uri() {
    return "/problems/" + slug;
  }
}
