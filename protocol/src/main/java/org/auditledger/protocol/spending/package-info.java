/**
 * Open-budget views and procurement red flags (protocol.md §10.4): deterministic functions of the
 * OCDS releases of verified version 2 spending entries. Releases are merged per contracting
 * process first, as OCDS compiles a record, because a release repeats its process's earlier
 * amounts; summing releases would count them again.
 */
package org.auditledger.protocol.spending;
