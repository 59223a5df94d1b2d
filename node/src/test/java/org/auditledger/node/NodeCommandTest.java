package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The node's command line (issue 9): kebab-case options, values from flags, environment and
 * config file through one provider, each checked before any file is written, and {@code init}.
 */
class NodeCommandTest {
  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private static Run node(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try {
      CommandLine cl = NodeCommand.commandLine(args, env);
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      code = cl.execute(args);
    } catch (IllegalArgumentException e) {
      err.write("audit-node: " + e.getMessage());
      code = 2;
    }
    return new Run(code, out.toString(), err.toString());
  }

  private static Run node(String... args) {
    return node(Map.of(), args);
  }

  /** Verifies that help is help whatever comes before it. */
  @Test
  void helpIsShownAfterOtherOptions() {
    Run r = node("--port", "0", "--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("--mirror-poll") && r.out().contains("init"), r.out());
  }

  /** Verifies that bad values are refused naming the option and what it wants, writing nothing. */
  @Test
  void badValuesAreRefusedBeforeAnyFileIsWritten() {
    Path data = dir.resolve("d");
    String[][] bad = {
        {"--mirror-poll", "abc"},
        {"--port", "70000"},
        {"--peer", "http://127.0.0.1:9,not-a-key"},
        {"--witness", "town.example+00000000+AQ=="},
        {"--origin", "town.example/log\"1"},
        {"--rate-submissions", "fast"},
        {"--registrar", "AAAA"},
        {"--host", "999.1.1.1"},
        {"--peer-timeout", "0s"},
        {"--registrar-passphrase-file", "/nonexistent/passphrase"},
    };
    for (String[] b : bad) {
      String[] args = {"--data", data.toString(), "--port", "0", b[0], b[1]};
      Run r = node(args);
      assertEquals(2, r.code(), String.join(" ", b) + ": " + r.err());
      assertTrue(r.err().contains(b[0]) || r.err().contains("origin") || r.err().contains("witness"), r.err());
      assertFalse(r.err().contains("Exception"), r.err());
      assertFalse(Files.exists(data), "nothing written for " + String.join(" ", b));
    }
    assertTrue(node("--mirror-poll", "abc").err().contains("not a duration"));
    Run missing = node("--data", data.toString(), "--port", "0", "--registrar-passphrase-file", "/nonexistent/passphrase");
    assertTrue(missing.err().contains("'/nonexistent/passphrase' cannot be read (no such file)"), missing.err());
  }

  /** Verifies that environment variables and the config file go through the same checks. */
  @Test
  void environmentAndConfigFileAreCheckedToo() throws Exception {
    Path data = dir.resolve("d");
    Run env = node(Map.of("AUDIT_NODE_MIRROR_POLL", "soon"), "--data", data.toString());
    assertEquals(2, env.code(), env.err());
    assertTrue(env.err().contains("--mirror-poll"), env.err());
    Path config = dir.resolve("node.json");
    Files.writeString(config, "{\"mirrorPoll\":\"2s\",\"rateSearches\":\"0\",\"unknownKey\":1}");
    Run unknown = node("--config", config.toString(), "--data", data.toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknownKey"), unknown.err());
    Files.writeString(config, "{\"peers\":[\"not a peer\"]}");
    Run peers = node("--config", config.toString(), "--data", data.toString());
    assertEquals(2, peers.code(), peers.err());
    assertFalse(Files.exists(data));
  }

  /**
   * Verifies that {@code init} creates the log and prints its verifier key and witness key without
   * serving, and that a second init reads the same log.
   */
  @Test
  void initPrintsTheKeysWithoutServing() {
    Path data = dir.resolve("d");
    String registrar = Fixtures.newKey().publicKey().base64();
    Run r = node("init", "--data", data.toString(), "--origin", "town.example/ledger", "--registrar", registrar);
    assertEquals(0, r.code(), r.err());
    String vkey = r.out().lines().filter(l -> l.trim().startsWith("vkey:")).findFirst().orElseThrow()
        .replaceFirst(".*vkey:\\s*", "");
    assertEquals("town.example/ledger", NoteVerifierKey.parse(vkey).name());
    assertTrue(r.out().contains("witness:  town.example/ledger/witness+"), r.out());
    assertTrue(r.out().contains("entries:  1"), r.out());
    assertTrue(Files.exists(data.resolve("log-key.pem")) && Files.exists(data.resolve("witness-key.pem")));
    Run again = node("init", "--data", data.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains(vkey), again.out());
  }
}
