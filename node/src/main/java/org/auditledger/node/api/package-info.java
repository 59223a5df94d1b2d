/**
 * The HTTP API: one endpoint class per resource, each with {@code addRoutes(Router)}, and one
 * failure handler that turns typed exceptions into RFC 9457 problem details. Handlers never
 * block the event loop: crypto runs on the verify executor, RocksDB on the store executor.
 */
package org.auditledger.node.api;
