package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.Proven;
import org.auditledger.protocol.entry.Ref;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.Checkpoint;

/**
 * What a node says of an entry's status and links (protocol.md §10.1), checked as far as one log
 * allows. Each entry of this log named as superseding, amending or linking is fetched, proven into
 * the trusted checkpoint, and must hold the reference the node claims (and, to supersede or
 * amend, come from the same organization). A node can leave an entry out (only {@code audit
 * verify} and {@code audit thread --compare} see everything), but not invent one here; what it
 * names in other logs is shown as its word. Nothing a node sends is printed unless it has the
 * form of an entry key or a relation, so a node cannot write to the user's terminal.
 */
final class StatusCheck {
  /** An entry key as the API writes it, {@code origin#index}. */
  static final Pattern KEY = Pattern.compile("[\\x21-\\x22\\x24-\\x7e]{1,300}#(0|[1-9][0-9]{0,18})");
  private static final Pattern REL = Pattern.compile("[a-z][a-z-]{0,39}");
  /** Most entries checked for one status: a node cannot make a command fetch without end. */
  static final int MAX_CHECKED = 10;

  private final LogClient client;
  private final Checkpoint cp;
  /** The node's claims found false, for the exit status. */
  final List<String> falseClaims = new ArrayList<>();

  StatusCheck(LogClient client, Checkpoint cp) {
    this.client = client;
    this.cp = cp;
  }

  /**
   * What to print after entry {@code subject} (e.g. {@code "superseded by #6 (verified)"}), or the
   * empty string if the node says it is current and not amended.
   */
  String describe(Proven subject, JsonNode status) throws AuditException {
    if (status == null || !status.isObject()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String[] rel : new String[][] {{"supersededBy", Ref.SUPERSEDES, "superseded by "},
        {"amendedBy", Ref.AMENDS, "amended by "}}) {
      Set<String> keys = new LinkedHashSet<>();
      for (JsonNode k : status.path(rel[0])) {
        keys.add(k.asText());
      }
      List<String> named = new ArrayList<>();
      int checked = 0;
      for (String k : keys) {
        if (checked++ == MAX_CHECKED) {
          named.add("and " + (keys.size() - MAX_CHECKED) + " more, not checked");
          break;
        }
        named.add(link(k, rel[1], subject, true));
      }
      if (!named.isEmpty()) {
        parts.add(rel[2] + String.join(", ", named));
      }
    }
    return String.join("; ", parts);
  }

  /**
   * Entry {@code from}, as the node says it names {@code subject} with {@code rel}: {@code #N
   * (verified)} if it is an entry of this log that does, a false claim noted if it does not, or
   * the key as the node's word for another log.
   */
  String link(String from, String rel, Proven subject, boolean sameIssuer) throws AuditException {
    if (!KEY.matcher(from).matches() || !REL.matcher(rel).matches()) {
      return note("a malformed entry or relation");
    }
    int hash = from.lastIndexOf('#');
    if (!from.substring(0, hash).equals(cp.origin())) {
      return from + " (in another log: as the node says)";
    }
    long other = Long.parseLong(from.substring(hash + 1));
    long index = subject.index();
    if (other <= index || other >= cp.size()) {
      return note("#" + other + ", not a later entry of the signed tree");
    }
    Proven p = Proven.fetch(client, cp, other);
    byte[] leafHash = Rfc6962.leafHash(subject.leaf());
    boolean names = p.entry().payload().refs().stream().anyMatch(r -> r.isLocal(cp.origin()) && r.index() == index
        && rel.equals(r.rel()) && Arrays.equals(r.leafHash(), leafHash));
    boolean issuer = !sameIssuer
        || p.entry().payload().issuerIn(cp.origin()).equals(subject.entry().payload().issuerIn(cp.origin()));
    return names && issuer ? "#" + other + " (verified)" : note("#" + other + ", which does not " + rel + " it");
  }

  private String note(String what) {
    falseClaims.add(what);
    return what + " (the node's claim is false)";
  }
}
