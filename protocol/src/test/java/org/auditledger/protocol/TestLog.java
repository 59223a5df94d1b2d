package org.auditledger.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.claims.EntryFacts;
import org.auditledger.protocol.claims.KnownLog;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.MemoryHashStore;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.replay.LogReplay;
import org.auditledger.protocol.tile.EntryBundle;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.tile.Tiles;

/**
 * A log built in memory and served as a {@link LogReplay.Source}: honest, or with chosen lies (a
 * tree leaf other than the served leaf, any envelopes at all), signed with a real log key. For
 * tests of every module that needs a log a node would never produce.
 */
public final class TestLog implements LogReplay.Source {
  public final NoteSignerKey logKey;
  public final List<byte[]> leaves = new ArrayList<>();
  private final Map<Long, byte[]> treeOverrides = new HashMap<>();
  private MemoryHashStore nodes;
  private SignedCheckpoint checkpoint;

  public TestLog(String origin) {
    this(new NoteSignerKey(origin, Fixtures.newKey()));
  }

  /** A log signed by {@code logKey}: give another log's key to make a fork of it. */
  public TestLog(NoteSignerKey logKey) {
    this.logKey = logKey;
  }

  /** A log with genesis, a clerk granted decision for "town", and {@code n} decisions by the clerk. */
  public static TestLog honest(String origin, int n) {
    return honest(new NoteSignerKey(origin, Fixtures.newKey()), n);
  }

  /** As {@link #honest(String, int)}, signed by {@code logKey}. */
  public static TestLog honest(NoteSignerKey logKey, int n) {
    TestLog t = new TestLog(logKey);
    String origin = logKey.name();
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair clerk = Fixtures.newKey();
    List<Envelope> envs = new ArrayList<>();
    envs.add(Fixtures.sign(Fixtures.keyPayload("grant", registrar.publicKey(), origin, origin, "registrar"), t.logKey.keyPair()));
    envs.add(Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", origin, "decision"), registrar));
    for (int i = 0; i < n; i++) {
      envs.add(Fixtures.sign(Fixtures.decisionPayload("town", "Decision " + i), clerk));
    }
    t.append(envs);
    return t;
  }

  /** Appends envelopes as leaves, chained; call {@link #sign()} after. */
  public TestLog append(List<Envelope> envelopes) {
    Instant t = Instant.parse("2026-06-01T00:00:00Z");
    for (Envelope e : envelopes) {
      int i = leaves.size();
      byte[] prev = i == 0 ? new byte[0] : Rfc6962.leafHash(leaves.get(i - 1));
      leaves.add(new Leaf(e, i, t.plusSeconds(i), prev).encode());
    }
    return sign();
  }

  /** Makes the signed tree hold {@code hash} at {@code index} instead of the served leaf's hash. */
  public TestLog treeLeaf(long index, byte[] hash) {
    treeOverrides.put(index, hash);
    return sign();
  }

  /** Rebuilds the tree and signs a checkpoint of all leaves. */
  public TestLog sign() {
    return signPrefix(leaves.size());
  }

  /** Signs the tree of the first {@code size} leaves (an older checkpoint). */
  public TestLog signPrefix(long size) {
    nodes = new MemoryHashStore();
    CompactRange range = CompactRange.empty();
    for (int i = 0; i < size; i++) {
      byte[] h = treeOverrides.getOrDefault((long) i, Rfc6962.leafHash(leaves.get(i)));
      range.append(h, nodes);
    }
    checkpoint = SignedCheckpoint.sign(new Checkpoint(logKey.name(), size, range.root()), logKey);
    return this;
  }

  public long size() {
    return checkpoint.checkpoint().size();
  }

  public String origin() {
    return logKey.name();
  }

  public byte[] leafHash(long index) {
    return Rfc6962.leafHash(leaves.get((int) index));
  }

  /** Appends one envelope; returns its index. */
  public long add(Envelope e) {
    append(List.of(e));
    return leaves.size() - 1;
  }

  /** This log as claims see it: every leaf, its registry at any size from its key entries. */
  public KnownLog known() {
    return new KnownLog() {
      @Override
      public String origin() {
        return logKey.name();
      }

      @Override
      public long size() {
        return leaves.size();
      }

      @Override
      public EntryFacts entry(long index) {
        Entry e = Entry.open(leaves.get((int) index));
        return EntryFacts.of(logKey.name(), leafHash(index), e.payload());
      }

      @Override
      public KeyRegistry registryAt(long size) {
        List<Entry> keys = new ArrayList<>();
        for (byte[] l : leaves) {
          Entry e = Entry.open(l);
          if (e.payload().kind() == org.auditledger.protocol.entry.EntryKind.KEY) {
            keys.add(e);
          }
        }
        return KeyRegistry.ofKeyEntries(logKey.name(), logKey.keyPair().publicKey(), keys, size);
      }
    };
  }

  @Override
  public byte[] checkpoint() {
    return checkpoint.encode();
  }

  @Override
  public byte[] tile(TileId id) {
    if (id.isEntryBundle()) {
      int from = (int) (id.index() * Tiles.WIDTH);
      return EntryBundle.encode(leaves.subList(from, from + id.width()));
    }
    return Tiles.hashTile(id, nodes);
  }
}
