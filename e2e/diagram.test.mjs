// The sequence diagram on small and large screens: every lane fits the box at any width from
// 320 px (no sideways scrolling, labels not cut and still readable), labels readable where they
// cross a lifeline, in light and dark, and its scroll position kept when the eavesdropper view
// is switched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp } from './browser.mjs';

/** Open `query` at `width` px in `scheme`, run `body(page)`, check no foreign request or error. */
async function at(width, scheme, query, body) {
  const options = { viewport: { width, height: 800 }, before: (p) => p.emulateMedia({ colorScheme: scheme }) };
  await withApp(query, async (page) => {
    await page.getByRole('region', { name: 'Sequence diagram' }).waitFor();
    await body(page);
  }, options);
}

/** Jump to the last step (the End key), so the diagram holds every arrow of the journey. */
async function toTheEnd(page) {
  await page.locator('body').press('End');
  await page.waitForFunction(() => /step=\d+/.test(location.search) || document.querySelectorAll('.diagram .arrow').length > 20);
  await page.waitForFunction(() => document.querySelectorAll('.diagram .arrow').length > 20);
}

test('the diagram fits every lane at every width, with labels that stay readable, and never widens the page', async () => {
  // 320: the narrowest screen supported; 375: a phone; 900 and 1000: two columns; 700 and 1280: wide.
  for (const width of [320, 375, 700, 900, 1000, 1280]) {
    await at(width, 'light', '?port=587&step=12', async (page) => {
      const region = page.getByRole('region', { name: 'Sequence diagram' });
      const overflows = await region.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      assert.equal(overflows, false, `${width} px: the drawing fits its box (no sideways scrolling)`);
      // Every label inside the drawing, and at least 9 px tall on screen.
      const labels = await region.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return [...el.querySelectorAll('.arrow > span')].map((t) => {
          const r = t.getBoundingClientRect();
          return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize), inside: r.left >= box.left - 1 && r.right <= box.right + 1 };
        });
      });
      assert.ok(labels.length > 10, 'labels drawn');
      assert.deepEqual(labels.filter((l) => !l.inside).map((l) => l.text), [], `${width} px: no label cut at the edges`);
      assert.ok(Math.min(...labels.map((l) => l.px)) >= (width >= 375 ? 10 : 8.5), `${width} px: labels at least 10 px (8.5 at 320 px) (${Math.min(...labels.map((l) => l.px)).toFixed(1)})`);
      // Keyboard: with nothing to scroll sideways, → is the "next step" shortcut here as everywhere else.
      assert.equal(await region.getAttribute('tabindex'), '0');
      await region.focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => /step=13\b/.test(location.search));
      const page_ = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
      assert.ok(page_.sw <= page_.cw, `${width} px: no horizontal page scroll (${page_.sw} > ${page_.cw})`);
    });
  }
});

test('arrow labels that cross a lifeline are drawn on the diagram background, which cuts it', async () => {
  for (const scheme of ['light', 'dark']) {
    for (const width of [375, 1280]) {
      await at(width, scheme, '?port=587', async (page) => {
        await toTheEnd(page);
        const report = await page.evaluate(() => {
          const diagram = document.querySelector('.diagram');
          const bg = getComputedStyle(diagram).backgroundColor;
          const pageBg = getComputedStyle(document.body).backgroundColor;
          // The lifelines stand at the centres of as many equal columns as there are lane names.
          const drawing = diagram.querySelector('.arrows').getBoundingClientRect();
          const n = diagram.querySelectorAll('.lanes span').length;
          const lanes = [...Array(n).keys()].map((i) => drawing.left + ((i + 0.5) * drawing.width) / n);
          const crossing = [];
          for (const text of diagram.querySelectorAll('.arrow > span')) {
            const box = text.getBoundingClientRect();
            const crossed = lanes.filter((x) => x > box.left + 1 && x < box.right - 1);
            if (!crossed.length) continue;
            crossing.push({ text: text.textContent, background: getComputedStyle(text).backgroundColor });
          }
          return { bg, pageBg, lanes: lanes.length, crossing };
        });
        assert.equal(report.lanes, 4);
        assert.equal(report.bg, report.pageBg, 'the diagram has the page background, so the halo blends in');
        assert.ok(report.crossing.length > 5, `labels cross lifelines on short arrows (${report.crossing.length})`);
        for (const c of report.crossing) {
          assert.equal(c.background, report.bg, `${scheme}/${width}: "${c.text}" on the background colour, which cuts the lifelines`);
        }
      });
    }
  }
});

test('switching the eavesdropper view keeps the diagram where it was scrolled', async () => {
  for (const width of [375, 1280]) {
    await at(width, 'light', '?port=587&step=12', async (page) => {
      const region = page.getByRole('region', { name: 'Sequence diagram' });
      await region.evaluate((el) => {
        el.scrollTop = 40;
        window.__diagram = el;
      });
      const before = await region.evaluate((el) => [el.scrollTop, el.scrollLeft]);
      assert.ok(before[0] > 0, 'scrolled down');
      const toggle = page.getByRole('switch', { name: 'Eavesdropper view' });
      for (const checked of ['true', 'false']) {
        await toggle.click();
        assert.equal(await toggle.getAttribute('aria-checked'), checked);
        await page.waitForTimeout(100); // a frame for any follow-scroll
        assert.deepEqual(await region.evaluate((el) => [el.scrollTop, el.scrollLeft]), before, `${width} px, eavesdropper ${checked}`);
        assert.ok(await region.evaluate((el) => el === window.__diagram), 'the same diagram, not a new one');
      }
    });
  }
});

test('printing leaves the diagram out (the transcript says the same as text)', async () => {
  await at(375, 'light', '?port=587&step=12', async (page) => {
    assert.ok(await page.getByRole('region', { name: 'Sequence diagram' }).isVisible(), 'on screen the diagram shows');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('region', { name: 'Sequence diagram' }).isVisible(), false, 'no diagram on paper');
  });
});
