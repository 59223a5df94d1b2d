package org.auditledger.node.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import org.auditledger.node.api.HttpEndpoint;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.auditledger.node.api.ApiException;
import org.auditledger.node.api.ProblemType;
import org.auditledger.node.store.LogStore;
import org.auditledger.protocol.json.StrictJson;

/**
 * {@code POST /v1/admin/backup}: an online backup into the configured backup directory. Only
 * with {@code Authorization: Bearer <the contents of DATA/admin-token>}; anything else is 403.
 */
public final class AdminEndpoint implements HttpEndpoint {
  private final LogStore store;
  private final Path dataDir;
  private final Path backupDir;
  private final byte[] token;
  private final WorkerExecutor worker;

  public AdminEndpoint(LogStore store, Path dataDir, Path backupDir, String token, WorkerExecutor worker) {
    this.store = store;
    this.dataDir = dataDir;
    this.backupDir = backupDir;
    this.token = token.getBytes(StandardCharsets.US_ASCII);
    this.worker = worker;
  }

  @Override
  public void addRoutes(Router router) {
    router.post("/v1/admin/backup").handler(this::backup);
  }

  private void backup(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    byte[] given = auth != null && auth.startsWith("Bearer ")
        ? auth.substring(7).trim().getBytes(StandardCharsets.US_ASCII) : new byte[0];
    // Constant time: the token is the only secret guarding this endpoint.
    if (!MessageDigest.isEqual(given, token)) {
      ctx.fail(new ApiException(ProblemType.FORBIDDEN, "admin endpoints need Authorization: Bearer "
          + "<the token in the node's data directory, file admin-token>"));
      return;
    }
    worker.executeBlocking(() -> {
          Backup.Made m = Backup.make(store, dataDir, backupDir);
          ObjectNode o = StrictJson.mapper().createObjectNode();
          o.put("backupId", m.backupId()).put("dir", m.dir().toAbsolutePath().toString()).put("size", m.size());
          return Buffer.buffer(o.toString());
        }, true)
        .onSuccess(b -> ctx.response().putHeader("Content-Type", "application/json").end(b))
        .onFailure(ctx::fail);
  }
}
