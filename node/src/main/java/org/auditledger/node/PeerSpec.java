package org.auditledger.node;

import org.auditledger.protocol.note.NoteVerifierKey;

/**
 * Another node as configured: {@code URL,VKEY}, or just {@code VKEY} for a log this node only
 * witnesses. Verifier keys contain no comma, so the last comma separates the two.
 *
 * @param url the node's base URL, or null
 */
public record PeerSpec(String url, NoteVerifierKey vkey) {
  /**
   * Parses one setting value.
   *
   * @throws IllegalArgumentException naming the value, if the key is malformed
   */
  public static PeerSpec parse(String spec) {
    int comma = spec.lastIndexOf(',');
    String url = comma > 0 ? spec.substring(0, comma).trim() : null;
    try {
      return new PeerSpec(url, NoteVerifierKey.parse(spec.substring(comma + 1).trim()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("peer \"" + spec + "\": " + e.getMessage(), e);
    }
  }
}
