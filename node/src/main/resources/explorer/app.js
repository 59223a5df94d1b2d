// The citizen explorer: pages of a log served by this node (its own and each mirror), rendered
// from leaf bytes this browser checked against the log's signed checkpoint (verify.js). What the
// node derives (status, thread) is shown as the node's word, next to what was verified.

import * as v from './verify.js';
import * as i18n from './i18n.js';

const { t } = i18n;
const PAGE = 20;
const main = document.getElementById('main');
const badge = document.getElementById('badge');

// ---- small DOM helpers: text is always set as text, never parsed as HTML ----

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, val] of Object.entries(attrs || {})) {
    if (val === null || val === undefined || val === false) continue;
    if (k === 'class') e.className = val;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), val);
    else e.setAttribute(k, val === true ? '' : String(val));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// ---- routes: #/[m/<origin>/]page[/arg][?params], stable and shareable ----

function parseRoute() {
  const h = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
  let parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let mirror = null;
  if (parts[0] === 'm' && parts.length >= 2) {
    mirror = parts[1];
    parts = parts.slice(2);
  }
  return { mirror, page: parts[0] || 'log', arg: parts[1], params };
}

function href(mirror, page, arg, params) {
  let h = '#/' + (mirror ? 'm/' + encodeURIComponent(mirror) + '/' : '') + (page === 'log' ? '' : page);
  if (arg !== undefined && arg !== null) h += '/' + encodeURIComponent(String(arg));
  const p = new URLSearchParams();
  for (const [k, val] of Object.entries(params || {})) if (val !== null && val !== undefined && val !== '') p.set(k, val);
  const s = p.toString();
  return s ? h + '?' + s : h;
}

// ---- fetching, bounded in time ----

// Largest answer read: an entry bundle of 256 maximal leaves is 16.8 MB; anything else is far smaller.
const MAX_BYTES = { bytes: 256 * 65537, text: 64 * 1024, json: 4 * 1024 * 1024 };

