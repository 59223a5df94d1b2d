package org.auditledger.cli.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.Proven;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.claims.EntryFacts;
import org.auditledger.protocol.claims.KnownLog;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteVerifierKey;

/**
 * A log this CLI verified up to a signed checkpoint, as claims see it: each entry asked about is
 * fetched from a node and proven included in that checkpoint before anything is read from it, so
 * a node can make an answer unavailable, never false. Its registry at the verified size is the
 * one the replay reached; below it, it is replayed from the log's key entries, whose indexes the
 * verification kept (see {@code ClaimsState}).
 */
public final class RemoteLog implements KnownLog {
  private final LogClient client;
  private final NoteVerifierKey vkey;
  private final byte[] checkpointNote;
  private final Checkpoint checkpoint;
  private final KeyRegistry.Snapshot registry;
  private final List<Long> keyEntries;
  private final long limit;
  private final Map<Long, Proven> fetched;

  /**
   * @param checkpointNote the signed checkpoint the log was verified to
   * @param registry the registry after its {@code checkpoint.size()} entries
   * @param keyEntries the indexes of its key entries below that size, or null if not known
   */
  public RemoteLog(LogClient client, NoteVerifierKey vkey, byte[] checkpointNote, Checkpoint checkpoint,
      KeyRegistry.Snapshot registry, List<Long> keyEntries) {
    this(client, vkey, checkpointNote, checkpoint, registry, keyEntries, checkpoint.size(), new HashMap<>());
  }

  private RemoteLog(LogClient client, NoteVerifierKey vkey, byte[] checkpointNote, Checkpoint checkpoint,
      KeyRegistry.Snapshot registry, List<Long> keyEntries, long limit, Map<Long, Proven> fetched) {
    this.client = client;
    this.vkey = vkey;
    this.checkpointNote = checkpointNote.clone();
    this.checkpoint = checkpoint;
    this.registry = registry;
    this.keyEntries = keyEntries == null ? null : List.copyOf(keyEntries);
    this.limit = limit;
    this.fetched = fetched;
  }

  /** This log as known before entry {@code size}: what an entry's claims on its own log may see. */
  public RemoteLog before(long size) {
    return new RemoteLog(client, vkey, checkpointNote, checkpoint, registry, keyEntries, Math.min(size, limit), fetched);
  }

  @Override
  public String origin() {
    return checkpoint.origin();
  }

  @Override
  public long size() {
    return limit;
  }

  /** The signed checkpoint the proofs of {@link #proven(long)} lead to. */
  public byte[] checkpointNote() {
    return checkpointNote.clone();
  }

  @Override
  public EntryFacts entry(long index) {
    Proven p = proven(index);
    return EntryFacts.of(origin(), Rfc6962.leafHash(p.leaf()), p.entry().payload());
  }

  @Override
  public KeyRegistry registryAt(long size) {
    if (size == checkpoint.size()) {
      return KeyRegistry.restore(origin(), vkey.publicKey(), registry, size);
    }
    if (keyEntries == null) {
      return null;
    }
    List<Entry> keys = new ArrayList<>();
    for (long i : keyEntries) {
      if (i >= size) {
        break;
      }
      keys.add(proven(i).entry());
    }
    return KeyRegistry.ofKeyEntries(origin(), vkey.publicKey(), keys, size);
  }

  /**
   * Entry {@code index}, fetched and proven included in the verified checkpoint.
   *
   * @throws FetchFailure if no node answers, or the answer is not that entry (exit 3 or 12)
   */
  public Proven proven(long index) {
    Proven p = fetched.get(index);
    if (p == null) {
      try {
        p = Proven.fetch(client, checkpoint, index);
      } catch (AuditException a) {
        throw new FetchFailure(a);
      }
      fetched.put(index, p);
    }
    return p;
  }

}
