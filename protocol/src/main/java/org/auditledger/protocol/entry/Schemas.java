package org.auditledger.protocol.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schemas (draft 2020-12) of {@code schemas/}, bundled in the jar and resolved by their
 * {@code $id}, never fetched. Thread-safe.
 */
public final class Schemas {
  /** The {@code $id} prefix of every schema. */
  public static final String BASE = "https://schemas.auditledger.org/v1/";
  private static final List<String> FILES = List.of(
      "entry.schema.json", "decision.schema.json", "spending.schema.json",
      "finding.schema.json", "response.schema.json", "key.schema.json", "assessment.schema.json");
  private static final Schema ENTRY = load();
  /** The {@code id} of the official OCDS 1.1.5 release schema (draft-04), bundled under {@code ocds/}. */
  public static final String OCDS_RELEASE = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";
  /**
   * The {@code id} of the official OCDS release package schema (draft-04), bundled under {@code
   * ocds/}; its {@code releases} items refer to {@link #OCDS_RELEASE} by that URL, resolved to the
   * bundled file, never fetched.
   */
  public static final String OCDS_RELEASE_PACKAGE =
      "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json";
  /**
   * Draft-04 plus the annotations OCDS adds to its schemas (merge rules, codelists,
   * deprecation): known, so not reported as unknown keywords at every start, and validating nothing.
   */
  private static final com.networknt.schema.dialect.Dialect OCDS_DIALECT =
      com.networknt.schema.dialect.Dialect.builder(com.networknt.schema.dialect.Dialects.getDraft4())
          .keywords(java.util.stream.Stream.of("omitWhenMerged", "wholeListMerge", "versionId", "codelist",
                  "openCodelist", "deprecated")
              .map(com.networknt.schema.keyword.AnnotationKeyword::new).toList())
          .build();
  private static final SchemaRegistry OCDS = SchemaRegistry.withDefaultDialect(OCDS_DIALECT,
      b -> b.schemas(Map.of(OCDS_RELEASE, javaPatterns(resource("ocds/release-schema.json")),
              OCDS_RELEASE_PACKAGE, resource("ocds/release-package-schema.json")))
          .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
  private static final Schema RELEASE = OCDS.getSchema(SchemaLocation.of(OCDS_RELEASE));
  private static final Schema RELEASE_PACKAGE = OCDS.getSchema(SchemaLocation.of(OCDS_RELEASE_PACKAGE));

  private Schemas() {}

  private static Schema load() {
    Map<String, String> byId = new HashMap<>();
    for (String f : FILES) {
      byId.put(BASE + f, resource(f));
    }
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemas(byId)
            .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    return registry.getSchema(SchemaLocation.of(BASE + "entry.schema.json"));
  }

  /**
   * The release schema's one pattern (Unit.scheme's interval notation) is an ECMA 262 regular
   * expression that {@code java.util.regex} reads otherwise: in ECMA a {@code [} inside a class is
   * a literal, in Java it opens a nested class. The same set, escaped for Java; the bundled file
   * stays byte-equal to the official one.
   */
  private static String javaPatterns(String schema) {
    String ecma = "\"^[([\\\\]][0-9]+,([0-9]+|INF)[)[\\\\]]$\"";
    String java = "\"^[(\\\\[\\\\]][0-9]+,([0-9]+|INF)[)\\\\[\\\\]]$\"";
    if (!schema.contains(ecma)) {
      throw new IllegalStateException("the bundled OCDS release schema is not the one this code was written for");
    }
    return schema.replace(ecma, java);
  }

  private static String resource(String file) {
    String path = "org/auditledger/protocol/schemas/" + file;
    try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("schema " + path + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading bundled schema " + path, e);
    }
  }

  /**
   * Validates an entry payload against {@code entry.schema.json} and its kind's body schema.
   *
   * @throws SchemaViolationException listing every violation with its JSON Pointer
   */
  public static void validateEntry(JsonNode payload, String what) {
    report(ENTRY.validate(payload), "", what);
  }

  /**
   * Validates an OCDS release against the official release schema; violations are reported at
   * {@code prefix} + their pointer in the release (e.g. {@code /body/tender/id}).
   *
   * @throws SchemaViolationException listing every violation with its JSON Pointer
   */
  public static void validateRelease(JsonNode release, String prefix, String what) {
    report(RELEASE.validate(release), prefix, what);
  }

  /**
   * Validates an OCDS release package against the official release package schema, each release
   * against the release schema; violations are reported at their pointer in the package (e.g.
   * {@code /releases/3/tender/id}).
   *
   * @throws SchemaViolationException listing every violation with its JSON Pointer
   */
  public static void validateReleasePackage(JsonNode releasePackage, String what) {
    report(RELEASE_PACKAGE.validate(releasePackage), "", what);
  }

  /**
   * The bundled OCDS release schema as JSON, as published (a fresh copy), for readers of its
   * merge keywords ({@code omitWhenMerged}, {@code wholeListMerge}).
   */
  public static JsonNode ocdsReleaseSchema() {
    try {
      return org.auditledger.protocol.json.StrictJson.mapper().readTree(resource("ocds/release-schema.json"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the bundled OCDS release schema is not JSON", e);
    }
  }

  private static void report(List<Error> errors, String prefix, String what) {
    if (errors.isEmpty()) {
      return;
    }
    // if/then failures repeat the nested errors; keep the distinct leaf messages.
    Set<SchemaViolationException.Violation> out = new LinkedHashSet<>();
    for (Error e : errors) {
      if ("if".equals(e.getKeyword()) || "then".equals(e.getKeyword())) {
        continue;
      }
      String pointer = prefix + pointer(e);
      out.add(new SchemaViolationException.Violation(pointer, stripPath(e.getMessage())));
    }
    if (out.isEmpty()) {
      errors.forEach(e -> out.add(new SchemaViolationException.Violation(prefix + pointer(e), e.getMessage())));
    }
    throw new SchemaViolationException(what, new ArrayList<>(out));
  }

  private static String pointer(Error e) {
    String p = e.getInstanceLocation().toString();
    // The library writes "$.a.b[0]" or "/a/b/0" depending on configuration; normalize to RFC 6901.
    if (p.startsWith("$")) {
      p = p.substring(1).replaceAll("\\[(\\d+)\\]", ".$1").replace('.', '/');
    }
    if (e.getProperty() != null && "required".equals(e.getKeyword())) {
      p = p + "/" + e.getProperty();
    }
    return p;
  }

  private static String stripPath(String message) {
    int colon = message.indexOf(": ");
    return colon > 0 && (message.startsWith("$") || message.startsWith("/"))
        ? message.substring(colon + 2) : message;
  }
}
