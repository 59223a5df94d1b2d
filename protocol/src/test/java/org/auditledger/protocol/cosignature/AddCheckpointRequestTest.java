package org.auditledger.protocol.cosignature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.junit.jupiter.api.Test;

/** The C2SP tlog-witness add-checkpoint request body. */
class AddCheckpointRequestTest {
  private static final String NOTE = new String(SignedCheckpoint.sign(
      new Checkpoint("example.com/log", 5, new byte[32]),
      new NoteSignerKey("example.com/log", Fixtures.newKey())).encode(), StandardCharsets.UTF_8);
  private static final String HASH = Base64.getEncoder().encodeToString(new byte[32]);

  /** Verifies the spec's layout round-trips. */
  @Test
  void roundTrips() {
    String body = "old 3\n" + HASH + "\n" + HASH + "\n\n" + NOTE;
    AddCheckpointRequest r = AddCheckpointRequest.parse(body.getBytes(StandardCharsets.UTF_8));
    assertEquals(3, r.oldSize());
    assertEquals(2, r.proof().size());
    assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), r.encode());
    assertEquals(0, AddCheckpointRequest.parse(("old 0\n\n" + NOTE).getBytes(StandardCharsets.UTF_8)).proof().size());
  }

  /** Verifies that each malformed body is refused with its reason. */
  @Test
  void malformedBodiesAreRefused() {
    String[][] cases = {
        {"old 03\n\n" + NOTE, "old <size>"},
        {"new 3\n\n" + NOTE, "old <size>"},
        {"old 3\n" + HASH + "\n" + NOTE, "not base64"},
        {"old 3\nAAAA\n\n" + NOTE, "32-byte"},
        {"old 3\n" + (HASH + "\n").repeat(64) + "\n" + NOTE, "more than 63"},
        {"old 3\n" + HASH, "no empty line"},
    };
    for (String[] c : cases) {
      MalformedException e = assertThrows(MalformedException.class,
          () -> AddCheckpointRequest.parse(c[0].getBytes(StandardCharsets.UTF_8)));
      assertTrue(e.getMessage().contains(c[1]), e.getMessage() + " should contain " + c[1]);
    }
    assertEquals(63, AddCheckpointRequest.parse(("old 3\n" + (HASH + "\n").repeat(63) + "\n" + NOTE)
        .getBytes(StandardCharsets.UTF_8)).proof().size());
  }
}
