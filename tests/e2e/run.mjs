// Browser tests: Playwright (playwright-core) driving Debian's Chromium headless
// against the real stack (demo source + proxy + built web app), started here on
// free loopback ports. Usage: node tests/e2e/run.mjs [repo root]
// Screenshots go to build/e2e/. Ends with "N passed, N failed".
import {AsyncLocalStorage} from 'node:async_hooks';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {createRequire} from 'node:module';

const root = path.resolve(process.argv[2] || path.join(path.dirname(new URL(import.meta.url).pathname), '../..'));
const require = createRequire(path.join(root, 'package.json'));
const {chromium} = require('playwright-core');
const outDir = path.join(root, 'build/e2e');
fs.mkdirSync(outDir, {recursive: true});

// The suite: WebGL2 through SwiftShader with software compositing (--disable-gpu). Each
// drawn frame then reads the canvas back on the page's thread (GLES2::ReadPixels), a cost
// a browser with a GPU does not have. The benches that judge frames use GPU_ARGS instead:
// WebGL in Chromium's GPU process (SwiftShader there) with GPU compositing, the canvas
// handed to the compositor as a GPU browser does. EARSHOT_E2E_GPU=1 runs the suite so too.
const BASE_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const GPU_ARGS = BASE_ARGS;
const CHROMIUM_ARGS = process.env.EARSHOT_E2E_GPU ? GPU_ARGS : ['--disable-gpu', ...BASE_ARGS];

// [SECTION] Harness

