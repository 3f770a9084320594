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
    for (const e of list.getEntries()) seen.shifts.push(e.value);
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
      assert.deepEqual(shifts, [], 'no layout shift');
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

test('presses and keys on the drawing before the app starts are handed to the app, not lost', async () => {
  const { page, pageErrors, close } = await openPage();
  try {
    // At DOMContentLoaded the app cannot have started: it waits for the drawing's paint.
    await page.addInitScript(() =>
      document.addEventListener('DOMContentLoaded', () => {
        const next = [...document.querySelectorAll('#app[data-prerendered] button')].find((b) => b.textContent === 'Next step');
        window.__early = Boolean(next);
        next?.click();
        next?.click();
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true }));
      }),
    );
    await page.goto(BASE_URL);
    assert.equal(await page.evaluate(() => window.__early), true, 'pressed on the drawing');
    await page.getByText(/^Step 3 of \d+$/).waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await close();
  }
});
