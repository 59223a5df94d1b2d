package org.auditledger.protocol.note;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.merkle.Rfc6962;

/**
 * A checkpoint body (C2SP tlog-checkpoint): origin, tree size in decimal, base64 root hash, then
 * optional non-empty extension lines, each ending in a newline.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

  public Checkpoint {
    if (origin == null || origin.isEmpty()) {
      throw new MalformedException("checkpoint origin is empty");
    }
    if (size < 0) {
      throw new MalformedException("checkpoint size " + size + " is negative");
    }
    if (rootHash == null || rootHash.length != Rfc6962.HASH_SIZE) {
      throw new MalformedException("checkpoint root hash must be " + Rfc6962.HASH_SIZE + " bytes");
    }
    rootHash = rootHash.clone();
    extensions = List.copyOf(extensions);
    for (String e : extensions) {
      if (e.isEmpty() || e.indexOf('\n') >= 0) {
        throw new MalformedException("checkpoint extension lines must be non-empty single lines");
      }
    }
  }

  public Checkpoint(String origin, long size, byte[] rootHash) {
    this(origin, size, rootHash, List.of());
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The note text: {@code origin\nsize\nbase64(root)\n} plus extension lines. */
  public String body() {
    StringBuilder b = new StringBuilder()
        .append(origin).append('\n')
        .append(size).append('\n')
        .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    extensions.forEach(e -> b.append(e).append('\n'));
    return b.toString();
  }

  /**
   * Parses a checkpoint body (the text of a note).
   *
   * @throws MalformedException naming the line at fault
   */
  public static Checkpoint parse(String text) {
    if (!text.endsWith("\n")) {
      throw new MalformedException("checkpoint does not end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new MalformedException("checkpoint has " + lines.length + " lines, want at least 3");
    }
    if (!DECIMAL.matcher(lines[1]).matches()) {
      throw new MalformedException(
          "checkpoint size line \"" + lines[1] + "\" is not a decimal number without leading zeros");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new MalformedException("checkpoint size \"" + lines[1] + "\" is too large", e);
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new MalformedException("checkpoint root hash line is not base64", e);
    }
    if (root.length != Rfc6962.HASH_SIZE
        || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
      throw new MalformedException("checkpoint root hash line is not the base64 of 32 bytes");
    }
    List<String> ext = new ArrayList<>(Arrays.asList(lines).subList(3, lines.length));
    return new Checkpoint(lines[0], size, root, ext);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && origin.equals(c.origin) && size == c.size
        && Arrays.equals(rootHash, c.rootHash) && extensions.equals(c.extensions);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + Long.hashCode(size) * 17 + Arrays.hashCode(rootHash);
  }

  @Override
  public String toString() {
    return origin + "@" + size + ":" + Base64.getEncoder().encodeToString(rootHash);
  }
}
