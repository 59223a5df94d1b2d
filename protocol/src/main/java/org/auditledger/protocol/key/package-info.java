/**
 * Ed25519 keys (RFC 8032) through Bouncy Castle's constant-time implementation. The JDK's EdDSA is
 * about seven times slower at verification here and is not used.
 */
package org.auditledger.protocol.key;