const results = [];
let currentTest = '';
const only = process.env.EARSHOT_E2E_ONLY ? new RegExp(process.env.EARSHOT_E2E_ONLY) : null; // while debugging one test
// A test that runs this long has hung: it fails with that reason and the suite goes on (ctest
// would otherwise kill the whole suite at its timeout, naming nothing). `state` and `press`
// throw once their test has timed out, so a loop left behind stops touching the page.
const TEST_TIMEOUT_MS = Number(process.env.EARSHOT_E2E_TEST_TIMEOUT_MS || 300000);
const testContext = new AsyncLocalStorage(); // which test's run the calling code belongs to
const timedOut = new Set();
let testRun = 0;
function checkNotTimedOut() {
  if (timedOut.has(testContext.getStore())) throw new Error('this test already timed out');
}
async function test(name, fn) {
  if (only && !only.test(name)) return;
  currentTest = name;
  const run = ++testRun;
  const t0 = Date.now();
  let timer;
  try {
    await Promise.race([testContext.run(run, fn), new Promise((_, reject) => {
      timer = setTimeout(() => {
        timedOut.add(run);
        reject(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s (EARSHOT_E2E_TEST_TIMEOUT_MS)`));
      }, TEST_TIMEOUT_MS);
    })]);
    clearTimeout(timer);
    results.push([name, true]);
    console.log(`ok    ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    clearTimeout(timer);
    results.push([name, false, String(e && e.message || e).slice(0, 600)]);
    console.log(`FAIL  ${name}: ${e && e.stack || e}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function start(bin, args, env = {}) {
  const child = spawn(path.join(root, 'build/native', bin), args, {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  child.log = () => log;
  return child;
}

/** With EARSHOT_E2E_CPUPROFILE=<dir>, a bench records the page's CPU profile there
 *  (open it in Chromium's DevTools; link the app with --profiling-funcs for names). */
async function startCpuProfile(p) {
  if (!process.env.EARSHOT_E2E_CPUPROFILE) return null;
  if (process.env.EARSHOT_E2E_TRACE) {
    const cdp = await p.context().newCDPSession(p);
    cdp.events = [];
    cdp.on('Tracing.dataCollected', (e) => cdp.events.push(...e.value));
    await cdp.send('Tracing.start', {categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,gpu,toplevel', transferMode: 'ReportEvents'});
    cdp.tracing = true;
    return cdp;
  }
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', {interval: 500});
  await cdp.send('Profiler.start');
  return cdp;
}
async function stopCpuProfile(cdp, name) {
  if (!cdp) return;
  if (cdp.tracing) {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    fs.mkdirSync(process.env.EARSHOT_E2E_CPUPROFILE, {recursive: true});
    fs.writeFileSync(path.join(process.env.EARSHOT_E2E_CPUPROFILE, `${name}.trace.json`), JSON.stringify(cdp.events));
    console.log(`      trace: ${longTaskBreakdown(cdp.events)}`);
    return threadTimesOf(cdp.events);
  }
  const {profile} = await cdp.send('Profiler.stop');
  fs.mkdirSync(process.env.EARSHOT_E2E_CPUPROFILE, {recursive: true});
  const file = path.join(process.env.EARSHOT_E2E_CPUPROFILE, `${name}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  console.log(`      cpu profile: ${file}`);
}

/** The page's frames as processor time, from a light Chromium trace: each frame task
 *  (the main-thread task that runs requestAnimationFrame callbacks, then style, layout
 *  and paint) with its thread time (`tdur`). The app's own clock around its frame is wall
 *  time: on 2 shared cores the page's thread is often descheduled inside a frame (the
 *  GPU process, the browser and the test runner want the same cores), and a CPU profile
 *  then shows a single 8-12 ms sample in whatever leaf function was running. Returns a
 *  function that stops the trace and gives the percentiles. */
async function startFrameTrace(p, name) {
  const cdp = await p.context().newCDPSession(p);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  // With EARSHOT_E2E_CPUPROFILE=<dir> the trace is kept there, with what the frames hold
  // (blink's style, layout and paint; heavier, so the figures are higher).
  const keep = process.env.EARSHOT_E2E_CPUPROFILE;
  await cdp.send('Tracing.start', {categories: keep ? 'devtools.timeline,toplevel,blink,cc' : 'devtools.timeline,toplevel',
                                   transferMode: 'ReportEvents'});
  return async () => {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
    if (keep) {
      fs.mkdirSync(keep, {recursive: true});
      fs.writeFileSync(path.join(keep, `${name}.trace.json`), JSON.stringify(events));
    }
    return threadTimesOf(events);
  };
}

/** Thread time of the page's tasks in a Chromium trace (see startFrameTrace). */
function threadTimesOf(events) {
  const byThread = new Map();
  for (const e of events) if (e.name === 'FireAnimationFrame') byThread.set(`${e.pid}:${e.tid}`, (byThread.get(`${e.pid}:${e.tid}`) || 0) + 1);
  if (!byThread.size) return null;
  const main = [...byThread.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const on = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.tdur !== undefined);
  // Drawn frames only: after the input settles the app takes one more animation frame
  // that finds nothing to draw (~0.05 ms), which would pull the percentiles down. A drawn
  // frame's callback takes 1 ms or more; the count is printed next to the app's own.
  const rafs = on.filter((e) => e.name === 'FireAnimationFrame' && e.tdur >= 500);
  const tasks = on.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  const frameTasks = new Set();
  for (const r of rafs) {
    const task = tasks.find((t) => t.ts <= r.ts && t.ts + t.dur >= r.ts + r.dur);
    if (task) frameTasks.add(task);
  }
  const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0; };
  const ms = [...frameTasks].map((t) => t.tdur / 1000);
  // Every task of the page's thread (our import slices, frames, timers): its wall time
  // counts the waits for a core on a loaded machine, its thread time only its own work.
  const seen = new Set();
  const all = tasks.filter((t) => !seen.has(t.ts) && seen.add(t.ts));
  const longWall = all.filter((t) => t.dur > 50000);
  return {frames: ms.length, p50: pct(ms, 0.5), p95: pct(ms, 0.95), max: pct(ms, 1),
          raf_p95: pct(rafs.map((r) => r.tdur / 1000), 0.95),
          tasks: all.length, task_cpu_max: pct(all.map((t) => t.tdur / 1000), 1),
          tasks_over_50_wall: longWall.length, tasks_over_50_cpu: all.filter((t) => t.tdur > 50000).length,
          long_task_cpu_max: pct(longWall.map((t) => t.tdur / 1000), 1)};
}

/** What filled the page's long tasks (over 50 ms) in a Chromium trace. In headless Chromium
 *  with --disable-gpu each drawn frame reads the WebGL canvas back through SwiftShader
 *  (GLES2::ReadPixels inside BeginMainFrame): the GPU's drawing done on the CPU, which a
 *  browser with a GPU does not do on the main thread. Told apart from the page's own work. */
function longTaskBreakdown(events) {
  const calls = new Map();
  for (const e of events) if (e.name === 'FunctionCall') calls.set(`${e.pid}:${e.tid}`, (calls.get(`${e.pid}:${e.tid}`) || 0) + 1);
  if (!calls.size) return 'no page thread found';
  const main = [...calls.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const on = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined);
  const seen = new Set();
  const tasks = on.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur > 50000 && !seen.has(e.ts) && seen.add(e.ts));
  let readback = 0, total = 0, frames = 0, longestOther = 0;
  for (const t of tasks) {
    const inside = (name) => on.filter((e) => e.name === name && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur)
      .reduce((sum, e) => sum + e.dur, 0);
    const read = inside('GLES2::ReadPixels');
    if (read > 0) frames++;
    readback += read;
    total += t.dur;
    longestOther = Math.max(longestOther, t.dur - read);
  }
  // What the longest task spent its time in: the trace events inside it, summed by name.
  const longest = tasks.reduce((a, t) => (!a || t.dur > a.dur ? t : a), null);
  let within = '';
  if (longest) {
    const byName = new Map();
    for (const e of on)
      if (e !== longest && e.ts >= longest.ts && e.ts + e.dur <= longest.ts + longest.dur)
        byName.set(e.name, (byName.get(e.name) || 0) + e.dur);
    within = `; the longest (${(longest.dur / 1000).toFixed(0)} ms) holds ` + [...byName.entries()]
      .sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)} ms`).join(', ');
  }
  return `${tasks.length} long tasks on the page's thread, ${frames} of them drawn frames; ` +
    `the software read-back (GLES2::ReadPixels) is ${(readback / 1000).toFixed(0)} ms of their ${(total / 1000).toFixed(0)} ms; ` +
    `without it the longest is ${(longestOther / 1000).toFixed(1)} ms${within}`;
}

/** The proxy answers /api/ only with an X-Earshot-Key (any value when it has no key of its own). */
async function waitForHttp(url, ms = 15000, key = 'e2e') {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { if ((await fetch(url, {headers: {'X-Earshot-Key': key}})).ok) return; } catch (e) {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

const state = async (page) => {
  checkNotTimedOut();
  return JSON.parse(await page.evaluate(() => window.earshot.state()));
};

async function waitForState(page, pred, what, ms = 90000) {
  // Polled on a timer: Playwright's default polls on animation frames, which a hidden tab has none of.
  await page.waitForFunction(() => window.earshot !== undefined, null, {timeout: ms, polling: 100});
  const end = Date.now() + ms;
  let s;
  while (Date.now() < end) {
    s = await state(page);
    if (pred(s)) return s;
    await page.waitForTimeout(200);
  }
  // The fields most waits read come first: a CI report keeps only the message's first 600 characters.
  const brief = s && {view: s.view, mentions: s.mentions, search: s.search, range: s.range, selected: s.selected,
    syncing: s.syncing, problem: s.problem};
  throw new Error(`timed out waiting for ${what}; in brief ${JSON.stringify(brief)}; last state ${JSON.stringify(s)}`);
}

/** Waits until the app has drawn `n` more frames (input is read once a frame), or
 *  has nothing left to draw: an idle app draws no frames, having drawn all it was told. */
async function frames(page, n = 2) {
  const start = (await page.evaluate(() => window.earshot.frameStats())).frames;
  await page.waitForFunction((target) => {
    const f = window.earshot.frameStats();
    return f.frames >= target || f.idle;
  }, start + n, {timeout: 10000, polling: 16});
}

/** ImGui 1.86 polls key state once a frame: hold a key across frames. */
async function press(page, key) {
  checkNotTimedOut();
  await page.keyboard.down(key);
  await frames(page);
  await page.keyboard.up(key);
  await frames(page);
}

async function typeText(page, text) {
  await page.keyboard.type(text);
  await frames(page);
}

async function waitForWidget(page, label, ms = 5000) {
  await page.waitForFunction((l) => window.earshot.locate(l) !== null, label, {timeout: ms});
}

function sameRect(a, b) {
  return !!a && !!b && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

async function clickLabel(page, label, where = 'start') {
  let x = 0, y = 0, r = null;
  // The demo sources keep polling: posts that land between finding a widget and clicking
  // it can move it (a longer list above it in Insights). Found again after the hover,
  // it is clicked once it stands where the pointer is.
  for (let tries = 0; tries < 5; tries++) {
    r = await page.evaluate((l) => window.earshot.locate(l), label);
    assert(r, `no widget labelled "${label}" in the last frame`);
    x = where === 'end' ? r.x + r.w - 4 : r.x + Math.min(r.w / 2, 20);
    y = r.y + r.h / 2;
    // Hover first, as a hand does: ImGui 1.86 ignores a press on an overlapping row
    // (AllowItemOverlap) in the frame the pointer arrives in from another item.
    await page.mouse.move(x, y);
    await frames(page);
    const now = await page.evaluate((l) => window.earshot.locate(l), label);
    if (sameRect(now, r)) break;
  }
  await page.mouse.click(x, y);
  await frames(page); // the click is read on the next frame; typing before it would be lost
  // Where the widget stood in the frame that read the click; null when the click took it away.
  const after = await page.evaluate((l) => window.earshot.locate(l), label);
  return {clicked: r, after};
}

/** Clicks `label` and waits for `pred`. A live view can move a row between the check and
 *  the click: a notice coming or going in the status bar resizes Insights and can leave the
 *  pointer on the heading above the row (likely the CI failure of 57c436f), and a post arriving
 *  between press and release puts another row, with another ID, under the pointer, so ImGui
 *  drops the release (seen in the Leads queue in the CI of 9376a21). Only then is it clicked
 *  again: a click that met its widget and did nothing still fails. The app-side cure (rows of
 *  live lists that act on press) is not done yet. */
async function clickUntil(page, label, pred, what, ms = 5000) {
  for (let tries = 1; ; tries++) {
    const {clicked, after} = await clickLabel(page, label);
    try {
      return await waitForState(page, pred, what, ms);
    } catch (e) {
      const now = await page.evaluate((l) => window.earshot.locate(l), label);
      const moved = (after && !sameRect(after, clicked)) || (now && !sameRect(now, clicked));
      if (!moved || tries === 3) throw e;
      console.log(`      "${label}" moved under the pointer (${JSON.stringify(clicked)} -> ${JSON.stringify(after || now)}): clicked again`);
    }
  }
}

// [SECTION] The stack

const demoPort = await freePort();
const proxyPort = await freePort();
// The suite opens some twenty fresh pages, and each one's first sync reads the demo
// week again. X's real budget (450 searches / 15 min) is one owner's, not a test
// suite's: spent, it left the tests after it waiting on polls that never came (CI of
// d9d6250). Rate limits themselves are tested natively (tests/core, tests/demo).
const demo = start('earshot-demo-source', ['--port', String(demoPort), '--rate-limit', '100000',
  '--bsky-rate-limit', '100000', '--bsky-session-limit', '10000', '--mastodon-rate-limit', '100000']);
const proxy = start('earshot-proxy', ['--port', String(proxyPort), '--web', path.join(root, 'build/web/site')],
  {EARSHOT_DEMO_URL: `http://127.0.0.1:${demoPort}`, X_BEARER_TOKEN: ''});
const url = `http://127.0.0.1:${proxyPort}/`;
const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-e2e-'));
let context;
try {
  await waitForHttp(`${url}api/sources`);
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    viewport: {width: 1280, height: 800},
  });
  let page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  const watch = (p) => p.on('pageerror', (e) => consoleErrors.push(`during "${currentTest}": ${e.stack || e}`));
  watch(page);
  let firstCount = 0;

  await test('first open pulls the demo mentions through the proxy and shows them', async () => {
    await page.goto(url);
    // A loaded machine takes minutes over the free sources' first week of posts.
    const s = await waitForState(page, (s) => s.ready && s.mentions > 0 && !s.syncing && !s.saving, 'the first sync and its save', 300000);
    assert(s.source === 'demo', `source should be demo, got ${s.source}`);
    // The starter listeners from the business profile: my business, one per
    // competitor, my area, my trade, questions people ask.
    const names = s.listeners.map((l) => l.name);
    assert(s.listeners.length >= 5, `starter listeners: ${names}`);
    assert(s.listeners[0].name === 'Harbour Bean' && s.listeners[0].mentions > 0, `my business: ${JSON.stringify(s.listeners[0])}`);
    assert(s.listeners.filter((l) => l.mentions > 0).length >= 4, `most listeners found something: ${JSON.stringify(s.listeners)}`);
    assert(s.listeners.every((l) => l.mentions <= s.mentions), 'a listener never has more than all');
    assert(s.storage.bytes > 0, 'something was stored');
    assert(s.problem === '', `no problem expected, got "${s.problem}"`);
    firstCount = s.mentions;
    await page.screenshot({path: path.join(outDir, 'main.png')});
  });

  await test('the demo is heard on X, Bluesky and Mastodon, and the source filter shows one of them', async () => {
    const s = await waitForState(page, (s) => s.by_source.x > 0 && s.by_source.bsky > 0 && s.by_source.mastodon > 0 &&
      !s.syncing && !s.saving, 'mentions from all three sources');
    assert(s.sources.bsky.mode === 'demo' && s.sources.mastodon.mode === 'demo', `free sources: ${JSON.stringify(s.sources)}`);
    assert(s.sources.bsky.problem === '' && s.sources.mastodon.problem === '', `no problem: ${JSON.stringify(s.sources)}`);
    assert(s.by_source.x + s.by_source.bsky + s.by_source.mastodon === s.mentions, `every mention has its source: ${JSON.stringify(s.by_source)}`);
    firstCount = s.mentions;
    await clickLabel(page, 'source filter');
    await waitForWidget(page, 'source Bluesky');
    await clickLabel(page, 'source Bluesky');
    await waitForState(page, (t) => t.search.shown === s.by_source.bsky, 'only Bluesky mentions shown', 5000);
    await page.screenshot({path: path.join(outDir, 'source-bluesky.png')});
    await clickLabel(page, 'source filter');
    await waitForWidget(page, 'source All sources');
    await clickLabel(page, 'source All sources');
    await waitForState(page, (t) => t.search.shown === t.mentions, 'every source shown again', 5000);
  });

  await test('an idle tab is idle: under 5 % of a core on the settled Mentions view, and input still redraws', async () => {
    const settled = await waitForState(page, (s) => s.ready && !s.syncing && !s.saving && s.view === 'mentions', 'a quiet moment', 30000);
    await page.waitForTimeout(2000); // the last frames after the save, and ImGui settling
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const framesBefore = (await page.evaluate(() => window.earshot.frameStats())).frames;
    const t0 = Date.now(), b0 = await busy();
    await page.waitForTimeout(10000);
    const b1 = await busy(), t1 = Date.now();
    const stats = await page.evaluate(() => window.earshot.frameStats());
    const framesIdle = stats.frames - framesBefore;
    await cdp.send('Performance.disable');
    const after = await state(page);
    const share = (b1 - b0) / ((t1 - t0) / 1000);
    console.log(`      idle: busy ${(b1 - b0).toFixed(3)} s of ${((t1 - t0) / 1000).toFixed(1)} s (${(share * 100).toFixed(2)} % of a core), ${framesIdle} frames drawn (frame CPU p50 ${stats.cpu_ms_p50.toFixed(1)} ms)`);
    assert(after.mentions === settled.mentions && !after.syncing, 'nothing may happen while measuring idle');
    assert(share <= 0.05, `an idle tab must use at most 5 % of a core, used ${(share * 100).toFixed(1)} %`);
    // Input still redraws: the wheel scrolls the list on screen, typing filters it.
    const list = await page.evaluate(() => window.earshot.locate('first mention row'));
    assert(list, 'the mentions list is drawn');
    const before = await page.screenshot();
    await page.mouse.move(list.x + 40, list.y + list.h * 4);
    await page.mouse.wheel(0, 400);
    await frames(page, 3);
    assert(!before.equals(await page.screenshot()), 'a wheel over the list must scroll it on screen');
    await page.mouse.wheel(0, -2000);
    await frames(page, 3);
    await clickLabel(page, 'search');
    await typeText(page, 'zzzzqqqq');
    await waitForState(page, (s) => s.search.shown === 0, 'typing to reach the search', 5000);
    await page.keyboard.down('Control');
    await press(page, 'a');
    await page.keyboard.up('Control');
    await press(page, 'Backspace');
    await waitForState(page, (s) => s.search.shown === s.mentions, 'the cleared search', 5000);
  });

  await test('clicking a row through the real input path selects it and shows the detail pane', async () => {
    await clickLabel(page, 'first mention row');
    const s = await waitForState(page, (s) => s.selected !== '', 'a selection', 5000);
    assert(/^(x|bsky|mastodon):/.test(s.selected), `selected id names its source: ${s.selected}`);
    await waitForWidget(page, 'mention text');
    const network = {x: 'X', bsky: 'Bluesky', mastodon: 'Mastodon'}[s.selected.split(':')[0]];
    assert(await page.evaluate((n) => window.earshot.locate(`Open on ${n}`), network), `open button drawn for ${network}`);
    await page.screenshot({path: path.join(outDir, 'detail.png')});
  });

  let listenerCount = 0;
  await test('s stars and e resolves the selected mention (keyboard first)', async () => {
    await press(page, 's');
    await press(page, 'e');
    const s = await state(page);
    assert(s.selected_workflow && s.selected_workflow.starred === true, `starred: ${JSON.stringify(s.selected_workflow)}`);
    assert(s.selected_workflow.status === 'resolved', `status: ${JSON.stringify(s.selected_workflow)}`);
    assert(s.workflow.starred === 1, `one starred: ${JSON.stringify(s.workflow)}`);
    // Tag and assign it through the detail pane.
    await clickLabel(page, 'tag');
    await typeText(page, 'oat milk');
    await clickLabel(page, 'Add tag');
    await clickLabel(page, 'assignee');
    await typeText(page, 'Mia');
    const t = await waitForState(page, (s) => s.selected_workflow.tags.includes('oat milk') &&
                                          s.selected_workflow.assignee === 'Mia', 'the tag and assignee', 5000);
    assert(t.selected_workflow.starred, 'still starred');
    await clickLabel(page, 'first mention row'); // leave the text box: keys go to the list again
    await waitForState(page, (s) => !s.saving, 'the workflow save', 10000);
  });

  const ASKING = 1 | 2 | 8 | 16; // complaint, question, purchase intent, recommendation request
  await test('the inbox puts what needs you first, by urgency, then everything else', async () => {
    await clickLabel(page, 'Inbox');
    await page.mouse.wheel(0, -100000); // the top of the list
    await frames(page, 3);
    const s = await state(page);
    assert(s.inbox.needs_you > 0, `the demo has complaints and questions: ${JSON.stringify(s.inbox)}`);
    const top = s.inbox.top;
    assert(top.length >= 5, `rows on screen: ${top.length}`);
    const needs = top.slice(0, Math.min(top.length, s.inbox.needs_you));
    for (const r of needs) {
      assert(r.intents & ASKING, `a needs-you row asks something: ${JSON.stringify(r)}`);
      assert(r.status !== 'replied' && r.status !== 'resolved', `a needs-you row is unanswered: ${JSON.stringify(r)}`);
    }
    for (let i = 1; i < needs.length; ++i)
      assert(needs[i - 1].urgency >= needs[i].urgency, `by urgency: ${JSON.stringify(needs.slice(i - 1, i + 1))}`);
    await page.screenshot({path: path.join(outDir, 'inbox.png')});
    // "Needs you" alone: exactly the group, and a resolve (e) takes the post out of it.
    await clickLabel(page, 'Needs you');
    await waitForState(page, (t) => t.search.shown === t.inbox.needs_you, 'only what needs you', 5000);
    await clickLabel(page, 'first mention row');
    const picked = (await waitForState(page, (t) => t.selected !== '', 'a selection', 5000)).selected;
    await press(page, 'e');
    // (The first sync may still bring posts in, so the count is not compared.)
    await waitForState(page, (t) => t.selected_workflow.status === 'resolved' && !t.inbox.top.some((r) => r.id === picked),
      'the resolved post out of the needs-you list', 5000);
    await clickLabel(page, 'Needs you');
    await waitForState(page, (t) => t.search.shown === t.mentions, 'every post again', 5000);
  });

  await test('quick filters: intent, tone, language and unread narrow the inbox and clear again', async () => {
    await clickLabel(page, 'intent filter');
    await clickLabel(page, 'intent complaint');
    const c = await waitForState(page, (t) => t.search.shown > 0 && t.search.shown < t.mentions, 'complaints only', 5000);
    assert(c.inbox.top.every((r) => r.intents & 1), `every row a complaint: ${JSON.stringify(c.inbox.top)}`);
    await clickLabel(page, 'tone filter');
    await clickLabel(page, 'tone positive');
    const cp = await waitForState(page, (t) => t.search.shown < c.search.shown, 'positive complaints are fewer', 5000);
    await clickLabel(page, 'Clear filters');
    await waitForState(page, (t) => t.search.shown === t.mentions, 'cleared', 5000);
    await clickLabel(page, 'language filter');
    await clickLabel(page, 'language en');
    const en = await waitForState(page, (t) => t.search.shown > 0 && t.search.shown < t.mentions, 'English only', 5000);
    await clickLabel(page, 'Unread');
    await waitForState(page, (t) => t.search.shown < en.search.shown, 'unread English', 5000);
    await clickLabel(page, 'Clear filters');
    await waitForState(page, (t) => t.search.shown === t.mentions, 'cleared again', 5000);
    console.log(`      complaints ${c.search.shown}, positive complaints ${cp.search.shown}, English ${en.search.shown}, of ${c.mentions}`);
  });

  await test('keys: x selects for a bulk resolve that survives a reload; r opens the reply composer; ? lists the keys', async () => {
    await clickLabel(page, 'first mention row');
    await page.evaluate(() => { window.__opened = []; window.open = (u) => { window.__opened.push(u); return null; }; });
    const first = await waitForState(page, (t) => t.selected !== '', 'a selection', 5000);
    const before = first.workflow.resolved;
    const ids = [];
    for (let i = 0; i < 3; ++i) {
      const t = await state(page);
      const st = t.inbox.top.find((r) => r.id === t.selected);
      assert(st, `the selected row is on screen: ${t.selected}`);
      if (st.status !== 'resolved') ids.push(t.selected);
      await press(page, 'x');
      await press(page, 'j');
    }
    await waitForState(page, (t) => t.inbox.checked === 3, 'three selected', 5000);
    await waitForWidget(page, 'bulk Resolve');
    await page.screenshot({path: path.join(outDir, 'inbox-bulk.png')});
    await clickLabel(page, 'bulk Resolve');
    await waitForState(page, (t) => t.workflow.resolved === before + ids.length, `${ids.length} more resolved`, 5000);
    await clickLabel(page, 'bulk Clear selection');
    await waitForState(page, (t) => t.inbox.checked === 0 && !t.saving, 'the selection cleared and saved', 10000);
    // r on an X post opens X's reply composer for it.
    const t = await state(page);
    const xRow = t.inbox.top.find((r) => r.id.startsWith('x:'));
    assert(xRow, 'an X post on screen');
    // Walk to it with j/k, whichever way it is now: the bulk resolve reorders the inbox, and the
    // demo's trickle may push rows down meanwhile (an unbounded walk up once hung the suite).
    for (let i = 0; i < 60; ++i) {
      const now = await state(page);
      if (now.selected === xRow.id) break;
      const at = now.inbox.top.findIndex((r) => r.id === now.selected);
      const want = now.inbox.top.findIndex((r) => r.id === xRow.id);
      await press(page, want > at && at >= 0 ? 'j' : 'k');
    }
    const onX = await state(page);
    assert(onX.selected === xRow.id, `j/k reach the X post ${xRow.id}: selected ${onX.selected}`);
    await press(page, 'r');
    const opened = await page.evaluate(() => window.__opened);
    assert(opened.length === 1 && opened[0].startsWith('https://x.com/intent/post?in_reply_to=' + xRow.id.slice(2)), `reply: ${opened}`);
    // ? shows every shortcut, Esc closes it.
    await page.keyboard.down('Shift');
    await press(page, '/');
    await page.keyboard.up('Shift');
    await waitForWidget(page, 'shortcuts list');
    await page.screenshot({path: path.join(outDir, 'inbox-shortcuts.png')});
    await press(page, 'Escape');
    await frames(page, 3);
    assert(!(await page.evaluate(() => window.earshot.locate('shortcuts list'))), 'Esc closes the list');
    await page.reload();
    const back = await waitForState(page, (t) => t.ready && t.mentions > 0, 'the reloaded app');
    assert(back.workflow.resolved >= before + ids.length, `resolved after the reload: ${back.workflow.resolved}, expected ${before + ids.length}`);
  });

  await test('a screen reader finds the inbox as text: counts, the rows on screen and the selected post, live', async () => {
    await waitForState(page, (t) => t.view === 'mentions' && t.inbox.top.length > 0, 'the inbox', 10000);
    await clickLabel(page, 'first mention row');
    const s = await waitForState(page, (t) => t.selected !== '', 'a selection', 5000);
    await frames(page, 3);
    const mirror = await page.evaluate(() => ({
      summary: document.getElementById('earshot-a11y-summary')?.textContent,
      live: document.getElementById('earshot-a11y-summary')?.getAttribute('aria-live'),
      rows: [...document.querySelectorAll('#earshot-a11y-rows li')].map((li) => li.textContent),
      selected: document.getElementById('earshot-a11y-selected')?.textContent,
      hidden: (() => { const r = document.getElementById('earshot-a11y').getBoundingClientRect(); return r.width <= 1 && r.height <= 1; })(),
    }));
    assert(mirror.live === 'polite', `the counts are a live region: ${mirror.live}`);
    assert(/^\d+ mentions, \d+ need you, \d+ shown in the Inbox view\./.test(mirror.summary), `summary: ${mirror.summary}`); // (a sync may still move the counts)
    assert(mirror.rows.length === s.inbox.top.length || mirror.rows.length >= 12, `rows: ${mirror.rows.length} vs ${s.inbox.top.length} on screen`);
    assert(mirror.rows.every((r) => /^@\S+, .* on (X|Bluesky|Mastodon|Imported)\. Tone (positive|negative|neutral|unknown)/.test(r)), `row sentences: ${mirror.rows.slice(0, 2)}`);
    assert(mirror.selected.startsWith('Selected: @'), `selected: ${mirror.selected}`);
    assert(mirror.hidden, 'the mirror is not drawn over the canvas');
    // Moving the selection updates the mirror.
    await press(page, 'j');
    const next = await waitForState(page, (t) => t.selected !== s.selected, 'the next post', 5000);
    await frames(page, 2);
    const selected2 = await page.evaluate(() => document.getElementById('earshot-a11y-selected').textContent);
    assert(selected2 !== mirror.selected, 'the selected post is re-announced');
    assert(next.selected, 'still a selection');
    // A scroll moves the rows on screen every frame; the mirror is held back while they move
    // and follows once they stand (from the app's timer, with no frame to come).
    const rowsBefore = await page.evaluate(() => [...document.querySelectorAll('#earshot-a11y-rows li')].map((li) => li.textContent));
    const row = await page.evaluate(() => window.earshot.locate('first mention row'));
    await page.mouse.move(row.x + 60, row.y + row.h * 3);
    for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, 120); await frames(page, 1); }
    const scrolled = await waitForState(page, (t) => t.inbox.top.length > 0 && t.inbox.top[0].id !== s.inbox.top[0].id, 'the scrolled inbox', 5000);
    const end = Date.now() + 3000;
    let rowsAfter = rowsBefore;
    while (Date.now() < end) {
      rowsAfter = await page.evaluate(() => [...document.querySelectorAll('#earshot-a11y-rows li')].map((li) => li.textContent));
      if (rowsAfter[0] !== rowsBefore[0] && rowsAfter[0].startsWith(`@${scrolled.inbox.top[0].handle}, `)) break;
      await page.waitForTimeout(100);
    }
    assert(rowsAfter[0] !== rowsBefore[0] && rowsAfter[0].startsWith(`@${scrolled.inbox.top[0].handle}, `),
           `the mirror follows the scroll: first row "${rowsAfter[0]}", on screen @${scrolled.inbox.top[0].handle}`);
    await page.mouse.wheel(0, -2000);
    await frames(page, 3);
  });

  await test('the Listeners view shows a query error with its column, then creates the listener', async () => {
    await clickLabel(page, 'Listeners');
    await waitForState(page, (s) => s.view === 'listeners', 'the listeners view', 5000);
    const before = (await state(page)).listeners.length;
    await clickLabel(page, 'listener name');
    await typeText(page, 'Oat milk talk');
    await clickLabel(page, 'listener query');
    await typeText(page, '("oat milk" OR oatly Brighton');
    await clickLabel(page, 'Create listener');
    await waitForWidget(page, 'listener error');
    assert((await state(page)).listeners.length === before, 'nothing created from a bad query');
    await page.screenshot({path: path.join(outDir, 'listeners-error.png')});
    await clickLabel(page, 'listener query', 'end'); // the caret lands after the text
    await typeText(page, ')');
    await clickLabel(page, 'Create listener');
    const s = await waitForState(page, (s) => s.listeners.length === before + 1, 'the new listener', 5000);
    const created = s.listeners[s.listeners.length - 1];
    assert(created.name === 'Oat milk talk' && created.query.includes('oatly'), JSON.stringify(created));
    listenerCount = s.listeners.length;
    // The monthly cap is a setting, saved with the listeners.
    await clickLabel(page, 'monthly cap');
    await page.keyboard.down('Control');
    await press(page, 'a');
    await page.keyboard.up('Control');
    await typeText(page, '7.5');
    await clickLabel(page, 'Save spending');
    await waitForState(page, (s) => s.spend.monthly_cap_micros === 7500000, 'the new monthly cap', 5000);
    // The estimate before a run: X's counts endpoint through the proxy, priced by the spend guard.
    await clickLabel(page, 'Estimate Harbour Bean');
    await waitForWidget(page, 'estimate Harbour Bean');
    // Overlapping starter listeners share one search: the row says with whom.
    await waitForWidget(page, 'polled with Harbour Bean');
    await waitForState(page, (s) => !s.syncing && !s.saving, 'its first poll', 30000);
    await page.screenshot({path: path.join(outDir, 'listeners.png')});
    await clickLabel(page, 'Inbox');
  });

  await test('a second tab is read-only, then takes over when the first closes', async () => {
    const settled = await waitForState(page, (s) => !s.syncing && !s.saving, 'a quiet moment', 30000);
    const second = await context.newPage();
    watch(second);
    await second.goto(url);
    const s2 = await waitForState(second, (s) => s.ready && s.mentions > 0, 'the second tab');
    assert(s2.writer === false, 'the second tab must not write');
    assert(s2.mentions === settled.mentions, `same mentions: ${s2.mentions} vs ${settled.mentions}`);
    assert(s2.syncing === false, 'a read-only tab does not poll');
    await waitForWidget(second, 'read-only notice');
    assert((await state(page)).writer === true, 'the first tab still writes');
    await page.close();
    const s3 = await waitForState(second, (s) => s.writer && s.ready, 'the takeover', 20000);
    assert(s3.mentions >= settled.mentions, `after takeover: ${s3.mentions}`);
    assert(s3.workflow.starred === 1, 'the takeover reloaded the workflow too');
    page = second;
  });

  await test('the Insights board shows the 5W + H + E panels', async () => {
    await clickLabel(page, 'Insights');
    await waitForState(page, (s) => s.view === 'insights', 'the insights view', 5000);
    for (const panel of ['Who', 'What', 'When', 'Where', 'Why', 'How and to what extent', 'share of voice'])
      await waitForWidget(page, panel);
    await page.screenshot({path: path.join(outDir, 'insights.png')});
    await clickLabel(page, 'Inbox');
  });

  await test('the Alerts view lists what fired this week, each with why', async () => {
    await clickLabel(page, 'Alerts');
    const s = await waitForState(page, (s) => s.view === 'alerts', 'the alerts view', 5000);
    // The demo week has an influencer's post and a complaint wave: something must fire.
    assert(s.alerts > 0, `alerts: ${s.alerts}`);
    await waitForWidget(page, 'first alert');
    await page.screenshot({path: path.join(outDir, 'alerts.png')});
    await clickLabel(page, 'Inbox');
  });

  await test('the Business tab edits the profile: a new town updates my area and survives a reload', async () => {
    const before = await waitForState(page, (s) => s.ready && !s.syncing && !s.saving, 'a quiet moment', 30000);
    assert(before.profile.town === 'Brighton' && before.profile.saved === false, `demo profile: ${JSON.stringify(before.profile)}`);
    await clickLabel(page, 'Business');
    await waitForState(page, (s) => s.view === 'business', 'the business view', 5000);
    await clickLabel(page, 'business town', 'end');
    await page.keyboard.down('Control');
    await press(page, 'a');
    await page.keyboard.up('Control');
    await typeText(page, 'Hove');
    await clickLabel(page, 'Save profile');
    const s = await waitForState(page, (s) => s.profile.town === 'Hove', 'the saved town', 5000);
    assert(s.profile.saved && s.profile.name === 'Harbour Bean', JSON.stringify(s.profile));
    const area = s.listeners.find((l) => l.id === 'my-area');
    assert(area && area.name === 'Around Hove' && area.query.includes('Hove') && !area.query.includes('Brighton'),
      `my area: ${JSON.stringify(area)}`);
    assert(s.listeners.length === before.listeners.length, `no listener added or lost: ${s.listeners.length}`);
    const own = (l) => l.id === 'oat-milk-talk';
    assert(JSON.stringify(s.listeners.find(own).query) === JSON.stringify(before.listeners.find(own).query), 'own listener kept');
    await waitForWidget(page, 'profile summary');
    await page.screenshot({path: path.join(outDir, 'business.png')});
    // A read-only second tab shows the profile but cannot save it, and says why.
    const second = await context.newPage();
    watch(second);
    await second.goto(url);
    await waitForState(second, (s) => s.ready && !s.writer && s.profile.town === 'Hove', 'the read-only tab');
    await clickLabel(second, 'Business');
    await waitForWidget(second, 'profile read-only');
    await clickLabel(second, 'business town', 'end');
    await typeText(second, 'x');
    await clickLabel(second, 'Save profile');
    assert((await state(second)).profile.town === 'Hove', 'a read-only tab must not save');
    await second.screenshot({path: path.join(outDir, 'business-readonly.png')});
    await second.close();
    await waitForState(page, (s) => !s.saving, 'the profile save', 10000);
    await page.reload();
    const r = await waitForState(page, (s) => s.ready && s.profile.saved, 'the reloaded profile', 30000);
    assert(r.profile.town === 'Hove', `town after reload: ${r.profile.town}`);
    assert(r.listeners.find((l) => l.id === 'my-area').query.includes('Hove'), 'my area after reload');
    await waitForState(page, (s) => s.source === 'demo', 'the source after reload', 10000);
  });

  await test('with a live source and no profile, the app opens on onboarding and polls nothing until one is saved', async () => {
    // A second proxy in live mode, pointed at the demo source as its "X": a new
    // origin, so a fresh browser storage with no profile.json.
    const livePort = await freePort();
    const live = start('earshot-proxy', ['--port', String(livePort), '--web', path.join(root, 'build/web/site')],
      {X_BEARER_TOKEN: 'e2e-token', X_API_BASE: `http://127.0.0.1:${demoPort}`});
    const liveUrl = `http://127.0.0.1:${livePort}/`;
    let p;
    try {
      await waitForHttp(`${liveUrl}api/sources`);
      p = await context.newPage();
      watch(p);
      await p.goto(liveUrl);
      await waitForState(p, (s) => s.ready && s.source === 'live', 'the live source');
      await waitForWidget(p, 'welcome');
      await frames(p, 10);
      const s = await state(p);
      assert(s.view === 'business' && s.profile.needs_profile, `onboarding: ${JSON.stringify(s.profile)} view ${s.view}`);
      assert(s.listeners.length === 0 && !s.syncing && s.mentions === 0, `nothing polled: ${JSON.stringify(s)}`);
      await p.screenshot({path: path.join(outDir, 'onboarding.png')});
      // Saving without a name is refused beside the field.
      await clickLabel(p, 'business handle');
      await typeText(p, '@harbourbean');
      await clickLabel(p, 'Save profile');
      await waitForWidget(p, 'profile error business name');
      await p.screenshot({path: path.join(outDir, 'onboarding-error.png')});
      assert((await state(p)).listeners.length === 0, 'nothing created without a name');
      await clickLabel(p, 'business name');
      await typeText(p, 'Harbour Bean');
      await clickLabel(p, 'business town');
      await typeText(p, 'Brighton');
      await clickLabel(p, 'trade keywords');
      await typeText(p, 'coffee, cafe');
      await clickLabel(p, 'Add competitor');
      await clickLabel(p, 'competitor 1 name');
      await typeText(p, 'Grindhouse Coffee');
      await clickLabel(p, 'competitor 1 handle');
      await typeText(p, '@grindhousecafe');
      await clickLabel(p, 'Save profile');
      const saved = await waitForState(p, (s) => !s.profile.needs_profile && s.listeners.length > 0, 'the saved profile', 5000);
      assert(saved.profile.name === 'Harbour Bean' && saved.profile.handle === 'harbourbean', JSON.stringify(saved.profile));
      const ids = saved.listeners.map((l) => l.id);
      assert(['my-business', 'competitor-grindhousecafe', 'my-area', 'my-trade', 'questions'].every((id) => ids.includes(id)), `starters: ${ids}`);
      await waitForWidget(p, 'profile summary');
      await p.screenshot({path: path.join(outDir, 'onboarding-saved.png')});
      await waitForState(p, (s) => s.mentions > 0, 'the first live poll', 30000);
    } finally {
      if (p) await p.close();
      live.kill('SIGTERM');
    }
  });

  await test('a proxy with an access key: the app asks once, a wrong key says so, the right one brings mentions, a reload does not ask', async () => {
    const key = 'e2e-Key/42+abc=xyz-0123'; // the proxy wants 16 or more characters
    const keyPort = await freePort();
    const keyed = start('earshot-proxy', ['--port', String(keyPort), '--web', path.join(root, 'build/web/site')],
      {EARSHOT_DEMO_URL: `http://127.0.0.1:${demoPort}`, X_BEARER_TOKEN: '', EARSHOT_ACCESS_KEY: key});
    const keyUrl = `http://127.0.0.1:${keyPort}/`;
    const refused = 'The proxy refused this key — check EARSHOT_ACCESS_KEY on the server.';
    let p, narrow;
    try {
      await waitForHttp(`${keyUrl}api/sources`, 15000, key);
      const without = await fetch(`${keyUrl}api/sources`, {headers: {'X-Earshot-Key': 'none'}});
      assert(without.status === 401, `the keyed proxy must refuse the placeholder, got ${without.status}`);

      // A narrow admin-page panel (420 px), in a browser of its own: the prompt fits, a wrong key says so.
      narrow = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
      const n = await narrow.newPage({viewport: {width: 420, height: 760}, deviceScaleFactor: 2}); // a phone-like HiDPI panel
      await n.goto(keyUrl);
      await waitForState(n, (s) => s.ready && s.access_key.asking, 'the key prompt in a narrow panel', 30000);
      await waitForWidget(n, 'access key field');
      await frames(n, 4);
      const box = await n.evaluate(() => window.earshot.locate('Use this key'));
      assert(box.x >= 0 && box.x + box.w <= 420, `"Use this key" inside the 420 px panel: ${JSON.stringify(box)}`);
      await n.screenshot({path: path.join(outDir, 'access-key-narrow.png')});
      await clickLabel(n, 'access key field');
      await typeText(n, 'not-the-key');
      await press(n, 'Enter');
      await waitForState(n, (s) => s.access_key.state === 'refused', 'the refusal in the narrow panel', 10000);
      await waitForWidget(n, 'access key refused');
      await frames(n, 4);
      await n.screenshot({path: path.join(outDir, 'access-key-refused-narrow.png')});

      p = await context.newPage();
      watch(p);
      await p.goto(keyUrl);
      const asked = await waitForState(p, (s) => s.ready && s.access_key.asking, 'the key prompt', 30000);
      assert(asked.access_key.state === 'needed', `asked because none was known: ${JSON.stringify(asked.access_key)}`);
      assert(asked.access_key.message.includes('EARSHOT_ACCESS_KEY'), `the prompt says which key: ${asked.access_key.message}`);
      assert(asked.mentions === 0 && asked.listeners.length === 0 && asked.source === '', `nothing read before the key: ${JSON.stringify(asked)}`);
      await waitForWidget(p, 'access key field');
      await frames(p, 4);
      await p.screenshot({path: path.join(outDir, 'access-key.png')});

      await clickLabel(p, 'access key field');
      await typeText(p, 'wrong-key');
      await clickLabel(p, 'Use this key');
      const wrong = await waitForState(p, (s) => s.access_key.state === 'refused', 'the refusal', 10000);
      assert(wrong.access_key.message === refused, `the refusal in words: "${wrong.access_key.message}"`);
      assert(wrong.access_key.asking && wrong.mentions === 0, `asked again, nothing read: ${JSON.stringify(wrong)}`);
      await waitForWidget(p, 'access key refused');
      await frames(p, 4);
      await p.screenshot({path: path.join(outDir, 'access-key-refused.png')});

      await clickLabel(p, 'access key field');
      await typeText(p, key);
      await press(p, 'Enter');
      const got = await waitForState(p, (s) => s.access_key.state === 'accepted' && s.mentions > 0 && !s.syncing && !s.saving,
        'mentions through the keyed proxy');
      assert(got.source === 'demo' && !got.access_key.asking && got.problem === '', `after the key: ${JSON.stringify(got)}`);

      // Remembered: a reload sends the stored key at once and never asks.
      await p.reload();
      let askedAgain = false;
      const back = await waitForState(p, (s) => {
        askedAgain = askedAgain || s.access_key.asking;
        return s.ready && s.source === 'demo' && s.mentions >= got.mentions && !s.syncing;
      }, 'the reloaded app on the keyed proxy', 30000);
      assert(!askedAgain && back.access_key.state === 'accepted', `asked again after a reload: ${JSON.stringify(back.access_key)}`);
      assert(!(await p.evaluate(() => window.earshot.locate('access key field'))), 'no key prompt after a reload');
    } finally {
      if (narrow) await narrow.close();
      if (p) await p.close();
      keyed.kill('SIGTERM');
    }
  });

  await test('the page runs under the proxy\'s strict Content-Security-Policy with no violation', async () => {
    // A browser of its own: nothing from the service worker's cache, every file off the network.
    const browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
    try {
      const c = await browser.newPage({viewport: {width: 1100, height: 700}});
      const violations = [];
      c.on('console', (m) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(`console: ${m.text()}`); });
      c.on('pageerror', (e) => violations.push(`page error: ${e}`));
      await c.exposeFunction('earshotCspViolation', (v) => violations.push(v));
      await c.addInitScript(() => document.addEventListener('securitypolicyviolation',
        (e) => window.earshotCspViolation(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`)));
      const doc = await c.goto(url);
      const html = await doc.text();
      assert(!/<script>|<style>|\son[a-z]+=/i.test(html), 'no inline script, style or handler in the page');
      // Strict: neither 'unsafe-inline' nor 'unsafe-eval' may be what lets the page run.
      const csp = doc.headers()['content-security-policy'] || '';
      assert(/script-src 'self' 'wasm-unsafe-eval'(;|$)/.test(csp) && /style-src 'self'(;|$)/.test(csp),
        `the page must come with the proxy's strict CSP, got "${csp}"`);
      await waitForState(c, (s) => s.ready && s.mentions > 0 && !s.syncing, 'the app under the CSP', 60000);
      await frames(c, 4);
      assert(violations.length === 0, `CSP violations:\n${violations.join('\n')}`);
    } finally {
      await browser.close();
    }
  });

  await test('app.<hash>.wasm comes compressed and cached for a year; the page is checked every visit', async () => {
    const browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
    try {
      const c = await browser.newPage({viewport: {width: 1100, height: 700}});
      const wasm = [];
      c.on('response', (r) => { if (/\/app\.[0-9a-f]{8,}\.wasm$/.test(r.url())) wasm.push(r); });
      const doc = await c.goto(url);
      assert(/no-cache/.test(doc.headers()['cache-control'] || ''), `the page: ${doc.headers()['cache-control']}`);
      await waitForState(c, (s) => s.ready, 'the app', 60000);
      assert(wasm.length === 1, `one app.<hash>.wasm fetched, got ${wasm.map((r) => r.url())}`);
      const h = await wasm[0].allHeaders();
      assert(['br', 'gzip'].includes(h['content-encoding']), `app.<hash>.wasm Content-Encoding: ${h['content-encoding']}`);
      assert(/immutable/.test(h['cache-control'] || '') && /max-age=31536000/.test(h['cache-control'] || ''),
        `app.<hash>.wasm cached for long: ${h['cache-control']}`);
      assert(/^application\/wasm/.test(h['content-type'] || ''), `app.<hash>.wasm Content-Type: ${h['content-type']}`);
    } finally {
      await browser.close();
    }
  });

  await test('on a HiDPI screen (DPR 2) the canvas backing store doubles and text is drawn at 2x', async () => {
    const browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
    try {
      const hi = await browser.newPage({viewport: {width: 1100, height: 700}, deviceScaleFactor: 2});
      await hi.goto(url);
      await waitForState(hi, (s) => s.ready && s.mentions > 0, 'mentions at DPR 2');
      const size = await hi.evaluate(() => {
        const c = document.getElementById('earshot-canvas');
        return {w: c.width, h: c.height, cssW: c.getBoundingClientRect().width};
      });
      assert(size.w === 2200 && size.h === 1400, `backing store ${size.w}x${size.h}`);
      assert(size.cssW === 1100, `CSS width ${size.cssW}`);
      const r = await hi.evaluate(() => window.earshot.locate('Sync now'));
      assert(r && r.x + r.w <= 1100 && r.h < 60, `Sync now in CSS pixels: ${JSON.stringify(r)}`);
      await hi.screenshot({path: path.join(outDir, 'main@2x.png')});
    } finally {
      await browser.close();
    }
  });

  await test('the canvas follows a window resize', async () => {
    await page.setViewportSize({width: 900, height: 600});
    // Not frames(): it also returns when the app says it is idle, which it may still be
    // before the resize event has reached it.
    await page.waitForFunction(() => document.getElementById('earshot-canvas').width === 900, null,
      {timeout: 5000, polling: 16}).catch(() => {});
    const w = await page.evaluate(() => document.getElementById('earshot-canvas').width);
    assert(w === 900, `canvas width ${w} 5 s after the resize`);
    await page.setViewportSize({width: 1280, height: 800});
  });

  await test('/ searches the cache with the query language (index), and shows a syntax error', async () => {
    await clickLabel(page, 'first mention row');
    await press(page, '/');
    await typeText(page, '#HarbourBeanThrowdown -is:retweet');
    const s = await waitForState(page, (s) => s.search.shown > 0 && s.search.shown < s.mentions, 'search results', 5000);
    assert(s.search.error === '', s.search.error);
    await page.screenshot({path: path.join(outDir, 'search.png')});
    // A bad query: the error names the column; nothing is shown.
    await typeText(page, ' (');
    const e = await waitForState(page, (s) => s.search.error !== '', 'the syntax error', 5000);
    assert(/^column \d+: /.test(e.search.error) && e.search.shown === 0, JSON.stringify(e.search));
    await page.screenshot({path: path.join(outDir, 'search-error.png')});
    // Clear the box so later tests see every mention.
    await page.keyboard.down('Control');
    await press(page, 'a');
    await page.keyboard.up('Control');
    await press(page, 'Backspace');
    await waitForState(page, (s) => s.search.shown === s.mentions, 'the cleared search', 10000);
    await clickLabel(page, 'first mention row'); // leave the search box: keys go to the list again
  });

  // [SECTION] Text into and out of the canvas: an IME's text, the clipboard
  // (src/platform/web/text_input_web.cpp: a hidden textarea holds the focus while a field is edited).
  const activeText = (p) => p.evaluate(() => window.earshot.activeText());
  async function waitForActiveText(p, want, what) {
    const end = Date.now() + 5000;
    let got;
    while (Date.now() < end) {
      got = await activeText(p);
      if (got === want) return;
      await frames(p);
    }
    throw new Error(`${what}: the field holds ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  /** Select all and delete, holding each key across frames (ImGui 1.86 polls keys). */
  async function clearField(p) {
    await p.keyboard.down('Control');
    await press(p, 'a');
    await p.keyboard.up('Control');
    await press(p, 'Backspace');
  }

  await test('an IME\'s text reaches the search box: committed text and a Korean composition, then Backspace still edits', async () => {
    await clickLabel(page, 'first mention row');
    const glyphsBefore = (await state(page)).glyphs;
    await clickLabel(page, 'search');
    await frames(page, 3);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    assert(focused === 'earshot-text-input', `the hidden text element has the focus while the search is edited: ${focused}`);
    // What an IME (or dictation) commits arrives as an input event with no keypress.
    await page.keyboard.insertText('東京カフェ');
    await waitForActiveText(page, '東京カフェ', 'committed Japanese');
    // A composition: partial syllables are the IME's until it commits them.
    const cdp = await context.newCDPSession(page);
    for (const [text, at] of [['ㅋ', 1], ['카', 1], ['카ㅍ', 2], ['카페', 2]]) {
      await cdp.send('Input.imeSetComposition', {text, selectionStart: at, selectionEnd: at});
      await frames(page);
      const mid = await activeText(page);
      assert(mid === '東京カフェ', `nothing of the composition reaches the field before it is committed: ${mid}`);
    }
    await cdp.send('Input.insertText', {text: '카페'});
    await waitForActiveText(page, '東京カフェ카페', 'the committed Korean composition');
    await cdp.detach();
    const s = await waitForState(page, (s) => s.glyphs.cjk_font === 'ready', 'the CJK font for the typed text', 30000);
    assert(s.search.error === '', `the typed search parses: ${s.search.error}`);
    const box = await page.evaluate(() => window.earshot.locate('search'));
    // The typed CJK and Hangul join the atlas like a post's (no tofu in the field).
    await waitForState(page, (s) => s.glyphs.cjk_glyphs >= glyphsBefore.cjk_glyphs + 2 && s.glyphs.rebuilds > glyphsBefore.rebuilds,
      'the atlas rebuilt with the typed Hangul', 10000);
    await frames(page, 3);
    await page.screenshot({path: path.join(outDir, 'ime-search.png'), clip: {x: box.x, y: box.y, width: Math.max(box.w, 300), height: box.h}});
    const before = await activeText(page);
    await press(page, 'Backspace'); // a loaded machine may repeat it: at least one character goes
    const left = await activeText(page);
    assert(left.length < before.length && before.startsWith(left), `Backspace after the composition edits the field: ${JSON.stringify(left)}`);
    await clearField(page);
    await waitForState(page, (s) => s.search.shown === s.mentions, 'the cleared search', 10000);
    await clickLabel(page, 'first mention row');
    const after = await page.evaluate(() => document.activeElement && document.activeElement.id);
    assert(after !== 'earshot-text-input', 'leaving the field gives the focus back to the canvas');
  });

  await test('Ctrl+C / Ctrl+V in the search box, and a paste from the system clipboard', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: new URL(url).origin});
    await clickLabel(page, 'search');
    await clearField(page);
    await waitForActiveText(page, '', 'an empty search box to start from');
    await typeText(page, 'flat white');
    await page.keyboard.down('Control');
    await press(page, 'a');
    await press(page, 'c');
    await page.keyboard.up('Control');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert(copied === 'flat white', `Ctrl+C put the field's text on the system clipboard: ${JSON.stringify(copied)}`);
    await press(page, 'Backspace');
    await waitForActiveText(page, '', 'the emptied field');
    await page.keyboard.down('Control');
    await press(page, 'v');
    await page.keyboard.up('Control');
    // A key held across slow frames may repeat (ImGui 1.86 polls keys): one paste or more, each whole.
    const pasted = await activeText(page);
    assert(/^(flat white)+$/.test(pasted), `Ctrl+V pasted what was copied: ${JSON.stringify(pasted)}`);
    // Text another program copied: read from the paste event.
    await page.evaluate(() => navigator.clipboard.writeText('oat latte ☕ 東京'));
    await page.keyboard.down('Control');
    await press(page, 'a');
    await press(page, 'v');
    await page.keyboard.up('Control');
    await frames(page);
    const outside = await activeText(page);
    assert(/^(oat latte ☕ 東京)+$/.test(outside), `the system clipboard pasted over the selection: ${JSON.stringify(outside)}`);
    await clearField(page);
    await waitForState(page, (s) => s.search.shown === s.mentions, 'the cleared search', 10000);
    await clickLabel(page, 'first mention row');
  });

  // [SECTION] Real social-media text: CJK fetched only once drawn, colour emoji
  // drawn by the browser into the atlas (src/app/fonts.cpp).
  // It names the business: the app files a post under the listeners whose query its text matches.
  const GLYPH_POST = 'glyphtest @harbourbean 咖啡 美味しい 🫶 👩‍👩‍👧 👍🏽 🇵🇹 Olá, café à noite, ação, naïve, Ελλάδα ☕ 1️⃣ done';
  /** Pixels in a PNG whose channels differ a lot: colour, which text never has. */
  async function colourfulPixels(browser, png) {
    const p = await browser.newPage();
    try {
      return await p.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width; c.height = img.height;
        const g = c.getContext('2d');
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 90) n++;
        }
        return n;
      }, png.toString('base64'));
    } finally {
      await p.close();
    }
  }
  for (const dpr of [1, 2]) {
    await test(`CJK is fetched only once CJK is drawn, and emoji are drawn in colour (DPR ${dpr})`, async () => {
      const browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
      try {
        const p = await browser.newPage({viewport: {width: 1280, height: 720}, deviceScaleFactor: dpr});
        watch(p);
        const fontRequests = [];
        p.on('request', (r) => { if (/NotoSansCJK/.test(r.url())) fontRequests.push(r.url()); });
        // The first search's answer waits until the bare UI is drawn (no CJK on screen
        // yet); its newest post is swapped for one with the text to draw.
        let release;
        const held = new Promise((r) => { release = r; });
        let swapped = false;
        await p.route('**/api/x/2/tweets/search/recent**', async (route) => {
          await held;
          if (swapped) return route.continue();
          const res = await route.fetch();
          const body = await res.json();
          // An original post: a repost's text is read from the post it quotes.
          const original = Array.isArray(body.data) ? body.data.find((t) => !t.referenced_tweets) : undefined;
          if (!swapped && original) {
            original.text = GLYPH_POST;
            swapped = true;
          }
          await route.fulfill({response: res, json: body});
        });
        // Bluesky's and Mastodon's demo posts include Japanese: they wait too.
        for (const free of ['**/api/bsky/**', '**/api/mastodon/**'])
          await p.route(free, async (route) => { await held; return route.continue(); });
        await p.goto(url);
        await waitForState(p, (s) => s.ready, 'the app');
        await frames(p, 5);
        await p.waitForTimeout(1000);
        const bare = await state(p);
        assert(fontRequests.length === 0 && bare.glyphs.cjk_font === 'none',
          `no CJK drawn yet, so no CJK font: ${JSON.stringify(fontRequests)} ${JSON.stringify(bare.glyphs)}`);
        release();
        await waitForState(p, (s) => s.mentions > 0, 'the first page');
        assert(swapped, 'the test post went in');
        await frames(p, 3); // the table (and its search box) replaces "Listening…"
        await clickLabel(p, 'search');
        await typeText(p, 'glyphtest');
        await waitForState(p, (s) => s.search.shown === 1, 'the test post alone', 30000);
        await clickLabel(p, 'first mention row');
        const s = await waitForState(p, (s) => s.glyphs.cjk_font === 'ready' && s.glyphs.emoji >= 6 &&
          s.glyphs.frame_after_rebuild_ms > 0, 'the CJK font and the emoji in the atlas', 30000);
        await frames(p, 3);
        const g = (await state(p)).glyphs;
        assert(fontRequests.length === 1, `the CJK font is fetched once: ${JSON.stringify(fontRequests)}`);
        assert(g.cjk_fetch_ms >= g.cjk_seen_ms && g.cjk_glyphs >= 5, `fetched after CJK was seen: ${JSON.stringify(g)}`);
        assert(!g.over_budget && g.atlas.w <= 8192 && g.atlas.h <= 8192, `atlas within WebGL's limit: ${JSON.stringify(g.atlas)}`);
        console.log(`      DPR ${dpr}: atlas ${g.atlas.w}x${g.atlas.h}, ${g.cjk_glyphs} CJK glyphs, ${g.emoji} emoji, ` +
          `build ${g.last_build_ms.toFixed(1)} ms, rebuild with upload ${g.last_rebuild_ms.toFixed(1)} ms, ` +
          `first frame after ${g.frame_after_rebuild_ms.toFixed(1)} ms, ${g.rebuilds} builds, ` +
          `CJK font downloaded in ${(g.cjk_ready_ms - g.cjk_fetch_ms).toFixed(0)} ms`);
        const r = await p.evaluate(() => window.earshot.locate('mention text'));
        assert(r, 'the detail pane shows the post');
        const shot = await p.screenshot({path: path.join(outDir, `glyphs@${dpr}x.png`)});
        const text = await p.screenshot({clip: {x: r.x, y: r.y, width: r.w, height: r.h},
          path: path.join(outDir, `glyphs-text@${dpr}x.png`)});
        const colour = await colourfulPixels(browser, text);
        assert(colour > 40 * dpr * dpr, `emoji drawn in colour: ${colour} colourful pixels`);
        assert(shot.length > 0, 'screenshot');
      } finally {
        await browser.close();
      }
    });
  }

  await test('Hebrew and Arabic posts are drawn shaped and right to left, numbers and handles in order', async () => {
    const rev = (t) => [...t].reverse().join('');
    const HEBREW = 'הקפה מעולה! 5 כוכבים @harbourbean rtltest';
    const ARABIC = 'مرحبا بكم سلام @harbourbean arabtest';
    // Shaped by hand from Unicode's tables: meem reh hah beh alef / beh kaf meem / seen lam-alef meem.
    const SHAPED = {'مرحبا': '\uFEE3\uFEAE\uFEA3\uFE92\uFE8E', 'بكم': '\uFE91\uFEDC\uFEE2', 'سلام': '\uFEB3\uFEFC\uFEE1'};
    const expected = {
      rtltest: 'harbourbean rtltest@ ' + rev('כוכבים') + ' 5 !' + rev('מעולה') + ' ' + rev('הקפה'),
      arabtest: 'harbourbean arabtest@ ' + rev(SHAPED['سلام']) + ' ' + rev(SHAPED['بكم']) + ' ' + rev(SHAPED['مرحبا']),
    };
    const browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
    try {
      const p = await browser.newPage({viewport: {width: 1280, height: 720}});
      watch(p);
      let swapped = 0;
      await p.route('**/api/x/2/tweets/search/recent**', async (route) => {
        const res = await route.fetch();
        const body = await res.json();
        if (swapped === 0 && Array.isArray(body.data)) {
          const originals = body.data.filter((t) => !t.referenced_tweets);
          if (originals.length >= 2) {
            originals[0].text = HEBREW;
            originals[1].text = ARABIC;
            swapped = 2;
          }
        }
        await route.fulfill({response: res, json: body});
      });
      await p.goto(url);
      await waitForState(p, (s) => s.ready && s.mentions > 0, 'the first page');
      assert(swapped === 2, 'the test posts went in');
      await frames(p, 3);
      for (const marker of ['rtltest', 'arabtest']) {
        await clickLabel(p, 'search');
        await typeText(p, marker);
        await waitForState(p, (s) => s.search.shown === 1, `the ${marker} post alone`, 30000);
        await clickLabel(p, 'first mention row');
        const s = await waitForState(p, (s) => s.selected_display_text !== undefined, 'the selected post', 5000);
        assert(s.selected_display_text === expected[marker],
          `${marker} drawn as ${JSON.stringify(s.selected_display_text)}, expected ${JSON.stringify(expected[marker])}`);
        await frames(p, 3);
        const row = await p.evaluate(() => window.earshot.locate('first mention row'));
        await p.screenshot({path: path.join(outDir, `rtl-${marker}.png`)});
        await p.screenshot({path: path.join(outDir, `rtl-${marker}-row.png`), clip: {x: 0, y: row.y - 2, width: 1280, height: row.h + 4}});
        await clickLabel(p, 'search');
        await clearField(p);
        await waitForState(p, (s) => s.search.shown === s.mentions, 'the cleared search', 10000);
      }
    } finally {
      await browser.close();
    }
  });

  await test('frame stats are reported', async () => {
    const f = await page.evaluate(() => window.earshot.frameStats());
    assert(f.frames > 10, `frames ${f.frames}`);
    assert(f.cpu_ms_p50 > 0 && f.cpu_ms_p95 >= f.cpu_ms_p50, JSON.stringify(f));
  });

  // [SECTION] Durability: a reload at any moment of the first sync loses nothing shown a page ago.
  /** A fresh browser profile on the same stack, so the first sync starts from nothing. */
  async function freshContext(args = CHROMIUM_ARGS) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-e2e-fresh-'));
    const ctx = await chromium.launchPersistentContext(dir, {
      executablePath: '/usr/bin/chromium', headless: true, args, viewport: {width: 1280, height: 800}});
    const p = ctx.pages()[0] || await ctx.newPage();
    watch(p);
    return {ctx, p, close: async () => { await ctx.close(); fs.rmSync(dir, {recursive: true, force: true}); }};
  }
  const PAGE = 100; // posts in one page of a search: the most a reload may lose
  for (const [moment, until] of [
    ['on the first page', (s) => s.by_source.x > 0],
    ['mid-sync', (s) => s.by_source.x >= 3 * PAGE && s.syncing],
    // X's run has ended (Bluesky's and Mastodon's catch-up may page on for a while).
    ['after the last page, while saving', (s) => s.by_source.x > 0 && !s.sources.x.running && s.last_sync > 0],
  ]) {
    await test(`a reload ${moment} keeps every mention shown a page before, and the ledger covers them`, async () => {
      const {p, close} = await freshContext();
      try {
        await p.goto(url);
        const shown = await waitForState(p, (s) => s.ready && until(s), moment, 60000);
        await p.route('**/api/**', (route) => route.abort());
        await p.reload();
        const kept = await waitForState(p, (s) => s.ready && s.spend && s.from_cache !== undefined, 'the reloaded page', 30000);
        // X's pages wait for the sync before the next is read; Bluesky's and
        // Mastodon's are free and read again after a reload, so they are not counted.
        assert(kept.by_source.x >= shown.by_source.x - PAGE, `X: shown ${shown.by_source.x}, kept ${kept.by_source.x}`);
        assert(kept.spend.posts_read_month >= kept.by_source.x,
          `the ledger (${kept.spend.posts_read_month} posts) is behind the X posts stored (${kept.by_source.x})`);
        // Listening again resumes the run: at most the page in flight is read twice.
        await p.unroute('**/api/**');
        await p.reload();
        const done = await waitForState(p, (s) => s.ready && s.mentions > 0 && !s.syncing && !s.saving && s.last_sync > 0,
          'the resumed sync', 90000);
        const extra = done.spend.posts_read_month - done.by_source.x;
        assert(extra <= PAGE + Math.ceil(done.by_source.x * 0.03),
          `read ${done.spend.posts_read_month} X posts for ${done.by_source.x} X mentions`);
      } finally {
        await close();
      }
    });
  }

  // [SECTION] Earshot in someone else's page (embed.js), narrow panels, Settings.
  /** The app inside an iframe, driven by the helpers above: state and widget
   *  places read in the frame, mouse and keys through the page (the real input
   *  path) at the frame's place on it. */
  function framed(page, frame) {
    const box = async () => (await frame.frameElement()).boundingBox();
    const at = async (fn, x, y) => { const b = await box(); return fn(b.x + x, b.y + y); };
    return {
      evaluate: (fn, arg) => frame.evaluate(fn, arg),
      waitForFunction: (fn, arg, opts) => frame.waitForFunction(fn, arg, opts),
      waitForTimeout: (ms) => page.waitForTimeout(ms),
      keyboard: page.keyboard,
      mouse: {
        move: (x, y) => at((a, b) => page.mouse.move(a, b), x, y),
        click: (x, y) => at((a, b) => page.mouse.click(a, b), x, y),
        wheel: (dx, dy) => page.mouse.wheel(dx, dy),
      },
      screenshot: async (opts = {}) => {
        const b = await box();
        return page.screenshot({...opts, clip: {x: b.x, y: b.y, width: b.width, height: b.height}});
      },
    };
  }
  /** Every labelled widget lies wholly inside the w × h the app is drawn in. */
  async function assertInside(p, labels, w, h, where) {
    for (const label of labels) {
      const r = await p.evaluate((l) => window.earshot.locate(l), label);
      assert(r, `"${label}" is drawn (${where})`);
      assert(r.x >= 0 && r.y >= 0 && r.x + r.w <= w + 0.5 && r.y + r.h <= h + 0.5,
        `"${label}" must be inside ${w}×${h} (${where}): ${JSON.stringify(r)}`);
    }
  }
  const topBar = async (p) => ['brand', ...(await state(p)).tabs, 'Sync now'];
  /** The selected post's "Open on <its network>" button (X, Bluesky or Mastodon). */
  const openOnLabel = (s) => `Open on ${{x: 'X', bsky: 'Bluesky', mastodon: 'Mastodon'}[s.selected.split(':')[0]]}`;
  /** Mean brightness (0–255) of a PNG: tells a dark theme from a light one. */
  async function brightness(browser, png) {
    const p = await browser.newPage();
    try {
      return await p.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width; c.height = img.height;
        const g = c.getContext('2d');
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += (d[i] + d[i + 1] + d[i + 2]) / 3;
        return sum / (d.length / 4);
      }, png.toString('base64'));
    } finally {
      await p.close();
    }
  }
  /** A click that makes the page reload (clearing all data): waits for the new page, not for frames. */
  async function clickThenReload(p, label) {
    const r = await p.evaluate((l) => window.earshot.locate(l), label);
    assert(r, `no widget labelled "${label}" in the last frame`);
    await p.mouse.move(r.x + Math.min(r.w / 2, 20), r.y + r.h / 2);
    await frames(p);
    const reloaded = p.waitForEvent('load', {timeout: 30000});
    await p.mouse.click(r.x + Math.min(r.w / 2, 20), r.y + r.h / 2);
    await reloaded;
  }

  await test('embed.js puts Earshot into an 800×600 panel of a page on another origin: it fills and follows the panel, nothing is cut off, the host page reads none of its data', async () => {
    const hostPort = await freePort(), strangerPort = await freePort(), crossPort = await freePort(), embedPort = await freePort();
    // Another origin of the same site (as admin.shop.example and earshot.shop.example are): the frame has storage.
    const host = `http://127.0.0.1:${hostPort}`;
    // Another site altogether: this Chromium gives a frame from another site no storage at all.
    const cross = `http://localhost:${crossPort}`;
    const embedded = start('earshot-proxy', ['--port', String(embedPort), '--web', path.join(root, 'build/web/site')],
      {EARSHOT_DEMO_URL: `http://127.0.0.1:${demoPort}`, X_BEARER_TOKEN: '', EARSHOT_EMBED_ORIGINS: `${host},${cross}`});
    const earshot = `http://127.0.0.1:${embedPort}/`;
    // The shop's admin page: a header, a menu, and Earshot's 800×600 panel, styled as the shop likes.
    const adminPage = `<!doctype html><html><head><meta charset="utf-8"><title>Shop admin</title><style>
      body{margin:0;font:14px sans-serif} header{height:40px;background:#234;color:#fff}
      main{display:flex} nav{width:120px} #earshot{width:800px;height:600px}</style></head>
      <body><header>Shop admin</header><main><nav>Orders</nav><div id="earshot"></div></main>
      <script src="${earshot}embed.js" data-target="#earshot"></script></body></html>`;
    const example = fs.readFileSync(path.join(root, 'web/embed-example.html'), 'utf8')
      .replace('src="embed.js"', `src="${earshot}embed.js"`);
    const http = await import('node:http');
    const serve = (page) => http.createServer((req, res) => {
      res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
      res.end(req.url.startsWith('/example') ? example : page);
    });
    const hostServer = serve(adminPage), strangerServer = serve(adminPage), crossServer = serve(adminPage);
    await new Promise((r) => hostServer.listen(hostPort, r));
    await new Promise((r) => strangerServer.listen(strangerPort, r));
    await new Promise((r) => crossServer.listen(crossPort, r));
    const browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
    try {
      await waitForHttp(`${earshot}api/sources`);
      const js = await fetch(`${earshot}embed.js`);
      assert(js.ok && js.headers.get('cache-control') === 'public, max-age=300', `embed.js: ${js.status} ${js.headers.get('cache-control')}`);
      const page = await browser.newPage({viewport: {width: 1000, height: 700}});
      watch(page);
      await page.goto(`${host}/`);
      await page.waitForSelector('#earshot iframe');
      const frame = page.frames().find((f) => f.url().startsWith(earshot));
      assert(frame, `an iframe to Earshot's origin: ${page.frames().map((f) => f.url())}`);
      const app = framed(page, frame);
      const s = await waitForState(app, (s) => s.ready && s.mentions > 0 && !s.syncing, 'Earshot in the panel');
      assert(s.source === 'demo' && s.writer, `listening inside the frame: ${JSON.stringify({source: s.source, writer: s.writer})}`);
      const size = await frame.evaluate(() => [innerWidth, innerHeight]);
      assert(size[0] === 800 && size[1] === 600, `the frame fills the 800×600 panel: ${size}`);
      // The data stays with Earshot's origin: the host page can neither reach into the frame nor finds it in its own storage.
      const reach = await page.evaluate(() => {
        try { return document.querySelector('#earshot iframe').contentWindow.document ? 'read' : 'none'; } catch (e) { return 'refused'; }
      });
      assert(reach === 'refused', `the host page must not reach into Earshot: ${reach}`);
      const hostDbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
      assert(hostDbs.length === 0, `nothing of Earshot's in the host page's IndexedDB: ${hostDbs}`);

      // Nothing cut off at 800×600: the top bar (wrapped), the table above the detail pane.
      await frames(app, 4);
      await assertInside(app, await topBar(app), 800, 600, 'the 800×600 panel');
      await app.screenshot({path: path.join(outDir, 'embed-800x600.png')});
      await page.screenshot({path: path.join(outDir, 'embed-admin-page.png')});
      await clickLabel(app, 'first mention row');
      await waitForState(app, (s) => s.selected !== '', 'a selection in the panel', 5000);
      await waitForWidget(app, 'mention text');
      await frames(app, 4);
      const table = await app.evaluate(() => window.earshot.locate('mentions table'));
      const detail = await app.evaluate(() => window.earshot.locate('detail pane'));
      assert(table.w >= 760 && detail.y >= table.y + table.h, `the detail pane goes under a full-width table: ${JSON.stringify({table, detail})}`);
      await assertInside(app, ['detail pane'], 800, 600, 'the panel');
      // The pane scrolls down; across, everything is inside it.
      await assertInside(app, ['No status', 'Open', 'Replied', 'Resolved', 'Starred', openOnLabel(await state(app)), 'note'],
        detail.x + detail.w, Infinity, 'across the detail pane');
      await app.screenshot({path: path.join(outDir, 'embed-800x600-detail.png')});
      // Keys reach the app inside the frame once the owner clicked it.
      await press(app, 'e');
      await waitForState(app, (s) => s.selected_workflow && s.selected_workflow.status === 'resolved', 'e in the frame', 5000);

      // The panel grows (the admin page's layout changed): Earshot follows, side by side again.
      await page.setViewportSize({width: 1400, height: 900});
      await page.evaluate(() => { const e = document.querySelector('#earshot'); e.style.width = '1200px'; e.style.height = '800px'; });
      await page.waitForFunction(() => document.querySelector('#earshot iframe').getBoundingClientRect().width === 1200);
      await frame.waitForFunction(() => innerWidth === 1200 && innerHeight === 800, null, {timeout: 5000});
      await frames(app, 6);
      const wide = await app.evaluate(() => window.earshot.locate('detail pane'));
      assert(wide && wide.x > 600 && wide.y < 150, `beside the table in a 1200 px panel: ${JSON.stringify(wide)}`);
      const sync = await app.evaluate(() => window.earshot.locate('Sync now'));
      assert(sync.x + sync.w > 1100 && sync.x + sync.w <= 1200, `"Sync now" at the right edge of 1200 px: ${JSON.stringify(sync)}`);
      await app.screenshot({path: path.join(outDir, 'embed-1200x800.png')});

      // The example page works as it is, from the other origin too.
      const ex = await browser.newPage({viewport: {width: 1000, height: 800}});
      watch(ex);
      await ex.goto(`${host}/example`);
      await ex.waitForSelector('#earshot iframe');
      const exFrame = ex.frames().find((f) => f.url().startsWith(earshot));
      await waitForState(framed(ex, exFrame), (s) => s.ready, 'the example page');
      const exBox = await (await exFrame.frameElement()).boundingBox();
      assert(Math.round(exBox.height) === 600 && exBox.width > 900, `a bare <div> gets a 600 px tall, full-width frame: ${JSON.stringify(exBox)}`);
      await ex.close();

      // A page on an origin the owner did not list gets no Earshot: the browser refuses the frame.
      const stranger = await browser.newPage({viewport: {width: 1000, height: 700}});
      const refusals = [];
      stranger.on('console', (m) => { if (/frame-ancestors/.test(m.text())) refusals.push(m.text()); });
      await stranger.goto(`http://127.0.0.1:${strangerPort}/`);
      await stranger.waitForSelector('#earshot iframe');
      await stranger.waitForTimeout(3000);
      const strangerFrame = stranger.frames().find((f) => f !== stranger.mainFrame());
      const inside = strangerFrame ? await strangerFrame.evaluate(() => typeof window.earshot).catch(() => 'error') : 'none';
      assert(inside !== 'object', 'Earshot must not run framed by an unlisted origin');
      assert(refusals.length > 0, 'the browser says it refused the frame (frame-ancestors)');
      await stranger.close();

      // A listed page on another site, where the browser blocks the frame's storage: Earshot
      // says so in plain words, offers its own tab, and reads (and pays for) nothing it could not keep.
      const other = await browser.newPage({viewport: {width: 1000, height: 700}});
      watch(other);
      await other.goto(`${cross}/`);
      await other.waitForSelector('#earshot iframe');
      const otherFrame = other.frames().find((f) => f.url().startsWith(earshot));
      const otherApp = framed(other, otherFrame);
      await waitForState(otherApp, (s) => s.ready && /third-party storage/.test(s.problem), 'the blocked-storage message', 30000);
      await waitForWidget(otherApp, 'Open Earshot in its own tab');
      await otherApp.waitForTimeout(2000);
      const quiet = await state(otherApp);
      assert(quiet.mentions === 0 && quiet.spend.posts_read_month === 0 && quiet.listeners.length === 0,
        `nothing read without storage: ${JSON.stringify({m: quiet.mentions, spend: quiet.spend, l: quiet.listeners.length})}`);
      // The message may come before /api/sources has answered (a loaded machine): wait for it.
      const answered = await waitForState(otherApp, (s) => s.source !== '', 'the proxy\'s sources', 20000);
      assert(answered.source === 'demo' && /third-party storage/.test(answered.problem),
        `the proxy still answers, and the message stays: ${JSON.stringify({source: answered.source, problem: answered.problem})}`);
      await frames(otherApp, 3);
      await otherApp.screenshot({path: path.join(outDir, 'embed-blocked-storage.png')});
      await other.close();
    } finally {
      await browser.close();
      hostServer.close();
      strangerServer.close();
      crossServer.close();
      embedded.kill('SIGTERM');
    }
  });

  const GOALS = ['Website traffic', 'Promotions', 'Leads', 'Onsite visitors', 'Events', 'Customer service', 'Loyalty'];

  await test('goals: the Goals board shows the seven goals with figures and queues; a queue row opens the mention in the feed; the profile\'s campaign and event hashtags drive Promotions and the event wall', async () => {
    const {p, close} = await freshContext();
    try {
      await p.setViewportSize({width: 1280, height: 720});
      await p.goto(url);
      // The free sources keep polling (syncing stays true): X's first sync done is enough.
      const settled = await waitForState(p, (s) => s.ready && s.last_sync > 0 && !s.saving, 'the app');
      assert(settled.tabs[1] === 'Goals', `Goals comes after Mentions: ${settled.tabs}`);
      await clickLabel(p, 'Goals');
      // Mentions may still arrive: the board follows them (same count in the same frame).
      const s = await waitForState(p, (s) => s.view === 'goals' && s.goals !== null && s.goals.in_range === s.mentions, 'the goals view over every mention', 10000);
      for (const g of GOALS) {
        await waitForWidget(p, `goal ${g}`);
        await assertInside(p, [`goal ${g}`, `figure ${g}`], 1280, 720, `the ${g} panel at 1280×720`);
      }
      const g = s.goals;
      console.log(`      goals on the demo: ${JSON.stringify(g)}`);
      // The demo week has buyers, questions and complaints, happy regulars and links to the shop's site.
      assert(g.leads > 0 && g.service.cases > 0 && g.loyalty > 0 && g.traffic > 0, `figures: ${JSON.stringify(g)}`);
      assert(g.service.open + g.service.answered === g.service.cases, `open + answered = cases: ${JSON.stringify(g.service)}`);
      await p.screenshot({path: path.join(outDir, 'goals-1280x720.png')});
      await p.setViewportSize({width: 800, height: 600});
      await frames(p, 4);
      await waitForWidget(p, 'goal Leads');
      await assertInside(p, ['goal Website traffic', 'figure Website traffic', 'goal Promotions'], 800, 600, 'the first row at 800×600');
      await p.screenshot({path: path.join(outDir, 'goals-800x600.png')});
      await p.setViewportSize({width: 1280, height: 720});
      await frames(p, 4);
      // A lead in the queue: a click selects it and shows it in the feed.
      const opened = await clickUntil(p, 'first of Leads', (t) => t.view === 'mentions' && t.selected !== '', 'the lead in the feed');
      assert(/^(x|bsky|mastodon):/.test(opened.selected), `a mention is selected: ${opened.selected}`);

      // The campaign and event hashtags typed in the Business tab drive Promotions and the event
      // wall (in this test: a fresh page's first sync costs the demo's X rate limit).
      await clickLabel(p, 'Goals');
      const guessed = await waitForState(p, (s) => s.view === 'goals' && s.goals !== null, 'the goals view', 10000);
      assert(!guessed.goals.event.from_profile, `no event tag in the demo profile: ${JSON.stringify(guessed.goals.event)}`);
      const typeInto = async (label, text) => {
        await clickLabel(p, label, 'end');
        await p.keyboard.down('Control');
        await press(p, 'a');
        await p.keyboard.up('Control');
        await typeText(p, text);
      };
      await clickLabel(p, 'Business');
      await waitForState(p, (s) => s.view === 'business', 'the business view', 5000);
      await typeInto('event hashtag', 'jazz night');
      await clickLabel(p, 'Save profile');
      await waitForWidget(p, 'event hashtag');
      assert(!(await state(p)).profile.saved, 'a hashtag with a space is refused, nothing saved');
      await typeInto('event hashtag', '#Kemptown');
      await typeInto('campaign hashtags', '#BrightonFoodie, #HarbourBeanThrowdown');
      await clickLabel(p, 'Save profile');
      const saved = await waitForState(p, (t) => t.profile.saved, 'the saved profile', 5000);
      assert(saved.profile.event_hashtag === 'Kemptown' && JSON.stringify(saved.profile.campaign_hashtags) === '["BrightonFoodie","HarbourBeanThrowdown"]',
        `saved without '#': ${JSON.stringify(saved.profile)}`);
      await p.screenshot({path: path.join(outDir, 'business-hashtags.png')});
      await clickLabel(p, 'Goals');
      const after = await waitForState(p, (s) => s.view === 'goals' && s.goals && s.goals.event.from_profile, 'the goals with the profile\'s tags', 10000);
      console.log(`      event ${JSON.stringify(guessed.goals.event)} -> ${JSON.stringify(after.goals.event)}; promotions ${guessed.goals.promotions} -> ${after.goals.promotions}`);
      assert(after.goals.event.tag === 'Kemptown' && after.goals.event.mentions > 0, `the event wall: ${JSON.stringify(after.goals.event)}`);
      assert(after.goals.promotions > guessed.goals.promotions, `campaign posts count as promotions: ${guessed.goals.promotions} -> ${after.goals.promotions}`);
    } finally {
      await close();
    }
  });

  await test('goals: a click on an Insights hashtag narrows the feed; a bar sets the range Goals then shows', async () => {
    const {p, close} = await freshContext();
    try {
      await p.setViewportSize({width: 1280, height: 720});
      await p.goto(url);
      await waitForState(p, (s) => s.ready && s.last_sync > 0 && !s.saving && s.search.shown === s.mentions, 'the app');
      await clickLabel(p, 'Insights');
      await waitForState(p, (s) => s.view === 'insights', 'the insights view', 5000);
      for (const label of ['range 24 h', 'range 7 days', 'range 30 days', 'range All', 'busiest bar', 'top hashtag 1', 'top author 1'])
        await waitForWidget(p, label);
      await p.screenshot({path: path.join(outDir, 'insights-1280x720.png')});
      await p.setViewportSize({width: 800, height: 600});
      await frames(p, 4);
      await assertInside(p, ['range All', 'range Custom', 'range shown', 'Who', 'What'], 800, 600, 'Insights at 800×600');
      await p.screenshot({path: path.join(outDir, 'insights-800x600.png')});
      await p.setViewportSize({width: 1280, height: 720});
      await frames(p, 4);

      // A hashtag: the feed shows only its mentions, through its search box.
      const narrowed = await clickUntil(p, 'top hashtag 1', (s) => s.view === 'mentions' && s.search.shown < s.mentions, 'the feed narrowed to the hashtag');
      assert(narrowed.search.shown > 0 && narrowed.search.error === '', `the hashtag's mentions: ${JSON.stringify(narrowed.search)}`);
      await p.screenshot({path: path.join(outDir, 'insights-hashtag-feed.png')});
      // Emptying the search box brings every mention back: the narrowing was the query in it.
      await clickLabel(p, 'search');
      await p.keyboard.down('Control');
      await press(p, 'a');
      await p.keyboard.up('Control');
      await press(p, 'Backspace');
      await waitForState(p, (s) => s.search.shown === s.mentions, 'the cleared search', 5000);

      // An author: from:handle.
      await clickLabel(p, 'Insights');
      await waitForWidget(p, 'top author 1');
      const byAuthor = await clickUntil(p, 'top author 1', (s) => s.view === 'mentions' && s.search.shown < s.mentions, 'the feed narrowed to an author');
      assert(byAuthor.search.shown > 0, `the author's mentions: ${JSON.stringify(byAuthor.search)}`);

      // A preset chosen in Insights is the range Goals shows.
      await clickLabel(p, 'Insights');
      await waitForWidget(p, 'range 24 h');
      await clickLabel(p, 'range 24 h');
      const day = await waitForState(p, (s) => s.range.from > 0 && s.range.to === 0, 'the 24 h range', 5000);
      const now = Date.now() / 1000;
      assert(Math.abs(now - 86400 - day.range.from) < 180, `24 h back from now: ${day.range.from} vs ${now}`);
      await waitForState(p, (s) => s.insights_in_range < s.mentions, 'Insights counting only the last day', 5000);
      await clickLabel(p, 'Goals');
      // The preset slides a minute at a time: Goals shows the range as it is now, still 24 h back.
      const g = await waitForState(p, (s) => s.view === 'goals' && s.goals && s.range.from > 0 && s.goals.range[0] === s.range.from &&
        s.goals.range[1] === 0, 'Goals over the same range', 5000);
      assert(g.range.from - day.range.from <= 120 && g.goals.in_range < g.mentions, `Goals counts the last 24 h: ${JSON.stringify(g.goals)}`);

      // A bar: the range becomes that day (or hour) and the feed is shown; Goals follows.
      await clickLabel(p, 'range All');
      await waitForState(p, (s) => s.range.from === 0 && s.range.to === 0, 'all time again', 5000);
      await clickLabel(p, 'Insights');
      await waitForWidget(p, 'busiest bar');
      const bar = await clickUntil(p, 'busiest bar', (s) => s.view === 'mentions' && s.range.from > 0, 'the bar range');
      const length = bar.range.to - bar.range.from;
      assert(length === 86400 || length === 3600, `a day or an hour: ${JSON.stringify(bar.range)}`);
      await clickLabel(p, 'Goals');
      const g2 = await waitForState(p, (s) => s.view === 'goals' && s.goals && s.goals.range[0] === bar.range.from, 'Goals over the bar range', 5000);
      assert(g2.goals.range[1] === bar.range.to && g2.goals.in_range > 0 && g2.goals.in_range < g2.mentions,
        `Goals over the bar's ${length / 3600} h: ${JSON.stringify(g2.goals)}`);
      // Both count the same mentions (read in one frame of the Goals view: the free sources may still bring posts of that day).
      await waitForState(p, (s) => s.view === 'goals' && s.goals.in_range === s.insights_in_range, 'Insights and Goals counting the same mentions', 10000);
      await clickLabel(p, 'Insights');
      await waitForWidget(p, 'range shown');
      await p.screenshot({path: path.join(outDir, 'insights-one-day-1280x720.png')});
    } finally {
      await close();
    }
  });

  await test('every view at 1280×720, 1920×1080 and 800×600: the top bar whole and inside the window', async () => {
    const {p, close} = await freshContext();
    try {
      await p.goto(url);
      await waitForState(p, (s) => s.ready && s.mentions > 0 && !s.syncing, 'the app', 300000);
      for (const [w, h] of [[1280, 720], [1920, 1080], [800, 600]]) {
        await p.setViewportSize({width: w, height: h});
        await frames(p, 6);
        for (const tab of (await state(p)).tabs) {
          await clickLabel(p, tab);
          await frames(p, 4);
          await assertInside(p, await topBar(p), w, h, `${tab} at ${w}×${h}`);
          if (tab === 'Inbox') {
            await clickLabel(p, 'first mention row');
            await waitForWidget(p, 'mention text');
            await frames(p, 3);
            await assertInside(p, ['detail pane'], w, h, `the detail pane at ${w}×${h}`);
            const pane = await p.evaluate(() => window.earshot.locate('detail pane'));
            await assertInside(p, ['Resolved', openOnLabel(await state(p)), 'Add tag'], pane.x + pane.w, Infinity, `across the detail pane at ${w}×${h}`);
          }
          if (tab === 'Listeners') // the row's buttons wrap in their cell rather than leave the window
            await assertInside(p, ['Estimate Harbour Bean', 'Pause Harbour Bean', 'Delete Harbour Bean'], w, Infinity, `the listeners' buttons at ${w}×${h}`);
          await p.screenshot({path: path.join(outDir, `view-${tab.toLowerCase()}-${w}x${h}.png`)});
        }
      }
    } finally {
      await close();
    }
  });

  await test('the theme: follows the system until chosen, a choice survives a reload, and is drawn dark', async () => {
    const {ctx, p, close} = await freshContext();
    try {
      await p.emulateMedia({colorScheme: 'light'});
      await p.setViewportSize({width: 1280, height: 720});
      await p.goto(url);
      const s = await waitForState(p, (s) => s.ready && s.mentions > 0, 'the app');
      assert(s.theme.choice === 'system' && s.theme.dark === false, `a light system, no choice: ${JSON.stringify(s.theme)}`);
      // The system turns dark with no input at all: the app follows.
      await p.emulateMedia({colorScheme: 'dark'});
      await waitForState(p, (s) => s.theme.dark === true, 'following the dark system', 5000);
      await p.emulateMedia({colorScheme: 'light'});
      await waitForState(p, (s) => s.theme.dark === false, 'following the light system', 5000);
      await frames(p, 3);
      const light = await brightness(ctx, await p.screenshot());

      await clickLabel(p, 'Settings');
      await waitForState(p, (s) => s.view === 'settings', 'the settings view', 5000);
      await waitForWidget(p, 'theme dark');
      await clickLabel(p, 'theme dark');
      await waitForState(p, (s) => s.theme.choice === 'dark' && s.theme.dark, 'the dark choice', 5000);
      await frames(p, 3);
      const dark = await brightness(ctx, await p.screenshot({path: path.join(outDir, 'settings-dark-1280x720.png')}));
      assert(dark < 90 && light > 170, `drawn dark: brightness ${dark.toFixed(0)} (light was ${light.toFixed(0)})`);
      for (const [w, h] of [[1920, 1080], [800, 600]]) {
        await p.setViewportSize({width: w, height: h});
        await frames(p, 4);
        await p.screenshot({path: path.join(outDir, `settings-dark-${w}x${h}.png`)});
      }
      await clickLabel(p, 'Inbox');
      await clickLabel(p, 'first mention row');
      await waitForWidget(p, 'mention text');
      await frames(p, 3);
      await p.screenshot({path: path.join(outDir, 'mentions-dark-800x600.png')});
      await p.setViewportSize({width: 1280, height: 720});

      await p.reload();
      const again = await waitForState(p, (s) => s.ready, 'the reloaded app');
      assert(again.theme.choice === 'dark' && again.theme.dark, `the choice survives a reload over a light system: ${JSON.stringify(again.theme)}`);
      await clickLabel(p, 'Settings');
      await waitForWidget(p, 'theme system');
      await clickLabel(p, 'theme system');
      await waitForState(p, (s) => s.theme.choice === 'system' && !s.theme.dark, 'back to the system', 5000);
      await p.reload();
      const back = await waitForState(p, (s) => s.ready, 'the reloaded app');
      assert(back.theme.choice === 'system' && !back.theme.dark, JSON.stringify(back.theme));
    } finally {
      await close();
    }
  });

  await test('Settings shows storage and quota, and clears all data only after a confirmation', async () => {
    const {p, close} = await freshContext();
    try {
      await p.setViewportSize({width: 1280, height: 720});
      await p.goto(url);
      await waitForState(p, (s) => s.ready && s.mentions > 0 && !s.syncing && !s.saving, 'a first sync, saved');
      await clickLabel(p, 'first mention row'); // read: a workflow entry to lose
      await waitForState(p, (s) => s.workflow.entries > 0, 'a workflow entry', 5000);
      await clickLabel(p, 'Settings');
      await waitForWidget(p, 'settings quota', 10000);
      const before = await waitForState(p, (s) => s.storage.quota > 0 && s.storage.usage > 0, 'the browser\'s estimate', 10000);
      assert(before.storage.usage <= before.storage.quota, JSON.stringify(before.storage));
      await clickLabel(p, 'theme dark');
      await waitForState(p, (s) => s.theme.choice === 'dark', 'a preference to lose', 5000);
      await frames(p, 3);
      await p.screenshot({path: path.join(outDir, 'settings-1280x720.png')});

      // The first click only asks; Cancel keeps everything.
      await clickLabel(p, 'Clear all data');
      await waitForWidget(p, 'clear confirmation');
      await frames(p, 3);
      await p.screenshot({path: path.join(outDir, 'settings-clear-confirm.png')});
      await clickLabel(p, 'Cancel clear');
      await frames(p, 3);
      assert(await p.evaluate(() => window.earshot.locate('clear confirmation')) === null, 'the confirmation is gone');
      // The demo keeps trickling posts in, so the count may only grow here.
      const kept = await state(p);
      assert(kept.mentions >= before.mentions && kept.listeners.length === before.listeners.length &&
        kept.workflow.entries >= before.workflow.entries && kept.theme.choice === 'dark',
        `Cancel deleted nothing: ${JSON.stringify({before: [before.mentions, before.listeners.length, before.workflow.entries],
          kept: [kept.mentions, kept.listeners.length, kept.workflow.entries, kept.theme.choice]})}`);

      // Confirmed: everything goes, and the page starts afresh (with /api/ blocked, nothing comes back).
      await p.route('**/api/**', (route) => route.abort());
      await clickLabel(p, 'Clear all data');
      await waitForWidget(p, 'Delete everything');
      await clickThenReload(p, 'Delete everything');
      const after = await waitForState(p, (s) => s.ready, 'the page after clearing', 30000);
      assert(after.mentions === 0 && after.listeners.length === 0 && after.workflow.entries === 0 && !after.from_cache,
        `nothing left: ${JSON.stringify({m: after.mentions, l: after.listeners.length, w: after.workflow})}`);
      assert(after.theme.choice === 'system', `the theme was forgotten too: ${JSON.stringify(after.theme)}`);
      // Earshot starts over: the starter listeners and the demo's mentions come back.
      await p.unroute('**/api/**');
      await p.reload();
      await waitForState(p, (s) => s.ready && s.mentions > 0 && s.listeners.length >= 5, 'listening again after clearing');
    } finally {
      await close();
    }
  });

  await test('Settings: a changed key is checked with the proxy at once, and a forgotten one is asked for again, also after a reload', async () => {
    const key = 'e2e-Settings-key-0123456789';
    const keyPort = await freePort();
    const keyed = start('earshot-proxy', ['--port', String(keyPort), '--web', path.join(root, 'build/web/site')],
      {EARSHOT_DEMO_URL: `http://127.0.0.1:${demoPort}`, X_BEARER_TOKEN: '', EARSHOT_ACCESS_KEY: key});
    const keyUrl = `http://127.0.0.1:${keyPort}/`;
    const browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
    const giveKey = async (p, k) => {
      await waitForWidget(p, 'access key field');
      await clickLabel(p, 'access key field');
      await typeText(p, k);
      await clickLabel(p, 'Use this key');
    };
    try {
      await waitForHttp(`${keyUrl}api/sources`, 15000, key);
      const p = await browser.newPage({viewport: {width: 1280, height: 720}});
      watch(p);
      await p.goto(keyUrl);
      await waitForState(p, (s) => s.ready && s.access_key.asking, 'the key prompt', 30000);
      await giveKey(p, key);
      await waitForState(p, (s) => s.access_key.state === 'accepted' && s.mentions > 0 && !s.saving, 'the accepted key', 30000);
      await clickLabel(p, 'Settings');
      await waitForWidget(p, 'Forget the key');
      assert((await state(p)).access_key.has_key, 'a key is remembered');
      await frames(p, 3);
      await p.screenshot({path: path.join(outDir, 'settings-key.png')});

      // A wrong key typed in Settings is tried at once: refused, so the prompt asks.
      await clickLabel(p, 'settings key field');
      await typeText(p, 'not-the-right-key-at-all');
      await clickLabel(p, 'settings use key');
      const wrong = await waitForState(p, (s) => s.access_key.state === 'refused' && s.access_key.asking, 'the refused change', 10000);
      assert(wrong.access_key.has_key, JSON.stringify(wrong.access_key));
      await giveKey(p, key);
      await waitForState(p, (s) => s.access_key.state === 'accepted' && !s.access_key.asking && !s.saving, 'the right key again', 10000);

      // Forgotten: requests go without a key, this proxy wants one, so Earshot asks — and still after a reload.
      await clickLabel(p, 'Forget the key');
      const forgot = await waitForState(p, (s) => s.access_key.state === 'needed' && s.access_key.asking, 'asking after forgetting', 10000);
      assert(!forgot.access_key.has_key, JSON.stringify(forgot.access_key));
      await waitForState(p, (s) => !s.saving, 'the removal saved', 10000);
      await p.reload();
      await waitForState(p, (s) => s.ready && s.access_key.asking && s.access_key.state === 'needed', 'asking after the reload', 30000);
    } finally {
      await browser.close();
      keyed.kill('SIGTERM');
    }
  });

  await test('without animation frames (a hidden tab) the app loads its cache and keeps listening', async () => {
    const {ctx, p, close} = await freshContext();
    try {
      // What a background tab gets: requestAnimationFrame never calls back.
      await ctx.addInitScript(() => { window.requestAnimationFrame = () => 0; });
      await p.goto(url);
      const s = await waitForState(p, (s) => s.ready && s.mentions > 0 && s.last_sync > 0, 'a poll with no frames', 90000);
      assert(s.listeners.length >= 5, `starter listeners: ${s.listeners.length}`);
      const drawn = await p.evaluate(() => window.earshot.frameStats().frames);
      assert(drawn === 0, `no frame should have been drawn, got ${drawn}`);
      await p.reload();
      const again = await waitForState(p, (s) => s.ready && s.from_cache, 'the cache with no frames', 30000);
      assert(again.mentions >= s.mentions, `cache ${again.mentions} < ${s.mentions}`);
    } finally {
      await close();
    }
  });

  await test('a full quota mid-sync holds the run (nothing read that cannot be kept), then it finishes', async () => {
    const {ctx, p, close} = await freshContext();
    const cdp = await ctx.newCDPSession(p);
    const origin = url.replace(/\/$/, '');
    try {
      // Room for a few pages only: the disk fills up in the middle of the first sync.
      await cdp.send('Storage.overrideQuotaForOrigin', {origin, quotaSize: 150 * 1024});
      await p.goto(url);
      const full = await waitForState(p, (s) => /storage is full/.test(s.problem), 'the quota error', 60000);
      assert(full.mentions >= PAGE && full.mentions < 2000, `the disk filled up mid-sync: ${full.mentions} shown`);
      await p.waitForTimeout(2000);
      const held = await state(p);
      assert(held.spend.posts_read_month <= full.spend.posts_read_month + PAGE,
        `kept reading with a full disk: ${full.spend.posts_read_month} → ${held.spend.posts_read_month}`);
      await cdp.send('Storage.overrideQuotaForOrigin', {origin});
      const done = await waitForState(p, (s) => s.problem === '' && !s.syncing && !s.saving && s.last_sync > 0,
        'the sync after space came back', 90000);
      await p.route('**/api/**', (route) => route.abort());
      await p.reload();
      const kept = await waitForState(p, (s) => s.ready && s.from_cache, 'the reloaded page', 30000);
      assert(kept.mentions === done.mentions, `shown ${done.mentions}, kept ${kept.mentions}`);
    } finally {
      await close();
    }
  });

  await test('a full storage quota is reported and loses nothing already stored', async () => {
    // No polls meanwhile: a sync started before the quota shrinks could carry the
    // change below to IndexedDB and leave nothing for the full disk to refuse.
    await page.route('**/api/**', (route) => route.abort());
    const before = await waitForState(page, (s) => !s.syncing && !s.saving, 'a quiet moment', 30000);
    const cdp = await context.newCDPSession(page);
    const origin = url.replace(/\/$/, '');
    await cdp.send('Storage.overrideQuotaForOrigin', {origin, quotaSize: 1024});
    try {
      // A change that must be written: star the mention below the selected one.
      await press(page, 'j');
      await press(page, 's');
      const s = await waitForState(page, (s) => !s.saving && s.problem !== '', 'the quota error', 30000);
      assert(/storage is full/.test(s.problem) && /already stored are safe/.test(s.problem), `message: ${s.problem}`);
      await page.screenshot({path: path.join(outDir, 'quota.png')});
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', {origin});
      await page.unroute('**/api/**');
    }
    firstCount = before.mentions;
  });

  await test('a reload with /api/ blocked shows the same mentions from IndexedDB', async () => {
    await page.route('**/api/**', (route) => route.abort());
    // Polls keep bringing the demo's trickle: count once nothing more can arrive and all is saved.
    firstCount = (await waitForState(page, (s) => !s.syncing && !s.saving, 'everything saved', 30000)).mentions;
    await page.reload();
    const s = await waitForState(page, (s) => s.ready && s.mentions > 0, 'cached mentions', 30000);
    assert(s.mentions === firstCount, `expected ${firstCount} cached mentions, got ${s.mentions}`);
    assert(s.from_cache === true, 'loaded from cache');
    assert(s.workflow.starred === 1, `the star survived the reload: ${JSON.stringify(s.workflow)}`);
    assert(s.spend.monthly_cap_micros === 7500000, `the cap survived the reload: ${JSON.stringify(s.spend)}`);
    assert(s.listeners.length === listenerCount, `listeners kept: ${s.listeners.length}`);
    await page.unroute('**/api/**');
  });

  // [SECTION] Data in and out (issue 13 item 5)

  /** A twarc2 flattened tweet (what `twarc2 flatten` writes), one line. */
  function flatTweet(id, text, i = 0) {
    return JSON.stringify({
      id: String(id), text, created_at: new Date(Date.UTC(2026, 10, 20, 9, 0, 0) - i * 1000).toISOString(),
      lang: 'en', author_id: String(5000 + (i % 700)), conversation_id: String(id),
      public_metrics: {retweet_count: i % 13, reply_count: i % 5, like_count: i % 97, quote_count: 0},
      entities: {hashtags: [{start: 0, end: 7, tag: 'coffee'}], mentions: [{start: 8, end: 20, username: 'harbourbean'}],
        urls: [{start: 30, end: 53, url: 'https://t.co/abc', expanded_url: `https://example.com/menu/${i % 50}`}]},
      author: {id: String(5000 + (i % 700)), username: `reader${i % 700}`, name: `Reader ${i % 700}`,
        location: 'Brighton, UK', public_metrics: {followers_count: 100 + (i % 5000)}, verified: false},
    });
  }
  /** Reads a CSV (RFC 4180: quoted cells, "" escapes, CRLF rows) into rows of cells. */
  function parseCsv(text) {
    const rows = [];
    let row = [], cell = '', quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { row.push(cell); cell = ''; }
      else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
      else cell += c;
    }
    if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }
  /** Listening never pauses for long (free sources poll back to back): with /api/
   *  blocked once the first posts are saved, the mention count changes only by imports. */
  async function quietPage(p) {
    await waitForState(p, (s) => s.ready && s.by_source.x > 0, 'the first posts');
    await p.route('**/api/**', (route) => route.abort());
    // A request already on its way when the route closed still lands (the free sources poll
    // beside X): wait until no source is syncing, so the count taken here stays the count.
    return waitForState(p, (s) => !s.syncing && !s.saving, 'the first posts saved', 60000);
  }
  /** Settings' Data section is its last: the "Go to" row at the top brings it into view. */
  async function scrollDown(p) {
    await clickLabel(p, 'go to Data');
    // The scroll lands a frame or two after the click: wait until the section stays put.
    let data = null;
    for (let i = 0, last = ''; i < 30; i++) {
      await frames(p, 2);
      data = await p.evaluate(() => window.earshot.locate('settings Data'));
      if (JSON.stringify(data) === last && i >= 2) break;
      last = JSON.stringify(data);
    }
    const v = p.viewportSize();
    // At the top, or as high as the end of the page lets it go.
    assert(data && data.y >= 0 && data.y < v.height * 0.8, `the Data section in view: ${JSON.stringify(data)}`);
  }
  /** A fresh page at 1280×720 with the demo's first posts saved (and the API then blocked),
   *  open on Settings with Import… in view. Returns the state before any import. */
  async function openImportAt1280(p) {
    await p.setViewportSize({width: 1280, height: 720});
    await p.goto(url);
    const before = await quietPage(p);
    await clickLabel(p, 'Settings');
    await waitForWidget(p, 'Import…', 10000);
    await scrollDown(p);
    return before;
  }
  const importDone = (s) => s.data && s.data.import && !s.data.importing && !s.data.import.running;

  await test('data: an import through the real file picker adds posts (bad lines listed), a reload keeps them, and the exports neutralise formula cells', async () => {
    const {p, close} = await freshContext();
    try {
      const before = await openImportAt1280(p);
      const lines = [
        flatTweet('1999000000000000001', '=HYPERLINK("http://evil.example","click") best flat white in town', 1),
        'this line is not JSON at all',
        flatTweet('1999000000000000002', '@harbourbean +1 for the oat milk, lovely staff', 2),
        flatTweet('1999000000000000003', '-5 stars, the queue took forever #coffee', 3),
        JSON.stringify({id: 5, text: ['a', 'wrong', 'type']}),
        flatTweet('1999000000000000004', 'cut short', 4).slice(0, 60),
      ];
      const chooser = p.waitForEvent('filechooser', {timeout: 10000});
      await clickLabel(p, 'Import…');
      await (await chooser).setFiles({name: 'collected.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n'))});
      const done = await waitForState(p, importDone, 'the import to finish', 30000);
      const im = done.data.import;
      assert(im.file === 'collected.jsonl' && im.error === '', JSON.stringify(im));
      assert(im.added === 3 && im.known === 0 && im.unreadable === 3, `3 added, 3 unreadable: ${JSON.stringify(im)}`);
      assert(im.reasons.length === 3 && im.reasons[0].startsWith('line 2: not valid JSON') &&
        im.reasons[1].startsWith('line 5: ') && im.reasons[2].startsWith('line 6: not valid JSON'), JSON.stringify(im.reasons));
      assert(done.mentions === before.mentions + 3, `the feed grew by 3: ${before.mentions} → ${done.mentions}`);
      await waitForWidget(p, 'import summary');
      // The Data section brought into view by the "Go to" row, which stays on screen however
      // far the sections are scrolled.
      for (const [w, h] of [[1280, 720], [800, 600]]) {
        await p.setViewportSize({width: w, height: h});
        await frames(p, 4);
        await scrollDown(p);
        // Frame after frame the sections stay where they are (their wrapped text once made
        // the scrollbar come and go, and the height with it, every other frame).
        const places = [];
        for (let i = 0; i < 8; i++) {
          await p.mouse.move(w / 2 + (i % 2 ? 7 : -7), 12); // over the top bar: frames, no scroll
          await frames(p, 1);
          places.push((await p.evaluate(() => window.earshot.locate('settings Data'))).y);
        }
        assert(places.every((y) => y === places[0]), `the Data section moved between frames at ${w}×${h}: ${places}`);
        const data = await p.evaluate(() => window.earshot.locate('Import…'));
        const status = await p.evaluate(() => window.earshot.locate('status'));
        assert(data && status && data.y >= 0 && data.y + data.h <= status.y, `Import… in view above the status bar at ${w}×${h}: ${JSON.stringify([data, status])}`);
        await p.screenshot({path: path.join(outDir, `settings-data-${w}x${h}.png`)});
      }
      await p.setViewportSize({width: 1280, height: 720});
      await scrollDown(p); // the resize moved the sections: wait until they stay put

      // The same file again: nothing doubled.
      const again = p.waitForEvent('filechooser', {timeout: 10000});
      await clickLabel(p, 'Import…');
      await (await again).setFiles({name: 'collected.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n'))});
      const twice = await waitForState(p, (s) => importDone(s) && s.data.import.known === 3, 'the second import', 30000);
      assert(twice.data.import.added === 0 && twice.mentions === done.mentions, JSON.stringify(twice.data.import));

      await waitForState(p, (s) => !s.saving, 'the import saved', 30000);
      await p.reload();
      const kept = await waitForState(p, (s) => s.ready && s.mentions >= done.mentions, 'the reloaded page', 30000);
      assert(kept.mentions === done.mentions, `a reload keeps the imported posts: ${kept.mentions} vs ${done.mentions}`);

      // Export all as CSV: a download whose formula cells are neutralised.
      await clickLabel(p, 'Settings');
      await waitForWidget(p, 'Export all as CSV', 10000);
      await scrollDown(p);
      const download = p.waitForEvent('download', {timeout: 30000});
      await clickLabel(p, 'Export all as CSV');
      const csvFile = await download;
      assert(/^earshot-mentions-\d{4}-\d\d-\d\d\.csv$/.test(csvFile.suggestedFilename()), csvFile.suggestedFilename());
      const csv = fs.readFileSync(await csvFile.path(), 'utf8');
      const rows = parseCsv(csv);
      const header = rows[0];
      assert(header[0] === 'id' && header.includes('text'), `header: ${header}`);
      const body = rows.slice(1);
      const exported = await state(p);
      assert(body.length === exported.mentions, `one row per mention: ${body.length} vs ${exported.mentions}`);
      assert(body.every((r) => r.length === header.length), 'every row has every column');
      const dangerous = body.flat().filter((c) => /^[=+\-@\t\r]/.test(c));
      assert(dangerous.length === 0, `cells a spreadsheet would run: ${JSON.stringify(dangerous.slice(0, 5))}`);
      const text = header.indexOf('text');
      const byId = Object.fromEntries(body.map((r) => [r[0], r]));
      assert(byId['x:1999000000000000001'][text] === '\'=HYPERLINK("http://evil.example","click") best flat white in town',
        byId['x:1999000000000000001'][text]);
      assert(byId['x:1999000000000000002'][text].startsWith('\'@harbourbean +1'), byId['x:1999000000000000002'][text]);
      assert(byId['x:1999000000000000003'][text].startsWith('\'-5 stars'), byId['x:1999000000000000003'][text]);
      await waitForWidget(p, 'export status');

      // JSON: an array of normalised mentions; twarc2 JSONL: one post a line, imported back as "already here".
      const jsonDl = p.waitForEvent('download', {timeout: 30000});
      await clickLabel(p, 'Export all as JSON');
      const json = JSON.parse(fs.readFileSync(await (await jsonDl).path(), 'utf8'));
      assert(Array.isArray(json) && json.length === exported.mentions, `JSON array of ${exported.mentions}`);
      assert(json.some((m) => m.id === 'x:1999000000000000003' && m.text.startsWith('-5 stars')), 'JSON keeps the text as it is');
      await waitForState(p, (s) => !s.data.exporting, 'the JSON export to end', 10000);
      const jsonlDl = p.waitForEvent('download', {timeout: 30000});
      await clickLabel(p, 'Export all as twarc2 JSONL');
      const jsonlPath = await (await jsonlDl).path();
      const jsonl = fs.readFileSync(jsonlPath, 'utf8').trim().split('\n');
      assert(jsonl.length === exported.mentions && jsonl.every((l) => JSON.parse(l).id), `JSONL lines: ${jsonl.length}`);
      const back = p.waitForEvent('filechooser', {timeout: 10000});
      await clickLabel(p, 'Import…');
      await (await back).setFiles(jsonlPath);
      const round = await waitForState(p, (s) => importDone(s) && s.data.import.known > 3, 'the export imported back', 30000);
      assert(round.data.import.added === 0 && round.data.import.unreadable === 0 && round.data.import.known === exported.mentions,
        `an export reads back whole: ${JSON.stringify(round.data.import)}`);
    } finally {
      await close();
    }
  });

  await test('data: a file dropped on the page is imported from any view', async () => {
    const {p, close} = await freshContext();
    try {
      await p.setViewportSize({width: 1280, height: 720});
      await p.goto(url);
      const before = await quietPage(p);
      assert(before.view === 'mentions', before.view);
      const content = [1, 2, 3, 4, 5].map((i) => flatTweet(`1998000000000000${i}`, `dropped post ${i} about the harbour cafe`, i)).join('\n') + '\n';
      const dataTransfer = await p.evaluateHandle((text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'dropped.jsonl', {type: 'application/x-ndjson'}));
        return dt;
      }, content);
      await p.dispatchEvent('#earshot-canvas', 'dragenter', {dataTransfer});
      await p.dispatchEvent('#earshot-canvas', 'dragover', {dataTransfer});
      await p.dispatchEvent('#earshot-canvas', 'drop', {dataTransfer});
      const done = await waitForState(p, importDone, 'the dropped file imported', 30000);
      assert(done.data.import.file === 'dropped.jsonl' && done.data.import.added === 5, JSON.stringify(done.data.import));
      assert(done.mentions === before.mentions + 5, `the feed grew by 5: ${before.mentions} → ${done.mentions}`);
    } finally {
      await close();
    }
  });

  await test('data: bench — a generated 100,000-post twarc2 file imports with the page responsive (MB/s, longest frame)', async () => {
    const {p, close} = await freshContext(GPU_ARGS); // frames as a GPU browser draws them (see GPU_ARGS)
    const file = path.join(os.tmpdir(), `earshot-import-bench-${process.pid}.jsonl`);
    const second = path.join(os.tmpdir(), `earshot-import-bench-moving-${process.pid}.jsonl`);
    let moving = true;
    try {
      const words = ['flat', 'white', 'harbour', 'queue', 'lovely', 'staff', 'oat', 'milk', 'cake', 'slow',
        'brunch', 'price', 'coffee', 'beans', 'music', 'seat', 'view', 'rain', 'dog', 'friendly'];
      const write = (name, first, n) => {
        const out = fs.openSync(name, 'w');
        let chunk = [];
        for (let i = first; i < first + n; i++) {
          const text = Array.from({length: 24}, (_, k) => words[(i * 7 + k * 13 + (i >> 3)) % words.length]).join(' ') + ` #${i % 40}`;
          chunk.push(flatTweet(String(1997000000000000000n + BigInt(i)), text, i));
          if (chunk.length === 5000) { fs.writeSync(out, chunk.join('\n') + '\n'); chunk = []; }
        }
        if (chunk.length) fs.writeSync(out, chunk.join('\n') + '\n');
        fs.closeSync(out);
        return fs.statSync(name).size;
      };
      const N = 100000, M = 20000;
      const bytes = write(file, 0, N), secondBytes = write(second, N, M);
      const before = await openImportAt1280(p);
      // The browser's long-task entries (over 50 ms): the page's thread busy that long, by our
      // work, a frame or the garbage collector. (With software compositing every drawn frame
      // would be one, for the read-back; this page composites as a GPU browser does.)
      await p.evaluate(() => {
        window.__inputDelays = [];
        window.__longTasks = [];
        new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
          .observe({type: 'longtask', buffered: false});
        addEventListener('pointermove', (e) => window.__inputDelays.push(performance.now() - e.timeStamp), true);
      });
      const importFile = async (name) => {
        const chooser = p.waitForEvent('filechooser', {timeout: 10000});
        await clickLabel(p, 'Import…');
        const t0 = Date.now();
        await (await chooser).setFiles(name);
        return {t0};
      };

      // 1. Throughput: the owner waits for the import.
      const profiler = await startCpuProfile(p);
      // Without a profile asked for, a light trace gives each task's thread time (CPU).
      const threadTimes = profiler ? null : await startFrameTrace(p, 'import');
      const framesBefore = (await p.evaluate(() => window.earshot.frameStats())).frames;
      const {t0} = await importFile(file);
      const done = await waitForState(p, importDone, 'the 100,000-post import', 300000);
      const traced = await stopCpuProfile(profiler, 'import');
      const cpu = threadTimes ? await threadTimes() : traced;
      const wall = (Date.now() - t0) / 1000;
      const longTasks = await p.evaluate(() => window.__longTasks.splice(0));
      const stats = await p.evaluate((n) => window.earshot.frameStats(n), framesBefore);
      const im = done.data.import;
      console.log(`      import bench: ${(bytes / 1e6).toFixed(1)} MB, ${N} posts, app ${im.seconds.toFixed(2)} s = ` +
        `${(bytes / 1e6 / im.seconds).toFixed(1)} MB/s (wall ${wall.toFixed(2)} s = ${(bytes / 1e6 / wall).toFixed(1)} MB/s; ` +
        `working ${(im.work_ms / 1000).toFixed(2)} s of it = ${(bytes / 1e3 / im.work_ms).toFixed(1)} MB/s, longest slice of work ${im.longest_step_ms.toFixed(1)} ms; ` +
        `load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores); ` +
        `long tasks (> 50 ms) ${longTasks.length}${longTasks.length ? `, longest ${Math.max(...longTasks).toFixed(0)} ms` : ''}; ` +
        `app frames ${stats.counted}, cpu p50 ${stats.cpu_ms_p50.toFixed(1)} p95 ${stats.cpu_ms_p95.toFixed(1)} max ${stats.cpu_ms_max.toFixed(1)} ms` +
        (cpu ? `; thread CPU: ${cpu.tasks} tasks of the page, longest ${cpu.task_cpu_max.toFixed(1)} ms, ${cpu.tasks_over_50_cpu} over 50 ms ` +
          `(${cpu.tasks_over_50_wall} over 50 ms of wall time, their CPU at most ${cpu.long_task_cpu_max.toFixed(1)} ms); ` +
          `drawn frames ${cpu.frames}, p95 ${cpu.p95.toFixed(1)} max ${cpu.max.toFixed(1)} ms` : ''));
      assert(im.added === N && im.unreadable === 0, JSON.stringify(im));
      assert(done.mentions === before.mentions + N, `${before.mentions} + ${N} → ${done.mentions}`);

      // 1b. The index snapshot the grown cache is now due (some 9 MB): built a slice at a time
      // between frames, not in one task (it was a 419 ms frame in one go).
      const framesAfter = (await p.evaluate(() => window.earshot.frameStats())).frames;
      const t1 = Date.now();
      const snap = await waitForState(p, (s) => !s.index.snapshot_building && s.index.snapshot_covers >= done.mentions,
        'the index snapshot after the import', 60000);
      const snapTasks = await p.evaluate(() => window.__longTasks.splice(0));
      const snapFrames = await p.evaluate((n) => window.earshot.frameStats(n), framesAfter);
      console.log(`      index snapshot after it: covers ${snap.index.snapshot_covers}, ready ${((Date.now() - t1) / 1000).toFixed(1)} s after the import was seen done; ` +
        `app frames ${snapFrames.counted}, cpu max ${snapFrames.cpu_ms_max.toFixed(1)} ms; long tasks ${snapTasks.length}` +
        `${snapTasks.length ? `, longest ${Math.max(...snapTasks).toFixed(0)} ms` : ''}`);
      assert(snap.index.indexed === snap.mentions, `indexing went on after the snapshot: ${JSON.stringify(snap.index)} of ${snap.mentions}`);

      // 2. Responsiveness: the pointer moves four times a second through another import, and the
      // page records each event's delay from its timestamp to its handler, as the Event Timing
      // API does (a slice of work or a frame running long shows as a long wait).
      await importFile(second);
      const mover = (async () => {
        for (let i = 0; moving; i++) {
          await p.mouse.move(600 + (i % 2) * 40, 300);
          await new Promise((r) => setTimeout(r, 250));
        }
      })().catch(() => {}); // the page closed: the test's own failure says why
      const moved = await waitForState(p, (s) => importDone(s) && s.data.import.bytes_total === secondBytes, `the ${M}-post import`, 300000);
      moving = false;
      await mover;
      const lags = await p.evaluate(() => window.__inputDelays);
      const sorted = [...lags].sort((a, b) => a - b);
      const longest = sorted[sorted.length - 1] || 0, p95 = sorted[Math.floor(sorted.length * 0.95)] || 0;
      const im2 = moved.data.import;
      console.log(`      import with the pointer moving: ${M} posts at ${(secondBytes / 1e6 / im2.seconds).toFixed(1)} MB/s; ` +
        `input delay (${lags.length} pointer moves) p95 ${p95.toFixed(1)} ms, longest ${longest.toFixed(1)} ms; longest slice of work ${im2.longest_step_ms.toFixed(1)} ms`);
      assert(im2.added === M && moved.mentions === done.mentions + M, JSON.stringify(im2));
      assert(lags.length > 0, 'the pointer moves reached the page');
    } finally {
      moving = false;
      fs.rmSync(file, {force: true});
      fs.rmSync(second, {force: true});
      await close();
    }
  });

  // A million cached mentions (issue 13: smooth at a million). Minutes of work and a GB of
  // memory, so it runs from scripts/bench (EARSHOT_E2E_MILLION=1), not in every test run.
  if (process.env.EARSHOT_E2E_MILLION) await test('bench: with 1,000,000 cached mentions, frame CPU while scrolling the feed and with Insights open', async () => {
    const {p, close} = await freshContext(GPU_ARGS); // frames as a GPU browser draws them (see GPU_ARGS)
    const N = Number(process.env.EARSHOT_E2E_MILLION_N || 1000000);
    const file = path.join(os.tmpdir(), `earshot-million-${process.pid}.jsonl`);
    try {
      const words = ['flat', 'white', 'harbour', 'queue', 'lovely', 'staff', 'oat', 'milk', 'cake', 'slow', 'brunch',
        'price', 'coffee', 'beans', 'music', 'seat', 'view', 'rain', 'dog', 'friendly', 'terrible', 'open', 'when', 'best'];
      const out = fs.openSync(file, 'w');
      let chunk = [];
      for (let i = 0; i < N; i++) {
        const text = Array.from({length: 12}, (_, k) => words[(i * 7 + k * 13 + (i >> 4)) % words.length]).join(' ') +
          ` #${['coffee', 'brunch', 'brighton', 'latte', 'cake'][i % 5]}${i % 300} @harbourbean`;
        const t = JSON.parse(flatTweet(String(1990000000000000000n + BigInt(i)), text, i % 600000));
        t.author_id = t.author.id = String(100000 + (i % 60000));
        t.author.username = `reader${i % 60000}`;
        chunk.push(JSON.stringify(t));
        if (chunk.length === 20000) { fs.writeSync(out, chunk.join('\n') + '\n'); chunk = []; }
      }
      if (chunk.length) fs.writeSync(out, chunk.join('\n') + '\n');
      fs.closeSync(out);
      const before = await openImportAt1280(p);
      const chooser = p.waitForEvent('filechooser', {timeout: 10000});
      await clickLabel(p, 'Import…');
      const t0 = Date.now();
      await (await chooser).setFiles(file);
      const done = await waitForState(p, importDone, 'the million-post import', 30 * 60000);
      const imported = (Date.now() - t0) / 1000;
      assert(done.mentions === before.mentions + N, `${before.mentions} + ${N} → ${done.mentions}`);
      await waitForState(p, (s) => !s.saving, 'the import saved', 10 * 60000);
      const measure = async (what, act) => {
        const since = (await p.evaluate(() => window.earshot.frameStats())).frames;
        // A sampled CPU profile when one is asked for alone (EARSHOT_E2E_CPUPROFILE without
        // EARSHOT_E2E_TRACE); otherwise the light trace that gives each frame's thread time.
        const profile = process.env.EARSHOT_E2E_TRACE ? null : await startCpuProfile(p);
        const threadTimes = profile ? null : await startFrameTrace(p, `million-${what.split(',')[0].replace(/\W+/g, '-')}`);
        const t = Date.now();
        for (let i = 0; i < 120; i++) { await act(i); await frames(p, 1); }
        const f = await p.evaluate((n) => window.earshot.frameStats(n), since);
        await stopCpuProfile(profile, `million-${what.split(',')[0].replace(/\W+/g, '-')}`);
        const cpu = threadTimes && await threadTimes();
        console.log(`      ${what}: ${f.counted} frames in ${((Date.now() - t) / 1000).toFixed(1)} s; the app's clock around its ` +
          `frame p50 ${f.cpu_ms_p50.toFixed(2)} ms, p95 ${f.cpu_ms_p95.toFixed(2)} ms, max ${f.cpu_ms_max.toFixed(2)} ms` +
          (cpu ? `; thread CPU of the page's frame task (${cpu.frames} drawn frames: rAF, style, layout, paint) ` +
            `p50 ${cpu.p50.toFixed(2)} ms, p95 ${cpu.p95.toFixed(2)} ms, max ${cpu.max.toFixed(2)} ms; of its rAF callback ` +
            `p95 ${cpu.raf_p95.toFixed(2)} ms` : '') + ' (target: CPU p95 <= 6 ms)');
        return {...f, cpu};
      };
      await clickLabel(p, 'Inbox');
      await waitForWidget(p, 'first mention row', 60000);
      const row = await p.evaluate(() => window.earshot.locate('first mention row'));
      await p.mouse.move(row.x + 60, row.y + row.h * 3);
      await frames(p, 3);
      const feed = await measure('feed, scrolling a row band a frame', (i) => p.mouse.wheel(0, i % 60 < 30 ? 150 : -150));
      await clickLabel(p, 'Insights');
      await frames(p, 6);
      const v = p.viewportSize();
      const insights = await measure('Insights open, the pointer over its charts', (i) =>
        p.mouse.move(80 + (i * 37) % (v.width - 160), 140 + (i * 53) % (v.height - 220)));
      const mem = await p.evaluate(() => performance.memory ? performance.memory.usedJSHeapSize : 0);
      console.log(`      million bench: ${N} posts imported in ${imported.toFixed(0)} s (${done.data.import.seconds.toFixed(1)} s in the app); ` +
        `${done.mentions} cached; JS heap ${(mem / 1e6).toFixed(0)} MB; load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
      assert(feed.counted > 60 && insights.counted > 60, 'frames were drawn while measuring');
    } finally {
      fs.rmSync(file, {force: true});
      await close();
    }
  });

  // Last: it stops the proxy and the demo source, which every test above needs.
  await test('with the server stopped and the browser offline, the page still opens with the cache', async () => {
    // The page kept listening through the tests above (the demo trickles a post a
    // minute): count what it holds once nothing more can arrive and all is saved.
    await page.route('**/api/**', (route) => route.abort());
    firstCount = (await waitForState(page, (s) => !s.syncing && !s.saving, 'everything saved', 30000)).mentions;
    proxy.kill('SIGTERM');
    demo.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await context.setOffline(true);
    await page.reload();
    const s = await waitForState(page, (s) => s.ready && s.mentions > 0, 'the offline page', 30000);
    assert(s.mentions === firstCount, `expected ${firstCount}, got ${s.mentions}`);
    // The app reports what the browser knows (Playwright's offline emulation does
    // not always reach navigator.onLine of pages opened later in the context).
    const browserOnline = await page.evaluate(() => navigator.onLine);
    assert(s.online === browserOnline, `app online=${s.online}, browser online=${browserOnline}`);
    await page.screenshot({path: path.join(outDir, 'offline.png')});
    await context.setOffline(false);
  });

  await test('no uncaught page errors', async () => {
    assert(consoleErrors.length === 0, consoleErrors.join('\n'));
  });
} catch (e) {
  results.push(['stack start', false]);
  console.log(`FAIL  the test stack: ${e.stack || e}\n--- demo ---\n${demo.log()}\n--- proxy ---\n${proxy.log()}`);
} finally {
  if (context) await context.close();
  proxy.kill('SIGTERM');
  demo.kill('SIGTERM');
  fs.rmSync(profileDir, {recursive: true, force: true});
}

const passed = results.filter((r) => r[1]).length;
const failed = results.length - passed;
console.log(`screenshots: ${outDir}`);
// Repeated last, because a CI report may keep only the head and the tail of a long log.
for (const [name, ok, why] of results) if (!ok) console.log(`FAILED ${name}: ${why}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
