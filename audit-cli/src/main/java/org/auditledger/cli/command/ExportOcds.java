package org.auditledger.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.auditledger.cli.AuditException;
import org.auditledger.cli.ExitCode;
import org.auditledger.cli.client.LogClient;
import org.auditledger.protocol.entry.SchemaViolationException;
import org.auditledger.protocol.entry.Schemas;
import org.auditledger.protocol.json.StrictJson;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.ocds.OcdsRecord;
import org.auditledger.protocol.ocds.PackageMetadata;
import org.auditledger.protocol.ocds.RecordPackage;
import org.auditledger.protocol.ocds.ReleasePackage;
import org.auditledger.protocol.ocds.UnmergeableReleaseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code audit export ocds}: the OCDS releases filed in a log (spending entries of payload
 * version 2), each entry verified, as one OCDS 1.1 release package, or with {@code --records} a
 * record package with each contracting process's releases and compiled release (OCDS 1.1
 * "Merging"). Releases are written as filed, amounts exact. Nothing is written unless the
 * package is valid against the official release package schema.
 */
@Command(name = "ocds", description = "Export the log's OCDS releases (spending entries, v2), each verified, as an OCDS "
    + "release package, or with --records a record package with compiled releases.")
final class ExportOcds extends Base {
  @Mixin
  LogOptions log = new LogOptions();

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the package here (default: stdout).")
  Path out;

  @Option(names = "--records", description = "A record package: per ocid, its releases and compiled release.")
  boolean records;

  @Option(names = "--uri", paramLabel = "URI",
      description = "The package's uri (default: the node's spending search, NODE/v1/search?kind=spending).")
  String uri;

  @Option(names = "--publisher", paramLabel = "NAME", description = "The package's publisher.name (default: the log's origin).")
  String publisher;

  @Override
  void run() throws AuditException {
    LogClient client = client(log.url(state()));
    Checkpoint cp = log.trusted(client, state()).checkpoint().checkpoint();
    SpendingReleases.Read read = SpendingReleases.read(client, cp);
    List<SpendingReleases.Filed> filed = read.releases();
    List<JsonNode> releases = filed.stream().map(SpendingReleases.Filed::release).toList();
    PackageMetadata meta = new PackageMetadata(uri != null ? uri : client.resolve("v1/search?kind=spending").toString(),
        // Generated on demand: the date of the last change to what it holds (the package schema's advice).
        filed.stream().map(SpendingReleases.Filed::logged).max(Instant::compareTo).orElse(Instant.now()),
        publisher != null ? publisher : cp.origin());
    ObjectNode releasePackage = ReleasePackage.of(meta, releases);
    validate(releasePackage, filed);
    ObjectNode written = records ? recordPackage(meta, filed) : releasePackage;
    write(StrictJson.write(written) + "\n");
    String summary = String.format("exported %d releases%s from %d spending entries verified in the tree of size %d"
        + " of %s%s", releases.size(), records ? " in " + written.get("records").size() + " records" : "",
        filed.size() + read.versionOne(), cp.size(), cp.origin(),
        read.versionOne() > 0 ? " (" + read.versionOne() + " version 1 spending entries are not OCDS releases)" : "");
    (out != null ? out() : err()).println(summary);
  }

  /** The package against the official schema; a violation names the entry of the release at fault. */
  private static void validate(ObjectNode releasePackage, List<SpendingReleases.Filed> filed) throws AuditException {
    try {
      Schemas.validateReleasePackage(releasePackage, "the release package");
    } catch (SchemaViolationException e) {
      SchemaViolationException.Violation first = e.violations().get(0);
      Long entry = entryOf(first.pointer(), filed);
      throw new AuditException(ExitCode.ENTRY, (entry != null ? "entry " + entry + ": " : "") + "the release package is "
          + "not valid against the official OCDS release package schema, nothing was written: " + e.getMessage(),
          entry, "ocds-package", e);
    }
  }

  private ObjectNode recordPackage(PackageMetadata meta, List<SpendingReleases.Filed> filed) throws AuditException {
    List<OcdsRecord> compiled;
    try {
      compiled = OcdsRecord.byOcid(filed.stream().map(SpendingReleases.Filed::release).toList());
    } catch (UnmergeableReleaseException e) {
      long entry = filed.get(e.release()).index();
      throw new AuditException(ExitCode.ENTRY, "entry " + entry + ": its release cannot be merged into a record, "
          + "nothing was written: " + e.pointer() + ": " + e.reason(), entry, "ocds-merge", e);
    }
    for (OcdsRecord r : compiled) {
      try {
        Schemas.validateRelease(r.compiledRelease(), "", "the compiled release of ocid " + r.ocid());
      } catch (SchemaViolationException e) {
        throw new AuditException(ExitCode.ENTRY, "the releases of ocid " + r.ocid() + " (entries " + entries(r.ocid(), filed)
            + ") compile to a release not valid against the official OCDS release schema, nothing was written: "
            + e.getMessage(), null, "ocds-merge", e);
      }
    }
    return RecordPackage.of(meta, compiled);
  }

  /** The entry of the release at {@code /releases/K/...}, or null for a pointer outside the releases. */
  private static Long entryOf(String pointer, List<SpendingReleases.Filed> filed) {
    String[] parts = pointer.split("/");
    if (parts.length >= 3 && parts[1].equals("releases") && parts[2].matches("\\d{1,9}")) {
      int k = Integer.parseInt(parts[2]);
      return k < filed.size() ? filed.get(k).index() : null;
    }
    return null;
  }

  private static String entries(String ocid, List<SpendingReleases.Filed> filed) {
    return String.join(", ", filed.stream().filter(f -> ocid.equals(f.release().path("ocid").asText()))
        .map(f -> Long.toString(f.index())).toList());
  }

  /** To {@code --out} whole or not at all (a temporary file moved into place), else to stdout. */
  private void write(String text) throws AuditException {
    if (out == null) {
      out().print(text);
      out().flush();
      return;
    }
    Path tmp = null;
    try {
      Path dir = out.toAbsolutePath().getParent();
      tmp = Files.createTempFile(dir, ".export-ocds-", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        if (tmp != null) {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException ignored) {
        // The write already failed; that is the error reported.
      }
      throw new AuditException(ExitCode.LOCAL_INPUT, "cannot write " + out + ": " + e.getMessage(), e);
    }
  }
}
