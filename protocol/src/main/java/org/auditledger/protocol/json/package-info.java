/** The one strict JSON reader of the project: everything parsed from outside goes through it. */
package org.auditledger.protocol.json;
