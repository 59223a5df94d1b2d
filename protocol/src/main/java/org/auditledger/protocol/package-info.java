/**
 * The Citizen Audit Ledger wire formats and rules. Pure: no I/O, no threads, no framework. The
 * node and the {@code audit} CLI are shells around this module; see {@code docs/protocol.md}.
 */
package org.auditledger.protocol;
