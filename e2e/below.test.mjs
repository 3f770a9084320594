// The port table ("Choose a port") and the setup ("Where you send from"…) lie below the first
// screen and are a module of their own (src/bin/setup-view.rs): the page downloads it not on
// arriving but at the reader's first scroll or key (or once they are on screen), and what the
// learner chooses there still changes the journey.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, openPage, foreignRequests, until } from './browser.mjs';
import { LOAD_TIMEOUT_MS } from './recorded.mjs';
import { portTable, pressedPorts } from './page.mjs';

const loaded = (requests) => requests.some((u) => /\/setup-view(_bg\.wasm|\.js)$/.test(u));

for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
  test(`${viewport.width} px: not downloaded on arriving, nor by pressing the stage's buttons`, async () => {
    const { page, requests, pageErrors, close } = await openPage({ viewport });
    try {
      await page.goto(BASE_URL);
      await page.getByRole('button', { name: 'Next step', exact: true }).click();
      await page.waitForTimeout(800);
      assert.ok(!loaded(requests), 'setup-view is not among the files fetched on arriving');
      assert.equal(await portTable(page).count(), 0, 'no port table yet');
      // The section's heading stays in the page: the stage's link to it (shown on wider
      // screens) lands there, and the part loads.
      const link = page.getByRole('link', { name: 'All ports and settings' });
      if (await link.isVisible()) await link.click();
      else await page.mouse.wheel(0, 400);
      await portTable(page).waitFor({ timeout: LOAD_TIMEOUT_MS });
      assert.deepEqual(pageErrors, [], 'no page errors or console errors');
    } finally {
      await close();
    }
  });
}

test('the port table and the setup load at the first scroll, and change the journey', async () => {
  const { page, requests, pageErrors, close } = await openPage();
  try {
    await page.goto(new URL('?port=587', BASE_URL).href);
    await page.getByRole('heading', { name: 'SMTP Port Simulator', level: 1 }).waitFor({ timeout: LOAD_TIMEOUT_MS });
    assert.ok(!loaded(requests), 'not downloaded yet');

    // The reader scrolls with the wheel (no key: a key would load it too).
    await page.mouse.move(640, 60);
    await page.mouse.wheel(0, 400);
    await portTable(page).waitFor({ timeout: LOAD_TIMEOUT_MS });
    assert.ok(loaded(requests), 'downloaded at the scroll');
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

test('a key pressed before the part below is loaded loads it, so Tab can reach it', async () => {
  const { page, requests, pageErrors, close } = await openPage();
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
