/**
 * OCDS 1.1 beyond one release: the merge routine that compiles the releases of one contracting
 * process into a compiled release (OCDS 1.1 "Merging", {@code schema/merging}), records, and
 * release and record packages ({@code schema/packaging}). Pure functions of JSON trees: no I/O;
 * the merge rules are read once from the bundled release schema.
 */
package org.auditledger.protocol.ocds;
