package org.auditledger.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.Pkcs8;

/** Ed25519 private keys in PKCS#8 PEM files readable by their owner only (mode 0600). */
public final class KeyFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyFiles() {}

  /** A loaded or freshly generated key, and whether it was generated now. */
  public record Loaded(Ed25519KeyPair key, boolean created) {}

  /** Loads {@code file}, or generates a key and writes it there if the file does not exist. */
  public static Loaded loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return new Loaded(load(file), false);
    }
    Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".key", ".tmp",
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.writeString(tmp, Pkcs8.encode(key), StandardCharsets.US_ASCII);
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      // Never overwrite (rename would): linking fails if a key appeared meanwhile, and that key wins.
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(tmp);
      return new Loaded(load(file), false);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return new Loaded(key, true);
  }

  /**
   * Loads a key file, refusing one that others can read.
   *
   * @throws IOException naming the file and the fault
   */
  public static Ed25519KeyPair load(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
      throw new IOException("key file " + file + " is readable by others ("
          + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
    }
    try {
      return Pkcs8.decode(Files.readString(file, StandardCharsets.US_ASCII), "key file " + file);
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
