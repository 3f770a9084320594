// One port under two settings (`compare=block:reject`, `compare=client:starttls`), in the built
// app: the columns titled by what differs, the summary naming each side by its setting, the
// chooser in the setup, a bad or void `compare=` value (a notice and the plain walkthrough), and
// the embed builder's snippets with a poster the build drew.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until, withApp } from './browser.mjs';
import { showBelow, stepToEnd } from './page.mjs';

const explanation = (page) => page.locator('section.explanation[aria-labelledby="explain-title"]');

/** The columns' titles, left to right. */
const titles = (page) => page.locator('.transcripts .compare-column > h3').allTextContents();

/** The summary's facts, as text. */
async function summary(page) {
  const region = explanation(page).getByRole('region', { name: 'What differed' });
  await region.waitFor();
  return region.getByRole('listitem').allTextContents();
}

test('drop beside refuse from home: columns titled by the firewall, the summary says how long each waited', () =>
  withApp('?port=25&net=home&compare=block:reject', async (page) => {
    assert.equal(await page.getByRole('status').count(), 0, 'a good link raises no notice');
    // The home ISP drops port 25 by itself: the left column is what that makes of the rule.
    assert.deepEqual(await titles(page), ['block=drop', 'block=reject']);
    await page.getByRole('log', { name: 'block=reject transcript', exact: true }).waitFor();
    await stepToEnd(page);
    const outcomes = await page.locator('[data-outcome]').evaluateAll((ps) => ps.map((p) => p.dataset.outcome));
    assert.deepEqual(outcomes, ['unreachable', 'unreachable']);
    const facts = await summary(page);
    // facts.md: ETIMEDOUT at 134.9 s behind a DROP; REJECT answers at once (ECONNREFUSED).
    const time = facts.find((f) => f.startsWith('Time to the outcome'));
    assert.match(time ?? '', /^Time to the outcome: dropped 13[45]\.\d s · refused 0\.\d+ s \(RFC/, facts.join('\n'));
    // Each side's notes under its setting in words.
    const heads = await explanation(page).locator('.port-notes h3').allTextContents();
    assert.ok(heads.every((h) => /^(Dropped|Refused) on the way/.test(h)), heads.join(' | '));
  }));

test('the chooser compares required STARTTLS with the opportunistic program under strip', () =>
  withApp('?port=587&client=opportunistic&attack=strip', async (page) => {
    await showBelow(page);
    const chooser = page.getByRole('combobox', { name: 'Compare with', exact: true });
    // Another port, or this port with one setting changed: two labelled groups.
    const groups = await chooser.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.label));
    assert.deepEqual(groups, ['Another port, the same path', 'This setup, one setting changed']);
    // Only changes that change the journey are offered: not the setting it already has.
    const offered = await chooser.locator('option').allTextContents();
    assert.ok(!offered.includes("Your program's TLS setting: STARTTLS if offered (opportunistic)"), offered.join(' | '));
    await chooser.focus();
    await chooser.selectOption({ label: "Your program's TLS setting: STARTTLS (required)" });
    await until(() => page.url(), (u) => new URL(u).searchParams.get('compare') === 'client:starttls', 'the link to say compare=client:starttls');
    await until(() => titles(page), (t) => t.length === 2, 'two columns');
    assert.deepEqual(await titles(page), ['client=opportunistic', 'client=starttls']);
    await stepToEnd(page);
    const strip = (await summary(page)).find((f) => f.startsWith('An attacker who strips'));
    // The README's attacker table: the opportunistic program loses its password, the one that
    // requires STARTTLS stops.
    assert.match(strip ?? '', /: opportunistic STARTTLS password stolen · required STARTTLS stopped safely \(/);
    const outcomes = await page.locator('[data-outcome]').evaluateAll((ps) => ps.map((p) => p.dataset.outcome));
    assert.deepEqual(outcomes, ['password-exposed', 'refused-safe']);
    // "No comparison" ends it.
    await chooser.selectOption({ label: 'No comparison' });
    await until(() => titles(page), (t) => t.length === 0, 'one column again');
  }));

for (const [query, says] of [
  ['?port=25&compare=block:refuse', /Unknown compare "block:refuse"/],
  ['?port=25&compare=%3Cb%3Ex:1', /Unknown compare "<b>x:1"/],
  ['?port=587&compare=client:starttls', /comparison changes nothing/],
  ['?port=587&compare=policy:mta-sts', /comparison changes nothing/],
]) {
  test(`${query}: a notice and the plain walkthrough`, () =>
    withApp(query, async (page) => {
      const notice = page.getByRole('status').filter({ hasText: says });
      await notice.waitFor();
      assert.equal(await page.locator('.notices b').count(), 0, 'nothing from the link is markup');
      assert.deepEqual(await titles(page), []);
      assert.equal(await page.getByRole('log').count(), 1, 'one transcript');
      await stepToEnd(page);
      assert.equal(await page.locator('[data-outcome]').count(), 1);
    }));
}

test('the builder writes the setting comparison into its snippets, with a poster the build drew', () =>
  withApp('?port=25&attack=strip&compare=policy:mta-sts', async (page) => {
    await page.getByRole('link', { name: 'Embed in an article', exact: true }).click();
    const element = page.getByRole('textbox', { name: 'The element (one line per figure)' });
    await element.waitFor();
    const html = await element.inputValue();
    assert.match(html, /^<smtp-port-simulator port="25" attack="strip" compare="policy:mta-sts"><img src="[^"]+\/posters\/[0-9a-f]{16}\.svg" alt="SMTP Port Simulator: port 25, with an attacker on the path, compared with policy=mta-sts" width="680" height="1740">/);
    const link = await page.getByRole('textbox', { name: /^Or a link/ }).inputValue();
    assert.match(link, /href="[^"]+\?port=25&amp;attack=strip&amp;compare=policy:mta-sts"/);
    // The poster is there, and draws the two sides under their titles.
    const src = /<img src="([^"]+)"/.exec(html)[1];
    const svg = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return r.ok ? r.text() : `HTTP ${r.status}`;
    }, src);
    assert.match(svg, /^<svg /, svg.slice(0, 80));
    assert.match(svg, /Policy: MTA-STS enforce \(RFC 8461\)/);
    assert.match(svg, /MTA-STS: Deferred\./);
  }));