async function readLimited(r, max, url) {
  const declared = Number(r.headers.get('Content-Length'));
  if (declared > max) throw new Error(t('fail.tooLarge', { url, max }));
  const reader = r.body.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > max) {
      reader.cancel();
      throw new Error(t('fail.tooLarge', { url, max }));
    }
    chunks.push(value);
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** One answer of the node, whole within 15 s and within its size bound, else an error naming the URL. */
async function get(url, kind) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 15000);
  const as = kind || 'json';
  try {
    const r = await fetch(url, { signal: ctl.signal, cache: 'no-cache' });
    const body = await readLimited(r, MAX_BYTES[as], url);
    if (!r.ok) {
      let detail = '';
      try {
        detail = JSON.parse(new TextDecoder().decode(body)).detail || '';
      } catch (e) {
        detail = '';
      }
      const err = new Error(t('fail.answered', { url, status: r.status }) + (detail ? ': ' + detail : ''));
      err.status = r.status;
      throw err;
    }
    if (as === 'bytes') return body;
    const text = new TextDecoder().decode(body);
    return as === 'text' ? text : JSON.parse(text);
  } catch (e) {
    if (e.name === 'AbortError') throw new Error(t('fail.timeout', { url }));
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

// ---- exact reading of payload JSON: amounts keep their digits as written ----

class Num {
  constructor(source) {
    this.source = source;
  }
  toString() {
    return this.source;
  }
  toJSON() {
    return this.source;
  }
}

function parseExact(text) {
  return JSON.parse(text, (k, val, ctx) => (typeof val === 'number' && ctx && typeof ctx.source === 'string'
    ? new Num(ctx.source) : val));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// ---- the log's verified state ----

/** What one page showed: entries proven, failed, not yet in the checkpoint. */
function newPage() {
  return { ok: 0, failed: 0, pending: 0, failures: [] };
}

// Finished verifications by log (a promise each, so two pages never share a half-checked one).
const contexts = new Map();

/** The verified state of a log served here: this node's own (mirror null) or a mirror's. */
function context(mirror, fresh) {
  const key = mirror || '';
  if (fresh || !contexts.has(key)) {
    const p = verifyLog(mirror);
    contexts.set(key, p);
    p.catch(() => contexts.delete(key));
  }
  return contexts.get(key);
}

/** The node's own /v1/log, known once: it lists the mirrors (and their keys) this node serves. */
async function ownLog() {
  ownLogSeen = (await context(null)).log;
  return ownLogSeen;
}

/** Verifies the checkpoint of a log served here and what this browser saw of it before. */
async function verifyLog(mirror) {
  let listed = null;
  if (mirror) {
    // A mirror is one the node lists, checked against the key it lists (and any pin).
    listed = ((await ownLog()).mirrors || []).find((m) => m.origin === mirror);
    if (!listed) throw new Error(t('fail.noMirror', { origin: mirror }));
  }
  const base = mirror ? '/mirror/' + mirror : '';
  const log = await get(base + '/v1/log');
  const ctx = { mirror, base, log, origin: log.origin, failures: [], page: newPage() };
  if (!(await v.ed25519Available())) {
    ctx.unavailable = true;
    return ctx;
  }
  try {
    if (mirror && (log.origin !== mirror || log.vkey !== listed.vkey)) {
      ctx.failures.push(t('fail.mirrorKey', { origin: mirror }));
      return ctx;
    }
    ctx.vkey = await v.parseVerifierKey(log.vkey, 1);
    // What this address served before: another log or key here is a warning, whatever it calls itself.
    const address = location.origin + base;
    const before = v.servedAt(address);
    if (before && (before.origin !== log.origin || before.vkey !== log.vkey)) {
      ctx.failures.push(t('fail.otherLog', { origin: before.origin, vkey: before.vkey }));
      ctx.changedAddress = address;
    }
    const pinnedKey = v.pinned(log.origin);
    ctx.pinned = pinnedKey === log.vkey;
    if (pinnedKey && pinnedKey !== log.vkey) {
      ctx.failures.push(t('fail.pin', { pinned: pinnedKey }));
    }
    const note = v.parseNote(await get(base + '/checkpoint', 'text'));
    if (!(await v.verifyNote(note, ctx.vkey))) {
      ctx.failures.push(t('fail.signature'));
      return ctx;
    }
    const cp = v.parseCheckpoint(note.text);
    if (cp.origin !== log.origin || ctx.vkey.name !== log.origin) {
      ctx.failures.push(t('fail.origin', { origin: cp.origin }));
      return ctx;
    }
    if (cp.size > BigInt(Number.MAX_SAFE_INTEGER)) {
      ctx.failures.push(t('fail.tooBig', { size: cp.size }));
      return ctx;
    }
    ctx.size = cp.size;
    ctx.root = cp.root;
    // Witnesses as this node names them, unless the reader pinned a set: then that set, and a
    // node naming others is a failure (it could name witnesses of its own making).
    const named = (log.witnesses || []).map((w) => w.vkey).filter((k) => k.split('+').pop() !== log.vkey.split('+').pop());
    const pinnedSet = v.pinnedWitnesses(log.origin);
    ctx.witnessesPinned = pinnedSet !== null;
    if (pinnedSet && JSON.stringify([...named].sort()) !== JSON.stringify(pinnedSet)) {
      ctx.failures.push(t('fail.witnessPin', { n: pinnedSet.length }));
    }
    ctx.namedWitnesses = named;
    const witnesses = [];
    for (const k of pinnedSet || named) {
      try {
        witnesses.push(await v.parseVerifierKey(k, 4));
      } catch (e) {
        ctx.failures.push(t('fail.witnessKey', { name: k.split('+')[0] }));
      }
    }
    ctx.cosignatures = await v.verifyCosignatures(note, witnesses);
    const seen = v.lastSeen(log.origin);
    if (seen) {
      if (cp.size < seen.size) {
        ctx.failures.push(t('fail.rollback', { seen: seen.size, now: cp.size }));
      } else {
        let ok;
        if (cp.size === seen.size) {
          ok = v.hex(cp.root) === v.hex(seen.root);
        } else {
          const p = await get(base + '/v1/proofs/consistency?from=' + seen.size + '&to=' + cp.size);
          ok = await v.verifyConsistency(seen.size, cp.size, seen.root, cp.root, p.hashes.map(v.b64decode));
        }
        if (!ok) ctx.failures.push(t('fail.consistency', { seen: seen.size, now: cp.size }));
        else ctx.consistentWith = seen.size;
      }
    }
    if (ctx.failures.length === 0) {
      v.remember(log.origin, cp.size, cp.root);
      v.serve(address, log.origin, log.vkey);
    }
  } catch (e) {
    const what = e instanceof v.CheckFailed ? t('code.' + e.code) + (e.detail ? ' (' + e.detail + ')' : '') : e.message;
    ctx.failures.push(t('fail.error', { error: what }));
  }
  return ctx;
}

/**
 * Checks one leaf: its hash recomputed from its bytes and proven into the checkpoint
 * (RFC 9162 §2.1.3.2), then decoded for display. Entries newer than the checkpoint are shown as
 * not yet provable.
 */
async function checkLeaf(ctx, index, leaf) {
  const out = { index, verified: false };
  try {
    const json = JSON.parse(utf8.decode(leaf));
    out.logged = json.logged;
    out.signers = (json.envelope.signatures || []).map((s) => s.keyid);
    out.payload = parseExact(utf8.decode(v.b64decode(json.envelope.payload)));
    if (json.index !== index) throw new Error(t('fail.index', { index }));
  } catch (e) {
    out.error = e.message;
  }
  if (ctx.unavailable || ctx.size === undefined || ctx.failures.length) {
    // Nothing is proven into a checkpoint that failed its own checks.
    out.unchecked = true;
    return out;
  }
  if (BigInt(index) >= ctx.size) {
    ctx.page.pending++;
    out.pending = true;
    return out;
  }
  try {
    const lh = await v.leafHash(leaf);
    const p = await get(ctx.base + '/v1/proofs/inclusion?index=' + index + '&size=' + ctx.size);
    out.verified = !out.error && (await v.verifyInclusion(index, ctx.size, lh, p.hashes.map(v.b64decode), ctx.root));
  } catch (e) {
    out.error = out.error || e.message;
  }
  if (out.verified) ctx.page.ok++;
  else {
    ctx.page.failed++;
    ctx.page.failures.push(t('fail.entry', { index }) + (out.error ? ' (' + out.error + ')' : ''));
  }
  return out;
}

// C2SP tlog-tiles: entry bundle N at tile/entries/x001/x234/067[.p/W]; each entry a big-endian
// uint16 length, then that many bytes.
function tilePath(n) {
  let s = String(n).padStart(3, '0');
  while (s.length % 3) s = '0' + s;
  const groups = s.match(/.{3}/g);
  return groups.map((g, i) => (i < groups.length - 1 ? 'x' + g : g)).join('/');
}

async function bundle(ctx, n, width) {
  const path = ctx.base + '/tile/entries/' + tilePath(n) + (width < 256 ? '.p/' + width : '');
  const bytes = await get(path, 'bytes');
  const leaves = [];
  for (let o = 0; o < bytes.length;) {
    if (o + 2 > bytes.length) throw new Error(t('fail.bundle', { path }));
    const len = (bytes[o] << 8) | bytes[o + 1];
    if (o + 2 + len > bytes.length) throw new Error(t('fail.bundle', { path }));
    leaves.push(bytes.slice(o + 2, o + 2 + len));
    o += 2 + len;
  }
  if (leaves.length !== width) throw new Error(t('fail.bundle', { path }));
  return leaves;
}

/** Leaves [from, to) of the checkpoint's tree, from entry bundles (immutable, cacheable). */
async function leavesFrom(ctx, from, to) {
  const out = [];
  for (let n = Math.floor(from / 256); n * 256 < to; n++) {
    const width = Math.min(256, Number(ctx.size) - n * 256);
    const leaves = await bundle(ctx, n, width);
    for (let i = Math.max(from, n * 256); i < Math.min(to, n * 256 + width); i++) out.push([i, leaves[i - n * 256]]);
  }
  return out;
}

/**
 * The first index logged after {@code limit} (an RFC 3339 UTC time), by binary search over entry
 * bundles: the log stamps entries in order, so their logged times never decrease. About log2(n/256)
 * bundles; every leaf shown afterwards is still proven.
 */
async function firstLoggedAfter(ctx, limit) {
  const size = Number(ctx.size);
  const loggedAt = async (i) => JSON.parse(utf8.decode((await leavesFrom(ctx, i, i + 1))[0][1])).logged;
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await loggedAt(mid)) > limit) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ---- the badge: what was checked, against which key ----

function renderBadge(ctx) {
  badge.replaceChildren();
  let state;
  let lines = [];
  if (ctx.unavailable) {
    state = 'unavailable';
    lines.push(t('badge.unavailable'));
  } else if (ctx.failures.length || ctx.page.failures.length) {
    state = 'failed';
    lines = ctx.failures.concat(ctx.page.failures).slice(0, 8);
  } else {
    // Entries newer than the checkpoint are shown unproven: the page is then only partly verified.
    state = ctx.page.pending ? 'partial' : 'verified';
    lines.push(t('badge.checkpoint', { origin: ctx.origin, size: ctx.size }));
    if (ctx.page.ok) lines.push(t('badge.entries', { n: ctx.page.ok }));
    if (ctx.page.pending) lines.push(t('badge.pending', { n: ctx.page.pending }));
    if (ctx.consistentWith !== undefined) lines.push(t('badge.consistent', { seen: ctx.consistentWith }));
    else lines.push(t('badge.first'));
    const cos = (ctx.cosignatures || []).filter((c) => c.ok).length;
    if ((ctx.cosignatures || []).length) lines.push(t('badge.witnesses', { n: cos, of: ctx.cosignatures.length }));
  }
  badge.className = 'badge ' + state;
  badge.dataset.state = state;
  badge.append(el('strong', {}, t('badge.' + state + '.title')));
  badge.append(el('ul', {}, lines.map((l) => el('li', {}, l))));
  if (ctx.changedAddress) {
    badge.append(el('button', { type: 'button', onclick: () => {
      v.forgetServed(ctx.changedAddress);
      location.reload();
    } }, t('badge.forget')));
  }
  const witnessesPinned = ctx.witnessesPinned || v.pinnedWitnesses(ctx.origin) !== null;
  if ((ctx.namedWitnesses || []).length && !witnessesPinned && state !== 'failed') {
    badge.append(el('button', { type: 'button', id: 'pin-witnesses', onclick: () => {
      v.pinWitnesses(ctx.origin, ctx.namedWitnesses);
      renderBadge(ctx);
    } }, t('badge.pinWitnesses')));
  } else if (witnessesPinned) {
    badge.append(el('p', {}, t('badge.witnessesPinned')));
  }
  if (ctx.vkey) {
    const fp = el('p', { class: 'key' }, t('badge.key'), ' ', el('code', {}, ctx.log.vkey), ' ',
      t('badge.fingerprint'), ' ', el('code', { class: 'fingerprint' }, v.hex(ctx.vkey.keyHash)));
    badge.append(fp);
    if (ctx.pinned || v.pinned(ctx.origin) === ctx.log.vkey) {
      badge.append(el('p', {}, t('badge.pinned')));
    } else if (!ctx.failures.length && !ctx.page.failures.length) {
      badge.append(el('button', { type: 'button', onclick: () => {
        v.pin(ctx.origin, ctx.log.vkey);
        renderBadge(ctx);
      } }, t('badge.pin')));
    }
  }
}

// ---- pages ----

function heading(text) {
  document.title = text + ' — ' + t('app.name');
  return el('h1', {}, text);
}

function entryLink(ctx, index, label) {
  return el('a', { href: href(ctx.mirror, 'entry', index) }, label ?? '#' + index);
}

function summary(p) {
  const b = p && p.body ? p.body : {};
  return b.title || (b.tender && b.tender.title) || b.ocid || b.organization || b.position || b.text || '';
}

// protocol.md §5.1: an organization is named with its home log, the log of the entry's
// authority if it has one, else the log the entry is in.
function issuerName(ctx, p) {
  if (!p || !p.issuer) return '';
  return p.issuer + '@' + (p.authority && p.authority.log ? p.authority.log : ctx.origin);
}

// The node's own /v1/log once read, for links to entries of the logs it serves.
let ownLogSeen = null;

function orgLink(ctx, name) {
  return name ? el('a', { href: href(null, 'org', name) }, name) : '';
}

/** An entry named origin#index: a link when this node serves that log, else the name. */
function entryRef(name) {
  const at = String(name).lastIndexOf('#');
  const origin = String(name).slice(0, at);
  const index = String(name).slice(at + 1);
  const own = ownLogSeen && ownLogSeen.origin === origin;
  const mirrored = ((ownLogSeen && ownLogSeen.mirrors) || []).some((m) => m.origin === origin);
  if (own) return el('a', { href: href(null, 'entry', index) }, name);
  if (mirrored) return el('a', { href: href(origin, 'entry', index) }, name);
  return String(name);
}

function nodeSays() {
  return el('p', { class: 'note' }, t('derived.note'));
}

function pager(next) {
  return next ? el('p', {}, el('a', { href: next, rel: 'next' }, t('page.next'))) : null;
}

const KINDS = ['decision', 'spending', 'finding', 'response', 'assessment', 'key'];
const RELS = ['about', 'responds-to', 'assesses', 'amends', 'supersedes', 'cites'];

function kindLabel(p) {
  return p && KINDS.includes(p.kind) ? t('kind.' + p.kind) : p && typeof p.kind === 'string' ? p.kind : '?';
}

function cosignedAt(seconds) {
  const d = new Date(Number(seconds) * 1000);
  return isNaN(d.getTime()) ? String(seconds) : i18n.formatDate(d.toISOString());
}

async function logPage(ctx) {
  const log = ctx.log;
  const rows = [
    [t('log.origin'), log.origin],
    [t('log.size'), ctx.size !== undefined ? i18n.formatNumber(ctx.size) : String(log.size)],
    [t('log.root'), ctx.root ? v.b64encode(ctx.root) : log.rootHash],
  ];
  const parts = [heading(t('log.title', { origin: log.origin }))];
  if (ctx.size !== undefined && ctx.size > 0n) {
    const [[, last]] = await leavesFrom(ctx, Number(ctx.size) - 1, Number(ctx.size));
    const checked = await checkLeaf(ctx, Number(ctx.size) - 1, last);
    if (checked.logged) rows.push([t('log.lastLogged'), i18n.formatDate(checked.logged)]);
  }
  parts.push(el('dl', { class: 'facts' }, rows.map(([k, val]) => [el('dt', {}, k), el('dd', {}, el('code', {}, val))])));
  parts.push(el('h2', {}, t('log.witnesses')));
  const cos = ctx.cosignatures || [];
  parts.push(el('p', { class: 'note' }, t('log.witnessesNote')));
  parts.push(cos.length ? el('ul', {}, cos.map((c) => el('li', {}, c.name, ': ', c.ok
    ? t('log.cosigned', { time: cosignedAt(c.time) }) : t('log.notCosigned'))))
    : el('p', {}, t('log.noWitnesses')));
  if (!ctx.mirror) {
    parts.push(el('h2', {}, t('log.mirrors')));
    const ms = log.mirrors || [];
    parts.push(ms.length ? el('ul', {}, ms.map((m) => el('li', {}, el('a', { href: href(m.origin, 'log') }, m.origin),
      ' — ', t('log.size'), ' ', i18n.formatNumber(m.size)))) : el('p', {}, t('log.noMirrors')));
  }
  parts.push(el('p', {}, el('a', { href: href(ctx.mirror, 'timeline') }, t('log.toTimeline'))));
  return parts;
}

async function timelinePage(ctx, params) {
  const kind = params.get('kind') || '';
  const issuer = params.get('issuer') || '';
  const text = (params.get('q') || '').toLowerCase();
  const parts = [heading(t('timeline.title'))];
  const form = el('form', { class: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    location.hash = href(ctx.mirror, 'timeline', null, { kind: f.get('kind'), issuer: f.get('issuer'), q: f.get('q'),
      until: f.get('until') });
  } },
  el('label', { for: 'f-kind' }, t('timeline.kind')),
  el('select', { id: 'f-kind', name: 'kind' }, el('option', { value: '' }, t('timeline.anyKind')),
    ['decision', 'spending', 'finding', 'response', 'assessment', 'key'].map((k) => el('option', { value: k, selected: k === kind }, t('kind.' + k)))),
  el('label', { for: 'f-issuer' }, t('timeline.issuer')),
  el('input', { id: 'f-issuer', name: 'issuer', value: issuer, placeholder: 'town@town.example/log' }),
  el('label', { for: 'f-until' }, t('timeline.until')),
  el('input', { id: 'f-until', name: 'until', type: 'date', value: params.get('until') || '' }),
  el('label', { for: 'f-q' }, t('timeline.text')),
  el('input', { id: 'f-q', name: 'q', value: params.get('q') || '', type: 'search' }),
  el('button', { type: 'submit' }, t('timeline.apply')));
  parts.push(form);

  let items = [];
  let older = null;
  if (kind || issuer) {
    // The node's posting indexes find the entries; each one is still proven here.
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (kind) q.set('kind', kind);
    if (issuer) q.set('issuer', issuer);
    if (params.get('after')) q.set('after', params.get('after'));
    const page = await get(ctx.base + '/v1/search?' + q);
    parts.push(el('p', { class: 'note' }, t('search.note')));
    for (const e of page.entries.slice(0, PAGE)) items.push(await checkLeaf(ctx, e.index, v.b64decode(e.leaf)));
    if (page.next !== null && page.next !== undefined) {
      older = href(ctx.mirror, 'timeline', null, { kind, issuer, q: params.get('q'), after: page.next });
    }
  } else if (ctx.size !== undefined) {
    const size = Number(ctx.size);
    let before = Math.min(size, DECIMAL.test(params.get('before') || '') ? Number(params.get('before')) : size);
    const until = /^\d{4}-\d{2}-\d{2}$/.test(params.get('until') || '') ? params.get('until') : null;
    if (until && !DECIMAL.test(params.get('before') || '')) before = await firstLoggedAfter(ctx, until + 'T23:59:59.999Z');
    if (text && !kind && !issuer) {
      // Text is searched here, in the leaves themselves, newest first: at most SCAN entries a page,
      // then "older" goes on from where the scan stopped. Only matches are proven and shown.
      let at = before;
      while (at > 0 && before - at < SCAN && items.length < PAGE) {
        const from = Math.max(0, at - 256, before - SCAN);
        for (const [i, leaf] of (await leavesFrom(ctx, from, at)).reverse()) {
          if (items.length === PAGE) break;
          if (matches(leaf, text)) items.push(await checkLeaf(ctx, i, leaf));
          at = i;
        }
        if (items.length < PAGE) at = from;
      }
      parts.push(el('p', { class: 'note' }, t('timeline.scanned', { from: at, to: before - 1 })));
      if (at > 0) older = href(ctx.mirror, 'timeline', null, { q: params.get('q'), until: params.get('until'), before: at });
    } else {
      const from = Math.max(0, before - PAGE);
      const leaves = await leavesFrom(ctx, from, before);
      for (const [i, leaf] of leaves.reverse()) items.push(await checkLeaf(ctx, i, leaf));
      if (from > 0) older = href(ctx.mirror, 'timeline', null, { until: params.get('until'), before: from });
    }
  }
  if (text && (kind || issuer)) items = items.filter((it) => JSON.stringify(it.payload || {}).toLowerCase().includes(text));
  parts.push(entriesTable(ctx, items));
  if (older) parts.push(el('p', {}, el('a', { href: older, rel: 'next' }, t('timeline.older'))));
  return parts;
}

