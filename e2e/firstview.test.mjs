// The first screen drawn into index.html at build time (src/bin/prerender.rs): it is the app's
// own first screen, the app replaces it without anything on screen moving, and a link to another
// state never shows it (no flash of a wrong port).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, openPage } from './browser.mjs';

/** Parts of the first screen compared between the drawing and the app. */
const PARTS = [
  'h1',
  '#journey-title',
  '.stage-head',
  '.toolbar',
  '.explanation',
  '.diagram',
  '.transcripts',
  'p.lab',
];

/**
 * Installed before any page script: when `#app` is parsed, and again when the drawn first
 * screen is in place (DOMContentLoaded, before the module script runs), records what it looks
 * like; records every layout shift.
 */
function recordDrawing(parts) {
  const seen = (window.__drawn = { classAtApp: null, parts: null, shifts: [] });
  const look = () =>
    Object.fromEntries(
      parts.map((sel) => {
        const el = document.querySelector(sel);
        if (!el) return [sel, null];
        const r = el.getBoundingClientRect();
        return [sel, { html: el.outerHTML, text: el.innerText, box: [r.x, r.y, r.width, r.height].map(Math.round) }];
      }),
    );
  new MutationObserver((_, observer) => {
    const app = document.getElementById('app');
    if (app && seen.classAtApp === null) {
      seen.classAtApp = document.documentElement.className;
      seen.visibility = getComputedStyle(app).visibility;
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () => {
    seen.prerendered = document.querySelector('#app[data-prerendered]') !== null;
    seen.parts = look();
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      seen.shifts.push({ value: e.value, moved: e.sources.map((s) => s.node?.outerHTML?.slice(0, 80) ?? '?') });
  }).observe({ type: 'layout-shift', buffered: true });
  window.__look = look;
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 375, height: 667 },
]) {
  test(`${viewport.width}px: the app takes over the drawn first screen without a change on screen`, async () => {
    const { page, pageErrors, close } = await openPage({ viewport });
    try {
      await page.addInitScript(recordDrawing, PARTS);
      await page.goto(BASE_URL); // waits until the app has replaced the drawing (browser.mjs)
      const drawn = await page.evaluate(() => window.__drawn);
      assert.equal(drawn.prerendered, true, 'the HTML carries the drawn first screen');
      assert.equal(drawn.visibility, 'visible', 'a plain address shows it at once');
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const live = await page.evaluate(() => window.__look());
      for (const sel of PARTS) {
        assert.ok(drawn.parts[sel], `${sel} is drawn`);
        assert.ok(live[sel], `${sel} is in the app`);
        assert.equal(live[sel].text, drawn.parts[sel].text, `${sel}: same text`);
        assert.deepEqual(live[sel].box, drawn.parts[sel].box, `${sel}: same place and size`);
        assert.equal(live[sel].html, drawn.parts[sel].html, `${sel}: same markup`);
      }
      const shifts = await page.evaluate(() => window.__drawn.shifts);
      assert.deepEqual(shifts, [], `no layout shift: ${JSON.stringify(shifts)}`);
      // And it is the app now: the drawn "Next step" did nothing, the app's advances.
      await page.getByRole('button', { name: 'Next step' }).click();
      await page.getByText(/^Step 1 of \d+$/).waitFor();
      assert.deepEqual(pageErrors, []);
    } finally {
      await close();
    }
  });
}

test('a link to another state hides the drawn first screen until the app draws that state', async () => {
  const { page, pageErrors, close } = await openPage();
  try {
    await page.addInitScript(recordDrawing, PARTS);
    await page.goto(new URL('?port=465&net=cloud', BASE_URL).href);
    const drawn = await page.evaluate(() => window.__drawn);
    assert.match(drawn.classAtApp, /\bdeep-link\b/, 'marked before the body is parsed');
    assert.equal(drawn.visibility, 'hidden', 'the drawing of port 587 is never visible');
    await page.getByRole('heading', { name: 'The journey through port 465', level: 2 }).waitFor();
    assert.equal(await page.locator('#app').evaluate((el) => getComputedStyle(el).visibility), 'visible');
    assert.deepEqual(pageErrors, []);
  } finally {
    await close();
  }
});

