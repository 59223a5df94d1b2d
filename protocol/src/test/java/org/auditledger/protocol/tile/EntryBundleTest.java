package org.auditledger.protocol.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.auditledger.protocol.MalformedException;
import org.junit.jupiter.api.Test;

/** Entry bundles: uint16 big-endian length-prefixed entries. */
class EntryBundleTest {
  /** Verifies the exact bytes of a two-entry bundle. */
  @Test
  void encodesLengthPrefixedEntries() {
    byte[] b = EntryBundle.encode(List.of("ab".getBytes(StandardCharsets.US_ASCII), new byte[0]));
    assertArrayEquals(new byte[] {0, 2, 'a', 'b', 0, 0}, b);
    List<byte[]> back = EntryBundle.decode(b, 2);
    assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), back.get(0));
    assertEquals(0, back.get(1).length);
  }

  /** Verifies that the largest entry round-trips and a larger one is refused. */
  @Test
  void entriesAreBoundedBy65535Bytes() {
    byte[] max = new byte[65535];
    assertArrayEquals(max, EntryBundle.decode(EntryBundle.encode(List.of(max)), 1).get(0));
    assertThrows(IllegalArgumentException.class, () -> EntryBundle.encode(List.of(new byte[65536])));
  }

  /** Verifies that truncated, padded and miscounted bundles are refused. */
  @Test
  void malformedBundlesAreRefused() {
    byte[] good = EntryBundle.encode(List.of(new byte[] {1, 2, 3}, new byte[] {4}));
    assertThrows(MalformedException.class, () -> EntryBundle.decode(java.util.Arrays.copyOf(good, good.length - 1), 2));
    assertThrows(MalformedException.class, () -> EntryBundle.decode(java.util.Arrays.copyOf(good, good.length + 1), 2));
    assertThrows(MalformedException.class, () -> EntryBundle.decode(good, 1));
    assertThrows(MalformedException.class, () -> EntryBundle.decode(good, 3));
    assertThrows(MalformedException.class, () -> EntryBundle.decode(new byte[] {0}, 1));
  }
}
