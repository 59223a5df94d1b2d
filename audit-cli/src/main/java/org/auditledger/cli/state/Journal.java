package org.auditledger.cli.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.json.StrictJson;

/**
 * An append-only JSON Lines file of one run ({@code audit import ocds}): one object per line,
 * buffered, fsync'd once when closed. A bulk import keeps its receipts (and the node's refusals)
 * here instead of one file each: creating 10,000 files cost the import a sixth of its CPU in the
 * file system (docs/benchmarks.md). Nothing is lost that matters: every line is a copy of what the
 * log proves again, and a run cut short leaves the lines written so far, the last one perhaps
 * partial. The file is created at the first line only. Thread-safe.
 */
public final class Journal implements AutoCloseable {
  private final Path file;
  private FileChannel channel;
  private OutputStream out;
  private long lines;

  Journal(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Lines appended so far. */
  public synchronized long lines() {
    return lines;
  }

  public synchronized void append(JsonNode line) throws AuditException {
    try {
      if (out == null) {
        Files.createDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      }
      out.write(StrictJson.write(line).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      lines++;
    } catch (IOException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Flushes and fsyncs what was appended; a journal never appended to leaves no file. */
  @Override
  public synchronized void close() throws AuditException {
    if (out == null) {
      return;
    }
    try {
      out.flush();
      channel.force(true);
      out.close();
    } catch (IOException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      out = null;
    }
  }
}
