// Two ports side by side, in the built app: each column's own explanation, no current step
// highlighted in a column that has nothing at this row, no word of a transcript line broken
// across lines (at 1280 and 375 px and in presenter mode), and the closing summary of what
// differed, read against the page's own transcripts and outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until, withApp } from './browser.mjs';
import { counter, next, show, smtp, stepToEnd, transcript } from './page.mjs';

const PHONE = { width: 375, height: 667 };
const PROJECTOR = { width: 1280, height: 720 };

/** The explanation: a region named by the step's title. */
const explanation = (page) => page.locator('section.explanation[aria-labelledby="explain-title"]');

/** One port's own notes inside the explanation (the compare module draws them). */
const notesOf = (page, port) => explanation(page).getByRole('region', { name: `Port ${port}`, exact: true });

/** The lines of a log that are marked as the current step. */
const currentLines = (page, name) => page.getByRole('log', { name, exact: true }).locator('li.current').count();

test('each port explains its own step: 587 offers STARTTLS and no AUTH, 465 offers AUTH inside TLS', () =>
  withApp('?port=587&compare=465', async (page) => {
    // Step to the first EHLO (the same kind of step on both ports).
    for (let guard = 0; !/^Introduce yourself: EHLO$/.test((await explanation(page).locator('h2').textContent()).trim()); guard++) {
      assert.ok(guard < 10, 'an EHLO step comes');
      await next(page);
    }
    const [own, other] = [notesOf(page, 587), notesOf(page, 465)];
    await explanation(page).locator(`.notes[data-row="${(await counter(page)).step}"]`).waitFor();
    // What each log shows at this step (the lab's recordings): 587 offers STARTTLS and no
    // AUTH in plaintext; 465 offers AUTH, inside TLS.
    const mine = await transcript(page);
    const theirs = await transcript(page, 'Port 465 transcript');
    assert.ok(mine.some((l) => l.text === '250-STARTTLS' && l.enc === 'plain'), show(mine));
    assert.ok(!mine.some((l) => /AUTH/.test(l.text)), show(mine));
    assert.ok(theirs.some((l) => l.text === '250-AUTH PLAIN LOGIN' && l.enc === 'TLS'), show(theirs));
    // Each column's words say the same of its own port.
    const ownText = await own.textContent();
    const otherText = await other.textContent();
    assert.match(ownText, /STARTTLS is offered, AUTH is not/);
    assert.match(otherText, /AUTH PLAIN LOGIN is offered/);
    assert.doesNotMatch(otherText, /AUTH is not/);
    for (const notes of [own, other]) {
      assert.equal(await notes.getByRole('heading', { level: 3 }).count(), 1);
      assert.ok(await notes.getByRole('link', { name: /^RFC \d+ §/ }).count() > 0, 'each names its rule');
    }
  }));

for (const [query, main, other] of [
  ['?port=587&compare=465', 587, 465],
  ['?port=465&compare=587', 465, 587],
]) {
  test(`${query}: a column with nothing at this row highlights no step`, () =>
    withApp(query, async (page) => {
      const logs = { [main]: 'SMTP transcript', [other]: `Port ${other} transcript` };
      const seen = { [main]: 0, [other]: 0 };
      for (let c = await counter(page); c.step < c.total; c = await counter(page)) {
        await next(page);
        // Which ports have a step in this row: those whose notes the module drew for it.
        await explanation(page).locator(`.notes[data-row="${c.step + 1}"]`).waitFor();
        const difference = await explanation(page).locator('.notes .difference').textContent();
        for (const port of [main, other]) {
          const has = (await notesOf(page, port).count()) === 1;
          const lit = await currentLines(page, logs[port]);
          if (has) assert.ok(lit > 0, `${query} row ${c.step + 1}: port ${port} has a step, its lines are current`);
          else {
            seen[port]++;
            assert.equal(lit, 0, `${query} row ${c.step + 1}: port ${port} has nothing here (${difference}), nothing is current`);
            assert.match(difference, new RegExp(`${port}: (nothing at this step|already inside TLS|not started)`));
          }
        }
      }
      // 587 has STARTTLS, its handshake and a second EHLO that 465 has not.
      assert.ok(seen[465] > 0, `rows where 465 has nothing: ${JSON.stringify(seen)}`);
    }));
}

/**
 * Every word of every transcript line that breaks across two lines of text, unless it is wider
 * than the line's whole box (then it has to: a base64 login on a phone).
 */
