// The current step is what the transcripts and the diagram show (issue 25): at every step of
// 587, of the comparison with 465 and of the attack journeys, at 1280×720 and in presenter
// mode, the step's first line (its aria-current="step" lines; the diagram's current arrows) is
// inside its box's visible rectangle, at its top as far as the box scrolls, and the whole step
// is when it fits; the page itself never scrolls. On a phone (375×667) the explanation shows
// all its text, and the console's log takes most of the screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until, withApp as withAppAt } from './browser.mjs';
import { counter, nextButton } from './page.mjs';

const LAPTOP = { width: 1280, height: 720 };
const PHONE = { width: 375, height: 667 };
const JOURNEYS = [
  '?port=587',
  '?port=587&compare=465',
  '?port=587&attack=strip&client=opportunistic',
  '?port=587&attack=inject',
];

/** Open `query` at `viewport` with browser.mjs's `withApp`, ready at the stage's step counter
 *  or the console's field. (No h1 to wait for in presenter mode.) */
const withApp = (query, body, viewport = LAPTOP) => withAppAt(query, body, { viewport, ready: '.counter, #smtp-command' });

/** Two frames: the boxes are scrolled in the frame after a render. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/**
 * Every box showing a current step: the transcripts (their aria-current="step" lines) and the
 * diagram (its current arrows), with where the step's first and last lines are against the
 * box's visible rectangle (inside its border, under the diagram's sticky lane names).
 */
function currentSteps() {
  const boxes = [...document.querySelectorAll('[role=log], .diagram')];
  return {
    scrollY: scrollY,
    marked: [...document.querySelectorAll('[role=log] li.current')].every((li) => li.getAttribute('aria-current') === 'step'),
    boxes: boxes.flatMap((box) => {
      const lines = [...box.querySelectorAll(box.matches('[role=log]') ? '[aria-current="step"]' : '.arrow.current')];
      if (!lines.length) return [];
      const b = box.getBoundingClientRect();
      const top = box.querySelector('.lanes')?.getBoundingClientRect().bottom ?? b.top + box.clientTop;
      const bottom = b.top + box.clientTop + box.clientHeight;
      const first = lines[0].getBoundingClientRect();
      const last = lines.at(-1).getBoundingClientRect();
      return [{
        name: box.getAttribute('aria-label'),
        text: lines[0].textContent.slice(0, 40),
        lines: lines.length,
        // From the box's visible top: the first line's top and bottom, the last line's bottom.
        first: [Math.round(first.top - top), Math.round(first.bottom - top)],
        last: Math.round(last.bottom - top),
        room: Math.round(bottom - top),
        end: box.scrollTop >= box.scrollHeight - box.clientHeight - 1,
      }];
    }),
  };
}

/** The current step's first line in view at its top, or the whole step at the box's end. */
function assertInView(l, at, only = () => true, top = true) {
  assert.equal(l.scrollY, 0, `${at}: the page did not scroll`);
  assert.ok(l.marked, `${at}: the current lines carry aria-current="step"`);
  for (const b of l.boxes.filter(only)) {
    const what = `${at}, ${b.name}: "${b.text}" (${b.lines} lines) at ${b.first} of ${b.room} px, the step ending at ${b.last}`;
    // (The diagram's first label reaches 2 px under the lane names even when nothing scrolled.)
    assert.ok(b.first[0] >= -3 && b.first[1] <= b.room + 1, `${what}: the step's first line is inside the box`);
    // At the top (the transcript's padding, 8 px, above it), unless the box has scrolled to its
    // end: then the step fits below the lines before it.
    if (top) assert.ok(b.first[0] <= 12 || b.end, `${what}: the first line at the top, as far as the box scrolls`);
    if (b.last - b.first[0] <= b.room) assert.ok(b.last <= b.room + 1, `${what}: the whole step, as it fits`);
  }
}

const look = async (page, at, only, top) => {
  await frames(page);
  assertInView(await page.evaluate(currentSteps), at, only, top);
};

for (const [mode, extra] of [['1280×720', ''], ['presenter mode', '&present=1']]) {
  test(`${mode}: every step of 587, of the comparison and of the attack journeys shows its first line at the top`, async () => {
    for (const journey of JOURNEYS) {
      await withApp(journey + extra, async (page) => {
        if (extra) await until(() => page.evaluate(() => document.documentElement.classList.contains('presenter')), (on) => on, 'presenter mode');
        const { total } = await counter(page);
        let tall = 0;
        for (let n = 1; n <= total; n++) {
          await nextButton(page).click();
          await until(() => counter(page), (c) => c.step === n, `step ${n}`);
          await look(page, `${journey}${extra}, step ${n}`);
          const l = await page.evaluate(currentSteps);
          tall += l.boxes.some((b) => b.last - b.first[0] > b.room);
        }
        // The journeys hold steps taller than their boxes (EHLO's list), which the test is about.
        assert.ok(tall > 0, `${journey}${extra}: a step taller than its box`);
        // Back a few steps, as a teacher does.
        for (let n = total - 1; n >= total - 3; n--) {
          await page.getByRole('button', { name: 'Previous step', exact: true }).click();
          await until(() => counter(page), (c) => c.step === n, `back to step ${n}`);
          await look(page, `${journey}${extra}, back to step ${n}`);
        }
      });
    }
  });
}

