package org.auditledger.cli.client;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;

/**
 * Signed checkpoints of one log already opened ({@link SignedCheckpoint#open}: signature checked,
 * origin matched), by their exact bytes. The node answers a whole batch of submissions with one
 * checkpoint, so an import that verifies every receipt would otherwise check the same signature
 * once per entry of the batch. Only bytes that opened are kept, and only the last {@link #KEPT}.
 * Thread-safe.
 */
public final class OpenedCheckpoints {
  static final int KEPT = 16;

  private final NoteVerifierKey logKey;
  private final Map<ByteBuffer, SignedCheckpoint> opened = new LinkedHashMap<>(KEPT * 2, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteBuffer, SignedCheckpoint> eldest) {
      return size() > KEPT;
    }
  };

  public OpenedCheckpoints(NoteVerifierKey logKey) {
    this.logKey = logKey;
  }

  /** {@code note} opened with the log key, from memory if these very bytes opened before. */
  public SignedCheckpoint open(byte[] note) {
    ByteBuffer key = ByteBuffer.wrap(note.clone());
    synchronized (opened) {
      SignedCheckpoint known = opened.get(key);
      if (known != null) {
        return known;
      }
    }
    // Outside the lock: a signature check is the slow part and threads with other notes need not wait.
    SignedCheckpoint cp = SignedCheckpoint.open(note, logKey);
    synchronized (opened) {
      opened.put(key, cp);
    }
    return cp;
  }
}