// Entries a text search reads per page (8 entry bundles).
const SCAN = 2048;

/** Whether a leaf's payload contains {@code text} (lower case), read from the leaf's own bytes. */
function matches(leaf, text) {
  try {
    const env = JSON.parse(utf8.decode(leaf)).envelope;
    return utf8.decode(v.b64decode(env.payload)).toLowerCase().includes(text);
  } catch (e) {
    // A leaf that does not decode is shown (and fails its check) rather than hidden.
    return true;
  }
}

function checkClass(it) {
  return it.verified ? 'ok' : it.pending || it.unchecked ? 'pending' : 'bad';
}

function checkText(it) {
  return it.verified ? t('check.included') : it.pending ? t('check.pending') : it.unchecked ? t('check.unchecked')
    : t('check.failed');
}

// A value of a payload, for a person: nested objects as definition lists, arrays as lists.
function render(value) {
  if (value instanceof Num) return el('span', { class: 'number' }, value.source);
  if (Array.isArray(value)) return el('ol', {}, value.map((x) => el('li', {}, render(x))));
  if (value && typeof value === 'object') {
    return el('dl', {}, Object.entries(value).map(([k, x]) => [el('dt', {}, i18n.field(k)), el('dd', {}, render(x))]));
  }
  return String(value);
}

