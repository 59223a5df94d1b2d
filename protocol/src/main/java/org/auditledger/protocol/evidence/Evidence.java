package org.auditledger.protocol.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.json.Fields;
import org.auditledger.protocol.note.NoteVerifierKey;

/**
 * A self-contained proof that a log misbehaved, checkable with the log's verifier key alone:
 * {@link Equivocation} (two signed checkpoints that cannot both be true) or {@link InvalidEntry}
 * (a signed tree that holds an entry the rules forbid). Instances are always proofs: they are
 * only built or read through methods that check them.
 */
public sealed interface Evidence permits Equivocation, InvalidEntry {
  /** The log it is about. */
  String origin();

  /** A stable identity of the misbehaviour, the same however it is reported. */
  String id();

  /** A sentence a person can read. */
  String describe();

  /** The record served at {@code /v1/alerts}; {@code type} says which kind. */
  ObjectNode toJson();

  /**
   * Reads a record and checks it against the log key the reader trusts.
   *
   * @throws org.auditledger.protocol.ProtocolException if it is malformed or proves nothing
   */
  static Evidence fromJson(JsonNode o, NoteVerifierKey logKey) {
    String type = Fields.text(o, "type", "evidence");
    return switch (type) {
      case Equivocation.TYPE -> Equivocation.fromJson(o, logKey);
      case InvalidEntry.TYPE -> InvalidEntry.fromJson(o, logKey);
      default -> throw new MalformedException("evidence type \"" + type + "\" is not known");
    };
  }
}
