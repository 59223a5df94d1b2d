/**
 * C2SP signed-note and tlog-checkpoint, byte-compatible with golang.org/x/mod/sumdb/note.
 *
 * <pre>
 * signed note  = text "\n" 1*signature-line      ; text ends in "\n"; the blank line separates
 * signature-line = "— " key-name " " base64(key-id[4] || signature) "\n"   ; "—" is U+2014
 * key-id       = SHA-256(key-name || 0x0A || type || public-key)[:4], big-endian
 * verifier key = key-name "+" hex8(key-id) "+" base64(type || public-key)
 * signer key   = "PRIVATE+KEY+" key-name "+" hex8(key-id) "+" base64(type || seed)
 * checkpoint   = origin "\n" decimal(size) "\n" base64(root) "\n" *(extension "\n")
 * </pre>
 *
 * Type 0x01 is Ed25519 over the note text; type 0x04 is the timestamped cosignature of C2SP
 * tlog-cosignature (see {@code org.auditledger.protocol.cosignature}).
 */
package org.auditledger.protocol.note;
