package org.auditledger.node.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.auditledger.node.store.LogStore;

/**
 * An online backup: the store through RocksDB's BackupEngine (incremental, consistent while the
 * node writes) under {@code DIR/db}, and the node's keys under {@code DIR/keys}. The directory is
 * created readable by its owner only: it holds the log key.
 *
 * <pre>
 * DIR/db/            RocksDB BackupEngine directory (every backup; restore takes the latest)
 * DIR/keys/log-key.pem, witness-key.pem   copies of the node's keys (0600)
 * </pre>
 */
public final class Backup {
  /** Key files a restored node needs to go on signing as the same log and witness. */
  static final List<String> KEYS = List.of("log-key.pem", "witness-key.pem");

  /** What a backup wrote. */
  public record Made(int backupId, Path dir, long size) {}

  private Backup() {}

  /** Backs up {@code store} (of the node with data directory {@code dataDir}) into {@code dir}. */
  public static Made make(LogStore store, Path dataDir, Path dir) throws IOException {
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path keys = dir.resolve("keys");
    Files.createDirectories(keys, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    for (String k : KEYS) {
      Path src = dataDir.resolve(k);
      if (Files.exists(src)) {
        Path tmp = Files.createTempFile(keys, ".key", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, keys.resolve(k), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    long size = store.size();
    int id = store.backup(dir.resolve("db"));
    return new Made(id, dir, size);
  }
}