test('a link to the EHLO step, then a new window size and presenter mode: EHLO stays at the top', async () => {
  await withApp('?port=587&step=4', async (page) => {
    await look(page, 'the link');
    const l = await page.evaluate(currentSteps);
    assert.match(l.boxes.find((b) => b.name === 'SMTP transcript').text, /EHLO laptop\.example\.org/);
    // Taller or shorter (full screen on the same screen): every box. Narrower or wider: the
    // transcript's command stays in view, held by the browser's scroll anchoring, though not
    // always at the top (the diagram's drawing scales with its width and follows at the next
    // step: src/ui/follow.rs).
    let only;
    for (const viewport of [{ width: 1280, height: 800 }, { width: 1280, height: 650 }, { width: 1000, height: 700 }, { width: 1600, height: 900 }, LAPTOP]) {
      await page.setViewportSize(viewport);
      if (viewport.width !== LAPTOP.width) only = (b) => b.name === 'SMTP transcript';
      await look(page, `resized to ${viewport.width}×${viewport.height}`, only, !only);
    }
    await nextButton(page).click();
    await until(() => counter(page), (c) => c.step === 5, 'step 5');
    await look(page, 'the next step');
    await page.getByRole('button', { name: 'Previous step', exact: true }).click();
    await until(() => counter(page), (c) => c.step === 4, 'step 4');
    await page.getByRole('button', { name: 'Presenter mode' }).click();
    await look(page, 'presenter mode');
    await page.keyboard.press('Escape');
    await until(() => page.evaluate(() => document.documentElement.classList.contains('presenter')), (on) => !on, 'presenter mode left');
    await look(page, 'presenter mode left');
  });
});

for (const query of ['?port=25&net=home&step=3', '?port=587&step=8', '?port=587&compare=465&step=5']) {
  test(`phone 375×667 ${query}: the explanation shows its whole text, the step in its boxes`, async () => {
    await withApp(query, async (page) => {
      // Comparing, each port's notes arrive with the compare module.
      if (query.includes('compare')) await page.locator('section.explanation h3').first().waitFor({ timeout: 10_000 });
      await frames(page);
      const e = await page.locator('section.explanation').evaluate((box) => {
        const r = box.getBoundingClientRect();
        const text = [...box.querySelectorAll('p, h2, h3, dd, dt, li')].map((t) => t.getBoundingClientRect().bottom);
        return { scroll: box.scrollHeight, client: box.clientHeight, bottom: r.bottom, text: Math.max(...text) };
      });
      assert.ok(e.scroll <= e.client + 1, `the explanation does not scroll inside: ${e.scroll} px of text in ${e.client} px`);
      assert.ok(e.text <= e.bottom, `its last text (${e.text}) inside its box (${e.bottom})`);
      assert.ok(e.client > 150, `no two-line box: ${e.client} px`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, 'no sideways scroll');
      // The page scrolls to the diagram and the transcripts, each showing the current step.
      await page.locator('.transcripts').evaluate((t) => t.scrollIntoView({ block: 'end' }));
      await frames(page);
      const l = await page.evaluate(currentSteps);
      assertInView({ ...l, scrollY: 0 }, `${query} on a phone`);
      assert.ok(l.boxes.length >= 2, `${query}: the diagram and a transcript show the step`);
    }, PHONE);
  });
}

test('phone 375×667: the console\'s log takes most of the screen, its 16 px field under it', async () => {
  await withApp('?view=console', async (page) => {
    const log = page.getByRole('log', { name: 'Console transcript' });
    await log.waitFor();
    const field = page.getByRole('textbox', { name: 'SMTP command' });
    const l = await log.boundingBox();
    const f = await field.boundingBox();
    assert.ok(l.height >= PHONE.height / 2, `the log is ${Math.round(l.height)} px of ${PHONE.height}`);
    assert.ok(f.y > l.y + l.height && f.y + f.height <= PHONE.height, `the field under the log, on screen (${JSON.stringify(f)})`);
    assert.ok(await field.evaluate((i) => parseFloat(getComputedStyle(i).fontSize)) >= 16, 'a 16 px field: no zoom on focus');
    // The lab's account is still on the page, below.
    await page.getByText(/Lab account: alice@example\.test/).waitFor({ state: 'attached' });
  }, PHONE);
});