function brokenWords() {
  const broken = [];
  for (const li of document.querySelectorAll('[role=log] li.line')) {
    const box = li.getBoundingClientRect().width;
    for (const span of li.querySelectorAll(':scope > .text, :scope > .note')) {
      const node = span.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE) continue;
      for (const m of node.data.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const tops = new Set(rects.map((r) => Math.round(r.top)));
        const width = rects.reduce((w, r) => w + r.width, 0);
        if (tops.size > 1 && width <= box) broken.push(`${m[0]} (${Math.round(width)} of ${Math.round(box)} px)`);
      }
    }
  }
  return broken;
}

for (const [query, viewport, where] of [
  ['?port=587&compare=465', undefined, '1280 px'],
  ['?port=587&compare=465', PHONE, '375 px'],
  ['?port=587&compare=465', PROJECTOR, 'presenter mode'],
  ['?port=465&compare=587&attack=strip&client=opportunistic', undefined, '1280 px, an attacker'],
  ['?port=465&compare=587&attack=strip&client=opportunistic', PHONE, '375 px, an attacker'],
]) {
  test(`${query} at ${where}: no keyword or address is broken mid-word`, () =>
    withApp(
      query,
      async (page) => {
        if (where === 'presenter mode') {
          await page.getByRole('button', { name: 'Presenter mode' }).click();
          await until(() => page.evaluate(() => document.documentElement.classList.contains('presenter')), (on) => on, 'presenter mode');
        }
        await stepToEnd(page);
        const lines = await page.locator('[role=log] li.line').count();
        assert.ok(lines > 40, `every line of both journeys is laid out (${lines})`);
        assert.deepEqual(await page.evaluate(brokenWords), []);
      },
      { viewport },
    ));
}

/** The facts of the summary, as text, each with its cited sections. */
const facts = (page) =>
  explanation(page)
    .getByRole('region', { name: 'What differed' })
    .getByRole('listitem')
    .evaluateAll((items) => items.map((li) => ({ text: li.textContent, cites: [...li.querySelectorAll('a')].map((a) => a.textContent) })));

test('the last row sums up what differed, and says so as the two transcripts do', () =>
  withApp('?port=587&compare=465', async (page) => {
    assert.equal(await explanation(page).getByRole('region', { name: 'What differed' }).count(), 0, 'not before the end');
    await stepToEnd(page);
    await explanation(page).getByRole('region', { name: 'What differed' }).waitFor();
    const said = await facts(page);
    for (const f of said) assert.ok(f.cites.length > 0 && f.cites.every((c) => /^RFC \d+ §[\d.]+$/.test(c)), `a source for: ${f.text}`);
    // Where TLS began, counted from the transcripts on the page: the SMTP lines each port sent
    // or got before its first line inside TLS.
    const before = (lines) => lines.slice(0, lines.findIndex((l) => l.enc === 'TLS')).filter(smtp).length;
    const mine = before(await transcript(page));
    const theirs = before(await transcript(page, 'Port 465 transcript'));
    assert.equal(theirs, 0);
    const tls = said.find((f) => f.text.startsWith('TLS began'));
    assert.ok(tls, JSON.stringify(said));
    assert.match(tls.text, new RegExp(`^TLS began: 587 after ${mine} SMTP lines in plaintext · 465 before any SMTP line`));
    // STARTTLS costs two round trips more (RFC 3207 §4, §4.2); the journeys' clocks agree.
    const trips = said.find((f) => f.text.startsWith('Round trips'));
    const [, a, b] = /^Round trips: 587 (\d+) · 465 (\d+)/.exec(trips.text);
    assert.equal(Number(a) - Number(b), 2, trips.text);
    // One row for each attacker the setup offers.
    assert.equal(said.filter((f) => f.text.startsWith('An attacker who ')).length, 4, JSON.stringify(said));
  }));

test('under an attacker, the summary names the outcomes the two transcripts end in', () =>
  withApp('?port=587&compare=465&attack=strip&client=opportunistic', async (page) => {
    await stepToEnd(page);
    await explanation(page).getByRole('region', { name: 'What differed' }).waitFor();
    // Each column's outcome, in its own words up to the colon: "Password stolen".
    const outcome = async (i) => {
      const text = await page.locator('[data-outcome]').nth(i).textContent();
      const head = text.replace(/^Outcome: /, '').split(':')[0];
      return head[0].toLowerCase() + head.slice(1);
    };
    const [a, b] = [await outcome(0), await outcome(1)];
    assert.notEqual(a, b);
    const strip = (await facts(page)).find((f) => /^An attacker who strips STARTTLS/.test(f.text));
    assert.ok(strip, 'a row for the attacker on the path');
    assert.match(strip.text, new RegExp(`: 587 ${a} · 465 ${b} \\(`), strip.text);
    assert.ok(strip.cites.includes('RFC 3207 §6'), strip.cites.join(', '));
  }));