// What a reader looks for first in each kind; the whole body follows.
const PRIMARY = {
  decision: ['title', 'decidedBy', 'date', 'result', 'text'],
  spending: ['ocid', 'date', 'tag', 'buyer', 'tender', 'awards', 'contracts', 'parties', 'contract', 'transactions', 'budget'],
  finding: ['title', 'auditedEntity', 'condition', 'criteria', 'cause', 'effect', 'recommendations', 'significance', 'responseDueDate'],
  response: ['position', 'text', 'actionPlan', 'targetDate', 'implementationStatus'],
  assessment: ['text', 'assessments'],
  key: ['action', 'organization', 'roles', 'subject', 'name', 'validUntil'],
};

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

async function entryPage(ctx, arg) {
  const index = DECIMAL.test(arg || '') ? Number(arg) : NaN;
  if (!Number.isSafeInteger(index)) return [heading(t('entry.bad', { index: arg }))];
  let checked;
  if (ctx.size !== undefined && index < Number(ctx.size)) {
    const [[, leaf]] = await leavesFrom(ctx, index, index + 1);
    checked = await checkLeaf(ctx, index, leaf);
  } else {
    const e = await get(ctx.base + '/v1/entries/' + index);
    checked = await checkLeaf(ctx, index, v.b64decode(e.leaf));
  }
  const p = checked.payload || {};
  const parts = [heading(t('entry.title', { kind: kindLabel(p), index }))];
  parts.push(el('p', { class: 'check ' + checkClass(checked) }, checkText(checked)));
  parts.push(el('dl', { class: 'facts' },
    el('dt', {}, t('col.issuer')), el('dd', {}, orgLink(ctx, issuerName(ctx, p))),
    el('dt', {}, t('entry.created')), el('dd', {}, p.created ? i18n.formatDate(p.created) : ''),
    el('dt', {}, t('col.logged')), el('dd', {}, checked.logged ? i18n.formatDate(checked.logged) : ''),
    el('dt', {}, t('entry.signers')), el('dd', {}, (checked.signers || []).map((s) => el('code', {}, s)))));
  const body = p.body || {};
  const primary = (PRIMARY[p.kind] || []).filter((k) => body[k] !== undefined);
  parts.push(el('section', { class: 'body', 'data-kind': KINDS.includes(p.kind) ? p.kind : 'unknown' }, el('h2', {}, t('entry.content')),
    el('dl', {}, primary.map((k) => [el('dt', {}, i18n.field(k)), el('dd', {}, render(body[k]))]))));
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !primary.includes(k)));
  if (Object.keys(rest).length) parts.push(el('details', {}, el('summary', {}, t('entry.more')), render(rest)));
  if ((p.refs || []).length) {
    parts.push(el('h2', {}, t('entry.refs')), el('ul', {}, p.refs.map((r) => el('li', {}, RELS.includes(r.rel) ? t('rel.' + r.rel) : String(r.rel), ': ',
      r.log && r.log !== ctx.origin ? r.log + '#' + r.index : entryLink(ctx, r.index)))));
  }
  // The node's word: derived from every log it holds; recomputable with audit thread --compare.
  try {
    const st = await get('/v1/status?entry=' + encodeURIComponent(ctx.origin + '#' + index));
    const by = (st.supersededBy || []).concat(st.amendedBy || []);
    parts.splice(2, 0, el('p', { class: 'status' + (st.current ? '' : ' bad') },
      st.current ? t('entry.current') : t('entry.superseded'), by.length ? ': ' : '',
      by.map((e, i) => [i ? ', ' : '', entryRef(e)])));
  } catch (e) {
    // A node without derived answers for this log: the verified entry still shows.
  }
  try {
    const th = await get(ctx.base + '/v1/thread?entry=' + encodeURIComponent(ctx.origin + '#' + index));
    const others = (th.entries || []).filter((e) => (e.entry || e) !== ctx.origin + '#' + index);
    parts.push(el('h2', {}, t('entry.thread')), el('p', { class: 'note' }, t('entry.nodeSays')));
    parts.push(others.length ? el('ul', {}, others.map((e) => {
      const id = String(e.entry || e);
      const [o, i] = [id.slice(0, id.lastIndexOf('#')), id.slice(id.lastIndexOf('#') + 1)];
      return el('li', {}, o === ctx.origin ? entryLink(ctx, i, id) : id, e.kind ? ' (' + kindLabel(e) + ')' : '');
    })) : el('p', {}, t('entry.noThread')));
  } catch (e) {
    // Mirrors without derived answers, or a node that refuses: the verified entry still shows.
  }
  return parts;
}


