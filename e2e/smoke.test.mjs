// Smoke test: the release build loads, Yew renders, and nothing is fetched from elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, openPage, foreignRequests } from './browser.mjs';

test('app loads and renders its heading without leaving the origin', async () => {
  const { page, requests, pageErrors, close } = await openPage();
  try {
    await page.goto(BASE_URL);
    await page.getByRole('heading', { name: 'SMTP Port Simulator' }).waitFor({ timeout: 15000 });
    assert.equal(await page.title(), 'SMTP Port Simulator');
    assert.ok(requests.some((u) => u.endsWith('.wasm')), `wasm was loaded: ${requests.join(', ')}`);
    assert.deepEqual(foreignRequests(requests), []);
    assert.deepEqual(pageErrors, []);
  } finally {
    await close();
  }
});
