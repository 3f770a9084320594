// Accessibility of the built app: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on each kind of
// screen, in light and dark, on a desktop and a phone width; no sideways scrolling on a phone;
// a sensible Tab order with a visible focus ring; no transitions when reduced motion is asked for.
//
// A failure prints every violation with its rule id, impact, the nodes (CSS selectors) and axe's
// summary of what to change.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { openApp, foreignRequests, until, BASE_URL } from './browser.mjs';
import { counter, nextButton, showBelow } from './page.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 375, height: 740 } },
];
// System light, system dark, and dark forced by the link while the system says light.
const MODES = [
  { name: 'light', colorScheme: 'light', theme: null },
  { name: 'dark', colorScheme: 'dark', theme: null },
  { name: 'theme=dark', colorScheme: 'light', theme: 'dark' },
];

// -- helpers -----------------------------------------------------------------------------------

async function stepTo(page, target) {
  for (let c = await counter(page); c.step < Math.min(target, c.total); c = await counter(page)) {
    await nextButton(page).click();
    await until(() => counter(page), (n) => n.step === c.step + 1, `step ${c.step + 1}`);
  }
}

async function consoleSend(page, command) {
  const log = page.getByRole('log', { name: 'Console transcript' });
  const before = await log.locator('li').count();
  const box = page.getByRole('textbox', { name: 'SMTP command' });
  await box.fill(command);
  await box.press('Enter');
  await until(() => log.locator('li').count(), (n) => n > before, `the console to print ${command}`);
}

/** The screens to check: a link, then what a learner would do there. */
const SCENARIOS = [
  { name: 'walkthrough at step 0', query: '?port=587', setup: async () => {} },
  { name: 'walkthrough mid-journey', query: '?port=587', setup: (page) => stepTo(page, 9) },
  {
    name: 'console after a few commands',
    query: '?port=587&view=console',
    setup: async (page) => {
      for (const c of ['EHLO client.example.test', 'MAIL FROM:<alice@example.test>', 'STARTTLS', 'EHLO client.example.test', 'AUTH LOGIN', 'FOO']) {
        await consoleSend(page, c);
      }
    },
  },
  { name: 'blocked port (block=drop), stepped', query: '?port=25&block=drop', setup: (page) => stepTo(page, 6) },
  {
    name: 'eavesdropper view on, attacker lane, password leak shown',
    // An opportunistic program under a stripping attacker sends its login in the clear.
    query: '?port=587&client=opportunistic&attack=strip',
    setup: async (page) => {
      await stepTo(page, 99);
      await page.getByRole('switch', { name: 'Eavesdropper view' }).click();
      await page.locator('li.leak').waitFor();
    },
  },
  { name: 'compare 587 with 465', query: '?port=587&compare=465', setup: (page) => stepTo(page, 9) },
];

function withTheme(query, theme) {
  if (!theme) return query;
  return `${query}${query.includes('?') ? '&' : '?'}theme=${theme}`;
}

/** Let CSS transitions (e.g. the current line's highlight) finish before measuring colours. */
async function settle(page) {
  await page.evaluate(() =>
    Promise.race([
      Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))),
      new Promise((r) => setTimeout(r, 2_000)), // an endless animation must not hang the test
    ]),
  );
}

async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(
    (tags) => axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
}

/** In the page: diagram labels whose contrast with the background behind them is below 4.5:1. */
function svgTextContrast() {
  const rgba = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r, g, b]) => {
    const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c[3] ?? 1) > 0) return c;
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const text of document.querySelectorAll('svg text')) {
    const s = getComputedStyle(text);
    const fill = rgba(s.fill);
    if (fill.length < 3 || (fill[3] ?? 1) < 1 || Number(s.opacity) < 1) {
      out.push(`${text.textContent}: fill ${s.fill}, opacity ${s.opacity} (not opaque)`);
      continue;
    }
    const bg = background(text.closest('svg').parentElement);
    const [a, b] = [luminance(fill), luminance(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) out.push(`${text.textContent}: ${s.fill} on rgb(${bg.slice(0, 3).join(', ')}) = ${ratio.toFixed(2)}:1`);
  }
  return out;
}

