package org.auditledger.protocol.ocds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An OCDS record package (OCDS 1.1 "Packaging", record package schema): the package metadata of
 * {@link ReleasePackage} and one {@link OcdsRecord} per contracting process, each with its
 * releases embedded and its compiled release, in the order given.
 */
public final class RecordPackage {
  private RecordPackage() {}

  /** The record package of {@code records} (in the order given) with {@code meta}. */
  public static ObjectNode of(PackageMetadata meta, List<OcdsRecord> records) {
    ObjectNode p = ReleasePackage.head(meta);
    var out = p.putArray("records");
    records.forEach(r -> out.add(r.toJson()));
    return p;
  }
}
