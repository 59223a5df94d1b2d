package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.key.EncryptedKey;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The generated registrar key: encrypted when a passphrase is given, a warning when it is not. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class RegistrarKeyTest {
  @TempDir
  Path dir;

  /** Verifies the key is written encrypted, opens with the passphrase only, and is the registrar. */
  @Test
  void registrarKeyIsEncryptedWithAPassphrase(Vertx vertx) throws Exception {
    Path pass = dir.resolve("pass");
    Files.writeString(pass, "correct horse battery staple\n");
    LedgerNode n = TestNode.await(LedgerNode.start(vertx, NodeConfig.defaults().withDataDir(dir.resolve("d"))
        .withPort(0).withRegistrarPassphraseFile(pass)));
    try {
      assertTrue(n.registrarKeyEncrypted());
      String pem = Files.readString(dir.resolve("d").resolve("registrar-key.pem"), StandardCharsets.US_ASCII);
      assertTrue(EncryptedKey.isEncrypted(pem));
      assertThrows(MalformedException.class, () -> EncryptedKey.decrypt(pem, "wrong".toCharArray(), "key"));
      Ed25519KeyPair key = EncryptedKey.decrypt(pem, "correct horse battery staple".toCharArray(), "key");
      assertEquals(key.publicKey(), n.sequencer().head().registry().held().get(0).key());
    } finally {
      TestNode.await(n.stop());
    }
  }

  /** Verifies that a node whose generated registrar key is in clear says so when it starts. */
  @Test
  void clearRegistrarKeyIsWarnedAbout() throws Exception {
    try (NodeProcess p = NodeProcess.start(dir.resolve("clear"))) {
      String out = String.join("\n", p.output());
      assertTrue(out.contains("WARNING: the registrar key is not encrypted"), out);
      assertFalse(EncryptedKey.isEncrypted(Files.readString(dir.resolve("clear").resolve("registrar-key.pem"))));
      p.terminate();
    }
  }
}