// ---- pages of derived answers: the node's word over every log it holds ----

async function orgPage(ctx, name, params) {
  const parts = [heading(t('org.title', { name }))];
  const at = name.lastIndexOf('@');
  const bare = at < 0 ? name : name.slice(0, at);
  const home = at < 0 ? ctx.origin : name.slice(at + 1);
  // Its keys are granted in its home log: this node's own, or one it mirrors, or elsewhere.
  const mirrored = (ctx.log.mirrors || []).some((m) => m.origin === home);
  const hctx = home === ctx.origin ? ctx : mirrored ? await context(home) : null;
  if (hctx) {
    const keys = await get(hctx.base + '/v1/keys');
    const mine = (keys.keys || []).filter((k) => k.organization === bare);
    parts.push(el('h2', {}, t('org.keys')), el('p', { class: 'note' }, t('org.keysNote')));
    parts.push(mine.length ? el('table', { class: 'entries' }, el('caption', {}, t('org.keysCaption', { size: keys.size })),
      el('thead', {}, el('tr', {}, [t('org.key'), t('org.role'), t('org.granted'), t('org.validUntil')].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, mine.map((k) => el('tr', {}, el('td', {}, el('code', {}, k.keyId)), el('td', {}, k.role),
        el('td', {}, k.grantedAt !== undefined ? entryLink(hctx, k.grantedAt) : ''), el('td', {}, k.validUntil || '')))))
      : el('p', {}, t('org.noKeys')));
  } else {
    parts.push(el('p', {}, t('org.elsewhere', { home })));
  }
  parts.push(el('h2', {}, t('org.figures')), nodeSays());
  try {
    const st = await get('/v1/stats?org=' + encodeURIComponent(name));
    const o = (st.organizations || [])[0];
    parts.push(o ? el('dl', { class: 'facts' },
      el('dt', {}, t('org.findings')), el('dd', {}, String(o.findings)),
      el('dt', {}, t('org.answered')), el('dd', {}, String(o.answered)),
      el('dt', {}, t('org.overdue')), el('dd', {}, String(o.overdue)),
      el('dt', {}, t('org.median')), el('dd', {}, duration(o.medianSecondsToFirstResponse)),
      el('dt', {}, t('org.p90')), el('dd', {}, duration(o.p90SecondsToFirstResponse)))
      : el('p', {}, t('org.noFigures')));
  } catch (e) {
    parts.push(el('p', { class: 'bad' }, e.message));
  }
  parts.push(el('h2', {}, t('org.entries', { origin: ctx.origin })));
  const q = new URLSearchParams({ issuer: name, limit: String(PAGE) });
  if (params.get('after')) q.set('after', params.get('after'));
  const page = await get(ctx.base + '/v1/search?' + q);
  const items = [];
  parts.push(el('p', { class: 'note' }, t('search.note')));
  for (const e of page.entries.slice(0, PAGE)) items.push(await checkLeaf(ctx, e.index, v.b64decode(e.leaf)));
  parts.push(entriesTable(ctx, items));
  if (page.next !== null && page.next !== undefined) parts.push(pager(href(null, 'org', name, { after: page.next })));
  return parts;
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const days = Number(seconds) / 86400;
  const one = (x) => new Intl.NumberFormat(i18n.lang(), { maximumFractionDigits: 1 }).format(x);
  return days >= 1 ? t('unit.days', { n: one(days) }) : t('unit.hours', { n: one(Number(seconds) / 3600) });
}

const STATUSES = ['open', 'overdue', 'responded', 'implemented', 'closed'];

async function findingsPage(ctx, params) {
  const status = STATUSES.includes(params.get('status')) ? params.get('status') : 'open';
  const parts = [heading(t('findings.title')), nodeSays()];
  parts.push(el('nav', { class: 'tabs', 'aria-label': t('findings.status') }, STATUSES.map((st) => el('a', {
    href: href(null, 'findings', null, { status: st }), 'aria-current': st === status ? 'page' : null }, t('status.' + st)))));
  const q = new URLSearchParams({ status, limit: String(PAGE) });
  if (params.get('after')) q.set('after', params.get('after'));
  const page = await get('/v1/findings?' + q);
  const rows = page.findings || [];
  parts.push(rows.length ? el('table', { class: 'entries' },
    el('caption', {}, t('findings.caption', { status: t('status.' + status), asOf: page.asOf })),
    el('thead', {}, el('tr', {}, [t('col.index'), t('col.issuer'), t('col.summary'), t('findings.audited'), t('findings.due'), t('findings.firstResponse')].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((f) => el('tr', {},
      el('td', {}, entryRef(f.finding)), el('td', {}, orgLink(ctx, f.issuer)), el('td', {}, f.title || ''),
      el('td', {}, (f.audited || []).join(', ')), el('td', {}, f.responseDueDate || ''),
      el('td', {}, f.secondsToFirstResponse !== undefined ? duration(f.secondsToFirstResponse) : '—')))))
    : el('p', {}, t('findings.none')));
  if (page.next !== null && page.next !== undefined) parts.push(pager(href(null, 'findings', null, { status, after: page.next })));
  return parts;
}

const BY = ['buyer', 'supplier', 'method', 'classification', 'technology', 'all'];
const STAGES = ['planned', 'tendered', 'awarded', 'contracted', 'paid'];

async function budgetPage(ctx, params) {
  const by = BY.includes(params.get('by')) ? params.get('by') : 'buyer';
  const period = /^\d{4}(-\d{2})?$/.test(params.get('period') || '') ? params.get('period') : '';
  const parts = [heading(t('budget.title')), nodeSays()];
  parts.push(el('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    location.hash = href(null, 'budget', null, { by: f.get('by'), period: f.get('period') });
  } },
  el('label', { for: 'b-by' }, t('budget.by')),
  el('select', { id: 'b-by', name: 'by' }, BY.map((b) => el('option', { value: b, selected: b === by }, t('by.' + b)))),
  el('label', { for: 'b-period' }, t('budget.period')),
  el('input', { id: 'b-period', name: 'period', value: period, placeholder: '2026 / 2026-03', pattern: '\\d{4}(-\\d{2})?' }),
  el('button', { type: 'submit' }, t('timeline.apply'))));
  const q = new URLSearchParams({ by, limit: String(PAGE) });
  if (period) q.set('period', period);
  if (params.get('after')) q.set('after', params.get('after'));
  const page = await get('/v1/budget?' + q);
  const rows = page.rows || [];
  if (!rows.length) {
    parts.push(el('p', {}, t('budget.none')));
    return parts;
  }
  parts.push(chart(rows));
  parts.push(el('table', { class: 'entries numbers' }, el('caption', {}, t('budget.caption', { by: t('by.' + by), period: period || t('budget.allTime') })),
    el('thead', {}, el('tr', {}, [t('budget.key'), t('field.currency')].concat(STAGES.map((st) => t('stage.' + st))).map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, el('td', {}, r.key), el('td', {}, r.currency),
      STAGES.map((st) => el('td', { class: 'number' }, String(r[st]))))))));
  parts.push(el('p', {}, el('a', { href: '/v1/budget?' + new URLSearchParams({ by, ...(period ? { period } : {}), format: 'csv' }) }, t('budget.csv'))));
  if (page.next) parts.push(pager(href(null, 'budget', null, { by, period, after: page.next })));
  return parts;
}

