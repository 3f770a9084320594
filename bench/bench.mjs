// The benchmark's measuring half (scripts/bench.sh builds and serves, then runs this):
// bytes a reader downloads, and speed and memory in headless Chromium, for the release app and
// for the minimal Yew counter in bench/counter/ (the baseline). Prints a Markdown table, writes
// it to bench/latest.md, and exits 1 when a budget fails.
//
// Every timing is taken inside the page with performance.now(); the browser comes from
// e2e/browser.mjs (Debian's chromium through playwright-core, fresh profile per launch).
//
// Environment (set by scripts/bench.sh):
//   APP_URL, COUNTER_URL     where each dist is served (trailing slash)
//   APP_DIST, COUNTER_DIST   the dist directories, for the byte counts
//   BENCH_RUNS               browser runs per app and journey (default 7); figures are medians over runs
//   BENCH_JOURNEY            the app's query for the cheapest journey (default ?port=25&block=drop)
//   BENCH_LIGHTHOUSE_RUNS    Lighthouse runs per app (default 3; 0 skips Lighthouse and its budgets)
//   LIGHTHOUSE_OUT           where the Lighthouse JSON reports go (default bench/target/lighthouse)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { ARGS, openPage } from '../e2e/browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const JOURNEY = process.env.BENCH_JOURNEY ?? '?port=25&block=drop';
const LH_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const LH_OUT = process.env.LIGHTHOUSE_OUT ?? join(HERE, 'target', 'lighthouse');
const TIMED_STEPS = 500;
const HEAP_EARLY_STEPS = 10;
const HEAP_LATE_STEPS = 2000;
const CONSOLE_REPLIES = 50;

// Budgets. KB and MB are decimal (1 KB = 1000 B), the stricter reading.
const BUDGET_BROTLI_BYTES = 110_000;
const BUDGET_STEP_MEDIAN_MS = 4; // every journey
const BUDGET_STEP_P95_MS = 12; // every journey (issue 16: the heaviest one)
const BUDGET_HEAP_GROWTH_BYTES = 1_000_000;
const BUDGET_INTERACTIVE_RATIO = 1.5; // navigation → first interactive control, app / counter
const BUDGET_LH_SCORE = 0.98; // Lighthouse performance, mobile preset
const BUDGET_LH_LCP_RATIO = 1.0; // app LCP / counter LCP, at the root and on each shared link
const BUDGET_LH_TBT_MS = 100;

/**
 * The app's journeys for the step figures. The first is the full run (first interactive control,
 * heap, console); the others only time "Next step". `eaves`: the "Eavesdropper view" switch must
 * be on; if the page did not turn it on from the URL, the run clicks it before timing.
 */
const JOURNEYS = [
  { id: 'cheap', title: 'cheapest', query: JOURNEY, full: true, eaves: false },
  { id: 'heavy', title: 'heaviest: compare + eavesdropper', query: '?port=587&compare=465&eaves=1', full: false, eaves: true },
  { id: 'attack', title: 'heaviest: compare + attacker', query: '?port=587&compare=465&attack=strip&client=opportunistic', full: false, eaves: false },
];

/**
 * Links a teacher or a blogger shares, measured by Lighthouse as the root is (issue 25): each
 * paints its own state before the wasm arrives (first/, src/bin/prerender.rs).
 */
const SHARED = [
  { id: 'shared-home', query: '?port=25&net=home&step=3' },
  { id: 'shared-compare', query: '?port=587&compare=465' },
];

/** What each app's figures are measured on. */
const APPS = {
  app: {
    title: 'app',
    url: required('APP_URL'),
    dist: required('APP_DIST'),
    query: JOURNEY,
    // The first interactive control, the control that advances, its readout, how to wrap.
    control: 'Next step',
    readout: '^Step (\\d+) of (\\d+)$',
    restart: 'Restart',
    console: true,
  },
  counter: {
    title: 'counter',
    url: required('COUNTER_URL'),
    dist: required('COUNTER_DIST'),
    query: '',
    control: 'Add one',
    readout: '^Count (\\d+)$',
    restart: null,
    console: false,
  },
};

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`bench.mjs: ${name} is not set (run it through: bash scripts/bench.sh)`);
    process.exit(2);
  }
  return v;
}

// -- statistics --------------------------------------------------------------------------------

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function quantile(xs, q) {
  // Nearest rank: the smallest sample with at least q of the samples at or below it.
  const s = sorted(xs);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)];
}
const median = (xs) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// -- bytes -------------------------------------------------------------------------------------

const KINDS = ['html', 'js', 'wasm', 'css'];
const kindOf = (file) => {
  const ext = extname(file).slice(1);
  return KINDS.includes(ext) ? ext : 'other';
};
const compressed = (cmd, args, file) => execFileSync(cmd, [...args, file], { maxBuffer: 64 << 20 }).length;

/**
 * { html: {raw, gzip, brotli, files}, ..., other, total, later } where total is html+js+wasm+css
 * of the files in `loaded` (what the page fetched before any interaction) and `later` the same
 * for the dist's other html/js/wasm/css files (views loaded when opened, the embed kit).
 */
