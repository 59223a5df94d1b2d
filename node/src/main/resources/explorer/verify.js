// What the explorer checks in the browser, with WebCrypto only (Ed25519 and SHA-256): signed
// notes (C2SP signed-note), checkpoints (C2SP tlog-checkpoint), witness cosignatures (C2SP
// tlog-cosignature), leaf hashes and Merkle proofs (RFC 9162 §2.1), and what this browser saw
// before (local storage). Nothing here trusts the node: every answer is checked against a key.

const enc = new TextEncoder();

export class CheckFailed extends Error {
  constructor(code, detail) {
    super(code + (detail ? ': ' + detail : ''));
    this.code = code;
    this.detail = detail || '';
  }
}

export function b64decode(s) {
  if (typeof s !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) {
    throw new CheckFailed('bad-base64', String(s).slice(0, 40));
  }
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function b64encode(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(h) {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
  return out;
}

function concat(...parts) {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

// RFC 9162 §2.1.1: leaf hash = SHA-256(0x00 || leaf), interior node = SHA-256(0x01 || left || right).
export async function leafHash(leaf) {
  return sha256(concat(Uint8Array.of(0), leaf));
}

async function nodeHash(left, right) {
  return sha256(concat(Uint8Array.of(1), left, right));
}

// A browser that cannot verify Ed25519 is told so, never shown "verified" (issue: WebCrypto
// gained Ed25519 in Chromium 137, Firefox 129, Safari 17).
let ed25519 = null;
export async function ed25519Available() {
  if (ed25519 === null) {
    try {
      // RFC 8032 §7.1 TEST 1: the empty message.
      const pub = fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
      const sig = fromHex('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');
      const key = await crypto.subtle.importKey('raw', pub, { name: 'Ed25519' }, false, ['verify']);
      ed25519 = await crypto.subtle.verify({ name: 'Ed25519' }, key, sig, new Uint8Array(0));
    } catch (e) {
      ed25519 = false;
    }
  }
  return ed25519;
}

async function ed25519Verify(pub, sig, message) {
  const key = await crypto.subtle.importKey('raw', pub, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, sig, message);
}

// C2SP signed-note: a verifier key is name+hex(key hash)+base64(type || public key), the key
// hash the first 4 bytes of SHA-256(name || 0x0A || type || public key). Type 0x01 is an Ed25519
// note signer; 0x04 an Ed25519 cosigner (C2SP tlog-cosignature).
export async function parseVerifierKey(vkey, type) {
  // The base64 key may itself contain '+': split at the first two only.
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(String(vkey));
  if (!m) {
    throw new CheckFailed('bad-vkey', String(vkey).slice(0, 80));
  }
  const parts = [m[1], m[2], m[3]];
  const raw = b64decode(parts[2]);
  if (raw.length !== 33 || (raw[0] !== 1 && raw[0] !== 4) || (type !== undefined && raw[0] !== type)) {
    // A log signs with type 0x01, a witness cosigns with 0x04: never one for the other.
    throw new CheckFailed('bad-vkey', 'not an Ed25519 key of type ' + (type === 4 ? '0x04' : '0x01'));
  }
  const keyHash = (await sha256(concat(enc.encode(parts[0] + '\n'), raw))).slice(0, 4);
  if (hex(keyHash) !== parts[1]) {
    throw new CheckFailed('bad-vkey', 'its key hash does not match its key');
  }
  return { name: parts[0], keyHash, type: raw[0], key: raw.slice(1), encoded: String(vkey) };
}

// C2SP signed-note: text ending in a newline, a blank line, then signature lines
// "— name base64(key hash || signature)".
export function parseNote(noteText) {
  const split = noteText.lastIndexOf('\n\n');
  if (split < 0 || !noteText.endsWith('\n')) {
    throw new CheckFailed('bad-note', 'no signature block');
  }
  const text = noteText.slice(0, split + 1);
  const sigs = [];
  for (const line of noteText.slice(split + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) {
      throw new CheckFailed('bad-note', 'a signature line is malformed');
    }
    const raw = b64decode(m[2]);
    if (raw.length < 5) {
      throw new CheckFailed('bad-note', 'a signature is too short');
    }
    sigs.push({ name: m[1], keyHash: raw.slice(0, 4), sig: raw.slice(4) });
  }
  return { text, sigs };
}

/** Whether {@code note} carries a valid signature by the note signer {@code vk}. */
export async function verifyNote(note, vk) {
  if (vk.type !== 1) return false;
  for (const s of note.sigs) {
    if (s.name === vk.name && equal(s.keyHash, vk.keyHash) && s.sig.length === 64) {
      if (await ed25519Verify(vk.key, s.sig, enc.encode(note.text))) return true;
    }
  }
  return false;
}

// C2SP tlog-checkpoint: origin, decimal size, base64 root hash, then optional extension lines.
export function parseCheckpoint(text) {
  const lines = text.split('\n');
  if (lines.length < 4 || !/^(0|[1-9][0-9]{0,18})$/.test(lines[1])) {
    throw new CheckFailed('bad-checkpoint', 'not origin, size and root hash');
  }
  const root = b64decode(lines[2]);
  if (root.length !== 32) {
    throw new CheckFailed('bad-checkpoint', 'the root hash is not 32 bytes');
  }
  return { origin: lines[0], size: BigInt(lines[1]), root };
}

/**
 * C2SP tlog-cosignature v1: a cosigner's signature line carries key hash || 8-byte big-endian
 * timestamp || Ed25519 signature over "cosignature/v1\ntime <t>\n" followed by the checkpoint text.
 * Returns, per witness key, whether it cosigned and when.
 */
export async function verifyCosignatures(note, witnesses) {
  const out = [];
  for (const w of witnesses) {
    let result = { name: w.name, vkey: w.encoded, ok: false, time: null };
    if (w.type !== 4) {
      out.push(result);
      continue;
    }
    for (const s of note.sigs) {
      if (s.name !== w.name || !equal(s.keyHash, w.keyHash) || s.sig.length !== 72) continue;
      const t = new DataView(s.sig.buffer, s.sig.byteOffset, 8).getBigUint64(0);
      const msg = concat(enc.encode('cosignature/v1\ntime ' + t.toString() + '\n'), enc.encode(note.text));
      if (await ed25519Verify(w.key, s.sig.slice(8), msg)) {
        result = { name: w.name, vkey: w.encoded, ok: true, time: Number(t) };
        break;
      }
    }
    out.push(result);
  }
  return out;
}

// RFC 9162 §2.1.3.2: verifying an inclusion proof. Indexes are BigInt: JavaScript's bit
// operators on numbers stop at 32 bits.
export async function verifyInclusion(index, size, leaf, proof, root) {
  index = BigInt(index);
  size = BigInt(size);
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1n;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && equal(r, root);
}

// RFC 9162 §2.1.4.2: verifying a consistency proof between trees of sizes first <= second.
export async function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  first = BigInt(first);
  second = BigInt(second);
  if (first > second) return false;
  if (first === second) return proof.length === 0 && equal(firstRoot, secondRoot);
  if (first === 0n) return proof.length === 0;
  if (proof.length === 0) return false;
  let path = proof.slice();
  if ((first & (first - 1n)) === 0n) path = [firstRoot, ...path];
  let fn = first - 1n;
  let sn = second - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return equal(fr, firstRoot) && equal(sr, secondRoot) && sn === 0n;
}

// What this browser keeps per log origin: the last checkpoint it verified (size and root), so a
// node cannot roll back or fork what this reader already saw, and a key the reader pinned.
const STORE = 'auditledger.v1.';

function stored(kind, origin) {
  try {
    const v = localStorage.getItem(STORE + kind + '.' + origin);
    return v === null ? null : JSON.parse(v);
  } catch (e) {
    return null;
  }
}

function store(kind, origin, value) {
  try {
    if (value === null) localStorage.removeItem(STORE + kind + '.' + origin);
    else localStorage.setItem(STORE + kind + '.' + origin, JSON.stringify(value));
  } catch (e) {
    // Private browsing without storage: nothing is remembered, and the badge says so.
  }
}

export function lastSeen(origin) {
  const v = stored('seen', origin);
  if (!v || typeof v.size !== 'string' || typeof v.root !== 'string') return null;
  return { size: BigInt(v.size), root: b64decode(v.root) };
}

export function remember(origin, size, root) {
  store('seen', origin, { size: size.toString(), root: b64encode(root) });
}

export function pinned(origin) {
  const v = stored('pin', origin);
  return typeof v === 'string' ? v : null;
}

export function pin(origin, vkey) {
  store('pin', origin, vkey);
}

// The witnesses a reader pinned for a log: their verifier keys, in order.
export function pinnedWitnesses(origin) {
  const v = stored('witnesses', origin);
  return Array.isArray(v) && v.every((k) => typeof k === 'string') ? v : null;
}

export function pinWitnesses(origin, vkeys) {
  store('witnesses', origin, [...vkeys].sort());
}

// What each address (this site, or a mirror path on it) served: a node cannot shed its pin and
// its history by calling its log something else.
export function servedAt(address) {
  const v = stored('site', address);
  return v && typeof v.origin === 'string' && typeof v.vkey === 'string' ? v : null;
}

export function serve(address, origin, vkey) {
  store('site', address, { origin, vkey });
}

export function forgetServed(address) {
  store('site', address, null);
}
