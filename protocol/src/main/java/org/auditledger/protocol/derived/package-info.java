/**
 * Derived state: what the entries of some verified logs mean together, defined once as pure
 * functions of those entries and their judged claims (docs/protocol.md §10): an entry's thread and
 * status (current, amended, superseded), a finding's lifecycle (open, overdue, responded,
 * implemented, closed) and the accountability figures per audited organization. The node serves
 * these answers; a verifier recomputes them from what it verified and compares.
 */
package org.auditledger.protocol.derived;
