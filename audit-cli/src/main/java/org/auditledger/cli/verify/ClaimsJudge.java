package org.auditledger.cli.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.auditledger.cli.state.ClaimsState;
import org.auditledger.protocol.claims.Claim;
import org.auditledger.protocol.claims.Claims;
import org.auditledger.protocol.claims.KnownLog;
import org.auditledger.protocol.claims.KnownLogs;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.json.StrictJson;

/**
 * Settles the claims of a verified log after a run (docs/protocol.md §6.2): the claims the replay
 * judged on the new entries, and those of earlier entries left unchecked, judged again now if the
 * run knows other logs. What fails is kept with its evidence; what is still unchecked is kept for
 * a later run. The rules are {@link Claims}'s; this class only decides what is remembered.
 */
final class ClaimsJudge {
  /** An entry verified in this run with a claim that did not hold. */
  record Judged(long index, List<Claim> claims) {}

  /** The claims state after the run, how many claims held in it, and the failures new in it. */
  record Outcome(ClaimsState state, long held, List<ClaimsState.Failed> newlyFailed) {}

  private final RemoteLog self;
  private final KnownLogs others;
  private final boolean othersGiven;
  private final org.auditledger.protocol.derived.Accountability derived;

  ClaimsJudge(RemoteLog self, KnownLogs others, boolean othersGiven, org.auditledger.protocol.derived.Accountability derived) {
    this.self = self;
    this.others = others;
    this.othersGiven = othersGiven;
    this.derived = derived;
  }

  Outcome settle(ClaimsState before, List<Judged> fresh, long freshHeld, List<Long> keyEntries) {
    SortedSet<Long> unchecked = new TreeSet<>();
    List<ClaimsState.Failed> failed = new ArrayList<>(before.failed());
    Set<String> known = new HashSet<>();
    failed.forEach(f -> known.add(f.entry() + " " + f.rule() + " " + f.target()));
    List<ClaimsState.Failed> newly = new ArrayList<>();
    long held = freshHeld;
    List<Judged> all = new ArrayList<>();
    for (long index : before.unchecked()) {
      if (!othersGiven) {
        unchecked.add(index);
        continue;
      }
      Entry e = self.proven(index).entry();
      List<Claim> claims = Claims.check(self.origin(), index, e.leaf().logged(), e.payload(),
          e.leaf().envelope().signers(), KnownLogs.of(self.before(index), others));
      held += claims.stream().filter(c -> c.status() == Claim.Status.HOLDS).count();
      // Judged anew: the entry's derived facts follow its claims.
      derived.apply(self.origin(), index, e.leaf().logged(), e.payload(), claims);
      all.add(new Judged(index, claims));
    }
    all.addAll(fresh);
    for (Judged j : all) {
      for (Claim c : j.claims()) {
        if (c.status() == Claim.Status.UNCHECKED) {
          unchecked.add(j.index());
        } else if (c.status() == Claim.Status.FAILS && known.add(j.index() + " " + c.rule() + " " + c.target())) {
          ClaimsState.Failed f = new ClaimsState.Failed(j.index(), c.rule(), c.target(), c.detail(), evidence(j.index(), c));
          failed.add(f);
          newly.add(f);
        }
      }
    }
    return new Outcome(new ClaimsState(keyEntries, unchecked, failed), held, newly);
  }

  /**
   * The evidence of a failing claim, checkable with the logs' keys alone: the entry's leaf and its
   * inclusion proof into this log's verified checkpoint, and the same of the entry it names when
   * that is in a log known (a reference naming an entry that does not exist has no target to show).
   */
  private ObjectNode evidence(long index, Claim c) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.set("entry", proven(self, index));
    int hash = c.target().lastIndexOf('#');
    String log = c.target().substring(0, hash);
    long target = Long.parseLong(c.target().substring(hash + 1));
    KnownLog l = log.equals(self.origin()) ? self : others.log(log);
    if (l instanceof RemoteLog r && target < r.size()) {
      o.set("target", proven(r, target));
    }
    return o;
  }

  private static ObjectNode proven(RemoteLog log, long index) {
    org.auditledger.cli.client.Proven p = log.proven(index);
    ObjectNode o = StrictJson.mapper().createObjectNode();
    Base64.Encoder b64 = Base64.getEncoder();
    o.put("log", log.origin()).put("index", index).put("leaf", b64.encodeToString(p.leaf()));
    o.set("inclusionProof", p.proof().toJson());
    o.put("checkpoint", new String(log.checkpointNote(), StandardCharsets.UTF_8));
    return o;
  }
}
