// Shared browser launch for e2e tests: Debian's chromium driven by playwright-core.
// Never let Playwright download a browser (no network here); always use /usr/bin/chromium.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';

// Flags needed for chromium as root in a container, plus everything that would phone home.
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launch a fresh browser (new user-data-dir every time) and open one page.
 * Returns { page, requests, pageErrors, close }:
 *   requests   every URL the page requested (to check nothing leaves BASE_URL's origin)
 *   pageErrors uncaught exceptions and console errors seen on the page
 */
export async function openPage({ viewport = { width: 1280, height: 800 }, contextOptions = {} } = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'smtp-sim-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport,
    // Extra Playwright context options, e.g. { javaScriptEnabled: false } (embed.test.mjs).
    ...contextOptions,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // The page arrives with its first screen drawn at build time (src/bin/prerender.rs), whose
  // buttons do nothing until the app replaces it (and removes #app's data-prerendered). Every
  // navigation waits for that, so no test clicks the drawing. Host pages without #app, and pages
  // without JavaScript, do not wait.
  if (contextOptions.javaScriptEnabled !== false) {
    for (const name of ['goto', 'reload']) {
      const original = page[name].bind(page);
      page[name] = async (...args) => {
        const response = await original(...args);
        // ... and for the part below the fold, which the app builds a task later (src/app.rs),
        // or for the live view, a page of its own (src/bin/live-view.rs).
        await page.waitForFunction(
          () => !document.querySelector('#app[data-prerendered]') && (document.getElementById('ports-title') || document.querySelector('main.embedded') || document.querySelector('section.live') || !document.getElementById('app')),
          null,
          { timeout: 15_000 },
        );
        return response;
      };
    }
  }
  const requests = [];
  const pageErrors = [];
  context.on('request', (req) => requests.push(req.url()));
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  const close = async () => {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  };
  return { page, requests, pageErrors, close };
}

/** URLs among `requests` whose origin differs from BASE_URL's (data: and blob: are local). */
export function foreignRequests(requests, base = BASE_URL) {
  const origin = new URL(base).origin;
  return requests.filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin);
}

// -- small shared helpers (added for console/symptoms/a11y tests; existing exports unchanged) --

/** Poll `read()` until `ok(value)`; throw with the last value seen. */
export async function until(read, ok, what, timeout = 3_000) {
  const deadline = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(value)?.slice(0, 2000)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Open a fresh browser on `query` (relative to BASE_URL) and wait for the app to render: its
 * h1, or the first element `ready` selects (presenter mode and embeds have no h1).
 * `before(page)` runs before navigation (e.g. page.emulateMedia). Returns openPage()'s result.
 */
export async function openApp(query, { viewport, before, ready, timeout = 10_000 } = {}) {
  const opened = await openPage(viewport ? { viewport } : {});
  try {
    opened.page.setDefaultTimeout(5_000); // generous: CI machines may be loaded
    if (before) await before(opened.page);
    await opened.page.goto(new URL(query, BASE_URL).href);
    const shown = ready ? opened.page.locator(ready).first() : opened.page.getByRole('heading', { name: 'SMTP Port Simulator', level: 1 });
    await shown.waitFor({ timeout });
  } catch (e) {
    await opened.close();
    throw e;
  }
  return opened;
}

/**
 * Open the app on `query` (`options` as for openApp), run `body(page)`, then check that nothing
 * left the origin and nothing threw or logged an error. The browser is closed either way.
 */
export async function withApp(query, body, options = {}) {
  const { page, requests, pageErrors, close } = await openApp(query, options);
  try {
    await body(page);
    assert.deepEqual(foreignRequests(requests), [], 'no request left the origin');
    assert.deepEqual(pageErrors, [], 'no page errors or console errors');
  } finally {
    await close();
  }
}
