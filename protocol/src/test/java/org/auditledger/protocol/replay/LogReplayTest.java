package org.auditledger.protocol.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.TestLog;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.claims.Claims;
import org.auditledger.protocol.claims.KnownLogs;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.EntryId;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.evidence.Equivocation;
import org.auditledger.protocol.evidence.Evidence;
import org.auditledger.protocol.evidence.InvalidEntry;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.auditledger.protocol.merkle.Rfc6962;
import org.junit.jupiter.api.Test;

/**
 * The one replay: chunks reach the sink only once proven against the signed tree; consistency
 * with the previous state comes first; what the data proves against the log comes back as
 * evidence that checks itself.
 */
class LogReplayTest {
  private static final String ORIGIN = "town.example/log";

  /** A sink that keeps what it was given, and an index of ids like a verifier's. */
  private static final class Kept implements LogReplay.Sink, LogReplay.Earlier {
    final List<LogReplay.Chunk> chunks = new ArrayList<>();
    final java.util.Map<EntryId, Long> ids = new java.util.HashMap<>();
    final List<byte[]> leaves = new ArrayList<>();

    @Override
    public void commit(LogReplay.Chunk c) {
      chunks.add(c);
      c.entries().forEach(e -> {
        ids.put(e.id(), e.index());
        leaves.add(e.leaf());
      });
    }

    @Override
    public long candidate(EntryId id) {
      return ids.getOrDefault(id, -1L);
    }

    @Override
    public byte[] leaf(long index) {
      return index < leaves.size() ? leaves.get((int) index) : null;
    }