function bytes(dist, loaded) {
  const out = Object.fromEntries([...KINDS, 'other', 'total', 'later'].map((k) => [k, { raw: 0, gzip: 0, brotli: 0, files: [] }]));
  for (const name of readdirSync(dist).sort()) {
    const file = join(dist, name);
    if (!statSync(file).isFile()) continue;
    if (!loaded.has(name)) {
      if (kindOf(name) === 'other') continue;
      const later = out.later;
      later.raw += statSync(file).size;
      later.brotli += compressed('brotli', ['-q', '11', '-c'], file);
      later.gzip += compressed('gzip', ['-9', '-n', '-c'], file);
      later.files.push(name);
      continue;
    }
    const row = {
      raw: statSync(file).size,
      gzip: compressed('gzip', ['-9', '-n', '-c'], file),
      brotli: compressed('brotli', ['-q', '11', '-c'], file),
    };
    for (const k of [kindOf(name), ...(kindOf(name) === 'other' ? [] : ['total'])]) {
      for (const m of ['raw', 'gzip', 'brotli']) out[k][m] += row[m];
      out[k].files.push(name);
    }
  }
  return out;
}

// -- in the page -------------------------------------------------------------------------------

/**
 * Installed before any page script (page.addInitScript): records when the first interactive
 * control (a visible, enabled button with `label`) appears, as performance.now() — milliseconds
 * since navigation start — and keeps the app's wasm memory. The first screen drawn into the
 * app's HTML at build time has that button too: it counts only with `drawn` (arrivals), and
 * only once boot.js has made it work (`#app[data-live]`). With `readout`, the probe presses the
 * control the moment it works and records when the press is answered: an element reading the
 * readout with the number 1 (the app's "Step 1 of …", the counter's "Count 1").
 */
function probe({ label, drawn, readout }) {
  const b = (window.__bench = { interactive: null, answered: null, memory: null });
  // Keep the instance's memory, whatever loader starts the app (Trunk's inline script or a file).
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      const instance = result instanceof WebAssembly.Instance ? result : result.instance;
      if (instance && instance.exports.memory instanceof WebAssembly.Memory) b.memory = instance.exports.memory;
      return result;
    };
  }
  const control = () => {
    for (const el of document.getElementsByTagName('button')) {
      if (el.textContent.trim() !== label) continue;
      // The drawing's button does nothing until boot.js makes it work (or the app replaces it).
      if (el.closest('#app[data-prerendered]') && !(drawn && el.closest('#app[data-live]'))) continue;
      if (el.disabled || el.getAttribute('aria-disabled') === 'true') return null;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && (!el.checkVisibility || el.checkVisibility({ visibilityProperty: true })) ? el : null;
    }
    return null;
  };
  const re = readout && new RegExp(readout);
  const answered = () => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let el = walker.nextNode(); el; el = walker.nextNode()) {
      if (el.childElementCount === 0 && re.exec(el.textContent.trim())?.[1] === '1') return true;
    }
    return false;
  };
  // When the page first shows content, and when its largest piece of content is painted (until
  // the probe's press, as a reader's first input ends the browser's own record).
  b.fcp = null;
  b.lcp = null;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') b.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!re || b.interactive === null || e.startTime <= b.interactive) b.lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const mo = new MutationObserver(() => {
    if (b.interactive === null) {
      const el = control();
      if (!el) return;
      b.interactive = performance.now();
      if (!re) return mo.disconnect();
      el.click();
    }
    if (document.body && answered()) {
      b.answered = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
}

/**
 * Runs in the page: press `control` `n` times; before each press at the end of the journey,
 * press `restart` (not timed). Each timed press is measured from just before element.click()
 * to the MutationObserver callback that sees the readout change (Yew renders from a microtask,
 * so this is click → handler → render → DOM), and again after forcing style and layout.
 * `frames`: let a frame pass between presses, as a person would (else a macrotask yield).
 */
async function press({ n, control, readout, restart, frames, timed }) {
  const re = new RegExp(readout);
  const button = (label) => [...document.getElementsByTagName('button')].find((b) => b.textContent.trim() === label);
  const findReadout = () => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let el = walker.nextNode(); el; el = walker.nextNode()) {
      if (el.childElementCount === 0 && re.test(el.textContent.trim())) return el;
    }
    throw new Error(`no element reads ${readout}`);
  };
  let shown = findReadout();
  const read = () => {
    if (!shown.isConnected) shown = findReadout();
    return shown.textContent.trim();
  };
  // A macrotask yield without setTimeout's 4 ms clamp on nested timers.
  const channel = new MessageChannel();
  const yieldTask = () =>
    new Promise((r) => {
      channel.port1.onmessage = () => r();
      channel.port2.postMessage(null);
    });
  const settle = () => (frames ? new Promise((r) => requestAnimationFrame(() => r())) : yieldTask());
  const pressAndWait = (el) =>
    new Promise((resolve, reject) => {
      const before = read();
      let t0;
      const mo = new MutationObserver(() => {
        if (read() === before) return;
        const dom = performance.now();
        void document.body.offsetHeight; // style + layout of what changed
        const layout = performance.now();
        mo.disconnect();
        clearTimeout(guard);
        resolve({ dom: dom - t0, layout: layout - t0 });
      });
      const guard = setTimeout(() => {
        mo.disconnect();
        reject(new Error(`"${before}" did not change within 5 s of a press`));
      }, 5000);
      mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      t0 = performance.now();
      el.click();
    });

  const dom = [];
  const layout = [];
  let restarts = 0;
  for (let i = 0; i < n; i++) {
    if (restart) {
      const m = re.exec(read());
      if (m && Number(m[1]) >= Number(m[2])) {
        await pressAndWait(button(restart));
        await settle();
        restarts++;
      }
    }
    const t = await pressAndWait(button(control));
    if (timed) {
      dom.push(t.dom);
      layout.push(t.layout);
    }
    await settle();
  }
  const mem = window.__bench.memory;
  return { dom, layout, restarts, wasmMemory: mem ? mem.buffer.byteLength : null, readout: read() };
}

