package org.auditledger.protocol.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.Vectors;
import org.junit.jupiter.api.Test;

/**
 * Runs schemas/examples both ways: every valid-*.json parses and validates; every invalid-*.json
 * is refused, naming the JSON Pointer listed for it in expectations.json.
 */
class SchemaExamplesTest {
  private static Path root() throws URISyntaxException {
    return Path.of(SchemaExamplesTest.class.getClassLoader().getResource("schema-examples/expectations.json").toURI())
        .getParent();
  }

  private static List<Path> examples(String prefix) throws Exception {
    try (Stream<Path> s = Files.walk(root())) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }

  /** Verifies that every valid example validates, and there is one for each kind. */
  @Test
  void validExamplesValidate() throws Exception {
    TreeSet<String> kinds = new TreeSet<>();
    for (Path p : examples("valid-")) {
      EntryPayload e = EntryPayload.parse(Files.readAllBytes(p));
      kinds.add(e.kind().jsonName());
    }
    TreeSet<String> all = new TreeSet<>();
    for (org.auditledger.protocol.entry.EntryKind k : org.auditledger.protocol.entry.EntryKind.values()) {
      all.add(k.jsonName());
    }
    assertEquals(all, kinds);
  }

  /** Verifies that every invalid example fails for the reason it was written for. */
  @Test
  void invalidExamplesFailAtTheirPointer() throws Exception {
    JsonNode want = Vectors.load("schema-examples/expectations.json").get("invalid");
    List<Path> invalid = examples("invalid-");
    assertEquals(want.size(), invalid.size(), "every invalid example is listed in expectations.json");
    for (Path p : invalid) {
      String rel = root().relativize(p).toString();
      assertTrue(want.has(rel), rel + " is listed in expectations.json");
      String pointer = want.get(rel).asText();
      MalformedException e = assertThrows(MalformedException.class, () -> parse(p), rel);
      if (!(e instanceof SchemaViolationException v)) {
        fail(rel + " failed outside the schema: " + e.getMessage());
        return;
      }
      assertTrue(v.violations().stream().anyMatch(x -> x.pointer().equals(pointer)),
          rel + ": want a violation at \"" + pointer + "\", got " + v.violations());
    }
  }

  private static EntryPayload parse(Path p) throws IOException {
    return EntryPayload.parse(Files.readAllBytes(p));
  }
}
