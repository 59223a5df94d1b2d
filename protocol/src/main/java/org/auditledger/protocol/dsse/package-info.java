/**
 * DSSE v1 envelopes (secure-systems-lab/dsse) with Ed25519 signatures. The ledger accepts one
 * shape only, so that an envelope always re-encodes to the same bytes:
 *
 * <pre>
 * {"payload":base64,"payloadType":"application/vnd.auditledger.entry.v1+json",
 *  "signatures":[{"keyid":"ed25519:"+base64(public key),"sig":base64(signature)}, ...]}
 * PAE(type, body) = "DSSEv1" SP len(type) SP type SP len(body) SP body   ; lengths in ASCII decimal
 * </pre>
 *
 * Base64 is RFC 4648 §4 with padding. 1 to 8 signatures, no two by the same key.
 */
package org.auditledger.protocol.dsse;
