/**
 * C2SP tlog-tiles with tile height 8: paths, which tiles a tree size needs, hash tile contents,
 * entry bundles, and reading node hashes back from tiles to build proofs.
 *
 * <p>A level-{@code L} hash tile {@code N} of width {@code W} holds the {@code W} 32-byte hashes of
 * the perfect nodes at Merkle level {@code 8·L}, indices {@code [256·N, 256·N + W)}. A full tile
 * has {@code W = 256} and never changes; a partial tile ({@code .p/W}, {@code 1 <= W <= 255}) is
 * the right edge of a particular tree size.
 */
package org.auditledger.protocol.tile;
