package org.auditledger.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.protocol.ProtocolException;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.wire.ProofBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code audit verify-bundle FILE}: checks a proof bundle with no network ({@link
 * ProofBundle#verify}): the checkpoint's signature and witness quorum, every inclusion proof,
 * every entry, and that the key entries it carries authorize the entry's signer when replayed in
 * order.
 */
@Command(name = "verify-bundle", description = "Check an offline proof bundle, without any network.")
final class VerifyBundle extends Base {
  @Parameters(index = "0", paramLabel = "FILE") Path file;

  @Option(names = "--log-key", required = true, paramLabel = "VKEY") String logKey;
  @Option(names = "--witness", paramLabel = "VKEY") List<String> witnesses = new ArrayList<>();
  @Option(names = "--quorum", paramLabel = "K") int quorum;

  @Override
  void run() throws AuditException {
    LogOptions opts = new LogOptions();
    opts.logKey = logKey;
    opts.witnesses = witnesses;
    opts.quorum = quorum;
    var policy = opts.policy();
    ProofBundle bundle;
    try {
      bundle = ProofBundle.fromJson(StrictJson.parse(Files.readAllBytes(file), "bundle " + file), "bundle " + file);
    } catch (IOException | ProtocolException e) {
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot read bundle " + file + ": " + e.getMessage(), e);
    }
    ProofBundle.Verified v;
    try {
      v = bundle.verify(opts.vkey(state()), policy);
    } catch (ProofBundle.Failure f) {
      ExitCode code = switch (f.part()) {
        case CHECKPOINT -> ExitCode.CHECKPOINT;
        case WITNESSES -> ExitCode.WITNESS;
        case PROOF -> ExitCode.TREE;
        case ENTRY -> ExitCode.ENTRY;
        case AUTHORIZATION -> ExitCode.AUTHORIZATION;
      };
      String rule = f.getCause() instanceof org.auditledger.protocol.authz.UnauthorizedException u ? u.rule() : null;
      throw new AuditException(code, f.getMessage(), f.index(), rule, f);
    }
    long index = v.entry().leaf().index();
    var cp = v.checkpoint().checkpoint().checkpoint();
    if (json) {
      out().println(object().put("ok", true).put("origin", cp.origin())
          .put("index", index).put("size", cp.size()).toPrettyString());
    } else {
      org.auditledger.cli.render.EntryText.render(cp.origin(), v.entry().leaf().encode(), v.entry()).forEach(out()::println);
      out().println();
      out().printf("bundle verified: entry %d of %s, in the signed tree of size %d; signer authorized by %d key entries%n",
          index, cp.origin(), cp.size(), v.grants());
    }
  }
}
