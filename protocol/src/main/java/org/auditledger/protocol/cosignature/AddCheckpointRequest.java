package org.auditledger.protocol.cosignature;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.Utf8;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.SignedNote;

/**
 * The body of a C2SP tlog-witness {@code add-checkpoint} request:
 *
 * <pre>
 * "old " decimal(old size) "\n"
 * *63( base64(hash) "\n" )        ; consistency proof, RFC 6962 §2.1.2
 * "\n"
 * signed checkpoint note
 * </pre>
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> proof, SignedNote checkpoint) {
  /** Most proof lines a request may carry (the spec's limit). */
  public static final int MAX_PROOF = 63;
  private static final Pattern OLD = Pattern.compile("old (0|[1-9][0-9]{0,18})");

  public AddCheckpointRequest {
    proof = List.copyOf(proof);
  }

  /**
   * Parses a request body.
   *
   * @throws MalformedException naming the line at fault
   */
  public static AddCheckpointRequest parse(byte[] body) {
    String s = Utf8.decodeStrict(body, "add-checkpoint request");
    int first = s.indexOf('\n');
    if (first < 0 || !OLD.matcher(s.substring(0, first)).matches()) {
      throw new MalformedException("add-checkpoint request does not start with \"old <size>\"");
    }
    long old;
    try {
      old = Long.parseLong(s.substring(4, first));
    } catch (NumberFormatException e) {
      throw new MalformedException("add-checkpoint old size is too large", e);
    }
    List<byte[]> proof = new ArrayList<>();
    int pos = first + 1;
    while (true) {
      int nl = s.indexOf('\n', pos);
      if (nl < 0) {
        throw new MalformedException("add-checkpoint request has no empty line before the checkpoint");
      }
      String line = s.substring(pos, nl);
      pos = nl + 1;
      if (line.isEmpty()) {
        break;
      }
      if (proof.size() == MAX_PROOF) {
        throw new MalformedException("add-checkpoint request has more than " + MAX_PROOF + " proof lines");
      }
      byte[] h;
      try {
        h = Base64.getDecoder().decode(line);
      } catch (IllegalArgumentException e) {
        throw new MalformedException("add-checkpoint proof line " + (proof.size() + 1) + " is not base64", e);
      }
      if (h.length != Rfc6962.HASH_SIZE) {
        throw new MalformedException("add-checkpoint proof line " + (proof.size() + 1) + " is not a 32-byte hash");
      }
      proof.add(h);
    }
    return new AddCheckpointRequest(old, proof,
        SignedNote.parse(s.substring(pos).getBytes(StandardCharsets.UTF_8)));
  }

  public byte[] encode() {
    StringBuilder b = new StringBuilder("old ").append(oldSize).append('\n');
    proof.forEach(h -> b.append(Base64.getEncoder().encodeToString(h)).append('\n'));
    b.append('\n').append(checkpoint.encode());
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