/** Runs in the page: arm a watch for the next "250 2.0.0 Ok" line in the console log. */
function armConsole({ log, reply }) {
  const list = [...document.querySelectorAll('[role=log]')].find((el) => el.getAttribute('aria-label') === log);
  if (!list) throw new Error(`no log named ${log}`);
  const count = () => [...list.querySelectorAll('li')].filter((li) => li.textContent.includes(reply)).length;
  const before = count();
  const b = window.__bench;
  b.enterAt = null;
  if (!b.enterListener) {
    // Capture phase on window: runs before the app's own keydown handler sees the Enter.
    b.enterListener = (e) => {
      if (e.key === 'Enter' && b.enterAt === null) b.enterAt = performance.now();
    };
    addEventListener('keydown', b.enterListener, true);
  }
  b.reply = new Promise((resolve, reject) => {
    const mo = new MutationObserver(() => {
      if (count() <= before) return;
      const at = performance.now();
      mo.disconnect();
      clearTimeout(guard);
      resolve(at - b.enterAt);
    });
    const guard = setTimeout(() => {
      mo.disconnect();
      reject(new Error(`no new "${reply}" line within 5 s`));
    }, 5000);
    mo.observe(list, { childList: true, subtree: true, characterData: true });
  });
}

// -- one run of one app ------------------------------------------------------------------------

/**
 * A reader arriving on the page's root URL (the default state): navigation → first contentful
 * paint, largest contentful paint, and the first control that works (for the app, its drawn
 * "Next step" once boot.js makes it work, else its own); and which of the dist's files it
 * fetched. `press`: the reader presses that control the moment it works; when is it answered?
 */
async function landing(cfg, press) {
  const { page, requests, pageErrors, close } = await openPage();
  try {
    await page.addInitScript(probe, { label: cfg.control, drawn: true, readout: press ? cfg.readout : null });
    await page.goto(cfg.url);
    await page.waitForFunction((key) => window.__bench[key] !== null, press ? 'answered' : 'interactive', { timeout: 30_000 });
    await page.waitForTimeout(500); // anything fetched right after the start counts too
    const b = await page.evaluate(() => ({ ...window.__bench, memory: undefined }));
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join(' | ')}`);
    const base = new URL(cfg.url);
    const files = requests
      .map((u) => new URL(u))
      .filter((u) => u.origin === base.origin)
      .map((u) => (u.pathname.endsWith('/') ? 'index.html' : u.pathname.slice(u.pathname.lastIndexOf('/') + 1)));
    return press ? { answered: b.answered, pressedAt: b.interactive } : { fcp: b.fcp, lcp: b.lcp, interactive: b.interactive, files };
  } finally {
    await close();
  }
}

async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** Chromium's main-thread counters, in seconds of that thread's CPU time (Performance.enable below). */
async function cpuMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/**
 * Runs in the page: make sure the switch named `label` is on (aria-checked="true"), clicking it if
 * it is not. Returns how it got on: 'url' (already on when the app started) or 'click'.
 */
async function switchOn(label) {
  const find = () =>
    [...document.querySelectorAll('[role=switch]')].find((el) => el.textContent.trim() === label);
  const el = find();
  if (!el) throw new Error(`no switch named "${label}"`);
  if (el.getAttribute('aria-checked') === 'true') return 'url';
  el.click();
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => requestAnimationFrame(() => r()));
    if (find()?.getAttribute('aria-checked') === 'true') return 'click';
  }
  throw new Error(`"${label}" did not turn on`);
}

/**
 * One fresh browser on one app and journey. `journey` (app only): { query, full, eaves }; a run
 * that is not `full` only takes the first interactive control and the timed presses.
 */
async function run(cfg, journey = { query: cfg.query, full: true, eaves: false }) {
  const { page, pageErrors, close } = await openPage();
  try {
    const cdp = await page.context().newCDPSession(page);
    const version = (await cdp.send('Browser.getVersion')).product;
    // threadTicks: durations in CPU time of the renderer's main thread, so that other processes
    // competing for the cores inflate them far less than they inflate wall-clock times.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.addInitScript(probe, { label: cfg.control });
    await page.goto(new URL(journey.query, cfg.url).href);
    await page.waitForFunction(() => window.__bench.interactive !== null, null, { timeout: 30_000 });
    const interactive = await page.evaluate(() => window.__bench.interactive);
    const eaves = journey.eaves ? await page.evaluate(switchOn, 'Eavesdropper view') : null;

    const args = { control: cfg.control, readout: cfg.readout, restart: cfg.restart };
    await page.evaluate(press, { ...args, n: HEAP_EARLY_STEPS, frames: true, timed: false });
    const heapEarly = journey.full ? await heapUsed(cdp) : null;
    const cpuBefore = await cpuMetrics(cdp);
    const timed = await page.evaluate(press, { ...args, n: TIMED_STEPS, frames: true, timed: true });
    const cpuAfter = await cpuMetrics(cdp);
    // Per press (the untimed Restart presses count as presses), in ms.
    const perPress = (...keys) =>
      (keys.reduce((sum, k) => sum + cpuAfter[k] - cpuBefore[k], 0) * 1000) / (TIMED_STEPS + timed.restarts);
    let late = { restarts: 0, wasmMemory: null };
    let heapLate = null;
    if (journey.full) {
      const rest = HEAP_LATE_STEPS - HEAP_EARLY_STEPS - TIMED_STEPS;
      late = await page.evaluate(press, { ...args, n: rest, frames: false, timed: false });
      heapLate = await heapUsed(cdp);
    }
    if (eaves && (await page.evaluate(switchOn, 'Eavesdropper view')) !== 'url') {
      throw new Error('the "Eavesdropper view" switch went off during the presses');
    }

    const replies = [];
    if (cfg.console && journey.full) {
      await page.goto(new URL('?view=console', cfg.url).href);
      const box = page.getByRole('textbox', { name: 'SMTP command', exact: true });
      await box.waitFor({ timeout: 30_000 });
      for (let i = 0; i < CONSOLE_REPLIES; i++) {
        await box.fill('NOOP');
        await page.evaluate(armConsole, { log: 'Console transcript', reply: '250 2.0.0 Ok' });
        await box.press('Enter');
        replies.push(await page.evaluate(() => window.__bench.reply));
      }
    }
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join(' | ')}`);
    return {
      version,
      interactive,
      eaves,
      total: Number(new RegExp(cfg.readout).exec(timed.readout)?.[2] ?? NaN),
      stepMedian: median(timed.dom),
      stepP95: quantile(timed.dom, 0.95),
      layoutMedian: median(timed.layout),
      layoutP95: quantile(timed.layout, 0.95),
      cpuThread: perPress('ThreadTime'),
      cpuScript: perPress('ScriptDuration'),
      cpuStyleLayout: perPress('RecalcStyleDuration', 'LayoutDuration'),
      restarts: timed.restarts + late.restarts,
      heapEarly,
      heapLate,
      wasmMemory: late.wasmMemory ?? timed.wasmMemory,
      consoleMedian: replies.length ? median(replies) : null,
    };
  } finally {
    await close();
  }
}

