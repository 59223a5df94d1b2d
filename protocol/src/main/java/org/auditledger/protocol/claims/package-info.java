/**
 * Claims: what an entry says about entries of other logs, and about its issuer's authority in its
 * home log. The log that holds an entry can prove the entry is there and signed; it cannot prove
 * what the entry claims about other logs. {@link org.auditledger.protocol.claims.Claims} judges
 * those claims against the logs known to whoever asks (protocol.md §6.2), so a node at
 * submission, a mirror, and a verifier given the same logs reach the same answer; a claim into a
 * log not known is unchecked, never assumed to hold.
 */
package org.auditledger.protocol.claims;
