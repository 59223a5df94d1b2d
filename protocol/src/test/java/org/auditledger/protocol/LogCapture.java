package org.auditledger.protocol;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Captures what is written to {@code System.err} (where slf4j-simple logs, looking the stream up
 * on each write) while also passing it through, so tests can assert that no request caused an
 * ERROR-level log line.
 */
public final class LogCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private LogCapture() {
    System.setErr(new PrintStream(new java.io.OutputStream() {
      @Override
      public synchronized void write(int b) {
        captured.write(b);
        original.write(b);
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) {
        captured.write(b, off, len);
        original.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8));
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  /** The lines logged at level ERROR so far (slf4j-simple writes "[thread] ERROR logger - …"). */
  public List<String> errors() {
    String text;
    synchronized (captured) {
      text = captured.toString(StandardCharsets.UTF_8);
    }
    return text.lines().filter(l -> l.contains(" ERROR ")).toList();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
