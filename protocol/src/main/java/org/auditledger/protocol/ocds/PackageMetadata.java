package org.auditledger.protocol.ocds;

import java.time.Instant;
import java.util.Objects;

/**
 * The publishing metadata of an OCDS package (OCDS 1.1 "Packaging"): its {@code uri}, {@code
 * publishedDate} and {@code publisher.name}. The package {@code version} is always {@link
 * ReleasePackage#VERSION}.
 *
 * @param uri the URI that identifies this package
 * @param publishedDate when it was published; for a package generated on demand, the last change
 *     to what it holds, as the schema advises
 * @param publisherName the organization that publishes it
 */
public record PackageMetadata(String uri, Instant publishedDate, String publisherName) {
  public PackageMetadata {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(publishedDate, "publishedDate");
    Objects.requireNonNull(publisherName, "publisherName");
  }
}
