// The stage: what a key press changes is on screen without scrolling the page, on a
// laptop (1280×720) and in presenter mode, and in its box on a phone (375×667), whose stage
// stacks under the explanation's whole text; embedded, the page is as tall as
// its content at every step and nothing scrolls inside it; the folded SYN step shows its retries on a time axis; comparing makes each
// port's STARTTLS the current step and says how the ports differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until, withApp as withAppAt } from './browser.mjs';

/** browser.mjs's `withApp`, ready at the stage's step counter or the console's field (no h1 to
 *  wait for when embedded or presenting). */
const withApp = (query, body, { viewport }) => withAppAt(query, body, { viewport, ready: '.counter, #smtp-command' });

const LAPTOP = { width: 1280, height: 720 };
const PHONE = { width: 375, height: 667 };
const JOURNEYS = ['?port=587', '?port=25&net=home', '?port=465&compare=587'];

const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const step = async (page) => Number((await page.locator('.counter').textContent()).match(/Step (\d+)/)[1]);

/** Where the current step's first arrow and each transcript's current step's first line (with
 *  none, its newest line) are, against their box and, but on a phone, whose page scrolls past
 *  the stage (issue 25), the viewport. */
function layout() {
  const box = (el) => el && el.getBoundingClientRect();
  const inside = (r, c) => r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
  const inView = (r) => (innerWidth < 640 || (r.top >= -1 && r.bottom <= innerHeight + 1)) && r.height > 0;
  const arrows = [...document.querySelectorAll('.diagram .arrow.current')];
  const arrow = arrows[0];
  const diagram = document.querySelector('.diagram');
  const logs = [...document.querySelectorAll('[role=log]')].map((log) => {
    const line = log.querySelector('li.current') ?? [...log.querySelectorAll('li.line')].at(-1);
    return line ? { name: log.getAttribute('aria-label'), text: line.textContent.slice(0, 60), seen: inView(box(line)) && inside(box(line), box(log)) } : null;
  }).filter(Boolean);
  return {
    scrollY: Math.round(scrollY),
    height: Math.round(document.querySelector('main').getBoundingClientRect().bottom),
    arrow: arrow ? { text: arrow.textContent.slice(0, 60), seen: inView(box(arrow)) && inside(box(arrow), box(diagram)) } : null,
    // Comparing, a row may be the other port's alone: the chosen port (the diagram's) then
    // has no current step, in its transcript as in the diagram (issue 25).
    chosenCurrent: !!document.querySelector('[role=log][aria-label="SMTP transcript"] li.current'),
    logs,
  };
}

/** Ten key presses (fewer if the journey is shorter); after each, the change is in view. */
async function pressAndLook(page, where) {
  await page.evaluate(() => document.activeElement?.blur());
  for (let i = 0; i < 10; i++) {
    if (await page.getByRole('button', { name: 'Next step', exact: true }).getAttribute('aria-disabled') === 'true') break; // the end
    const before = await step(page);
    await page.keyboard.press('ArrowRight');
    const now = await until(() => step(page), (s) => s !== before, 'the step to advance');
    await frames(page);
    const l = await page.evaluate(layout);
    const at = `${where}, step ${now}`;
    assert.equal(l.scrollY, 0, `${at}: the page did not scroll`);
    assert.equal(!!l.arrow, l.chosenCurrent, `${at}: a current arrow exactly when the chosen port has a current step`);
    if (l.arrow) assert.ok(l.arrow.seen, `${at}: the current arrow "${l.arrow.text}" is in view`);
    assert.ok(l.logs.length > 0, `${at}: a transcript line`);
    for (const log of l.logs) assert.ok(log.seen, `${at}: the current (or newest) line of ${log.name} ("${log.text}") is in view`);
  }
}

for (const [name, viewport] of [['laptop 1280×720', LAPTOP], ['phone 375×667', PHONE]]) {
  test(`${name}: the stage is first on screen and every key press shows its arrow and line without scrolling`, async () => {
    for (const query of JOURNEYS) {
      await withApp(query, async (page) => {
        const stage = await page.locator('section.stage').boundingBox();
        // On a phone the stage stacks and the page scrolls (issue 25): it starts on the first screen.
        const fits = viewport === PHONE || stage.y + stage.height <= viewport.height + 1;
        assert.ok(stage.y < 150 && fits, `${query}: the stage fits the first screen (${JSON.stringify(stage)})`);
        const sw = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(sw <= viewport.width, `${query}: no sideways page scroll (${sw}px)`);
        await pressAndLook(page, `${name} ${query}`);
      }, { viewport });
    }
  });
}

/** Embedded: the page's height, every box that scrolls, and the current step's arrows and lines
 *  that show (the other steps are laid out unseen) with where they are. */
