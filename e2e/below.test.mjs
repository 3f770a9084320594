// The port table ("Choose a port") and the setup ("Where you send from"…) lie below the first
// screen and are a module of their own (src/bin/setup-view.rs): the page downloads it only as
// they near the screen, and what the learner chooses there still changes the journey.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, openPage, foreignRequests, until } from './browser.mjs';
import { LOAD_TIMEOUT_MS } from './recorded.mjs';
import { portTable, pressedPorts } from './page.mjs';

const loaded = (requests) => requests.some((u) => /\/setup-view(_bg\.wasm|\.js)$/.test(u));

test('the port table and the setup load as they near the screen, and change the journey', async () => {
  // A screen so short that the part below the stage is far from it (more than a screen away).
  const { page, requests, pageErrors, close } = await openPage({ viewport: { width: 1280, height: 240 } });
  try {
    await page.goto(new URL('?port=587', BASE_URL).href);
    await page.getByRole('heading', { name: 'SMTP Port Simulator', level: 1 }).waitFor({ timeout: LOAD_TIMEOUT_MS });
    await page.waitForTimeout(500);
    assert.ok(!loaded(requests), 'not downloaded while far below the screen');
    assert.equal(await portTable(page).count(), 0, 'no port table yet');

    // Scrolled to (no key pressed: a key would load it too).
    await page.getByRole('heading', { name: 'Choose a port', level: 2 }).evaluate((h) => h.scrollIntoView());
    await portTable(page).waitFor({ timeout: LOAD_TIMEOUT_MS });
    assert.ok(loaded(requests), 'downloaded once near');
    assert.deepEqual(await pressedPorts(portTable(page)), ['Port 587'], 'the table shows the page\'s port');

    // The table chooses the port.
    await portTable(page).getByRole('button', { name: 'Port 465', exact: true }).click();
    await page.getByRole('heading', { name: 'The journey through port 465', level: 2 }).waitFor();
    await until(() => pressedPorts(portTable(page)), (p) => p.join() === 'Port 465', 'Port 465 pressed in the table');

    // The setup changes the journey: where you send from, and a comparison.
    const from = page.getByRole('group', { name: 'Where you send from' });
    await from.getByRole('radio', { name: /Home ISP/ }).check();
    await until(() => new URL(page.url()).searchParams.get('net'), (n) => n === 'home', 'net=home in the address');
    assert.equal(await from.getByRole('radio', { name: /Home ISP/ }).isChecked(), true);
    // The control just used keeps the focus while the module follows the new state.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'net-home');
    const compare = page.getByRole('combobox', { name: 'Compare with' });
    await compare.focus();
    await compare.selectOption('587');
    await page.getByRole('log', { name: 'Port 587 transcript', exact: true }).waitFor();
    assert.equal(await compare.inputValue(), '587');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'compare');

    assert.deepEqual(foreignRequests(requests), [], 'no request left the origin');
    assert.deepEqual(pageErrors, [], 'no page errors or console errors');
  } finally {
    await close();
  }
});

test('a key pressed before the part below is near loads it, so Tab can reach it', async () => {
  const { page, requests, pageErrors, close } = await openPage({ viewport: { width: 1280, height: 240 } });
  try {
    await page.goto(new URL('?port=25', BASE_URL).href);
    await page.getByRole('heading', { name: 'SMTP Port Simulator', level: 1 }).waitFor({ timeout: LOAD_TIMEOUT_MS });
    assert.ok(!loaded(requests), 'not downloaded yet');
    await page.keyboard.press('Tab');
    await portTable(page).waitFor({ state: 'attached', timeout: LOAD_TIMEOUT_MS });
    assert.deepEqual(await pressedPorts(portTable(page)), ['Port 25']);
    assert.ok(await page.getByRole('combobox', { name: 'Firewall rule' }).count() === 1, 'the setup is there too');
    assert.deepEqual(pageErrors, [], 'no page errors or console errors');
  } finally {
    await close();
  }
});
