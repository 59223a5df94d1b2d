/**
 * Online backups of a node's store and keys, and their restoration into a new data directory,
 * which is audited entry by entry before a node may serve it (docs/operations.md, "Backup and
 * restore").
 */
package org.auditledger.node.backup;
