/**
 * Replaying a log: the rules every entry must pass, in log order, and the state they leave
 * (docs/protocol.md §5–6). One definition, used by the node when it audits a restored store, by
 * mirrors and by verifiers.
 */
package org.auditledger.protocol.replay;
