// Shared browser launch for e2e tests: Debian's chromium driven by playwright-core.
// Never let Playwright download a browser (no network here); always use /usr/bin/chromium.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';

// Flags needed for chromium as root in a container, plus everything that would phone home.
const ARGS = [
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
export async function openPage({ viewport = { width: 1280, height: 800 } } = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'smtp-sim-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
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
