package org.auditledger.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: malformed sequences are errors, never replaced. */
public final class Utf8 {
  private Utf8() {}

  /**
   * Decodes {@code bytes}; {@code what} names them in the error.
   *
   * @throws MalformedException if the bytes are not valid UTF-8
   */
  public static String decodeStrict(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedException(what + " is not valid UTF-8", e);
    }
  }
}