/** One violation per paragraph: rule, impact, what to change, and the nodes (first few). */
function describe(violations, maxNodes = 6) {
  return violations
    .map((v) => {
      const fixes = [...new Set(v.nodes.map((n) => (n.failureSummary ?? '').replace(/\s*\n\s*/g, ' ')))];
      const nodes = v.nodes
        .slice(0, maxNodes)
        .map((n) => `    - ${n.target.join(' ')}   ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`)
        .join('\n');
      const more = v.nodes.length > maxNodes ? `\n    … and ${v.nodes.length - maxNodes} more nodes` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})\n` +
        fixes.map((f) => `    fix: ${f}`).join('\n') + `\n${nodes}${more}`;
    })
    .join('\n');
}

/** Every violation seen in this file, by rule, for the summary printed at the end. */
const seen = new Map();
function record(violations, where) {
  for (const v of violations) {
    const entry = seen.get(v.id) ?? { impact: v.impact, help: v.help, where: new Set(), targets: new Set(), fixes: new Set() };
    entry.where.add(where);
    for (const n of v.nodes) {
      entry.targets.add(n.target.join(' '));
      entry.fixes.add((n.failureSummary ?? '').replace(/\s*\n\s*/g, ' '));
    }
    seen.set(v.id, entry);
  }
}
after(() => {
  if (seen.size === 0) return;
  const lines = ['', `axe summary: ${seen.size} rule(s) violated`];
  for (const [id, e] of seen) {
    lines.push(`- [${e.impact}] ${id}: ${e.help}`);
    const byScreen = new Map();
    for (const w of e.where) {
      const [screen, at] = w.split(' @ ');
      byScreen.set(screen, [...(byScreen.get(screen) ?? []), at]);
    }
    const everywhere = WIDTHS.length * MODES.length;
    for (const [screen, ats] of byScreen) {
      lines.push(`  on: ${screen} (${ats.length === everywhere ? 'every width and theme' : ats.join(', ')})`);
    }
    lines.push(`  nodes (${e.targets.size}): ${[...e.targets].slice(0, 12).join(' | ')}${e.targets.size > 12 ? ' | …' : ''}`);
    for (const f of [...e.fixes].slice(0, 4)) lines.push(`  fix: ${f}`);
  }
  console.log(lines.join('\n'));
});

// -- axe on every screen, theme and width ------------------------------------------------------

for (const width of WIDTHS) {
  for (const mode of MODES) {
    test(`axe: ${width.name} (${width.viewport.width} px), ${mode.name}`, async (t) => {
      const { page, requests, pageErrors, close } = await openApp(withTheme('?port=587', mode.theme), {
        viewport: width.viewport,
        before: (p) => p.emulateMedia({ colorScheme: mode.colorScheme }),
      });
      try {
        for (const scenario of SCENARIOS) {
          await t.test(scenario.name, async () => {
            await page.goto(new URL(withTheme(scenario.query, mode.theme), BASE_URL).href);
            await page.getByRole('heading', { name: 'SMTP Port Simulator', level: 1 }).waitFor({ timeout: 10_000 });
            if (mode.theme) {
              assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), mode.theme, 'the link sets the theme');
            }
            await scenario.setup(page);
            // The port table and the setup load at the first scroll: axe checks them too.
            if (await page.getByRole('heading', { name: 'Choose a port', level: 2 }).count()) await showBelow(page);
            await settle(page);
            const { violations } = await runAxe(page);
            // axe cannot judge SVG text (it reports it as "needs review"): measure the diagram's
            // labels against the diagram's background ourselves (WCAG 1.4.3, 4.5:1 for small text).
            const lowContrast = await page.evaluate(svgTextContrast);
            assert.deepEqual(lowContrast, [], `diagram labels below 4.5:1 (${width.name}, ${mode.name})`);
            record(violations, `${scenario.name} @ ${width.name}/${mode.name}`);
            if (width.viewport.width <= 375) {
              const { scrollWidth, offender } = await page.evaluate(() => {
                const vw = document.documentElement.clientWidth;
                const clipped = (el) => {
                  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    if (getComputedStyle(p).overflowX !== 'visible') return true;
                  }
                  return false;
                };
                const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
                const wide = [...document.body.querySelectorAll('*')]
                  .filter((el) => el.getBoundingClientRect().right > vw + 1 && !clipped(el))
                  .slice(0, 5)
                  .map((el) => `${name(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
                return { scrollWidth: document.documentElement.scrollWidth, offender: wide.join(', ') };
              });
              assert.ok(scrollWidth <= width.viewport.width + 1, `no horizontal scrolling at ${width.viewport.width} px: scrollWidth ${scrollWidth}${offender ? `; first element past the edge: ${offender}` : ''}`);
            }
            assert.equal(violations.length, 0, `axe violations on "${scenario.name}" (${width.name}, ${mode.name}):\n${describe(violations)}`);
          });
        }
        assert.deepEqual(foreignRequests(requests), [], 'axe and the app made no foreign request');
        assert.deepEqual(pageErrors, [], 'no page errors or console errors');
      } finally {
        await close();
      }
    });
  }
}

// -- keyboard ----------------------------------------------------------------------------------