/** Awarded and paid per key, as horizontal bars (SVG: no chart library), for the first currency. */
function chart(rows) {
  const currency = rows[0].currency;
  const mine = rows.filter((r) => r.currency === currency).slice(0, 12);
  const max = Math.max(1, ...mine.map((r) => Math.max(Number(r.awarded), Number(r.paid))));
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const h = 22;
  svg.setAttribute('viewBox', '0 0 600 ' + (mine.length * h * 2 + 10));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('budget.chart', { currency }));
  svg.setAttribute('class', 'chart');
  mine.forEach((r, i) => {
    const y = i * h * 2 + 5;
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', '0');
    label.setAttribute('y', String(y + 14));
    label.textContent = r.key.length > 28 ? r.key.slice(0, 27) + '…' : r.key;
    svg.append(label);
    [['awarded', 0], ['paid', h - 4]].forEach(([st, dy]) => {
      const bar = document.createElementNS(ns, 'rect');
      bar.setAttribute('x', '220');
      bar.setAttribute('y', String(y + dy));
      bar.setAttribute('height', String(h - 6));
      bar.setAttribute('width', String(Math.max(1, (Number(r[st]) / max) * 360)));
      bar.setAttribute('class', 'bar-' + st);
      const title = document.createElementNS(ns, 'title');
      title.textContent = t('stage.' + st) + ': ' + r[st] + ' ' + currency;
      bar.append(title);
      svg.append(bar);
    });
  });
  return el('figure', {}, svg, el('figcaption', {}, t('budget.legend', { currency })));
}