    long size() {
      return chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).state().size();
    }
  }

  private static LogReplay replay(TestLog log) {
    return new LogReplay(log.logKey.verifierKey(), WitnessPolicy.none(), LogReplay.Parallel.SERIAL, 1);
  }

  /** Verifies an honest log in chunks of one bundle, then resumes after it grew. */
  @Test
  void honestLogReplaysChunkByChunkAndResumes() {
    TestLog log = TestLog.honest(ORIGIN, 700);
    Kept kept = new Kept();
    LogReplay.Outcome o = replay(log).run(null, log, kept, kept, Long.MAX_VALUE);
    assertTrue(o.complete());
    assertEquals(3, kept.chunks.size());
    assertEquals(702, kept.size());
    assertTrue(kept.chunks.get(2).complete() && !kept.chunks.get(1).complete());
    LogReplay.Resume resume = new LogReplay.Resume(kept.chunks.get(2).state(), log.checkpoint());

    Ed25519KeyPair clerk = Fixtures.newKey();
    log.append(List.of(Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "x", ORIGIN, "decision"),
        log.logKey.keyPair())));
    ReplayException e = assertThrows(ReplayException.class, () -> replay(log).run(resume, log, kept, kept, Long.MAX_VALUE));
    assertEquals(ReplayException.Kind.AUTHORIZATION, e.kind());
    assertEquals(702, e.index());
    assertEquals(702, kept.size(), "the refused entry's chunk was not committed");
  }

  /**
   * A claim that fails is reported with its entry and rule, and the replay goes on: the log is
   * intact. Claims on a log not known stay unchecked; given that log, they are judged.
   */
  @Test
  void aFailingClaimIsReportedAndTheReplayGoesOn() {
    TestLog other = TestLog.honest("other.example/log", 3);
    TestLog log = new TestLog(ORIGIN);
    Ed25519KeyPair registrar = Fixtures.newKey();
    Ed25519KeyPair clerk = Fixtures.newKey();
    log.append(List.of(
        Fixtures.sign(Fixtures.keyPayload("grant", registrar.publicKey(), ORIGIN, ORIGIN, "registrar"), log.logKey.keyPair()),
        Fixtures.sign(Fixtures.keyPayload("grant", clerk.publicKey(), "town", ORIGIN, "decision"), registrar)));
    // The town supersedes the registrar's key entry (not its own), and cites entry 2 of the other
    // log by entry 3's hash.
    log.add(Fixtures.sign(Fixtures.withRefs(Fixtures.decisionPayload("town", "Supersedes"),
        Fixtures.ref(null, 0, log.leafHash(0), "supersedes")), clerk));
    log.add(Fixtures.sign(Fixtures.withRefs(Fixtures.decisionPayload("town", "Cites"),
        Fixtures.ref(other.origin(), 2, other.leafHash(3), "cites")), clerk));
    log.add(Fixtures.sign(Fixtures.decisionPayload("town", "After"), clerk));

    Kept alone = new Kept();
    assertTrue(replay(log).run(null, log, alone, alone, Long.MAX_VALUE).complete());
    assertEquals(5, alone.size(), "the replay went past the failing claim");
    List<LogReplay.Appended> e = alone.chunks.stream().flatMap(c -> c.entries().stream()).toList();
    Claim superseding = e.get(2).claims().get(0);
    assertEquals(1, e.get(2).claims().size());
    assertEquals(List.of(2L, Claims.SAME_ISSUER, ORIGIN + "#0", Claim.Status.FAILS), List.of(superseding.entry(),
        superseding.rule(), superseding.target(), superseding.status()));
    assertEquals(Claim.Status.UNCHECKED, e.get(3).claims().get(0).status());
    assertEquals(List.of(), e.get(4).claims());

    Kept withOther = new Kept();
    replay(log).run(null, log, withOther, KnownLogs.of(List.of(other.known())), withOther, Long.MAX_VALUE);
    Claim judged = withOther.chunks.stream().flatMap(c -> c.entries().stream()).toList().get(3).claims().get(0);
    assertEquals(Claim.Status.FAILS, judged.status());
    assertEquals(Claims.REF, judged.rule());
    assertEquals(other.origin() + "#2", judged.target());
  }

  /** Verifies a round bound: at most N entries a run, the rest next run. */
  @Test
  void roundsAreBounded() {
    TestLog log = TestLog.honest(ORIGIN, 600);
    Kept kept = new Kept();
    LogReplay.Outcome first = replay(log).run(null, log, kept, kept, 300);
    assertEquals(300, first.to());
    assertTrue(!first.complete());
    LogReplay.Outcome second = replay(log).run(new LogReplay.Resume(kept.chunks.get(kept.chunks.size() - 1).state(),
        log.checkpoint()), log, kept, kept, Long.MAX_VALUE);
    assertTrue(second.complete());
    assertEquals(602, kept.size());
  }

  /**
   * Verifies that a signed tree whose leaves are not the served entries is refused before the
   * chunk is committed, with evidence: the tree's leaf after the lie names a prev the tree lacks.
   */
  @Test
  void aSignedTreeThatIsNotItsEntriesIsEvidence() {
    TestLog log = TestLog.honest(ORIGIN, 600);
    log.treeLeaf(300, Rfc6962.leafHash("not the entry".getBytes()));
    Kept kept = new Kept();
    ReplayException e = assertThrows(ReplayException.class, () -> replay(log).run(null, log, kept, kept, Long.MAX_VALUE));
    assertEquals(ReplayException.Kind.TREE, e.kind());
    assertEquals(256, kept.size(), "only the chunk before the lie was committed");
    Evidence ev = e.evidence().orElseThrow();
    InvalidEntry ie = assertInstanceOf(InvalidEntry.class, ev);
    assertEquals(InvalidEntry.CHAIN, ie.rule());
    assertEquals(301, ie.entry().index());
    // It proves itself to anyone with the log's key.
    assertEquals(ev.id(), Evidence.fromJson(ev.toJson(), log.logKey.verifierKey()).id());
  }

  /** Verifies a fork of a verified checkpoint: refused first, with the fork as evidence. */
  @Test
  void aForkIsFoundBeforeAnyEntryIsRead() {
    TestLog log = TestLog.honest(ORIGIN, 40);
    Kept kept = new Kept();
    replay(log).run(null, log, kept, kept, Long.MAX_VALUE);
    LogReplay.Resume resume = new LogReplay.Resume(kept.chunks.get(0).state(), log.checkpoint());
    // The same key, another history, longer.
    TestLog fork = TestLog.honest(log.logKey, 60);
    ReplayException e = assertThrows(ReplayException.class, () -> replay(log).run(resume, fork, kept, kept, Long.MAX_VALUE));
    assertEquals(ReplayException.Kind.INCONSISTENT, e.kind());
    Equivocation eq = assertInstanceOf(Equivocation.class, e.evidence().orElseThrow());
    assertEquals(42, eq.first().checkpoint().size());
    assertEquals(1, kept.chunks.size(), "nothing of the fork was committed");
    // An older checkpoint after a newer one is a rollback.
    log.signPrefix(20);
    assertEquals("rollback", assertThrows(ReplayException.class,
        () -> replay(log).run(resume, log, kept, kept, Long.MAX_VALUE)).rule());
  }

  /** Verifies that an entry twice (co-signed the second time) is refused with both leaves as evidence. */
  @Test
  void aCopyIsRefusedWithEvidence() {
    TestLog log = TestLog.honest(ORIGIN, 10);
    Envelope e5 = Leaf.parse(log.leaves.get(5)).envelope();
    log.append(List.of(e5.cosign(Fixtures.newKey())));
    Kept kept = new Kept();
    ReplayException e = assertThrows(ReplayException.class, () -> replay(log).run(null, log, kept, kept, Long.MAX_VALUE));
    assertEquals("unique-payload", e.rule());
    InvalidEntry ie = assertInstanceOf(InvalidEntry.class, e.evidence().orElseThrow());
    assertEquals(12, ie.entry().index());
    assertEquals(5, ie.other().index());
  }

  /** Verifies that a leaf with a bad signature inside the signed tree is evidence by itself. */
  @Test
  void anInvalidEntryInTheTreeIsEvidence() {
    TestLog log = TestLog.honest(ORIGIN, 10);
    Envelope good = Leaf.parse(log.leaves.get(4)).envelope();
    byte[] sig = good.signatures().get(0).sig();
    sig[0] ^= 1;
    Envelope bad = new Envelope(good.payloadType(), good.payload(),
        List.of(new Envelope.Signature(good.signatures().get(0).key(), sig)));
    log.append(List.of(bad));
    Kept kept = new Kept();
    ReplayException e = assertThrows(ReplayException.class, () -> replay(log).run(null, log, kept, kept, Long.MAX_VALUE));
    assertEquals(ReplayException.Kind.ENTRY, e.kind());
    assertEquals("signature", e.rule());
    InvalidEntry ie = assertInstanceOf(InvalidEntry.class, e.evidence().orElseThrow());
    assertArrayEquals(log.leaves.get(12), ie.entry().leaf());
  }
}
