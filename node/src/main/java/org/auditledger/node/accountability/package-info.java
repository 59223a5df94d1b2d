/** The node's derived state (threads, status, findings, accountability figures) and its API. */
package org.auditledger.node.accountability;
