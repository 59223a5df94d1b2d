package org.auditledger.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The published test vectors, copied from {@code shared/vectors/} into {@code
 * src/test/resources/vectors/}. Node and CLI tests reach them through the protocol test-jar, so
 * there is one copy.
 */
public final class Vectors {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vectors() {}

  /** The 8-leaf RFC 6962 reference tree, its roots and proofs. */
  public static JsonNode merkle() {
    return load("vectors/merkle-rfc6962.json");
  }

  /** C2SP tlog-tiles hashes over leaves {@code leaf-<i>}. */
  public static JsonNode tiles() {
    return load("vectors/tiles-c2sp.json");
  }

  /** C2SP signed-note key pair, note and signature, and the DSSE PAE example. */
  public static JsonNode signedNote() {
    return load("vectors/signed-note.json");
  }

  public static JsonNode load(String resource) {
    try (InputStream in = Vectors.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + resource + " is missing");
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading test resource " + resource, e);
    }
  }

  public static byte[] hex(JsonNode n) {
    return HexFormat.of().parseHex(n.asText());
  }

  public static List<byte[]> hexList(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(n -> out.add(hex(n)));
    return out;
  }
}
