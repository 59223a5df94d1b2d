package org.auditledger.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditledger.protocol.Fixtures;
import org.auditledger.protocol.entry.Entry;
import org.auditledger.protocol.merkle.CompactRange;
import org.auditledger.protocol.merkle.ProofVerifier;
import org.auditledger.protocol.merkle.Proofs;
import org.auditledger.protocol.merkle.Rfc6962;
import org.auditledger.protocol.note.SignedCheckpoint;
import org.auditledger.protocol.tile.EntryBundle;
import org.auditledger.protocol.tile.TileHashReader;
import org.auditledger.protocol.tile.TileId;
import org.auditledger.protocol.tile.Tiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verifier that knows only the log's vkey and reads only /checkpoint and the C2SP tiles, as any
 * tlog-tiles client would, agrees with the node's root, the chain and every signature.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class IndependentVerifierTest {
  @TempDir
  Path dir;

  /** Verifies a log of 600 entries (two full tiles and a partial one) from tiles alone. */
  @Test
  void tilesAloneReproduceTheSignedRoot(Vertx vertx) {
    try (TestNode t = TestNode.start(vertx, dir)) {
      List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
      for (int i = 0; i < 598; i++) {
        all.add(t.client.post("/v1/entries").putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(Fixtures.sign(Fixtures.decisionPayload(TestNode.TOWN, "D" + i), t.clerk).toJson())));
      }
      TestNode.await(Future.all(all));
      SignedCheckpoint cp = SignedCheckpoint.open(t.get("/checkpoint").body().getBytes(), t.node.vkey());
      long size = cp.checkpoint().size();
      assertEquals(600, size);

      CompactRange tree = CompactRange.empty();
      byte[] prev = new byte[0];
      for (TileId bundle : Tiles.entryBundles(size)) {
        HttpResponse<Buffer> r = t.get("/" + bundle.path());
        assertEquals(200, r.statusCode(), bundle.path());
        if (bundle.isFull()) {
          assertEquals("public, max-age=31536000, immutable", r.getHeader("Cache-Control"));
        }
        long index = bundle.index() * Tiles.WIDTH;
        for (byte[] leaf : EntryBundle.decode(r.body().getBytes(), bundle.width())) {
          Entry e = Entry.open(leaf);
          e.leaf().checkLink(index, prev);
          prev = Rfc6962.leafHash(leaf);
          tree.append(prev, (id, h) -> { });
          index++;
        }
      }
      assertArrayEquals(cp.checkpoint().rootHash(), tree.root());

      // Proofs built from hash tiles only.
      TileHashReader reader = new TileHashReader(size, id -> {
        HttpResponse<Buffer> r = t.get("/" + id.path());
        assertEquals(200, r.statusCode(), id.path());
        return r.body().getBytes();
      });
      for (long i : new long[] {0, 255, 256, 599}) {
        byte[] leafHash = reader.read(List.of(new org.auditledger.protocol.merkle.NodeId(0, i))).get(0);
        ProofVerifier.verifyInclusion(i, size, leafHash, Proofs.inclusion(i, size).fetch(reader),
            cp.checkpoint().rootHash());
      }
      assertEquals(404, t.get("/tile/0/002").statusCode());
      assertEquals(404, t.get("/tile/entries/002.p/89").statusCode());
      assertEquals(404, t.get("/tile/0/0").statusCode());
      assertEquals(200, t.get("/tile/1/000.p/2").statusCode());
    }
  }
}
