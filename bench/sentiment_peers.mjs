// Scores the sentiment fixture with the npm reference scorers (vader-sentiment, sentiment)
// and prints the same JSON lines as bench/sentiment.cpp, so figures are comparable.
// Usage: node bench/sentiment_peers.mjs [--fixtures DIR] [--node-modules DIR]
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
