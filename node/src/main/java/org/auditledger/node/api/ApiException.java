package org.auditledger.node.api;

import java.util.Map;

/** A request the API refuses, with its problem type slug and a detail a person can act on. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String slug;
  private final transient Map<String, Object> extensions;

  public ApiException(int status, String slug, String detail) {
    this(status, slug, detail, Map.of());
  }

  public ApiException(int status, String slug, String detail, Map<String, Object> extensions) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.extensions = Map.copyOf(extensions);
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }

  public static ApiException badParameter(String name, String value, String want) {
    return new ApiException(400, "bad-parameter",
        "query parameter " + name + "=" + value + " is invalid: want " + want, Map.of("parameter", name));
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "not-found", detail);
  }
}
