package org.auditledger.cli;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.auditledger.protocol.dsse.Envelope;
import org.auditledger.protocol.entry.Leaf;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.MemoryHashStore;
import org.auditledger.protocol.note.Checkpoint;
import org.auditledger.protocol.note.NoteSignerKey;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.tile.EntryBundle;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.tile.Tiles;

/**
 * A log built in memory from any envelopes, signed with a real log key and served over C2SP
 * tiles: what a dishonest operator could publish, to show the CLI refuses what no node would
 * have accepted.
 */
final class StaticLog implements AutoCloseable {
  private final HttpServer server;
  final SignedCheckpoint checkpoint;

  private StaticLog(HttpServer server, SignedCheckpoint checkpoint) {
    this.server = server;
    this.checkpoint = checkpoint;
  }

  static StaticLog serve(Vertx vertx, NoteSignerKey logKey, List<Envelope> envelopes) {
    List<byte[]> leaves = new ArrayList<>();
    CompactRange range = CompactRange.empty();
    MemoryHashStore nodes = new MemoryHashStore();
    byte[] prev = new byte[0];
    Instant t = Instant.parse("2026-06-01T00:00:00Z");
    for (int i = 0; i < envelopes.size(); i++) {
      Leaf leaf = new Leaf(envelopes.get(i), i, t.plusSeconds(i), prev);
      byte[] bytes = leaf.encode();
      leaves.add(bytes);
      prev = leaf.leafHash();
      range.append(prev, nodes);
    }
    long size = leaves.size();
    SignedCheckpoint cp = SignedCheckpoint.sign(new Checkpoint(logKey.name(), size, range.root()), logKey);
    HttpServer s = CliHarness.await(vertx.createHttpServer().requestHandler(req -> {
      String path = req.path();
      try {
        if (path.equals("/checkpoint")) {
          req.response().end(Buffer.buffer(cp.encode()));
          return;
        }
        TileId id = TileId.parse(path.substring(1));
        if (id.isEntryBundle()) {
          int from = (int) (id.index() * Tiles.WIDTH);
          req.response().end(Buffer.buffer(EntryBundle.encode(leaves.subList(from, from + id.width()))));
        } else {
          req.response().end(Buffer.buffer(Tiles.hashTile(id, nodes)));
        }
      } catch (RuntimeException e) {
        req.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1"));
    return new StaticLog(s, cp);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() {
    CliHarness.await(server.close());
  }
}
