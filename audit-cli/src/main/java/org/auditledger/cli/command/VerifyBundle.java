package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.authz.KeyRegistry;
import org.auditledger.protocol.authz.UnauthorizedException;
import org.auditledger.protocol.cosignature.QuorumNotMetException;
import org.auditledger.protocol.cosignature.WitnessPolicy;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.merkle.InvalidProofException;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.NoteVerifierKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code audit verify-bundle FILE}: checks a proof bundle with no network: the checkpoint's
 * signature and witness quorum, every inclusion proof, every entry, and that the key entries it
 * carries authorize the entry's signer when replayed in order.
 */
@Command(name = "verify-bundle", description = "Check an offline proof bundle, without any network.")
final class VerifyBundle extends Base {
  @Parameters(index = "0", paramLabel = "FILE") Path file;

  @Option(names = "--log-key", required = true, paramLabel = "VKEY") String logKey;
  @Option(names = "--witness", paramLabel = "VKEY") List<String> witnesses = new ArrayList<>();
  @Option(names = "--quorum", paramLabel = "K") int quorum;

  @Override
  void run() throws AuditException {
    NoteVerifierKey vkey = vkey(logKey, "--log-key");
    JsonNode b;
    try {
      b = StrictJson.parse(Files.readAllBytes(file), "bundle " + file);
    } catch (IOException | ProtocolException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot read bundle " + file + ": " + e.getMessage(), e);
    }
    if (!Prove.FORMAT.equals(b.path("format").asText())) {
      throw new AuditException(ExitCode.LOCAL_INPUT, file + " is not a " + Prove.FORMAT + " bundle");
    }
    SignedCheckpoint cp;
    try {
      cp = SignedCheckpoint.open(b.get("checkpoint").asText().getBytes(StandardCharsets.UTF_8), vkey);
    } catch (ProtocolException | NullPointerException e) {
      throw new AuditException(ExitCode.CHECKPOINT, "bundle checkpoint: " + e.getMessage(), e);
    }
    List<NoteVerifierKey> ws = new ArrayList<>();
    for (String w : witnesses) {
      ws.add(vkey(w, "--witness"));
    }
    try {
      new WitnessPolicy(ws, quorum).check(cp.checkpoint(), cp.note());
    } catch (QuorumNotMetException e) {
      throw new AuditException(ExitCode.WITNESS, e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new AuditException(ExitCode.USAGE, e.getMessage(), e);
    }
    KeyRegistry registry = KeyRegistry.empty(cp.checkpoint().origin(), vkey.publicKey());
    for (JsonNode g : b.get("grants")) {
      Entry grant = open(g, cp);
      if (grant.payload().kind() != org.auditledger.protocol.entry.EntryKind.KEY) {
        throw new AuditException(ExitCode.ENTRY, "bundle grant at entry " + grant.leaf().index() + " is not a key entry");
      }
      authorize(registry, grant);
    }
    Entry entry = open(b.get("entry"), cp);
    authorize(registry, entry);
    if (json) {
      out().println(object().put("ok", true).put("origin", cp.checkpoint().origin())
          .put("index", entry.leaf().index()).put("size", cp.checkpoint().size()).toPrettyString());
    } else {
      out().printf("bundle verified: entry %d of %s, in the signed tree of size %d; signer authorized by %d key entries%n",
          entry.leaf().index(), cp.checkpoint().origin(), cp.checkpoint().size(), b.get("grants").size());
    }
  }

  private static Entry open(JsonNode p, SignedCheckpoint cp) throws AuditException {
    long index = p.path("index").asLong(-1);
    try {
      byte[] leaf = Base64.getDecoder().decode(p.get("leaf").asText());
      List<byte[]> proof = new ArrayList<>();
      p.get("inclusionProof").forEach(h -> proof.add(Base64.getDecoder().decode(h.asText())));
      ProofVerifier.verifyInclusion(index, cp.checkpoint().size(), Rfc6962.leafHash(leaf), proof,
          cp.checkpoint().rootHash());
      Entry e = Entry.open(leaf);
      if (e.leaf().index() != index) {
        throw new AuditException(ExitCode.ENTRY, "bundle entry " + index + " says it is entry " + e.leaf().index(), index, "chain", null);
      }
      return e;
    } catch (InvalidProofException e) {
      throw new AuditException(ExitCode.TREE, "bundle entry " + index + " is not in the signed tree: " + e.getMessage(), index, "tree", e);
    } catch (RuntimeException e) {
      throw new AuditException(ExitCode.ENTRY, "bundle entry " + index + ": " + e.getMessage(), index, "format", e);
    }
  }

  private static void authorize(KeyRegistry registry, Entry e) throws AuditException {
    long index = e.leaf().index();
    try {
      registry.skipTo(index);
      // References into the log cannot be resolved offline beyond "earlier entry".
      registry.authorize(index, e.leaf().logged(), e.payload(), e.leaf().envelope().signers(), null);
    } catch (UnauthorizedException u) {
      throw new AuditException(ExitCode.AUTHORIZATION, u.getMessage(), index, u.rule(), u);
    } catch (IllegalArgumentException u) {
      throw new AuditException(ExitCode.ENTRY, "bundle entries are out of order at " + index, index, "order", u);
    }
  }
}
