// Every word the explorer shows comes from a message catalogue (i18n/<lang>.json); the languages
// offered are listed in i18n/languages.json, so a language is added with two files, no code.

let catalogue = {};
let fallback = {};
let current = 'en';
let languages = { en: 'English' };

async function load(lang) {
  const r = await fetch('/explorer/i18n/' + encodeURIComponent(lang) + '.json');
  if (!r.ok) throw new Error('no catalogue for ' + lang);
  return r.json();
}

/** Picks the stored choice, else the browser's first language offered, else English. */
export async function init() {
  languages = await (await fetch('/explorer/i18n/languages.json')).json();
  fallback = await load('en');
  let choice = null;
  try {
    choice = localStorage.getItem('auditledger.lang');
  } catch (e) {
    choice = null;
  }
  if (!choice || !languages[choice]) {
    choice = 'en';
    for (const l of navigator.languages || [navigator.language || 'en']) {
      const base = String(l).toLowerCase().split('-')[0];
      if (languages[base]) {
        choice = base;
        break;
      }
    }
  }
  await use(choice);
}

export async function use(lang) {
  catalogue = lang === 'en' ? fallback : await load(lang);
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem('auditledger.lang', lang);
  } catch (e) {
    // no storage: the choice lasts this page only
  }
}

export function lang() {
  return current;
}

export function offered() {
  return languages;
}

/** The message {@code key}, with {name} placeholders filled from {@code vars}. */
export function t(key, vars) {
  let s = catalogue[key] ?? fallback[key] ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) s = s.split('{' + k + '}').join(String(v));
  }
  return s;
}

/** A field's label, or the field's own name when the catalogue has none. */
export function field(name) {
  return catalogue['field.' + name] ?? fallback['field.' + name] ?? name;
}

export function formatNumber(n) {
  return new Intl.NumberFormat(current).format(n);
}

export function formatDate(iso) {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d)
    + ' UTC';
}
