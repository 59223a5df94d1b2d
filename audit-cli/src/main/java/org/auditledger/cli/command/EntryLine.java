package org.auditledger.cli.command;

import org.auditledger.cli.AuditException;
import org.auditledger.cli.client.LogClient;
import org.auditledger.cli.client.Proven;
import org.auditledger.cli.render.EntryText;
import org.auditledger.protocol.note.Checkpoint;

/** One entry named in a thread, in a few words: fetched and proven if it is of the log at hand. */
final class EntryLine {
  private EntryLine() {}

  /**
   * {@code #N kind "summary"} for an entry {@code origin#N} of the log whose trusted checkpoint is
   * {@code cp} (fetched and proven into it); the key alone for an entry of another log.
   */
  static String of(LogClient client, Checkpoint cp, String key) throws AuditException {
    if (!StatusCheck.KEY.matcher(key).matches()) {
      return "(a malformed entry name)";
    }
    int hash = key.lastIndexOf('#');
    if (hash < 0 || !key.substring(0, hash).equals(cp.origin())) {
      return key;
    }
    long i;
    try {
      i = Long.parseLong(key.substring(hash + 1));
    } catch (NumberFormatException e) {
      return key;
    }
    if (i < 0 || i >= cp.size()) {
      return key + " (not in the signed tree)";
    }
    Proven p = Proven.fetch(client, cp, i);
    return "#" + i + " " + p.entry().payload().kind().jsonName() + " \"" + EntryText.summary(cp.origin(), p.entry()) + "\"";
  }
}
