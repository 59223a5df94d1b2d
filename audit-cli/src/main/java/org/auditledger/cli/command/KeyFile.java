package org.auditledger.cli.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.EncryptedKey;
import org.auditledger.protocol.key.Pkcs8;

/** Reads private key files, refusing ones others can read. */
final class KeyFile {
  private KeyFile() {}

  /** Reads a key file; an encrypted one is decrypted with a passphrase from {@code passphrase}. */
  static Ed25519KeyPair read(Path file, Passphrase passphrase) throws AuditException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
        throw new AuditException(ExitCode.LOCAL_INPUT, "key file " + file
            + " is readable by others; run: chmod 600 " + file);
      }
      String pem = Files.readString(file, StandardCharsets.US_ASCII);
      if (EncryptedKey.isEncrypted(pem)) {
        return EncryptedKey.decrypt(pem, passphrase.get("key file " + file, false), "key file " + file);
      }
      return Pkcs8.decode(pem, "key file " + file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot read key file " + file + ": " + e.getMessage(), e);
    } catch (MalformedException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, e.getMessage(), e);
    }
  }
}
