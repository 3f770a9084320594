// The sequence diagram's labels, read from the back row and on a phone (issue 25): every label
// whole (never cut with "…"), inside the drawing, none over another, in presenter mode at
// 1280×720 and at 375×667, for a home user's port 25, the STARTTLS-stripping attack on 587,
// command injection, and a comparison with an attacker. An attack draws two legs through the
// attacker, each marked with how it travelled. And the dropped port's wait, as a time-lapse clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, until } from './browser.mjs';

const PRESENTER = { viewport: { width: 1280, height: 720 }, present: true, name: '1280×720 presenter' };
const PHONE = { viewport: { width: 375, height: 667 }, name: '375×667' };
const LAPTOP = { viewport: { width: 1280, height: 720 }, name: '1280×720' };

/** Every label of the diagram (arrow labels and leg words), and the drawing's box. */
function survey() {
  const region = document.querySelector('.diagram');
  const arrows = region.querySelector('.arrows');
  const frame = region.getBoundingClientRect();
  const drawing = arrows.getBoundingClientRect();
  const labels = [...arrows.querySelectorAll('.arrow > span, .arrow i span')].map((t) => {
    const r = t.getBoundingClientRect();
    return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  });
  return { frame: { left: frame.left, right: frame.right }, drawing: { top: drawing.top, bottom: drawing.bottom }, labels };
}

function check(where, { frame, drawing, labels }) {
  assert.ok(labels.length > 3, `${where}: labels drawn (${labels.length})`);
  for (const l of labels) {
    assert.ok(!l.text.endsWith('…'), `${where}: "${l.text}" is whole`);
    assert.ok(l.left >= frame.left - 0.5 && l.right <= frame.right + 0.5, `${where}: "${l.text}" inside the frame (${l.left.toFixed(1)}–${l.right.toFixed(1)} in ${frame.left}–${frame.right})`);
    assert.ok(l.top >= drawing.top - 0.5 && l.bottom <= drawing.bottom + 0.5, `${where}: "${l.text}" inside the drawing`);
  }
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const [a, b] = [labels[i], labels[j]];
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      assert.ok(across <= 0.5 || down <= 0.5, `${where}: "${a.text}" and "${b.text}" overlap (${across.toFixed(1)}×${down.toFixed(1)} px)`);
    }
  }
}

/** Open `query` on `screen`, go to `step` (or the last step) and check every label. */
async function labelsAt(query, screen, step) {
  await withApp(query, async (page) => {
    await page.getByRole('region', { name: 'Sequence diagram' }).waitFor();

    if (!step) {
      await page.locator('body').press('End');
      await page.waitForFunction(() => /(\d+) of \1\b/.test(document.querySelector('.counter')?.textContent ?? ''));
    }
    if (screen.present) {
      await page.getByRole('button', { name: 'Presenter mode' }).click();
      await until(() => page.evaluate(() => document.documentElement.classList.contains('presenter')), (on) => on, 'presenter mode');
      const px = await page.locator('.diagram .arrow > span').first().evaluate((t) => parseFloat(getComputedStyle(t).fontSize));
      assert.ok(px >= 18, `${query}: labels for the back row (${px} px)`);
    }
    await page.waitForTimeout(300);
    const seen = await page.evaluate(survey);
    check(`${query} at ${screen.name}`, seen);
  }, { viewport: screen.viewport });
}

const JOURNEYS = [
  ['?port=25&net=home&step=3', true],
  ['?port=587&attack=strip&client=opportunistic&step=4', true],
  ['?port=587&attack=strip&client=opportunistic', false],
  ['?port=587&attack=inject', false],
  ['?port=587&compare=465&attack=strip&client=opportunistic', false],
];

for (const screen of [PRESENTER, PHONE, LAPTOP]) {
  test(`diagram labels at ${screen.name}: whole, inside the drawing, none over another`, async () => {
    for (const [query, stepped] of JOURNEYS) await labelsAt(query, screen, stepped);
  });
}

