package org.auditledger.node.backup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.auditledger.node.store.LogStore;
import org.auditledger.node.store.StorageException;
import org.auditledger.protocol.authz.LogView;
import org.auditledger.protocol.authz.RegistryCodec;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.merkle.NodeId;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.replay.Replay;

/**
 * Replays a whole store through every rule ({@link Replay}) and checks that its indexes agree
 * with its leaves and that the result is the signed checkpoint it holds: what a node does before
 * serving a store it did not write itself (a restored backup). Blocks; reads every leaf once.
 */
public final class StoreAudit {
  /** What the audit found: entries checked and the checkpoint they hash to. */
  public record Result(long entries, SignedCheckpoint checkpoint) {}

  private StoreAudit() {}

  /**
   * @throws StorageException naming the first entry or index at fault
   */
  public static Result run(LogStore store, NoteVerifierKey vkey) {
    long size = store.size();
    byte[] cpBytes = store.checkpoint();
    if (size == 0 || cpBytes == null) {
      throw new StorageException("the store holds no signed checkpoint: nothing to serve");
    }
    SignedCheckpoint cp;
    try {
      cp = SignedCheckpoint.open(cpBytes, vkey);
    } catch (RuntimeException e) {
      throw new StorageException("the stored checkpoint is not signed by the log key " + vkey.encode()
          + ": " + e.getMessage(), e);
    }
    if (cp.checkpoint().size() != size) {
      throw new StorageException("the stored checkpoint is of size " + cp.checkpoint().size()
          + " but the store has " + size + " entries");
    }
    Replay replay = Replay.fromStart(vkey.name(), vkey.publicKey());
    LogView earlier = new LogView() {
      @Override
      public EntryKind kind(long index) {
        return Entry.open(store.leaf(index)).payload().kind();
      }

      @Override
      public byte[] leafHash(long index) {
        return store.read(List.of(new NodeId(0, index))).get(0);
      }

      @Override
      public long indexOfEntry(EntryId id) {
        return store.indexOfEntry(id);
      }
    };
    for (long from = 0; from < size; from += 4096) {
      List<byte[]> leaves = store.leaves(from, (int) Math.min(4096, size - from));
      // Signatures and schemas in parallel; a failure is reported at its own index below.
      List<Entry> entries = java.util.stream.IntStream.range(0, leaves.size()).parallel()
          .mapToObj(k -> {
            try {
              return Entry.open(leaves.get(k));
            } catch (RuntimeException e) {
              return null;
            }
          }).toList();
      List<byte[]> leafHashes = new ArrayList<>(leaves.size());
      for (int k = 0; k < leaves.size(); k++) {
        long i = from + k;
        try {
          Entry entry = entries.get(k) != null ? entries.get(k) : Entry.open(leaves.get(k));
          leafHashes.add(replay.append(leaves.get(k), entry, earlier, null));
          // Each index must point back at its entry, or duplicates and lookups would lie.
          long indexed = store.indexOfEntry(EntryId.of(entry.leaf().envelope()));
          if (indexed != i) {
            throw new StorageException("entry " + i + "'s id is indexed at " + indexed);
          }
        } catch (StorageException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new StorageException("entry " + i + " fails the audit: " + e.getMessage(), e);
        }
      }
      List<NodeId> ids = new ArrayList<>();
      for (int k = 0; k < leaves.size(); k++) {
        ids.add(new NodeId(0, from + k));
      }
      List<byte[]> stored = store.read(ids);
      for (int k = 0; k < stored.size(); k++) {
        if (!Arrays.equals(stored.get(k), leafHashes.get(k))) {
          throw new StorageException("entry " + (from + k) + " does not hash to its stored tree node");
        }
        if (store.indexOfLeafHash(leafHashes.get(k)) != from + k) {
          throw new StorageException("entry " + (from + k) + "'s leaf hash is not indexed to it");
        }
      }
    }
    try {
      replay.checkRoot(cp.checkpoint());
    } catch (RuntimeException e) {
      throw new StorageException(e.getMessage(), e);
    }
    byte[] reg = store.registry();
    if (reg == null || !new java.util.HashSet<>(RegistryCodec.decode(reg).held())
        .equals(new java.util.HashSet<>(replay.registry().snapshot().held()))) {
      throw new StorageException("the stored key registry differs from the one the entries replay to");
    }
    return new Result(size, cp);
  }
}
