package org.auditledger.cli.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default state directory follows the environment, as any Unix tool's does. */
class StateDirTest {
  @Test
  void theEnvironmentDecidesWhereStateLives() {
    assertEquals(Path.of("/s"), StateDir.defaultRoot(Map.of("AUDIT_STATE", "/s", "XDG_STATE_HOME", "/x", "HOME", "/h")));
    assertEquals(Path.of("/x/audit"), StateDir.defaultRoot(Map.of("XDG_STATE_HOME", "/x", "HOME", "/h")));
    // A relative XDG_STATE_HOME is invalid by the XDG spec and ignored.
    assertEquals(Path.of("/h/.audit"), StateDir.defaultRoot(Map.of("XDG_STATE_HOME", "x", "HOME", "/h")));
    assertEquals(Path.of("/tmp/x/.audit"), StateDir.defaultRoot(Map.of("HOME", "/tmp/x")));
  }
}
