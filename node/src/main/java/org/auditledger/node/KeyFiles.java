package org.auditledger.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.key.EncryptedKey;
import org.auditledger.protocol.key.Pkcs8;

/** Ed25519 private keys in PKCS#8 PEM files readable by their owner only (mode 0600). */
public final class KeyFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyFiles() {}

  /** A loaded or freshly generated key, and whether it was generated now. */
  public record Loaded(Ed25519KeyPair key, boolean created) {}

  /** Loads {@code file}, or generates a key and writes it there if the file does not exist. */
  public static Loaded loadOrCreate(Path file) throws IOException {
    return loadOrCreate(file, null);
  }

  /**
   * As {@link #loadOrCreate(Path)}, writing a new key encrypted with {@code passphrase} (PKCS#8
   * PBES2, as {@code audit keygen --encrypt}) when one is given, and reading an encrypted file
   * with it.
   */
  public static Loaded loadOrCreate(Path file, char[] passphrase) throws IOException {
    if (Files.exists(file)) {
      return new Loaded(load(file, passphrase), false);
    }
    Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
    String pem = passphrase == null ? Pkcs8.encode(key) : EncryptedKey.encrypt(key, passphrase);
    try {
      writeNew(file, pem);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Another start wrote one meanwhile: that key wins, never overwritten.
      return new Loaded(load(file, passphrase), false);
    }
    return new Loaded(key, true);
  }

  /** A random secret written once, 0600: the admin token. Returns the one in the file. */
  public static String tokenOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] raw = new byte[32];
      new SecureRandom().nextBytes(raw);
      try {
        writeNew(file, java.util.HexFormat.of().formatHex(raw) + "\n");
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // written meanwhile: read that one
      }
    }
    checkPrivate(file);
    return Files.readString(file, StandardCharsets.US_ASCII).trim();
  }

  /** Whether the key file holds an encrypted key. */
  public static boolean isEncrypted(Path file) throws IOException {
    return EncryptedKey.isEncrypted(Files.readString(file, StandardCharsets.US_ASCII));
  }

  private static void writeNew(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".key", ".tmp",
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      // Never overwrite (rename would): linking fails if a key appeared meanwhile, and that key wins.
      Files.createLink(file, tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Loads a key file, refusing one that others can read.
   *
   * @throws IOException naming the file and the fault
   */
  public static Ed25519KeyPair load(Path file) throws IOException {
    return load(file, null);
  }

  /** Loads a key file, decrypting it with {@code passphrase} if it is encrypted. */
  public static Ed25519KeyPair load(Path file, char[] passphrase) throws IOException {
    checkPrivate(file);
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    try {
      if (EncryptedKey.isEncrypted(pem)) {
        if (passphrase == null) {
          throw new IOException("key file " + file + " is encrypted; give its passphrase");
        }
        return EncryptedKey.decrypt(pem, passphrase, "key file " + file);
      }
      return Pkcs8.decode(pem, "key file " + file);
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void checkPrivate(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
      throw new IOException("file " + file + " is readable by others ("
          + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
    }
  }
}
