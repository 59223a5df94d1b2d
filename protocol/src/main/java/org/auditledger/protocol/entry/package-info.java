/**
 * Entries: the payload model (validated against {@code schemas/}), and the leaf the log hashes.
 *
 * <pre>
 * leaf = {"envelope":ENVELOPE,"index":n,"logged":"YYYY-MM-DDTHH:MM:SS.mmmZ","prev":base64 | ""}
 * </pre>
 *
 * Keys sorted, no whitespace, every string base64 or fixed ASCII, so one record has exactly one
 * encoding. {@code prev} is the leaf hash of entry n-1 ("" for entry 0), chaining every entry to
 * the one before it. A leaf is at most 65,535 bytes (the C2SP entry bundle limit).
 */
package org.auditledger.protocol.entry;
