/**
 * The JSON records that travel between nodes, the CLI and files, each with its one codec:
 * inclusion proofs, receipts, proof bundles, and the {@code URL,VKEY} spec of another log. Readers
 * are strict ({@link org.auditledger.protocol.json.Fields}) and name the field at fault; the
 * records carry no trust of their own, and their {@code verify} methods say what they prove.
 */
package org.auditledger.protocol.wire;