// -- Lighthouse --------------------------------------------------------------------------------

// Debian's chromium, never a downloaded one. Beyond chrome-launcher's own defaults (which already
// turn off background networking, component updates, sync, default apps, ...): every host name
// resolves to "not found" inside the browser, so nothing but the 127.0.0.1 pages can be reached and
// whatever else Chromium or Lighthouse tries fails at once, without a DNS query.
const LH_CHROME_FLAGS = [...ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

/** One Lighthouse run (mobile preset, performance category) in a fresh Chromium. */
async function lighthouseRun(name, url, i) {
  let lighthouse, chromeLauncher;
  try {
    lighthouse = (await import('lighthouse')).default;
    chromeLauncher = await import('chrome-launcher');
  } catch (e) {
    throw new Error(`Lighthouse is not installed (cd bench && npm ci): ${e.message}`);
  }
  process.env.CHROME_PATH ??= '/usr/bin/chromium';
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH, chromeFlags: LH_CHROME_FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(
      url,
      { port: chrome.port, output: 'json', onlyCategories: ['performance'], logLevel: 'error' },
    );
    const lhr = result.lhr;
    mkdirSync(LH_OUT, { recursive: true });
    writeFileSync(join(LH_OUT, `${name}-${i}.json`), result.report);
    if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const origin = new URL(url).origin;
    const requested = (lhr.audits['network-requests']?.details?.items ?? []).map((r) => r.url);
    const value = (id) => lhr.audits[id]?.numericValue ?? null;
    return {
      version: lhr.lighthouseVersion,
      score: lhr.categories.performance.score,
      fcp: value('first-contentful-paint'),
      lcp: value('largest-contentful-paint'),
      tbt: value('total-blocking-time'),
      tti: value('interactive'),
      si: value('speed-index'),
      cls: value('cumulative-layout-shift'),
      benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
      requests: requested.length,
      foreign: requested.filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin),
      warnings: lhr.runWarnings ?? [],
    };
  } finally {
    await chrome.kill();
  }
}

// -- table -------------------------------------------------------------------------------------

const int = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => (n == null ? '—' : `${n.toFixed(2)} ms`);
const mb = (n) => (n == null ? '—' : `${(n / 1e6).toFixed(2)} MB`);
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const ratio = (a, b) => (a == null || b == null || b === 0 ? '—' : `×${(a / b).toFixed(2)}`);

