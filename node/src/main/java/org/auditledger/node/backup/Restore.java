package org.auditledger.node.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.auditledger.node.KeyFiles;
import org.auditledger.node.store.LogStore;
import org.auditledger.node.store.StorageException;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.note.NoteVerifierKey;

/**
 * {@code audit-node restore --from BACKUP --data DIR}: restores the latest backup into a new data
 * directory, then audits the restored store ({@link StoreAudit}) before anything may serve it.
 * Refuses a data directory that already holds a store.
 */
public final class Restore {
  private Restore() {}

  /** Restores and audits; returns what the audit found. */
  public static StoreAudit.Result run(Path backup, Path dataDir) throws IOException {
    Path db = dataDir.resolve("db");
    if (Files.exists(db)) {
      throw new IOException(db + " exists; restore into a new data directory");
    }
    if (!Files.isDirectory(backup.resolve("db")) || !Files.exists(backup.resolve("keys").resolve("log-key.pem"))) {
      throw new IOException(backup + " is not a backup made by a node (no db/ and keys/log-key.pem)");
    }
    Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    for (String k : Backup.KEYS) {
      Path src = backup.resolve("keys").resolve(k);
      if (Files.exists(src) && !Files.exists(dataDir.resolve(k))) {
        Files.createFile(dataDir.resolve(k), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(dataDir.resolve(k), Files.readAllBytes(src));
      }
    }
    // Restored beside its place and moved there only once audited: a failed audit leaves no store
    // a node could start on.
    Path staging = dataDir.resolve("db.restoring");
    if (Files.exists(staging)) {
      throw new IOException(staging + " exists from an interrupted restore; remove it first");
    }
    LogStore.restore(backup.resolve("db"), staging);
    Ed25519KeyPair logKey = KeyFiles.load(dataDir.resolve("log-key.pem"));
    StoreAudit.Result result;
    try (LogStore store = LogStore.open(staging)) {
      String origin = store.origin();
      if (origin == null) {
        throw new StorageException("the restored store has no origin");
      }
      result = StoreAudit.run(store, NoteVerifierKey.ed25519(origin, logKey.publicKey()));
    } catch (StorageException e) {
      Files.move(staging, dataDir.resolve("db.failed-audit"));
      throw new StorageException("the restored store fails its audit and was kept in "
          + dataDir.resolve("db.failed-audit") + " for inspection: " + e.getMessage(), e);
    }
    Files.move(staging, db, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return result;
  }
}
