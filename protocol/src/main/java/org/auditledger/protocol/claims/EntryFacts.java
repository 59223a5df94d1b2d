package org.auditledger.protocol.claims;

import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.entry.EntryKind;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.KeyGrant;
import org.auditledger.protocol.entry.Organization;
import org.auditledger.protocol.entry.Ref;

/**
 * What claims need to know of one verified entry of a known log: its leaf hash (to match a
 * reference), kind, issuer with its home, the logs and indexes its {@code about} references name
 * (a finding's subjects), and its grant if it is a key entry.
 *
 * @param about the {@code about} references as {@code (origin, index, leafHash)}, origins made
 *     explicit
 */
public record EntryFacts(byte[] leafHash, EntryKind kind, Organization issuer, List<Ref> about, KeyGrant grant) {
  public EntryFacts {
    leafHash = leafHash.clone();
    about = List.copyOf(about);
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }

  /** The facts of entry with payload {@code p} and leaf hash {@code leafHash} in log {@code origin}. */
  public static EntryFacts of(String origin, byte[] leafHash, EntryPayload p) {
    List<Ref> about = new ArrayList<>();
    for (Ref r : p.refs()) {
      if (Ref.ABOUT.equals(r.rel())) {
        about.add(new Ref(r.logIn(origin), r.index(), r.leafHash(), r.rel()));
      }
    }
    return new EntryFacts(leafHash, p.kind(), p.issuerIn(origin), about,
        p.kind() == EntryKind.KEY ? p.keyGrant() : null);
  }
}