test('the attack on 587 draws each line through the attacker as two legs, each with its own marking', async () => {
  await withApp('?port=587&attack=strip&client=opportunistic', async (page) => {
    await page.locator('body').press('End');
    await page.waitForFunction(() => /(\d+) of \1\b/.test(document.querySelector('.counter')?.textContent ?? ''));
    await page.waitForTimeout(300);
    const arrows = await page.evaluate(() => [...document.querySelectorAll('.diagram .arrow')].map((row) => ({
      label: row.querySelector(':scope > span').textContent,
      legs: [...row.querySelectorAll('i')].map((l) => l.getAttribute('class')),
      words: [...row.querySelectorAll('i span')].map((t) => t.textContent),
    })));
    const lesson = arrows.find((a) => a.label.startsWith('plain · passes the reply on'));
    assert.ok(lesson, 'the stripped reply is drawn');
    assert.match(lesson.label, /250-XXXXXXXA in place of 250-STARTTLS, and 250-AUTH PLAIN LOGIN added$/, 'the lesson\'s label whole');
    // The attacker says EHLO over TLS to the server itself (it must: AUTH needs TLS there,
    // facts.md §2): from then on the program's leg is readable, the server's encrypted.
    const login = arrows.find((a) => a.label.startsWith('AUTH PLAIN'));
    assert.deepEqual(login.legs, ['plain', 'tls'], 'the login: plain to the attacker, TLS to the server');
    assert.deepEqual(login.words, ['plain', 'TLS']);
    const reply = arrows.find((a) => a.label.startsWith('235 '));
    assert.deepEqual(reply.legs, ['tls', 'plain'], 'the reply: TLS from the server, plain from the attacker');
    assert.deepEqual(reply.words, ['TLS', 'plain']);
  }, { viewport: { width: 1280, height: 720 } });
});

/** The clock of the dropped port's wait: its shown figure, the counter over it, the marks' opacity. */
function clock() {
  const span = document.querySelector('.time-axis .clock span');
  const before = getComputedStyle(span, '::before');
  const marks = [...document.querySelectorAll('.time-axis li')];
  return {
    text: span.textContent,
    counting: before.display !== 'none' && before.visibility !== 'hidden',
    counter: Number(before.getPropertyValue('--t')),
    timeout: document.querySelector('.time-axis li.timeout').textContent,
    shown: marks.map((m) => Number(getComputedStyle(m).opacity)),
    height: document.querySelector('.time-axis').getBoundingClientRect().height,
  };
}

test('the dropped port\'s wait runs as a clock up to the model\'s timeout, marks showing as it passes them', async () => {
  await withApp('?port=25&net=home&step=4', async (page) => {
    await page.locator('.time-axis .clock').waitFor();
    const early = await page.evaluate(clock);
    // The text is the model's figure, the one the axis ends at: what a screen reader reads.
    assert.equal(early.text, early.timeout);
    assert.match(early.text, /^\d+\.\d s$/);
    assert.ok(early.counting, 'the clock counts over the figure');
    assert.ok(early.counter < parseFloat(early.text), `it starts low (${early.counter})`);
    assert.ok(early.shown.at(-1) < 1, 'the timeout mark waits for the clock');
    const late = await until(() => page.evaluate(clock), (c) => !c.counting && c.shown.every((o) => o === 1), 'the clock to stop, every mark shown', 9_000);
    assert.equal(late.height, early.height, 'the figure keeps its height while the clock runs');
    const name = await page.locator('.time-axis .clock').evaluate((p) => p.textContent);
    assert.equal(name, `Clock: ${early.timeout}`, 'one figure, no counting, for screen readers');
  }, { viewport: { width: 1280, height: 720 } });
});

test('with less motion asked for, the clock shows its end at once', async () => {
  await withApp('?port=25&net=home&step=4', async (page) => {
    await page.locator('.time-axis .clock').waitFor();
    const now = await page.evaluate(clock);
    assert.equal(now.counting, false, 'no counter over the figure');
    assert.deepEqual(now.shown, now.shown.map(() => 1), 'every mark shown');
  }, { viewport: { width: 375, height: 667 }, before: (p) => p.emulateMedia({ reducedMotion: 'reduce' }) });
});
