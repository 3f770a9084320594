// The simulator's page as the browser tests see it, in one place: its controls by role and
// accessible name, the step counter, stepping, and the transcript read back as lines. `scope` is
// a Playwright page or a frameLocator (an embed).
import assert from 'node:assert/strict';
import { until } from './browser.mjs';

/** The "Next step" button. */
export const nextButton = (scope) => scope.getByRole('button', { name: 'Next step', exact: true });

/** The "Step X of Y" counter. */
export const counterLocator = (scope) => scope.getByText(/^Step \d+ of \d+$/);

/** The "Step X of Y" counter as numbers. */
export async function counter(scope) {
  const text = (await counterLocator(scope).textContent()).trim();
  const m = /^Step (\d+) of (\d+)$/.exec(text);
  assert.ok(m, `counter text: ${text}`);
  return { step: Number(m[1]), total: Number(m[2]) };
}

/** Waits until the counter shows `step`. */
export const untilStep = (scope, step, what = `step ${step}`, timeout = undefined) =>
  until(() => counter(scope), (c) => c.step === step, what, timeout);

/** Presses "Next step" once and waits for the counter to move. */
export async function next(scope) {
  const before = await counter(scope);
  assert.ok(before.step < before.total, 'a step is left to take');
  await nextButton(scope).click();
  await untilStep(scope, before.step + 1);
}

/** Presses "Next step" until the counter reads "Step Y of Y". */
export async function stepToEnd(scope) {
  for (let c = await counter(scope), guard = 0; c.step < c.total; c = await counter(scope), guard++) {
    assert.ok(guard < 200, 'reached the end in a sane number of presses');
    await next(scope);
  }
}

/** The full port table below the stage: a module of its own, loaded when the reader scrolls. */
export const portTable = (scope) => scope.getByRole('region', { name: 'SMTP ports' });

/**
 * Scrolls to the port table and the setup below the stage, as a reader does (their module
 * loads at the page's first scroll, src/bin/setup-view.rs), and waits for both.
 */
export async function showBelow(page) {
  await page.getByRole('heading', { name: 'Choose a port', level: 2 }).evaluate((h) => h.scrollIntoView());
  await portTable(page).waitFor({ timeout: 10_000 });
  await page.getByRole('group', { name: 'Where you send from' }).waitFor({ timeout: 10_000 });
}

/** The port buttons that are pressed, by their text. */
export async function pressedPorts(scope) {
  return scope
    .getByRole('button', { name: /^Port \d+$/ })
    .evaluateAll((bs) => bs.filter((b) => b.getAttribute('aria-pressed') === 'true').map((b) => b.textContent.trim()));
}

/** A transcript's lines as { time (s), who, text, enc, note, leak }. */
export async function transcript(scope, name = 'SMTP transcript') {
  return scope
    .getByRole('log', { name, exact: true })
    .locator('li:has(.who)')
    .evaluateAll((items) =>
      items.map((li) => {
        const span = (cls) => li.querySelector(`:scope > .${cls}`)?.textContent.trim() ?? '';
        return {
          time: parseFloat(span('time')),
          who: span('who'),
          text: span('text'),
          enc: span('enc'),
          note: span('note'),
          leak: li.classList.contains('leak'),
        };
      }),
    );
}

/** Transcript lines, one per row, for assertion messages. */
export const show = (lines) =>
  lines.map((l, i) => `${i}: ${l.time} ${l.who} ${l.text} [${l.enc}]${l.note ? ` (${l.note})` : ''}${l.leak ? ' LEAK' : ''}`).join('\n');

/** An SMTP line (a command or a reply), not DNS, TCP or TLS. */
export const smtp = (l) => l.who === 'C:' || l.who === 'S:';

/** Whether `line` is `who` saying `text` (an exact string, or a RegExp). */
export const matches = (line, who, text) =>
  line.who === who && (text instanceof RegExp ? text.test(line.text) : line.text === text);

/**
 * Finds each [who, text] in order (text: exact string or RegExp), each after the previous one.
 * Returns the indices found.
 */
export function inOrder(lines, expected) {
  const found = [];
  let from = 0;
  for (const [who, text] of expected) {
    const i = lines.findIndex((l, k) => k >= from && matches(l, who, text));
    assert.ok(i >= 0, `expected "${who} ${text}" after line ${from - 1} in:\n${show(lines)}`);
    found.push(i);
    from = i + 1;
  }
  return found;
}

/** The S: lines that answer the C: line at index `i` (up to the next non-S: line). */
export function replyTo(lines, i) {
  const out = [];
  for (let k = i + 1; k < lines.length && lines[k].who === 'S:'; k++) out.push(lines[k].text);
  return out;
}
