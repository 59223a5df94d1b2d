package org.auditledger.node.api;

import java.util.Map;

/** A request the API refuses, with its problem type slug and a detail a person can act on. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ProblemType type;
  private final transient Map<String, Object> extensions;

  public ApiException(ProblemType type, String detail) {
    this(type, detail, Map.of());
  }

  public ApiException(ProblemType type, String detail, Map<String, Object> extensions) {
    super(detail);
    this.type = type;
    this.extensions = Map.copyOf(extensions);
  }

  public ProblemType type() {
    return type;
  }

  public int status() {
    return type.status();
  }

  public Map<String, Object> extensions() {
    return extensions;
  }

  public static ApiException badParameter(String name, String value, String want) {
    return new ApiException(ProblemType.BAD_PARAMETER,
        "query parameter " + name + "=" + value + " is invalid: want " + want, Map.of("parameter", name));
  }

  /**
   * A parameter refused by a rule of the protocol, whose message names the parameter first
   * ({@code "prefix: want ..."}), as every such rule's does: the one rule, worded once, answered
   * by the node as it is printed by {@code audit}.
   */
  public static ApiException refused(String name, IllegalArgumentException rule) {
    return new ApiException(ProblemType.BAD_PARAMETER, "query parameter " + rule.getMessage(), Map.of("parameter", name));
  }

  public static ApiException notFound(String detail) {
    return new ApiException(ProblemType.NOT_FOUND, detail);
  }
}