async function flagsPage(ctx, params) {
  const parts = [heading(t('flags.title')), nodeSays()];
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (params.get('rule')) q.set('rule', params.get('rule'));
  if (params.get('offset')) q.set('offset', params.get('offset'));
  const page = await get('/v1/flags?' + q);
  parts.push(el('nav', { class: 'tabs', 'aria-label': t('flags.rules') },
    el('a', { href: href(null, 'flags'), 'aria-current': !params.get('rule') ? 'page' : null }, t('flags.all')),
    (page.rules || []).map((r) => el('a', { href: href(null, 'flags', null, { rule: r.rule }),
      'aria-current': params.get('rule') === r.rule ? 'page' : null, title: r.description }, r.rule))));
  const rows = page.flags || [];
  parts.push(rows.length ? el('table', { class: 'entries' }, el('caption', {}, t('flags.caption', { total: page.total })),
    el('thead', {}, el('tr', {}, [t('flags.rule'), t('flags.threshold'), t('field.buyer'), t('field.ocid'), t('flags.detail'), t('flags.entries')].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((f) => el('tr', {}, el('td', {}, f.rule), el('td', {}, String(f.threshold)),
      el('td', {}, orgLink(ctx, f.buyer)), el('td', {}, f.ocid || ''), el('td', {}, f.detail),
      el('td', {}, (f.entries || []).slice(0, 10).map((e, i) => [i ? ', ' : '', entryRef(e)]),
        f.entriesTotal > 10 ? ' …' : '')))))
    : el('p', {}, t('flags.none')));
  if (page.next !== null && page.next !== undefined) parts.push(pager(href(null, 'flags', null, { rule: params.get('rule'), offset: page.next })));
  return parts;
}

function entriesTable(ctx, items) {
  if (!items.length) return el('p', {}, t('timeline.none'));
  return el('table', { class: 'entries' },
    el('caption', {}, t('timeline.caption')),
    el('thead', {}, el('tr', {}, [t('col.index'), t('col.kind'), t('col.issuer'), t('col.summary'), t('col.logged'), t('col.check')].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, items.map((it) => el('tr', { 'data-index': it.index },
      el('td', {}, entryLink(ctx, it.index)),
      el('td', {}, kindLabel(it.payload)),
      el('td', {}, orgLink(ctx, issuerName(ctx, it.payload))),
      el('td', {}, String(summary(it.payload)).slice(0, 120)),
      el('td', {}, it.logged ? i18n.formatDate(it.logged) : ''),
      el('td', { class: checkClass(it) }, checkText(it))))));
}

// ---- shell ----

function renderNav(route) {
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav.label'));
  nav.replaceChildren(...[
    el('a', { href: href(route.mirror, 'log'), 'aria-current': route.page === 'log' ? 'page' : null }, t('nav.log')),
    el('a', { href: href(route.mirror, 'timeline'), 'aria-current': route.page === 'timeline' ? 'page' : null }, t('nav.timeline')),
    el('a', { href: href(null, 'findings'), 'aria-current': route.page === 'findings' ? 'page' : null }, t('nav.findings')),
    el('a', { href: href(null, 'budget'), 'aria-current': route.page === 'budget' ? 'page' : null }, t('nav.budget')),
    el('a', { href: href(null, 'flags'), 'aria-current': route.page === 'flags' ? 'page' : null }, t('nav.flags')),
    route.mirror ? el('a', { href: href(null, 'log') }, t('nav.home')) : null].filter((x) => x));
  document.getElementById('app-name').textContent = t('app.name');
  document.getElementById('lang-label').textContent = t('language');
  document.getElementById('skip').textContent = t('skip');
}

// Each navigation is numbered: a slower earlier one never draws over a later one.
let generation = 0;

async function show() {
  const mine = ++generation;
  const route = parseRoute();
  renderNav(route);
  main.setAttribute('aria-busy', 'true');
  main.replaceChildren(el('p', {}, t('loading')));
  // Nothing stays green while a page is being checked.
  badge.className = 'badge checking';
  badge.dataset.state = 'checking';
  badge.replaceChildren(el('strong', {}, t('loading')));
  let parts;
  let view = null;
  try {
    const ctx = await context(route.mirror, route.page === 'log');
    await ownLog();
    // This page's own tally of entries, over the log's shared, finished verification.
    view = Object.assign(Object.create(ctx), { page: newPage() });
    if (route.page === 'timeline') parts = await timelinePage(view, route.params);
    else if (route.page === 'entry') parts = await entryPage(view, route.arg);
    else if (route.page === 'org') parts = await orgPage(view, route.arg || '', route.params);
    else if (route.page === 'findings') parts = await findingsPage(view, route.params);
    else if (route.page === 'budget') parts = await budgetPage(view, route.params);
    else if (route.page === 'flags') parts = await flagsPage(view, route.params);
    else parts = await logPage(view);
  } catch (e) {
    parts = null;
    view = e;
  }
  if (mine !== generation) return;
  if (parts) {
    main.replaceChildren(...parts.flat(Infinity).filter((x) => x));
    renderBadge(view);
  } else {
    main.replaceChildren(el('h1', {}, t('error.title')), el('p', { class: 'bad' }, view.message));
    badge.className = 'badge failed';
    badge.dataset.state = 'failed';
    badge.replaceChildren(el('strong', {}, t('badge.failed.title')), el('p', {}, view.message));
  }
  main.removeAttribute('aria-busy');
  document.body.dataset.ready = 'true';
  // When the first page is shown and verified (Navigation Timing's clock): bench ExplorerFirstPage.
  if (!performance.getEntriesByName('explorer-ready').length) performance.mark('explorer-ready');
  else main.focus({ preventScroll: true });
}

async function start() {
  // The skip link moves focus without changing the hash, which names the page.
  document.getElementById('skip').addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
  });
  await i18n.init();
  const select = document.getElementById('lang');
  select.replaceChildren(...Object.entries(i18n.offered()).map(([code, name]) => el('option', { value: code, selected: code === i18n.lang() }, name)));
  select.addEventListener('change', async () => {
    await i18n.use(select.value);
    document.body.dataset.ready = 'false';
    show();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#/') || location.hash === '') {
      document.body.dataset.ready = 'false';
      show();
    }
  });
  await show();
}

start();
