package org.auditledger.protocol.wire;

import java.net.URI;
import org.auditledger.protocol.MalformedException;
import org.auditledger.protocol.note.NoteVerifierKey;

/**
 * Another log as a user or operator names it: {@code URL,VKEY}, or just {@code VKEY}. The URL is
 * everything before the <em>first</em> comma (a URL needing a comma writes it {@code %2C}); a
 * verifier key's name may itself contain commas, so splitting at the last one would not do.
 *
 * @param url the base URL (http or https), or null for a log known by key only
 */
public record PeerSpec(String url, NoteVerifierKey vkey) {
  /**
   * Parses one spec; {@code what} names the setting or option in errors.
   *
   * @throws MalformedException naming the part at fault
   */
  public static PeerSpec parse(String spec, String what) {
    if (spec == null || spec.isBlank()) {
      throw new MalformedException(what + " is empty; want URL,VKEY");
    }
    String s = spec.trim();
    int comma = s.indexOf(',');
    boolean hasUrl = comma > 0 && s.substring(0, comma).matches("(?i)https?://.*");
    String url = hasUrl ? s.substring(0, comma).trim() : null;
    String key = hasUrl ? s.substring(comma + 1).trim() : s;
    if (url != null) {
      try {
        URI u = new URI(url);
        if (u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
          throw new MalformedException(what + " \"" + spec + "\": " + url + " is not a base URL like http://host:port");
        }
      } catch (java.net.URISyntaxException e) {
        throw new MalformedException(what + " \"" + spec + "\": " + url + " is not a URL: " + e.getMessage(), e);
      }
    } else if (comma >= 0 && !key.contains("+")) {
      throw new MalformedException(what + " \"" + spec + "\": want URL,VKEY with an http:// or https:// URL");
    }
    try {
      return new PeerSpec(url, NoteVerifierKey.parse(key));
    } catch (MalformedException e) {
      throw new MalformedException(what + " \"" + spec + "\": " + e.getMessage(), e);
    }
  }

  /** The spec as written: {@code URL,VKEY} or {@code VKEY}. */
  @Override
  public String toString() {
    return url == null ? vkey.encode() : url + "," + vkey.encode();
  }
}