function report({ sizes, speed, arrive, journeys, lh, started, meta }) {
  const { app, counter } = sizes;
  const L = [];
  L.push('## Benchmark: app vs. a minimal Yew counter');
  L.push('');
  L.push(
    `\`bash scripts/bench.sh\` · ${meta.date} · commit ${meta.commit} · ${meta.browser} · ` +
      `${meta.cpus} CPUs, load average ${meta.load} · medians of ${RUNS} runs · app journey \`${JOURNEY}\` in the first table`,
  );
  L.push('');
  L.push('### Bytes a reader downloads on arriving (the root URL, before any interaction)');
  L.push('');
  L.push('| file | app raw | app gzip -9 | app brotli -q 11 | counter raw | counter gzip -9 | counter brotli -q 11 | app / counter (brotli) |');
  L.push('|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const k of [...KINDS, 'total']) {
    const a = app[k];
    const c = counter[k];
    const name = k === 'total' ? '**total** (html+js+wasm+css)' : k;
    const cell = (x, m) => (x.files.length ? int(x[m]) : '—');
    const row = [name, cell(a, 'raw'), cell(a, 'gzip'), cell(a, 'brotli'), cell(c, 'raw'), cell(c, 'gzip'), cell(c, 'brotli'),
      a.files.length && c.files.length ? ratio(a.brotli, c.brotli) : '—'];
    if (k === 'total') for (let i = 1; i < row.length; i++) row[i] = `**${row[i]}**`;
    L.push(`| ${row.join(' | ')} |`);
  }
  const others = [...app.other.files, ...counter.other.files];
  L.push('');
  L.push(
    `Files: app ${app.total.files.join(', ')}; counter ${counter.total.files.join(', ')} (the same-origin requests of the arrival runs below). ` +
      (app.later.files.length
        ? `Loaded only when their view opens, at a press on the drawn first screen before the app runs (drawing.js, steps.js), or by other sites (the embed kit); not counted: ${app.later.files.join(', ')}: ` +
          `${int(app.later.raw)} B raw, ${int(app.later.brotli)} B brotli. `
        : '') +
      'Bytes; gzip and brotli are each file compressed on its own, as a server would send it.' +
      (others.length ? ` Not counted above: ${others.join(', ')} (${int(app.other.raw + counter.other.raw)} B raw).` : ''),
  );
  L.push('');
  L.push(`### In headless Chromium (localhost, median of ${RUNS} runs)`);
  L.push('');
  L.push('| figure | app | counter | app / counter |');
  L.push('|---|--:|--:|--:|');
  const row = (label, key, fmt) => {
    const a = speed.app[key];
    const c = speed.counter[key];
    L.push(`| ${label} | ${fmt(a)} | ${fmt(c)} | ${ratio(a, c)} |`);
  };
  const arow = (label, key) => L.push(`| ${label} | ${ms(arrive.app[key])} | ${ms(arrive.counter[key])} | ${ratio(arrive.app[key], arrive.counter[key])} |`);
  arow('root URL: navigation → first contentful paint (app: the first screen drawn into the HTML)', 'fcp');
  arow('root URL: navigation → largest contentful paint', 'lcp');
  arow('root URL: navigation → first working control (app: "Next step", drawn or its own; counter: "Add one")', 'interactive');
  arow('root URL: navigation → first press answered (pressed the moment the control works; app: "Step 1 of …" shown, counter: "Count 1")', 'answered');
  row(`press → DOM updated, median of ${TIMED_STEPS} presses ("Next step" / "Add one")`, 'stepMedian', ms);
  row(`press → DOM updated, p95 of ${TIMED_STEPS} presses`, 'stepP95', ms);
  row('press → DOM updated + style and layout, median', 'layoutMedian', ms);
  row('press → DOM updated + style and layout, p95', 'layoutP95', ms);
  row('main-thread CPU time per press, all work incl. paint (mean)', 'cpuThread', ms);
  row('… of which script (JS + wasm)', 'cpuScript', ms);
  row('… of which style and layout', 'cpuStyleLayout', ms);
  row(`console: Enter on "NOOP" → "250 2.0.0 Ok" shown, median of ${CONSOLE_REPLIES}`, 'consoleMedian', ms);
  row(`JS heap after ${HEAP_EARLY_STEPS} presses (after GC)`, 'heapEarly', mb);
  row(`JS heap after ${HEAP_LATE_STEPS} presses (after GC)`, 'heapLate', mb);
  row(`wasm linear memory after ${HEAP_LATE_STEPS} presses`, 'wasmMemory', mb);
  L.push('');
  L.push(
    'Times are performance.now() in the page: from navigation start (paints from PerformanceObserver; a control works once it is the running app\'s, not the drawing\'s); from just before `element.click()` to the ' +
      'MutationObserver callback that sees the step counter change (Yew renders from a microtask); from the Enter ' +
      'keydown to the new reply line. A frame passes between timed presses. The app wraps around with "Restart" at ' +
      'the end of the journey (not timed). CPU times are CDP `Performance.getMetrics` deltas over the timed presses, in ' +
      'main-thread CPU time (`threadTicks`): they move far less than wall-clock times when the machine is busy. Heap is `Runtime.getHeapUsage().usedSize` after `HeapProfiler.collectGarbage`.',
  );
  L.push('');
  L.push(`### "Next step" render per journey (median of ${RUNS} runs, ${TIMED_STEPS} timed presses each)`);
  L.push('');
  L.push('| journey | steps | press → DOM, median | p95 | + style and layout, median | p95 | CPU per press: all | script | style + layout |');
  L.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
  const jrow = (label, steps, r) =>
    L.push(`| ${label} | ${steps} | ${ms(r.stepMedian)} | ${ms(r.stepP95)} | ${ms(r.layoutMedian)} | ${ms(r.layoutP95)} | ` +
      `${ms(r.cpuThread)} | ${ms(r.cpuScript)} | ${ms(r.cpuStyleLayout)} |`);
  for (const j of JOURNEYS) {
    const r = journeys[j.id];
    const how = j.eaves ? ` (eavesdropper view on by ${r.eavesBy})` : '';
    jrow(`${j.title}: \`${j.query}\`${how}`, Number.isFinite(r.total) ? r.total : '—', r);
  }
  jrow('counter: "Add one"', '—', speed.counter);
  L.push('');
  L.push(
    'Each journey runs in its own fresh browser, after 10 untimed presses; "Restart" at the end of a journey is ' +
      'not timed. "Eavesdropper view on by url" means the page had the switch on from `eaves=1`; "by click" means the ' +
      'app ignored the parameter and the run clicked the "Eavesdropper view" switch before timing.',
  );
  if (lh) {
    L.push('');
    L.push(`### Lighthouse ${lh.version} (mobile preset, simulated throttling, performance category; median of ${LH_RUNS} runs each)`);
    L.push('');
    L.push('| figure | app | counter | app / counter |');
    L.push('|---|--:|--:|--:|');
    const lrow = (label, key, fmt) => L.push(`| ${label} | ${fmt(lh.app[key])} | ${fmt(lh.counter[key])} | ${ratio(lh.app[key], lh.counter[key])} |`);
    const score = (n) => (n == null ? '—' : n.toFixed(2));
    const sec = (n) => (n == null ? '—' : `${(n / 1000).toFixed(2)} s`);
    const range = (name, key, fmt) => lh.runs[name].map((r) => fmt(r[key])).join(', ');
    lrow('performance score', 'score', score);
    lrow('first contentful paint', 'fcp', sec);
    lrow('largest contentful paint', 'lcp', sec);
    lrow('total blocking time', 'tbt', (n) => (n == null ? '—' : `${Math.round(n)} ms`));
    lrow('time to interactive', 'tti', sec);
    lrow('speed index', 'si', sec);
    lrow('cumulative layout shift', 'cls', (n) => (n == null ? '—' : n.toFixed(3)));
    lrow('benchmark index (machine speed, higher is faster)', 'benchmarkIndex', (n) => (n == null ? '—' : int(n)));
    L.push('');
    L.push(
      `Per run: score app ${range('app', 'score', score)}, counter ${range('counter', 'score', score)}; ` +
        `LCP app ${range('app', 'lcp', sec)}, counter ${range('counter', 'lcp', sec)}; ` +
        `TBT app ${range('app', 'tbt', (n) => `${Math.round(n)} ms`)}, counter ${range('counter', 'tbt', (n) => `${Math.round(n)} ms`)}. ` +
        `Each run loads the page's root URL (the default state) in a fresh Chromium; the app, the counter and the shared links below alternate. ` +
        `Requests: ${lh.requests} in all, ${lh.foreign.length ? `**${lh.foreign.length} not to 127.0.0.1: ${lh.foreign.join(', ')}**` : 'every one to 127.0.0.1'}. ` +
        `Reports: \`bench/target/lighthouse/\`.`,
    );
  }
  if (lh) {
    L.push('');
    L.push(`#### On shared links (the same runs, median of ${LH_RUNS} each; the counter's LCP for comparison: ${(lh.counter.lcp / 1000).toFixed(2)} s)`);
    L.push('');
    L.push('| link | score | FCP | LCP | LCP / counter | TBT | CLS |');
    L.push('|---|--:|--:|--:|--:|--:|--:|');
    for (const s of SHARED) {
      const r = lh.shared[s.id];
      L.push(`| \`${s.query}\` | ${r.score.toFixed(2)} | ${(r.fcp / 1000).toFixed(2)} s | ${(r.lcp / 1000).toFixed(2)} s | ${ratio(r.lcp, lh.counter.lcp)} | ${Math.round(r.tbt)} ms | ${r.cls.toFixed(3)} |`);
    }
  }
  L.push('');
  L.push('### Budgets');
  L.push('');
  L.push('| budget | limit | measured | holds |');
  L.push('|---|--:|--:|:-:|');
  const budgets = [
    ['app: total brotli on arriving (html+js+wasm+css)', `≤ ${kb(BUDGET_BROTLI_BYTES)}`, `${kb(app.total.brotli)} (${int(app.total.brotli)} B)`,
      app.total.brotli <= BUDGET_BROTLI_BYTES],
  ];
  for (const j of JOURNEYS) {
    const r = journeys[j.id];
    budgets.push([`app: "Next step" render, median, ${j.title} (\`${j.query}\`)`, `≤ ${ms(BUDGET_STEP_MEDIAN_MS)}`, ms(r.stepMedian),
      r.stepMedian <= BUDGET_STEP_MEDIAN_MS]);
    budgets.push([`app: "Next step" render, p95, ${j.title}`, `≤ ${ms(BUDGET_STEP_P95_MS)}`, ms(r.stepP95), r.stepP95 <= BUDGET_STEP_P95_MS]);
  }
  budgets.push(
    [`app: JS heap growth, ${HEAP_EARLY_STEPS} → ${HEAP_LATE_STEPS} steps`, `≤ +${mb(BUDGET_HEAP_GROWTH_BYTES)}`,
      `${speed.app.heapLate >= speed.app.heapEarly ? '+' : '−'}${mb(Math.abs(speed.app.heapLate - speed.app.heapEarly))}`,
      speed.app.heapLate <= speed.app.heapEarly + BUDGET_HEAP_GROWTH_BYTES],
    [`app: root URL, navigation → first press answered, median of ${RUNS}, vs. the counter`, `≤ ×${BUDGET_INTERACTIVE_RATIO.toFixed(2)}`,
      `${ms(arrive.app.answered)} / ${ms(arrive.counter.answered)} = ${ratio(arrive.app.answered, arrive.counter.answered)}`,
      arrive.app.answered <= BUDGET_INTERACTIVE_RATIO * arrive.counter.answered],
  );
  if (lh) {
    budgets.push(
      ['app: Lighthouse performance (mobile)', `≥ ${BUDGET_LH_SCORE.toFixed(2)}`, lh.app.score.toFixed(2), lh.app.score >= BUDGET_LH_SCORE],
      ['app: Lighthouse LCP vs. the counter', `≤ ×${BUDGET_LH_LCP_RATIO.toFixed(2)}`,
        `${(lh.app.lcp / 1000).toFixed(2)} s / ${(lh.counter.lcp / 1000).toFixed(2)} s = ${ratio(lh.app.lcp, lh.counter.lcp)}`,
        lh.app.lcp <= BUDGET_LH_LCP_RATIO * lh.counter.lcp],
      ['app: Lighthouse total blocking time', `≤ ${BUDGET_LH_TBT_MS} ms`, `${Math.round(lh.app.tbt)} ms`, lh.app.tbt <= BUDGET_LH_TBT_MS],
      ...SHARED.flatMap((s) => {
        const r = lh.shared[s.id];
        return [
          [`app: Lighthouse performance (mobile) on \`${s.query}\``, `≥ ${BUDGET_LH_SCORE.toFixed(2)}`, r.score.toFixed(2), r.score >= BUDGET_LH_SCORE],
          [`app: Lighthouse LCP on \`${s.query}\` vs. the counter`, `≤ ×${BUDGET_LH_LCP_RATIO.toFixed(2)}`,
            `${(r.lcp / 1000).toFixed(2)} s / ${(lh.counter.lcp / 1000).toFixed(2)} s = ${ratio(r.lcp, lh.counter.lcp)}`,
            r.lcp <= BUDGET_LH_LCP_RATIO * lh.counter.lcp],
        ];
      }),
      ['Lighthouse: requests only to 127.0.0.1', '0 others', String(lh.foreign.length), lh.foreign.length === 0],
    );
  } else {
    budgets.push(['Lighthouse budgets (score, LCP, TBT)', '—', 'not run (BENCH_LIGHTHOUSE_RUNS=0)', true]);
  }
  for (const [name, limit, value, ok] of budgets) L.push(`| ${name} | ${limit} | ${value} | ${ok ? '✅ holds' : '❌ fails'} |`);
  L.push('');
  L.push(`Measured in ${((Date.now() - started) / 1000).toFixed(0)} s (browser part; builds not included).`);
  return { markdown: L.join('\n') + '\n', ok: budgets.every((b) => b[3]) };
}

