package org.auditledger.node.api;

import io.vertx.ext.web.Router;

/**
 * A resource of the HTTP API (after Eclipse Hono's {@code HttpEndpoint}): it adds its routes to a
 * router. The node mounts one list of read endpoints for its own log and, under {@code
 * /mirror/<origin>/}, for each mirror, so that both serve exactly the same API.
 */
public interface HttpEndpoint {
  void addRoutes(Router router);
}
