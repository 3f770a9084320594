// The sequence diagram on small and large screens: a visible hint when it scrolls sideways (and
// only then, without widening the page), labels readable where they cross a lifeline, in light
// and dark, ← and → scrolling it while it overflows, and its scroll position kept when the
// eavesdropper view is switched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp } from './browser.mjs';

const HINT = 'Scroll sideways to see all four lanes.';

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
  await page.waitForFunction(() => /step=\d+/.test(location.search) || document.querySelectorAll('.diagram g.arrow').length > 20);
  await page.waitForFunction(() => document.querySelectorAll('.diagram g.arrow').length > 20);
}

test('the diagram says it scrolls sideways exactly when it does, and never widens the page', async () => {
  // 375: a phone; 900 and 1000: two columns, the diagram's column narrower than its drawing;
  // 700 and 1280: wide enough.
  for (const width of [375, 700, 900, 1000, 1280]) {
    await at(width, 'light', '?port=587&step=12', async (page) => {
      const region = page.getByRole('region', { name: 'Sequence diagram' });
      const overflows = await region.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      const hint = page.getByText(HINT);
      assert.equal(await hint.isVisible(), overflows, `${width} px: hint shown ${!overflows ? 'though the diagram fits' : 'while the diagram scrolls sideways'}`);
      if (width === 375) assert.ok(overflows, 'at 375 px the drawing is wider than the screen');
      if (width === 1280) assert.ok(!overflows, 'at 1280 px the drawing fits');
      if (overflows) {
        // Right above the diagram, and the diagram can be scrolled sideways by keyboard too.
        const [h, r] = [await hint.boundingBox(), await region.boundingBox()];
        assert.ok(h.y + h.height <= r.y + 1 && r.y - (h.y + h.height) < 16, `the hint sits just above the diagram: ${JSON.stringify({ h, r })}`);
      }
      // Keyboard: while it scrolls sideways, → scrolls it (the lanes on the right are reachable);
      // when it fits, → is the "next step" shortcut as everywhere else outside text fields.
      assert.equal(await region.getAttribute('tabindex'), '0');
      await region.focus();
      await page.keyboard.press('ArrowRight');
      if (overflows) {
        await page.waitForFunction(() => document.querySelector('.diagram').scrollLeft > 0);
        await page.waitForTimeout(300); // the URL is written after a pause
        assert.match(page.url(), /step=12\b/, `${width} px: → scrolled, it did not step`);
      } else {
        await page.waitForFunction(() => /step=13\b/.test(location.search));
      }
      const page_ = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
      assert.ok(page_.sw <= page_.cw, `${width} px: no horizontal page scroll (${page_.sw} > ${page_.cw})`);
    });
  }
});

test('arrow labels that cross a lifeline are drawn over a halo in the diagram background', async () => {
  for (const scheme of ['light', 'dark']) {
    for (const width of [375, 1280]) {
      await at(width, scheme, '?port=587', async (page) => {
        await toTheEnd(page);
        const report = await page.evaluate(() => {
          const diagram = document.querySelector('.diagram');
          const bg = getComputedStyle(diagram).backgroundColor;
          const pageBg = getComputedStyle(document.body).backgroundColor;
          const lanes = [...diagram.querySelectorAll('line.lane')].map((l) => Number(l.getAttribute('x1')));
          const crossing = [];
          for (const text of diagram.querySelectorAll('g.arrow text')) {
            const box = text.getBBox();
            const crossed = lanes.filter((x) => x > box.x + 1 && x < box.x + box.width - 1);
            if (!crossed.length) continue;
            const s = getComputedStyle(text);
            crossing.push({ text: text.textContent, paintOrder: s.paintOrder, stroke: s.stroke, strokeWidth: parseFloat(s.strokeWidth), lineJoin: s.strokeLinejoin });
          }
          return { bg, pageBg, lanes: lanes.length, crossing };
        });
        assert.equal(report.lanes, 4);
        assert.equal(report.bg, report.pageBg, 'the diagram has the page background, so the halo blends in');
        assert.ok(report.crossing.length > 5, `labels cross lifelines on short arrows (${report.crossing.length})`);
        for (const c of report.crossing) {
          assert.match(c.paintOrder, /^stroke/, `${scheme}/${width}: "${c.text}" painted over its halo`);
          assert.equal(c.stroke, report.bg, `${scheme}/${width}: "${c.text}" halo in the background colour`);
          assert.ok(c.strokeWidth >= 3, `${scheme}/${width}: "${c.text}" halo wide enough to cut a 2px lifeline (${c.strokeWidth})`);
          assert.equal(c.lineJoin, 'round', `${scheme}/${width}: "${c.text}" halo without spikes`);
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
        el.scrollLeft = 30;
        window.__diagram = el;
      });
      const before = await region.evaluate((el) => [el.scrollTop, el.scrollLeft]);
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

test('printing leaves the diagram and its hint out (the transcript says the same as text)', async () => {
  await at(375, 'light', '?port=587&step=12', async (page) => {
    assert.ok(await page.getByText(HINT).isVisible(), 'on screen the hint shows at 375 px');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByText(HINT).isVisible(), false, 'no hint on paper');
    assert.equal(await page.getByRole('region', { name: 'Sequence diagram' }).isVisible(), false, 'no diagram on paper');
  });
});
