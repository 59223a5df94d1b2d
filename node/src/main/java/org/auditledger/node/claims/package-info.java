/**
 * Claims of submissions judged against the logs this node holds verified (its own and its
 * mirrors), with the node's admission policies on top of the protocol's claims rules
 * (docs/protocol.md §6.2).
 */
package org.auditledger.node.claims;
