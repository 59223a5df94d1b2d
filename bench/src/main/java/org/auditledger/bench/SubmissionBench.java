package org.auditledger.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.entry.EntryPayload;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The node's per-entry work outside HTTP, on one thread, for a ~1 KiB entry: parse and check an
 * envelope as submitted (strict JSON, schema, signature), then encode and hash its leaf. Compare
 * with {@link Ed25519Bench#verify1Thread} to see what is not signature verification.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SubmissionBench {
  private byte[] body;
  private Envelope envelope;

  @Setup(Level.Trial)
  public void setup() {
    Ed25519KeyPair k = Fixtures.newKey();
    String payload = Fixtures.decisionPayload("town", "Load entry")
        .replace("The council decided.", "The council decided as follows. ".repeat(24));
    envelope = Fixtures.sign(payload, k);
    body = envelope.toJson().getBytes(StandardCharsets.UTF_8);
  }

  /** Strict parse, schema validation and signature check of a submitted envelope. */
  @Benchmark
  public EntryPayload checkSubmission() {
    return Entry.checkEnvelope(Envelope.parse(body), null);
  }

  /** Strict parse and schema validation only (no signature). */
  @Benchmark
  public EntryPayload parseAndValidate() {
    return EntryPayload.parse(Envelope.parse(body).payload());
  }

  /** The sequencer's leaf encoding and leaf hash. */
  @Benchmark
  public byte[] leafHash() {
    return new Leaf(envelope, 12345, Instant.now(), new byte[32]).leafHash();
  }
}