for (const colorScheme of ['light', 'dark']) {
  test(`Tab order (${colorScheme}): the stage (port chooser, walkthrough controls) first, then the port table and the setup; focus is always visible`, async () => {
    const { page, requests, pageErrors, close } = await openApp('?port=587', {
      before: (p) => p.emulateMedia({ colorScheme }),
    });
    try {
      // The port table and the setup are there (their module loads at the first scroll or key).
      await showBelow(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.evaluate(() => document.activeElement?.blur());
      const stops = [];
      for (let i = 0; i < 90; i++) {
        await page.keyboard.press('Tab');
        const stop = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          const rgba = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
          const luminance = ([r, g, b]) => {
            const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
            return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
          };
          // The outline is drawn outside the element (outline-offset): compare with what is behind it.
          let behind = [255, 255, 255];
          for (let e = el.parentElement; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c.length >= 3 && (c[3] ?? 1) > 0) { behind = c; break; }
          }
          const [a, b] = [luminance(rgba(s.outlineColor)), luminance(behind)].sort((x, y) => y - x);
          const label = el.labels?.[0]?.textContent.trim();
          return {
            tag: el.tagName.toLowerCase(),
            role: el.getAttribute('role') ?? el.type ?? '',
            name: (el.getAttribute('aria-label') ?? label ?? el.textContent).trim().replace(/\s+/g, ' ').slice(0, 60),
            outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
            contrast: Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100,
          };
        });
        if (!stop) break;
        stops.push(stop);
        if (stop.name.startsWith('Compare with')) break;
      }
      const list = stops.map((s, i) => `${i}: <${s.tag}> ${s.role} "${s.name}" outline: ${s.outline} (${s.contrast}:1)`).join('\n');
      const at = (pred, what) => {
        const i = stops.findIndex(pred);
        assert.ok(i >= 0, `Tab reaches ${what}:\n${list}`);
        return i;
      };
      const ports = stops.map((s, i) => [s, i]).filter(([s]) => /^Port \d+$/.test(s.name) && s.tag === 'button');
      const domPorts = await page.getByRole('button', { name: /^Port \d+$/ }).allTextContents();
      assert.deepEqual(ports.map(([s]) => s.name), domPorts.map((t) => t.trim()), `every port button, in table order:\n${list}`);
      const firstPort = ports[0][1];
      const lastPort = ports.at(-1)[1];
      // The stage's chooser: the numbers alone, in table order, before the controls.
      const chooser = stops.map((s, i) => [s, i]).filter(([s]) => /^\d+$/.test(s.name) && s.tag === 'button');
      assert.deepEqual(chooser.map(([s]) => `Port ${s.name}`), domPorts.map((t) => t.trim()), `the stage's port chooser, in table order:\n${list}`);
      const network = at((s) => s.tag === 'input' && s.role === 'radio', 'the network radios');
      const firewall = at((s) => s.name.startsWith('Firewall rule'), 'Firewall rule');
      const client = at((s) => s.name.startsWith("Your program's TLS setting"), "Your program's TLS setting");
      const compare = at((s) => s.name.startsWith('Compare with'), 'Compare with');
      const restart = at((s) => s.name === 'Restart', 'Restart');
      const previous = at((s) => s.name === 'Previous step', 'Previous step');
      const play = at((s) => s.name === 'Play', 'Play');
      const next = at((s) => s.name === 'Next step', 'Next step');
      assert.ok(chooser.at(-1)[1] < restart, `the chooser before the controls:\n${list}`);
      assert.ok(restart < previous && previous < play && play < next, `walkthrough controls in order:\n${list}`);
      assert.ok(next < firstPort, `the stage before the port table:\n${list}`);
      assert.ok(lastPort < network, `ports before the setup:\n${list}`);
      assert.ok(network < firewall && firewall < client && client < compare, `setup in reading order:\n${list}`);
      assert.deepEqual(stops.filter((s) => !s.visible), [], `every focused element shows a focus outline:\n${list}`);
      // WCAG 1.4.11: the focus indicator needs 3:1 against what surrounds it.
      assert.deepEqual(stops.filter((s) => s.contrast < 3), [], `focus outlines with less than 3:1 contrast:\n${list}`);
      assert.deepEqual(foreignRequests(requests), []);
      assert.deepEqual(pageErrors, []);
    } finally {
      await close();
    }
  });
}

// -- reduced motion ----------------------------------------------------------------------------

test('prefers-reduced-motion: no transitions on transcript lines', async () => {
  for (const query of ['?port=587', '?port=587&view=console']) {
    const { page, pageErrors, close } = await openApp(query, {
      before: (p) => p.emulateMedia({ reducedMotion: 'reduce' }),
    });
    try {
      assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
      if (query.includes('console')) await consoleSend(page, 'EHLO client.example.test');
      else await stepTo(page, 4);
      const durations = await page.locator('.line').evaluateAll((ls) =>
        ls.map((l) => ({ cls: l.className, transition: getComputedStyle(l).transitionDuration, animation: getComputedStyle(l).animationName })),
      );
      assert.ok(durations.length > 0, 'there are lines to check');
      const moving = durations.filter((d) => d.transition.split(',').some((v) => v.trim() !== '0s') || d.animation !== 'none');
      assert.deepEqual(moving, [], `lines with a transition or animation under reduced motion (${query})`);
      assert.deepEqual(pageErrors, []);
    } finally {
      await close();
    }
  }
});