test('other presses and keys on the drawing before the app starts are handed to the app, not lost', async () => {
  const { page, pageErrors, close } = await openPage();
  try {
    // At DOMContentLoaded the app cannot have started: it waits for the drawing's paint.
    await page.addInitScript(() =>
      document.addEventListener('DOMContentLoaded', () => {
        const port = [...document.querySelectorAll('#app[data-prerendered] button')].find((b) => b.textContent === '465');
        window.__early = Boolean(port);
        port?.click();
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '?', bubbles: true, cancelable: true }));
      }),
    );
    await page.goto(BASE_URL);
    assert.equal(await page.evaluate(() => window.__early), true, 'pressed on the drawing');
    await page.getByRole('heading', { name: 'The journey through port 465', level: 2 }).waitFor();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await close();
  }
});

/**
 * The root URL with the app's wasm held back until `release()`: the drawn first screen, before
 * the app has started (browser.mjs's goto would wait for the app, so this is the plain one).
 */
async function openHeld(query = '', options) {
  const opened = await openPage(options);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  try {
    await opened.page.route('**/smtp-port-simulator_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await opened.page.mainFrame().goto(new URL(query, BASE_URL).href);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return { ...opened, release };
}

// The states people share are drawn at build time too (first/, src/bin/prerender.rs): such a
// link shows its own state before the wasm arrives, and the app takes it over unchanged.
for (const viewport of [
  { width: 1280, height: 720 },
  { width: 375, height: 667 },
]) {
  test(`${viewport.width}px: a shared link paints its own state before the app, which takes it over without a change`, async () => {
    const { page, pageErrors, close, release } = await openHeld('?port=25&net=home&step=3', { viewport });
    try {
      const drawn = page.locator('#app[data-prerendered]');
      await drawn.getByRole('heading', { name: 'The journey through port 25', level: 2 }).waitFor();
      await drawn.getByText('Step 3 of 5', { exact: true }).waitFor();
      await drawn.getByRole('heading', { name: 'Knock on the port: SYN' }).waitFor();
      assert.equal(await drawn.evaluate((el) => getComputedStyle(el).visibility), 'visible');
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('deep-link')), false);
      await page.evaluate((parts) => {
        window.__drawn = { shifts: [] };
        new PerformanceObserver((list) => window.__drawn.shifts.push(...list.getEntries().map((e) => e.value))).observe({ type: 'layout-shift' });
        window.__before = Object.fromEntries(parts.map((sel) => {
          const el = document.querySelector(sel);
          const r = el?.getBoundingClientRect();
          return [sel, el && { text: el.innerText, box: [r.x, r.y, r.width, r.height].map(Math.round) }];
        }));
      }, PARTS);
      release();
      await page.waitForFunction(() => !document.querySelector('#app[data-prerendered]'));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const [before, after] = await page.evaluate((parts) => [window.__before, Object.fromEntries(parts.map((sel) => {
        const el = document.querySelector(sel);
        const r = el?.getBoundingClientRect();
        return [sel, el && { text: el.innerText, box: [r.x, r.y, r.width, r.height].map(Math.round) }];
      }))], PARTS);
      for (const sel of PARTS) assert.deepEqual(after[sel], before[sel], `${sel}: the same in the drawing and the app`);
      assert.deepEqual(await page.evaluate(() => window.__drawn.shifts), [], 'no layout shift');
      await page.getByRole('button', { name: 'Next step' }).click();
      await page.getByText('Step 4 of 5', { exact: true }).waitFor();
      assert.match(page.url(), /[?&]port=25\b/);
      assert.deepEqual(pageErrors, []);
    } finally {
      release();
      await close();
    }
  });
}

test('a shared comparison paints both ports before the app; a state not drawn stays hidden until the app draws it', async () => {
  const compared = await openHeld('?port=587&compare=465&step=2');
  try {
    const drawn = compared.page.locator('#app[data-prerendered]');
    await drawn.getByText(/^Step 2 of \d+$/).first().waitFor();
    for (const port of ['587', '465']) assert.ok(await drawn.locator('.transcripts').getByText(port).count(), `${port} shown`);
    assert.equal(await drawn.evaluate((el) => getComputedStyle(el).visibility), 'visible');
  } finally {
    compared.release();
    await compared.close();
  }
  const other = await openHeld('?port=25&net=home&attack=strip');
  try {
    await other.page.waitForTimeout(500);
    assert.equal(await other.page.locator('#app').evaluate((el) => getComputedStyle(el).visibility), 'hidden', 'no drawing of another state shows');
    other.release();
    await other.page.getByRole('heading', { name: 'The journey through port 25', level: 2 }).waitFor();
    assert.deepEqual(other.pageErrors, []);
  } finally {
    other.release();
    await other.close();
  }
});

