package org.auditledger.protocol.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Malformed notes and checkpoints are refused with a reason. */
class SignedNoteParseTest {
  private static final String SIG = "\u2014 example.org/log " + Base64.getEncoder().encodeToString(new byte[68]) + "\n";

  static List<Arguments> malformedNotes() {
    return List.of(
        Arguments.of("text\n" + SIG, "no blank line"),
        Arguments.of("text\n\n", "no signature lines"),
        Arguments.of("text\n\n" + SIG.trim(), "does not end with a newline"),
        Arguments.of("text\n\n- example.org/log AAAAAAA=\n", "em dash"),
        Arguments.of("text\n\n\u2014 example.org/log !!!!\n", "not base64"),
        Arguments.of("text\n\n\u2014 example.org/log AAAA\n", "3 bytes"),
        Arguments.of("text\n\n\u2014 a+b AAAAAAA=\n", "'+'"),
        Arguments.of("te\rxt\n\n" + SIG, "control character 0x0d"),
        Arguments.of("text\n\n\u2014 example.org/log\n", "not \"\u2014 name signature\""),
        Arguments.of("text\n\n" + SIG + "\n", "no signature lines"));
  }

  /** Verifies that each malformed note is refused with its reason. */
  @ParameterizedTest
  @MethodSource("malformedNotes")
  void malformedNotesAreRefused(String note, String reason) {
    MalformedException e = assertThrows(MalformedException.class,
        () -> SignedNote.parse(note.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains(reason), e.getMessage() + " should mention " + reason);
  }

  /** Verifies that invalid UTF-8 is refused. */
  @Test
  void invalidUtf8IsRefused() {
    byte[] b = ("text\n\n" + SIG).getBytes(StandardCharsets.UTF_8);
    b[1] = (byte) 0xC3;
    b[2] = (byte) 0x28;
    MalformedException e = assertThrows(MalformedException.class, () -> SignedNote.parse(b));
    assertTrue(e.getMessage().contains("UTF-8"));
  }

  /** Verifies that more than 100 signatures are refused. */
  @Test
  void tooManySignaturesAreRefused() {
    String note = "text\n\n" + SIG.repeat(101);
    assertThrows(MalformedException.class, () -> SignedNote.parse(note.getBytes(StandardCharsets.UTF_8)));
    assertEquals(100, SignedNote.parse(("text\n\n" + SIG.repeat(100)).getBytes(StandardCharsets.UTF_8)).signatures().size());
  }

  /** Verifies checkpoint bodies: round trip with extensions, and each malformed line. */
  @Test
  void checkpointBodies() {
    byte[] root = HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    Checkpoint c = new Checkpoint("example.org/log", 8, root, List.of("ext one"));
    assertEquals("example.org/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\next one\n", c.body());
    assertEquals(c, Checkpoint.parse(c.body()));
    for (String bad : List.of(
        "example.org/log\n8\n", "example.org/log\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "example.org/log\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "example.org/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgAA==\n",
        "example.org/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
        "example.org/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n",
        "\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "example.org/log\n99999999999999999999\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")) {
      assertThrows(MalformedException.class, () -> Checkpoint.parse(bad), bad);
    }
  }
}
