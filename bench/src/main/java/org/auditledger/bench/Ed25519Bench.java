package org.auditledger.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.key.Ed25519KeyPair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Ed25519 over a 1 KiB message (about one entry's PAE): Bouncy Castle verify with one and two
 * threads, sign, a whole envelope check, and the JDK's EdDSA verify as the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519Bench {
  private Ed25519KeyPair key;
  private byte[] message;
  private byte[] signature;
  private Envelope envelope;
  private Signature jdkVerifier;
  private KeyPair jdkKey;
  private byte[] jdkSignature;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    key = Fixtures.newKey();
    message = new byte[1024];
    Fixtures.RANDOM.nextBytes(message);
    signature = key.sign(message);
    envelope = Fixtures.sign(Fixtures.decisionPayload("town.example", "x".repeat(700)), key);
    jdkKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(jdkKey.getPrivate());
    s.update(message);
    jdkSignature = s.sign();
    jdkVerifier = Signature.getInstance("Ed25519");
  }

  @Benchmark
  @Threads(1)
  public boolean verify1Thread() {
    return key.publicKey().verify(message, signature);
  }

  @Benchmark
  @Threads(2)
  public boolean verify2Threads() {
    return key.publicKey().verify(message, signature);
  }

  @Benchmark
  public byte[] sign() {
    return key.sign(message);
  }

  /** One envelope signature check, including the PAE encoding. */
  @Benchmark
  public Envelope envelopeVerify() {
    envelope.verify(null);
    return envelope;
  }

  /** Baseline: the JDK's own Ed25519 (SunEC). */
  @Benchmark
  public boolean jdkVerifyBaseline() throws Exception {
    jdkVerifier.initVerify(jdkKey.getPublic());
    jdkVerifier.update(message);
    return jdkVerifier.verify(jdkSignature);
  }
}