function embedLayout() {
  const scrolls = [...document.querySelectorAll('*')].filter((e) => {
    const s = getComputedStyle(e);
    return /auto|scroll/.test(s.overflowX + s.overflowY) && (e.scrollHeight > e.clientHeight || e.scrollWidth > e.clientWidth);
  }).map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${e.scrollHeight}×${e.scrollWidth} in ${e.clientHeight}×${e.clientWidth}`);
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  const shown = (selector) => [...document.querySelectorAll(selector)].filter((e) => e.checkVisibility({ visibilityProperty: true }));
  const outside = (e) => { const r = e.getBoundingClientRect(); return r.top < -1 || r.bottom > height + 1 || r.left < -1 || r.right > innerWidth + 1; };
  const parts = [...shown('.diagram .arrow'), ...shown('[role=log] li.line'), ...shown('.explanation'), ...shown('.outcome')];
  return {
    height,
    scrolls,
    arrows: shown('.diagram .arrow').length,
    lines: shown('[role=log] li.line').map((l) => l.textContent.slice(0, 40)),
    explanations: shown('.explanation').length,
    cut: parts.filter(outside).map((e) => e.textContent.slice(0, 40)),
  };
}

test('embedded: as tall as its content, the same height at every step, nothing scrolls inside, the current step\'s lines shown', async () => {
  for (const query of [...JOURNEYS, '?port=25&net=home&block=drop', '?port=587&compare=465&attack=strip']) {
    for (const width of [900, 640, 375]) {
      await withApp(`${query}&embed=1`, async (page) => {
        const at = (n) => `${query} at ${width}px, step ${n}`;
        const total = Number(await page.locator('#main').getAttribute('data-total'));
        let first;
        for (let n = 0; n <= total; n++) {
          if (n > 0) {
            await page.getByRole('button', { name: 'Next step', exact: true }).click();
            await until(() => step(page), (s) => s === n, `step ${n}`);
          }
          await frames(page);
          const l = await page.evaluate(embedLayout);
          first ??= l;
          assert.deepEqual(l.scrolls, [], `${at(n)}: nothing scrolls inside`);
          assert.equal(l.height, first.height, `${at(n)}: the height stays ${first.height}px`);
          assert.ok(l.height <= 2400, `${at(n)}: the page fits the window (${l.height}px)`);
          assert.deepEqual(l.cut, [], `${at(n)}: every part shown lies inside the page`);
          assert.equal(l.explanations, 1, `${at(n)}: one explanation shown`);
          if (n > 0 && !query.includes('compare')) {
            assert.ok(l.arrows > 0 && l.lines.length === l.arrows, `${at(n)}: the step's arrows (${l.arrows}) and its lines (${l.lines})`);
          }
        }
        // The outcome, once the last step is shown, within the same height.
        assert.ok(await page.locator('[data-outcome]').first().isVisible(), `${query} at ${width}px: the outcome`);
      }, { viewport: { width, height: 2400 } });
    }
  }
});

test('the console keeps its log space from the start: the field does not move and the newest line stays in view', async () => {
  const commands = ['EHLO client.example.test', 'NOOP', 'HELP', 'MAIL FROM:<alice@example.test>', 'STARTTLS', 'EHLO client.example.test', 'NOOP', 'RSET', 'NOOP', 'VRFY postmaster'];
  for (const [query, viewport] of [['?port=587&view=console', LAPTOP], ['?port=587&view=console', PHONE], ['?port=587&view=console&embed=1', { width: 640, height: 600 }]]) {
    await withApp(query, async (page) => {
      // Embedded, the console keeps the frame's height (embed.css) and scrolls its log inside.
      if (query.includes('embed')) assert.equal(await page.evaluate(() => Math.round(document.querySelector('main.embedded').getBoundingClientRect().height)), 600);
      const box = page.getByRole('textbox', { name: 'SMTP command' });
      const log = page.getByRole('log', { name: 'Console transcript' });
      const field = await box.boundingBox();
      for (const command of commands) {
        const before = await log.locator('li').count();
        await box.fill(command);
        await box.press('Enter');
        await until(() => log.locator('li').count(), (n) => n > before, `the console to answer ${command}`);
        await frames(page);
        const now = await box.boundingBox();
        assert.equal(Math.round(now.y), Math.round(field.y), `${query} ${viewport.width}px: the field stayed put after ${command}`);
        assert.ok(now.y + now.height <= viewport.height, `${query}: the field is on screen`);
        const l = await page.evaluate(layout);
        assert.equal(l.scrollY, 0, `${query}: the page did not scroll after ${command}`);
        for (const one of l.logs) assert.ok(one.seen, `${query} ${viewport.width}px: the newest console line ("${one.text}") is in view after ${command}`);
      }
    }, { viewport });
  }
});

