// Scores the sentiment fixture with the npm reference scorers (vader-sentiment, sentiment)
// and prints the same JSON lines as bench/sentiment.cpp, so figures are comparable.
// Usage: node bench/sentiment_peers.mjs [--fixtures DIR] [--node-modules DIR] [--sample N]
// --sample N scores every Nth row of each three-class set (multilang-sentiment takes ~30 ms a
// text); earshot-bench --sample N reports its figures on the same rows.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
};
const fixtures = arg('--fixtures', path.resolve(here, '../../shared/fixtures'));
const nodeModules = arg('--node-modules', path.resolve(here, '../node_modules'));
const sampleEvery = Math.max(1, Number(arg('--sample', '1')) || 1);
const require = createRequire(path.join(nodeModules, 'noop.js'));

const tsv = path.join(fixtures, 'sentiment/tweets_GroundTruth.dev.tsv');
const rows = [];
for (const line of readFileSync(tsv, 'utf8').split('\n')) {
  const cols = line.split('\t');
  if (cols.length < 3) continue;
  rows.push({ mean: Number(cols[1]), text: cols.slice(2).join('\t') });
}

// Same definitions as bench/sentiment.cpp: Pearson r against the human means; 3 classes with
// the human mean split at +-0.5 and each scorer's own neutral band.
function pearson(xs, ys) {
  const n = xs.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += xs[i]; my += ys[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx, dy = ys[i] - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
const cls = (v, t) => (v > t ? 1 : v < -t ? -1 : 0);

function run(peer, score, neutralBand) {
  const scores = rows.map((r) => score(r.text));
  const truth = rows.map((r) => r.mean);
  let hit = 0;
  for (let i = 0; i < rows.length; i++) hit += cls(truth[i], 0.5) === cls(scores[i], neutralBand) ? 1 : 0;
  // Throughput over repeated passes (at least ~1 s of work).
  let n = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  let sink = 0;
  while (elapsed < 1.0) {
    for (const r of rows) sink += score(r.text);
    n += rows.length;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  if (sink === 1e300) console.error('');
  console.log(JSON.stringify({
    bench: 'sentiment', peer, target: 'node', r: Number(pearson(scores, truth).toFixed(4)),
    accuracy: Number((hit / rows.length).toFixed(4)), texts_per_s: Math.round(n / elapsed),
    texts: rows.length,
  }));
}

const vader = require('vader-sentiment');
run('vader-sentiment', (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound, 0.05);

const Sentiment = require('sentiment');
const sentiment = new Sentiment();
// `score` (the AFINN sum) correlates better than `comparative` (sum / tokens); neutral is 0.
run('sentiment', (t) => sentiment.analyze(t).score, 0);
// Its documented normalised figure, for completeness.
run('sentiment-comparative', (t) => sentiment.analyze(t).comparative, 0);

// [SECTION] Three-class tweet sets per language: the same rows and metric as
// bench_sentiment_languages in bench/sentiment.cpp (TweetEval val, UMSAB train+val; the test
// splits are never read; UMSAB's English split is skipped as there, being mostly TweetEval val). Each peer's neutral class is a score of exactly 0 (they sum integer
// or word-level ratings) except vader-sentiment's compound, split at its documented +-0.05.
const SETS = [
  ['tweeteval', 'en', ['tweeteval-val.tsv']],
  ['umsab-es', 'es', ['umsab-es-train.tsv', 'umsab-es-val.tsv']],
  ['umsab-fr', 'fr', ['umsab-fr-train.tsv', 'umsab-fr-val.tsv']],
  ['umsab-de', 'de', ['umsab-de-train.tsv', 'umsab-de-val.tsv']],
  ['umsab-it', 'it', ['umsab-it-train.tsv', 'umsab-it-val.tsv']],
  ['umsab-pt', 'pt', ['umsab-pt-train.tsv', 'umsab-pt-val.tsv']],
];
const loadLabelled = (file) => {
  const out = [];
  for (const line of readFileSync(path.join(fixtures, 'sentiment', file), 'utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab !== 1 || !'012'.includes(line[0])) continue;
    out.push({ gold: Number(line[0]), text: line.slice(tab + 1) });
  }
  return out;
};
const macroRecall = (gold, got) => {
  const hit = [0, 0, 0], support = [0, 0, 0];
  gold.forEach((g, i) => { support[g]++; if (got[i] === g) hit[g]++; });
  return hit.reduce((s, h, c) => s + (support[c] ? h / support[c] : 0), 0) / 3;
};
const cls3 = (v, t) => (v > t ? 2 : v < -t ? 0 : 1);

const multilang = require('multilang-sentiment'); // fuzzy lookups: ~30 ms a text, minutes a run
process.env.DOTENV_CONFIG_QUIET = 'true'; // a dependency of natural logs its .env search otherwise
const natural = require('natural');
const NATURAL = { en: ['English', 'afinn'], es: ['Spanish', 'afinn'], pt: ['Portuguese', 'afinn'],
  fr: ['French', 'pattern'], de: ['German', 'pattern'], it: ['Italian', 'pattern'] };
const naturalTokenizer = new natural.WordPunctTokenizer();
for (const [name, lang, files] of SETS) {
  let rows;
  try {
    rows = files.flatMap(loadLabelled);
  } catch {
    console.log(JSON.stringify({ bench: 'sentiment_3class', set: name, skipped: 'fixture not found' }));
    continue;
  }
  rows = rows.filter((_, i) => i % sampleEvery === 0);
  const gold = rows.map((r) => r.gold);
  const [naturalLang, naturalType] = NATURAL[lang];
  const analyzer = new natural.SentimentAnalyzer(naturalLang, null, naturalType);
  const peers = [
    ['vader-sentiment', (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound, 0.05],
    ['sentiment', (t) => sentiment.analyze(t).score, 0],
    ['multilang-sentiment', (t) => multilang(t, lang).score, 0],
    [`natural-${naturalType}`, (t) => analyzer.getSentiment(naturalTokenizer.tokenize(t)) || 0, 0],
  ];
  for (const [peer, score, band] of peers) {
    const got = rows.map((r) => cls3(score(r.text), band));
    console.log(JSON.stringify({ bench: 'sentiment_3class', peer, target: 'node', set: name, lang,
      macro_recall: Number(macroRecall(gold, got).toFixed(4)), texts: rows.length,
      ...(sampleEvery > 1 ? { sample_every: sampleEvery } : {}) }));
  }
}