// -- main --------------------------------------------------------------------------------------

process.on('uncaughtException', (e) => {
  console.error(`bench: the measurement failed: ${e.stack ?? e}`);
  process.exit(2);
});
process.on('unhandledRejection', (e) => {
  console.error(`bench: the measurement failed: ${e?.stack ?? e}`);
  process.exit(2);
});
const started = Date.now();
const load = loadavg()[0];
const git = (...a) => {
  try {
    return execFileSync('git', a, { cwd: HERE, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};
// A reader arriving on the root URL, app and counter alternating; also which files it fetches.
// Then one who presses the first control the moment it works.
const arrivals = { app: [], counter: [] };
for (let i = 1; i <= RUNS; i++) {
  for (const name of ['app', 'counter']) {
    const r = { ...(await landing(APPS[name], false)), ...(await landing(APPS[name], true)) };
    arrivals[name].push(r);
    process.stderr.write(
      `bench: arrival ${i}/${RUNS} ${name.padEnd(7)} FCP ${ms(r.fcp)}, LCP ${ms(r.lcp)}, first working control ${ms(r.interactive)}, ` +
        `first press answered ${ms(r.answered)} (pressed at ${ms(r.pressedAt)})\n`,
    );
  }
}
const arrive = Object.fromEntries(
  Object.entries(arrivals).map(([name, rs]) => [
    name,
    Object.fromEntries(['fcp', 'lcp', 'interactive', 'answered'].map((k) => [k, rs.some((r) => r[k] == null) ? null : median(rs.map((r) => r[k]))])),
  ]),
);
const sizes = Object.fromEntries(
  Object.keys(APPS).map((name) => [name, bytes(APPS[name].dist, new Set(arrivals[name].flatMap((r) => r.files)))]),
);
for (const [name, s] of Object.entries(sizes)) {
  if (!s.wasm.files.length || !s.js.files.length || !s.html.files.length) {
    console.error(`bench.mjs: ${name} dist (${APPS[name].dist}) lacks html, js or wasm: ${s.total.files.join(', ')}`);
    process.exit(2);
  }
}

// Lighthouse first, while nothing else of the benchmark runs: its simulated throttling scales the
// main-thread work it observed, so a busy machine moves its figures. App and counter alternate.
let lh = null;
if (LH_RUNS > 0) {
  const lhRuns = { app: [], counter: [], ...Object.fromEntries(SHARED.map((s) => [s.id, []])) };
  const lhUrl = (name) => APPS[name]?.url ?? new URL(SHARED.find((s) => s.id === name).query, APPS.app.url).href;
  for (let i = 1; i <= LH_RUNS; i++) {
    for (const name of Object.keys(lhRuns)) {
      const r = await lighthouseRun(name, lhUrl(name), i);
      lhRuns[name].push(r);
      for (const w of r.warnings) process.stderr.write(`bench: Lighthouse warning (${name}): ${w}\n`);
      process.stderr.write(
        `bench: Lighthouse ${i}/${LH_RUNS} ${name.padEnd(14)} score ${r.score}, LCP ${ms(r.lcp)}, TBT ${ms(r.tbt)}, ` +
          `TTI ${ms(r.tti)}, ${r.requests} requests${r.foreign.length ? ` (${r.foreign.length} not local!)` : ''}\n`,
      );
    }
  }
  const LH_KEYS = ['score', 'fcp', 'lcp', 'tbt', 'tti', 'si', 'cls', 'benchmarkIndex'];
  const med = (rs) => Object.fromEntries(LH_KEYS.map((k) => [k, rs.some((r) => r[k] == null) ? null : median(rs.map((r) => r[k]))]));
  const all = Object.values(lhRuns).flat();
  lh = {
    version: lhRuns.app[0].version,
    app: med(lhRuns.app),
    counter: med(lhRuns.counter),
    shared: Object.fromEntries(SHARED.map((s) => [s.id, med(lhRuns[s.id])])),
    runs: lhRuns,
    requests: all.reduce((n, r) => n + r.requests, 0),
    foreign: [...new Set(all.flatMap((r) => r.foreign))],
  };
}

// Interleave the apps and journeys run by run, so a slow patch of the machine hits all alike.
const runs = { app: [], counter: [] };
const journeyRuns = Object.fromEntries(JOURNEYS.map((j) => [j.id, []]));
let browser = '';
const log = (label, r) =>
  process.stderr.write(
    `bench: ${label} interactive ${ms(r.interactive)}, press median ${ms(r.stepMedian)} p95 ${ms(r.stepP95)}, ` +
      `CPU ${ms(r.cpuThread)}` +
      (r.heapEarly != null ? `, heap ${mb(r.heapEarly)} → ${mb(r.heapLate)}` : '') +
      (r.consoleMedian != null ? `, console ${ms(r.consoleMedian)}` : '') +
      (r.eaves ? `, eavesdropper on by ${r.eaves}` : '') +
      (r.restarts ? `, ${r.restarts} restarts` : '') +
      '\n',
  );
for (let i = 1; i <= RUNS; i++) {
  for (const name of ['app', 'counter']) {
    const r = await run(APPS[name], name === 'app' ? JOURNEYS[0] : undefined);
    browser = r.version;
    runs[name].push(r);
    if (name === 'app') journeyRuns[JOURNEYS[0].id].push(r);
    log(`run ${i}/${RUNS} ${name.padEnd(7)}`, r);
  }
  for (const j of JOURNEYS.slice(1)) {
    const r = await run(APPS.app, j);
    journeyRuns[j.id].push(r);
    log(`run ${i}/${RUNS} ${j.id.padEnd(7)}`, r);
  }
}
const KEYS = ['interactive', 'stepMedian', 'stepP95', 'layoutMedian', 'layoutP95', 'cpuThread', 'cpuScript', 'cpuStyleLayout', 'consoleMedian', 'heapEarly', 'heapLate', 'wasmMemory', 'total'];
const medians = (rs) => Object.fromEntries(KEYS.map((k) => [k, rs[0][k] == null ? null : median(rs.map((r) => r[k]))]));
const speed = Object.fromEntries(Object.entries(runs).map(([name, rs]) => [name, medians(rs)]));
const journeys = Object.fromEntries(
  Object.entries(journeyRuns).map(([id, rs]) => {
    const by = [...new Set(rs.map((r) => r.eaves).filter(Boolean))];
    return [id, { ...medians(rs), eavesBy: by.join(' / ') }];
  }),
);
const dirty = git('status', '--porcelain', '--untracked-files=no') ? ' + uncommitted changes' : '';
const meta = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  commit: `\`${git('rev-parse', '--short', 'HEAD') || 'unknown'}\`${dirty}`,
  browser: browser.replace('HeadlessChrome', 'Chromium (headless)'),
  cpus: cpus().length,
  load: `${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
};
const { markdown, ok } = report({ sizes, speed, arrive, journeys, lh, started, meta });
writeFileSync(join(HERE, 'latest.md'), markdown);
process.stdout.write('\n' + markdown);
if (!ok) {
  console.error('bench: a budget fails (see the Budgets table)');
  process.exit(1);
}