test("a host that answers a missing drawing with its own page shows nothing of it", async () => {
  const { page, pageErrors, close } = await openPage();
  try {
    const index = await (await fetch(BASE_URL)).text();
    await page.route('**/first/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: index }));
    await page.goto(new URL('?port=465&net=cloud', BASE_URL).href);
    await page.getByRole('heading', { name: 'The journey through port 465', level: 2 }).waitFor();
    assert.equal(await page.locator('#app h1').count(), 1, 'one page header, the app\'s');
    assert.deepEqual(pageErrors, []);
  } finally {
    await close();
  }
});

test('before the app starts, Next step, Previous step and the keys step through the drawn journey, and the app goes on from there', async () => {
  const { page, pageErrors, close, release } = await openHeld();
  try {
    const drawn = page.locator('#app[data-prerendered]');
    const next = drawn.getByRole('button', { name: 'Next step' });
    await next.click();
    await next.click();
    await drawn.getByText('Step 2 of 14', { exact: true }).waitFor();
    await page.keyboard.press('Escape'); // a key the drawing leaves to the app (nothing open: no-op)
    await page.locator('body').focus();
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press('ArrowRight');
    await drawn.getByText('Step 3 of 14', { exact: true }).waitFor();
    await page.keyboard.press('k');
    await drawn.getByText('Step 2 of 14', { exact: true }).waitFor();
    await drawn.getByRole('button', { name: 'Previous step' }).click();
    await drawn.getByText('Step 1 of 14', { exact: true }).waitFor();
    await page.waitForURL((url) => url.search === '?step=1'); // the address keeps the step
    assert.equal(await drawn.getByRole('button', { name: 'Previous step' }).evaluate((b) => b === document.activeElement), true, 'the pressed button keeps the focus');
    assert.match(await drawn.locator('[aria-live=polite]').textContent(), /^Step 1 of 14: \S/, 'the live region narrates the step');
    release();
    await page.waitForFunction(() => !document.querySelector('#app[data-prerendered]') && document.getElementById('ports-title'));
    await page.getByText('Step 1 of 14', { exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Previous step' }).evaluate((b) => b === document.activeElement), true, 'the focus survives the takeover');
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByText('Step 2 of 14', { exact: true }).waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await close();
  }
});

test('every step drawn at build time is the app\'s own step, node for node', async () => {
  const { page, pageErrors, close, release } = await openHeld();
  try {
    const total = Number(await page.locator('#main').getAttribute('data-total'));
    assert.ok(total > 5, `the default journey has steps (${total})`);
    const look = (parts) => parts.map((sel) => document.querySelector(sel)?.outerHTML ?? `${sel}: missing`);
    // The drawing, stepped before the app has started ...
    const drawn = [];
    for (let k = 1; k <= total; k++) {
      await page.locator('#app[data-prerendered]').getByRole('button', { name: 'Next step' }).click();
      await page.getByText(`Step ${k} of ${total}`, { exact: true }).waitFor();
      drawn.push(await page.evaluate(look, PARTS));
    }
    release();
    await page.waitForFunction(() => !document.querySelector('#app[data-prerendered]') && document.getElementById('ports-title'));
    // ... and the app, from the start.
    await page.getByRole('button', { name: 'Restart' }).click();
    for (let k = 1; k <= total; k++) {
      await page.getByRole('button', { name: 'Next step' }).click();
      await page.getByText(`Step ${k} of ${total}`, { exact: true }).waitFor();
      assert.deepEqual(drawn[k - 1], await page.evaluate(look, PARTS), `step ${k}`);
    }
    assert.deepEqual(pageErrors, []);
  } finally {
    await close();
  }
});

test('when the app cannot start, the drawing still steps and says why other presses do nothing', async () => {
  const { page, pageErrors, close } = await openPage();
  try {
    await page.route('**/smtp-port-simulator_bg.wasm', (route) => route.abort());
    await page.mainFrame().goto(BASE_URL); // the plain goto: browser.mjs's waits for the app
    await page.waitForFunction(() => document.documentElement.classList.contains('no-app'));
    const drawn = page.locator('#app[data-prerendered]');
    await drawn.getByRole('button', { name: 'Next step' }).click();
    await drawn.getByText('Step 1 of 14', { exact: true }).waitFor();
    await drawn.getByRole('button', { name: 'Play' }).click();
    await drawn.getByRole('status').getByText(/could not start in this browser/).waitFor();
    // The only errors: the refused wasm, and boot.js passing the failure on.
    assert.ok(pageErrors.every((e) => /wasm|fetch|ERR_FAILED|WebAssembly/i.test(e)), pageErrors.join(' | '));
  } finally {
    await close();
  }
});