test('presenter mode at 1280×720: the stage alone, diagram labels at least 18 px, Esc leaves it', async () => {
  for (const query of ['?port=587&step=8&present=1', '?port=465&compare=587&step=6&present=1']) {
    await withApp(query, async (page) => {
      await until(() => page.evaluate(() => document.documentElement.classList.contains('presenter')), (on) => on, 'presenter mode');
      const sizes = await page.locator('.diagram .arrow > span').evaluateAll((ts) => ts.map((t) => parseFloat(getComputedStyle(t).fontSize)));
      assert.ok(sizes.length > 5 && Math.min(...sizes) >= 18, `${query}: labels ${Math.min(...sizes).toFixed(1)}px`);
      // Read from the back row: the step title 28 px, the explanation 22 px, all other text 18 px.
      const px = (sel) => page.locator(sel).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      assert.ok(await px('section.explanation h2') >= 28, `${query}: step title`);
      // (Comparing, each port's words are in its own notes: section.explanation .notes p.)
      assert.ok(await px('section.explanation p:not(.rule):not(.difference)') >= 22, `${query}: explanation`);
      const small = await page.locator('section.stage').evaluate((stage) => {
        const found = [];
        for (const el of stage.querySelectorAll('*')) {
          const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
          if (!text || !el.checkVisibility() || el.closest('.sr-only, svg')) continue;
          const size = parseFloat(getComputedStyle(el).fontSize);
          if (size < 18) found.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px: ${el.textContent.trim().slice(0, 30)}`);
        }
        return found;
      });
      assert.deepEqual(small, [], `${query}: text under 18 px`);
      assert.equal(await page.locator('header.site').isVisible(), false, 'no header');
      assert.equal(await page.locator('.ports-section').isVisible(), false, 'no port table');
      const stage = await page.locator('section.stage').boundingBox();
      assert.ok(stage.y >= 0 && stage.y + stage.height <= 721, `the stage fits: ${JSON.stringify(stage)}`);
      await pressAndLook(page, `presenter ${query}`);
      await page.keyboard.press('Escape');
      await until(() => page.evaluate(() => document.documentElement.classList.contains('presenter')), (on) => !on, 'Esc leaves presenter mode');
    }, { viewport: LAPTOP });
  }
});

test('a presenter link opened on a phone shows the normal page, in normal type', async () => {
  await withApp('?port=587&step=3&present=1', async (page) => {
    assert.equal(await page.locator('header.site').isVisible(), true, 'the header is there');
    const body = await page.locator('body').evaluate((b) => parseFloat(getComputedStyle(b).fontSize));
    assert.ok(body < 20, `body type ${body}px`);
  }, { viewport: PHONE });
});

test('the folded SYN step shows every retry at its real time, and the timeout, on a time axis', async () => {
  await withApp('?port=25&net=home', async (page) => {
    await page.evaluate(() => document.activeElement?.blur());
    await until(async () => {
      if (await page.locator('.time-axis').count()) return true;
      await page.keyboard.press('ArrowRight');
      return false;
    }, (ok) => ok, 'the folded SYN step');
    assert.equal(await page.locator('section.explanation h2').textContent(), 'No answer: SYN again, and again');
    const times = await page.getByRole('log', { name: 'SMTP transcript' }).locator('li.current .time').allTextContents();
    assert.equal(times.length, 10, 'ten retries in one step');
    const marks = await page.locator('.time-axis li').allTextContents();
    assert.deepEqual(marks.slice(0, 10), times.map((t) => `${Math.round(parseFloat(t))} s`), 'each retry at its time');
    assert.equal(marks.at(-1), '134.9 s', 'then the timeout');
    // Drawn in time order, left to right.
    const xs = await page.locator('.time-axis li').evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().x + l.getBoundingClientRect().width / 2));
    assert.deepEqual([...xs].sort((a, b) => a - b), xs);
  }, { viewport: LAPTOP });
});

test('comparing: each port\'s STARTTLS is the current step once, and the difference is said in one line', async () => {
  for (const [query, port] of [['?port=465&compare=587', 587], ['?port=587&compare=465', 587]]) {
    await withApp(query, async (page) => {
      await page.evaluate(() => document.activeElement?.blur());
      const column = page.getByRole('log', { name: port === 587 && query.startsWith('?port=465') ? 'Port 587 transcript' : 'SMTP transcript' });
      let found = null;
      for (let i = 0; i < 30 && !found; i++) {
        await page.keyboard.press('ArrowRight');
        await frames(page);
        const title = await page.locator('section.explanation h2').textContent();
        const current = await column.locator('li.current').allTextContents();
        if (title === 'Ask for encryption: STARTTLS' && current.some((t) => t.includes('STARTTLS'))) found = await page.locator('.difference').textContent();
      }
      assert.ok(found, `${query}: 587's STARTTLS became the current step`);
      assert.match(found, /465: already inside TLS · 587: Ask for encryption: STARTTLS|587: Ask for encryption: STARTTLS · 465: already inside TLS/);
    }, { viewport: LAPTOP });
  }
});
