package org.auditledger.protocol.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.Utf8;

/**
 * A signed note (C2SP signed-note): text ending in a newline, a blank line, and one or more
 * signature lines. Parsing checks form only; {@link NoteVerifier} checks signatures.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
  /** Notes with more signatures are refused (the spec asks to accept at least 16). */
  public static final int MAX_SIGNATURES = 100;
  private static final String SIG_PREFIX = "\u2014 ";

  public SignedNote {
    checkText(text);
    signatures = List.copyOf(signatures);
    if (signatures.size() > MAX_SIGNATURES) {
      throw new MalformedException(
          "note has " + signatures.size() + " signatures, limit " + MAX_SIGNATURES);
    }
  }

  /** An unsigned note of {@code text}, to be signed. */
  public static SignedNote of(String text) {
    return new SignedNote(text, List.of());
  }

  /** This note with one more signature; a signature by the same key replaces the old one. */
  public SignedNote withSignature(NoteSignature sig) {
    List<NoteSignature> out = new ArrayList<>();
    for (NoteSignature s : signatures) {
      if (!(s.keyName().equals(sig.keyName()) && s.keyId() == sig.keyId())) {
        out.add(s);
      }
    }
    out.add(sig);
    return new SignedNote(text, out);
  }

  /** This note signed by {@code key}. */
  public SignedNote sign(NoteSignerKey key) {
    return withSignature(key.sign(textBytes()));
  }

  public byte[] textBytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The note in its wire form. */
  public String encode() {
    if (signatures.isEmpty()) {
      throw new IllegalStateException("a note needs at least one signature to be encoded");
    }
    StringBuilder b = new StringBuilder(text).append('\n');
    for (NoteSignature s : signatures) {
      b.append(s.line());
    }
    return b.toString();
  }

  public byte[] encodeBytes() {
    return encode().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a note in wire form.
   *
   * @throws MalformedException with the reason, for anything but a well-formed note
   */
  public static SignedNote parse(byte[] note) {
    String s = Utf8.decodeStrict(note, "note");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new MalformedException(
            String.format("note contains control character 0x%02x at offset %d", (int) c, i));
      }
    }
    int split = s.lastIndexOf("\n\n");
    if (split < 0) {
      throw new MalformedException("note has no blank line before its signatures");
    }
    String text = s.substring(0, split + 1);
    String sigs = s.substring(split + 2);
    if (sigs.isEmpty()) {
      throw new MalformedException("note has no signature lines");
    }
    if (!sigs.endsWith("\n")) {
      throw new MalformedException("note does not end with a newline");
    }
    List<NoteSignature> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : sigs.substring(0, sigs.length() - 1).split("\n", -1)) {
      lineNo++;
      if (out.size() == MAX_SIGNATURES) {
        throw new MalformedException("note has more than " + MAX_SIGNATURES + " signatures");
      }
      out.add(parseLine(line, lineNo));
    }
    return new SignedNote(text, out);
  }

  private static NoteSignature parseLine(String line, int lineNo) {
    if (!line.startsWith(SIG_PREFIX)) {
      throw new MalformedException(
          "note signature line " + lineNo + " does not start with an em dash (U+2014) and a space");
    }
    String rest = line.substring(SIG_PREFIX.length());
    int space = rest.lastIndexOf(' ');
    if (space <= 0) {
      throw new MalformedException("note signature line " + lineNo + " is not \"— name signature\"");
    }
    String name = rest.substring(0, space);
    try {
      KeyNames.checkName(name);
    } catch (MalformedException e) {
      throw new MalformedException("note signature line " + lineNo + ": " + e.getMessage(), e);
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(rest.substring(space + 1));
    } catch (IllegalArgumentException e) {
      throw new MalformedException("note signature line " + lineNo + ": signature is not base64", e);
    }
    if (raw.length < 5) {
      throw new MalformedException("note signature line " + lineNo + ": signature has "
          + raw.length + " bytes, want a 4-byte key id and a signature");
    }
    int keyId = ByteBuffer.wrap(raw, 0, 4).getInt();
    byte[] sig = new byte[raw.length - 4];
    System.arraycopy(raw, 4, sig, 0, sig.length);
    return new NoteSignature(name, keyId, sig);
  }

  private static void checkText(String text) {
    if (text == null || text.isEmpty() || !text.endsWith("\n")) {
      throw new MalformedException("note text must be non-empty and end with a newline");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new MalformedException(
            String.format("note text contains control character 0x%02x at offset %d", (int) c, i));
      }
    }
  }
}
