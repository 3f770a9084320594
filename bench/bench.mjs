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
//   BENCH_RUNS               browser runs per app (default 5); figures are medians over runs
//   BENCH_JOURNEY            the app's query for the step figures (default ?port=25&block=drop)
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { openPage } from '../e2e/browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const JOURNEY = process.env.BENCH_JOURNEY ?? '?port=25&block=drop';
const TIMED_STEPS = 500;
const HEAP_EARLY_STEPS = 10;
const HEAP_LATE_STEPS = 2000;
const CONSOLE_REPLIES = 50;

// Budgets. KB and MB are decimal (1 KB = 1000 B), the stricter reading.
const BUDGET_BROTLI_BYTES = 110_000;
const BUDGET_STEP_MEDIAN_MS = 4;
const BUDGET_HEAP_GROWTH_BYTES = 1_000_000;

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

/** { html: {raw, gzip, brotli, files}, ..., other, total } where total is html+js+wasm+css. */
function bytes(dist) {
  const out = Object.fromEntries([...KINDS, 'other', 'total'].map((k) => [k, { raw: 0, gzip: 0, brotli: 0, files: [] }]));
  for (const name of readdirSync(dist).sort()) {
    const file = join(dist, name);
    if (!statSync(file).isFile()) continue;
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
 * since navigation start — and keeps the app's wasm memory.
 */
function probe(label) {
  const b = (window.__bench = { interactive: null, memory: null });
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
  const ready = () => {
    for (const el of document.getElementsByTagName('button')) {
      if (el.textContent.trim() !== label) continue;
      if (el.disabled || el.getAttribute('aria-disabled') === 'true') return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && (!el.checkVisibility || el.checkVisibility({ visibilityProperty: true }));
    }
    return false;
  };
  const mo = new MutationObserver(() => {
    if (ready()) {
      b.interactive = performance.now();
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

async function run(cfg) {
  const { page, pageErrors, close } = await openPage();
  try {
    const cdp = await page.context().newCDPSession(page);
    const version = (await cdp.send('Browser.getVersion')).product;
    // threadTicks: durations in CPU time of the renderer's main thread, so that other processes
    // competing for the cores inflate them far less than they inflate wall-clock times.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.addInitScript(probe, cfg.control);
    await page.goto(new URL(cfg.query, cfg.url).href);
    await page.waitForFunction(() => window.__bench.interactive !== null, null, { timeout: 30_000 });
    const interactive = await page.evaluate(() => window.__bench.interactive);

    const args = { control: cfg.control, readout: cfg.readout, restart: cfg.restart };
    await page.evaluate(press, { ...args, n: HEAP_EARLY_STEPS, frames: true, timed: false });
    const heapEarly = await heapUsed(cdp);
    const cpuBefore = await cpuMetrics(cdp);
    const timed = await page.evaluate(press, { ...args, n: TIMED_STEPS, frames: true, timed: true });
    const cpuAfter = await cpuMetrics(cdp);
    // Per press (the untimed Restart presses count as presses), in ms.
    const perPress = (...keys) =>
      (keys.reduce((sum, k) => sum + cpuAfter[k] - cpuBefore[k], 0) * 1000) / (TIMED_STEPS + timed.restarts);
    const rest = HEAP_LATE_STEPS - HEAP_EARLY_STEPS - TIMED_STEPS;
    const late = await page.evaluate(press, { ...args, n: rest, frames: false, timed: false });
    const heapLate = await heapUsed(cdp);

    const replies = [];
    if (cfg.console) {
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
      wasmMemory: late.wasmMemory,
      consoleMedian: replies.length ? median(replies) : null,
    };
  } finally {
    await close();
  }
}

// -- table -------------------------------------------------------------------------------------

const int = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => (n == null ? '—' : `${n.toFixed(2)} ms`);
const mb = (n) => (n == null ? '—' : `${(n / 1e6).toFixed(2)} MB`);
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const ratio = (a, b) => (a == null || b == null || b === 0 ? '—' : `×${(a / b).toFixed(2)}`);

function report({ sizes, speed, started, meta }) {
  const { app, counter } = sizes;
  const L = [];
  L.push('## Benchmark: app vs. a minimal Yew counter');
  L.push('');
  L.push(
    `\`bash scripts/bench.sh\` · ${meta.date} · commit ${meta.commit} · ${meta.browser} · ` +
      `${meta.cpus} CPUs, load average ${meta.load} · medians of ${RUNS} runs · app journey \`${JOURNEY}\``,
  );
  L.push('');
  L.push('### Bytes a reader downloads');
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
  row('navigation → first interactive control (app: "Next step", counter: "Add one")', 'interactive', ms);
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
    'Times are performance.now() in the page: from navigation start; from just before `element.click()` to the ' +
      'MutationObserver callback that sees the step counter change (Yew renders from a microtask); from the Enter ' +
      'keydown to the new reply line. A frame passes between timed presses. The app wraps around with "Restart" at ' +
      'the end of the journey (not timed). CPU times are CDP `Performance.getMetrics` deltas over the timed presses, in ' +
      'main-thread CPU time (`threadTicks`): they move far less than wall-clock times when the machine is busy. Heap is `Runtime.getHeapUsage().usedSize` after `HeapProfiler.collectGarbage`.',
  );
  L.push('');
  L.push('### Budgets');
  L.push('');
  L.push('| budget | limit | measured | holds |');
  L.push('|---|--:|--:|:-:|');
  const budgets = [
    ['app: total brotli (html+js+wasm+css)', `≤ ${kb(BUDGET_BROTLI_BYTES)}`, `${kb(app.total.brotli)} (${int(app.total.brotli)} B)`,
      app.total.brotli <= BUDGET_BROTLI_BYTES],
    ['app: "Next step" render, median', `≤ ${ms(BUDGET_STEP_MEDIAN_MS)}`, ms(speed.app.stepMedian), speed.app.stepMedian <= BUDGET_STEP_MEDIAN_MS],
    [`app: JS heap growth, ${HEAP_EARLY_STEPS} → ${HEAP_LATE_STEPS} steps`, `≤ +${mb(BUDGET_HEAP_GROWTH_BYTES)}`,
      `${speed.app.heapLate >= speed.app.heapEarly ? '+' : '−'}${mb(Math.abs(speed.app.heapLate - speed.app.heapEarly))}`,
      speed.app.heapLate <= speed.app.heapEarly + BUDGET_HEAP_GROWTH_BYTES],
  ];
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
const sizes = { app: bytes(APPS.app.dist), counter: bytes(APPS.counter.dist) };
for (const [name, s] of Object.entries(sizes)) {
  if (!s.wasm.files.length || !s.js.files.length || !s.html.files.length) {
    console.error(`bench.mjs: ${name} dist (${APPS[name].dist}) lacks html, js or wasm: ${s.total.files.join(', ')}`);
    process.exit(2);
  }
}

// Interleave the apps run by run, so a slow patch of the machine hits both alike.
const runs = { app: [], counter: [] };
let browser = '';
for (let i = 1; i <= RUNS; i++) {
  for (const name of ['app', 'counter']) {
    const r = await run(APPS[name]);
    browser = r.version;
    runs[name].push(r);
    process.stderr.write(
      `bench: run ${i}/${RUNS} ${name.padEnd(7)} interactive ${ms(r.interactive)}, press median ${ms(r.stepMedian)} ` +
        `p95 ${ms(r.stepP95)}, heap ${mb(r.heapEarly)} → ${mb(r.heapLate)}` +
        (r.consoleMedian != null ? `, console ${ms(r.consoleMedian)}` : '') +
        (r.restarts ? `, ${r.restarts} restarts` : '') +
        '\n',
    );
  }
}
const KEYS = ['interactive', 'stepMedian', 'stepP95', 'layoutMedian', 'layoutP95', 'cpuThread', 'cpuScript', 'cpuStyleLayout', 'consoleMedian', 'heapEarly', 'heapLate', 'wasmMemory'];
const speed = Object.fromEntries(
  Object.entries(runs).map(([name, rs]) => [
    name,
    Object.fromEntries(KEYS.map((k) => [k, rs[0][k] == null ? null : median(rs.map((r) => r[k]))])),
  ]),
);
const dirty = git('status', '--porcelain', '--untracked-files=no') ? ' + uncommitted changes' : '';
const meta = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  commit: `\`${git('rev-parse', '--short', 'HEAD') || 'unknown'}\`${dirty}`,
  browser: browser.replace('HeadlessChrome', 'Chromium (headless)'),
  cpus: cpus().length,
  load: `${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
};
const { markdown, ok } = report({ sizes, speed, started, meta });
writeFileSync(join(HERE, 'latest.md'), markdown);
process.stdout.write('\n' + markdown);
if (!ok) {
  console.error('bench: a budget fails (see the Budgets table)');
  process.exit(1);
}
