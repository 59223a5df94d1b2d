package org.auditledger.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.EncryptedKey;
import org.auditledger.protocol.key.Pkcs8;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit keygen}: a new Ed25519 key pair. */
@Command(name = "keygen", description = "Create an Ed25519 key pair; the private key goes to a file only you can read.")
final class Keygen extends Base {
  @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE",
      description = "Where to write the private key (PKCS#8 PEM, mode 0600). Never overwritten.")
  Path out;

  @Option(names = "--encrypt", description = "Encrypt the private key with a passphrase (PBES2, AES-256).")
  boolean encrypt;

  @picocli.CommandLine.Mixin
  Passphrase passphrase = new Passphrase();

  @Override
  void run() throws AuditException {
    Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
    String pem = encrypt ? EncryptedKey.encrypt(key, passphrase.get("the new key " + out, true)) : Pkcs8.encode(key);
    try {
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(out, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, out + " exists; keygen never overwrites a key");
    } catch (IOException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot write " + out + ": " + e.getMessage(), e);
    }
    if (json) {
      out().println(object().put("privateKeyFile", out.toString())
          .put("publicKey", key.publicKey().base64()).put("keyId", key.publicKey().keyId()).toPrettyString());
    } else {
      out().println("private key: " + out + (encrypt ? " (encrypted; mode 0600)" : " (keep it secret; mode 0600)"));
      out().println("public key:  " + key.publicKey().base64());
      out().println("key id:      " + key.publicKey().keyId());
    }
  }
}
