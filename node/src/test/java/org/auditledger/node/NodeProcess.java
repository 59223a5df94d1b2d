package org.auditledger.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node's real main class in a separate JVM, for tests that kill it (SIGKILL) or stop it
 * (SIGTERM). The port is read from its "listening on" line.
 */
final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final List<String> output = new ArrayList<>();
  private final CompletableFuture<Void> exited = new CompletableFuture<>();

  private NodeProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static NodeProcess start(Path data, String... extraArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Xmx512m", "org.auditledger.node.Main", "--data", data.toString(), "--port", "0",
        "--rate-submissions", "0", "--rate-searches", "0", "--rate-witness", "0"));
    cmd.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    int port = -1;
    while ((line = out.readLine()) != null) {
      seen.add(line);
      if (line.startsWith("listening on http://")) {
        port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
        break;
      }
    }
    if (port < 0) {
      p.destroyForcibly();
      throw new IOException("node process did not start: " + String.join("\n", seen));
    }
    NodeProcess np = new NodeProcess(p, port);
    np.output.addAll(seen);
    Thread drain = new Thread(() -> {
      try {
        String l;
        while ((l = out.readLine()) != null) {
          synchronized (np.output) {
            np.output.add(l);
          }
        }
      } catch (IOException ignored) {
        // the process died: that is what these tests do
      }
      np.exited.complete(null);
    });
    drain.setDaemon(true);
    drain.start();
    return np;
  }

  int port() {
    return port;
  }

  /** SIGKILL: no shutdown hook, no flush, no close. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, and the exit code. */
  int terminate() throws Exception {
    // Process.destroy() would also close our end of the child's stdout, losing what it prints
    // while it shuts down; the handle only sends the signal.
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("node did not stop within 60 s of SIGTERM");
    }
    exited.get(10, TimeUnit.SECONDS);
    return process.exitValue();
  }

  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
