// The embed kit: embed.js on a blog of another origin. The app is served from
// 127.0.0.1 under /tools/smtp/ (DIST_DIR, default ../dist), the blog from 127.0.0.2 with a strict
// CSP that allows only the simulator's origin for scripts, frames and images: no inline script,
// no inline style. Test hooks are installed with addInitScript, which the page's CSP does not see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage, until } from './browser.mjs';
import { serve } from './static-server.mjs';
import { LOAD_TIMEOUT_MS } from './recorded.mjs';

const TEST_TIMEOUT_MS = 120_000;
const DIST = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : fileURLToPath(new URL('../dist/', import.meta.url));
const SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';

// The blog's sheet, with the one line the builder asks a blogger to add (share.rs `css`).
const HOST_CSS = `
smtp-port-simulator, a.smtp-port-simulator { display: block } smtp-port-simulator img, a.smtp-port-simulator img { display: block; width: 100%; height: auto }
html { background: #ffffff; color: #111111; color-scheme: light; }
html[data-theme=dark] { background: #101214; color: #eeeeee; color-scheme: dark; }
body { max-width: 680px; margin: 0 auto; font: 18px/1.6 Georgia, serif; }
.tall { height: 1400px; }
html[data-theme=cream] { background: #f5ecd7; color: #3b2f1e; }
html[data-theme=navy] { background: #14213d; color: #f0f0f0; }
`;

/** Records what the host page sees: CSP violations, step events, height messages. */
function instrument() {
  window.__csp = [];
  window.__steps = [];
  window.__heights = [];
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
  }).observe({ type: 'layout-shift', buffered: true });
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI }));
  document.addEventListener('smtp-port-simulator:step', (e) => {
    const all = [...document.querySelectorAll('smtp-port-simulator')];
    window.__steps.push({ index: all.indexOf(e.target), id: e.target.id, ...e.detail });
  });
  addEventListener('message', (e) => {
    if (e.data && e.data.type === 'smtp-port-simulator:height') {
      const frames = [...document.querySelectorAll('iframe')];
      window.__heights.push({ frame: frames.findIndex((f) => f.contentWindow === e.source), height: e.data.height, at: performance.now() });
    }
  });
}

/**
 * Serve the app and a blog page whose <body> is `body` (with embed.js), open it in Chromium,
 * run `fn(page, ctx)`, then check: no request beyond the two origins, no CSP violation, no
 * console error, no HTTP error.
 */
async function blog(body, fn, { javaScriptEnabled = true, colorScheme = 'light', theme = 'light', viewport, path = '/' } = {}) {
  const pages = {};
  const [app, host] = await Promise.all([
    serve({ root: DIST, prefix: '/tools/smtp/', host: '127.0.0.1' }),
    serve({ pages, host: '127.0.0.2' }),
  ]);
  const csp = `default-src 'self'; script-src ${app.origin}; frame-src ${app.origin}; img-src ${app.origin}; style-src 'self'; object-src 'none'; base-uri 'self'`;
  pages['/host.css'] = { body: HOST_CSS, type: 'text/css; charset=utf-8', headers: { 'Content-Security-Policy': csp } };
  pages['/'] = {
    body: `<!doctype html><html lang="en" data-theme="${theme}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>A blog post about SMTP ports</title>
<link rel="stylesheet" href="/host.css"></head><body><h1>Which port should my app use?</h1>
${body(app.url)}
<script src="${app.url}embed.js" async></script></body></html>`,
    headers: { 'Content-Security-Policy': csp },
  };
  const opened = await openPage({ viewport, contextOptions: { javaScriptEnabled, colorScheme } });
  const { page, pageErrors } = opened;
  const requests = [];
  const failures = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => r.status() >= 400 && failures.push(`${r.status()} ${r.url()}`));
  page.on('requestfailed', (r) => failures.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
  try {
    page.setDefaultTimeout(LOAD_TIMEOUT_MS);
    await page.addInitScript(instrument);
    await page.goto(new URL(path, host.url).href);
    await fn(page, { app, host, requests, pages, csp });
    const allowed = new Set([app.origin, host.origin]);
    assert.deepEqual(requests.filter((u) => !/^(data|blob|about):/.test(u) && !allowed.has(new URL(u).origin)), [], 'nothing beyond the two origins');
    if (javaScriptEnabled) assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation on the host page');
    assert.deepEqual(pageErrors, [], 'no page error or console error');
    assert.deepEqual(failures, [], 'no failed request');
  } finally {
    await opened.close();
    await app.close();
    await host.close();
  }
}

const counter = async (frame) => {
  const text = (await frame.getByText(/^Step \d+ of \d+$/).textContent()).trim();
  const [, step, total] = /^Step (\d+) of (\d+)$/.exec(text).map(Number);
  return { step, total };
};
const untilStep = (frame, step) => until(() => counter(frame), (c) => c.step === step, `step ${step}`, 5_000);
const widget = (page, i) => page.locator('smtp-port-simulator').nth(i);
const frameOf = (page, i) => widget(page, i).frameLocator('iframe');
const steps = (page) => page.evaluate(() => window.__steps.slice());
/** The widget's document inside the i-th element, as a Playwright Frame (to measure it). */
async function inner(page, i) {
  const handle = await widget(page, i).locator('iframe').elementHandle();
  return until(() => handle.contentFrame(), (f) => f !== null, 'the frame');
}
/** Content height inside the frame, and the frame's own height, after layout settles. */
async function fit(page, i) {
  const frame = await inner(page, i);
  const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  const outer = await widget(page, i).locator('iframe').evaluate((f) => f.getBoundingClientRect().height);
  return { content, outer };
}
const fits = (page, i, what) => until(() => fit(page, i), (f) => Math.abs(f.content - f.outer) <= 1, what, 5_000);

test('the custom element and an upgraded link render, fit without overshoot, emit step events and obey next()/previous()/goto()', { timeout: TEST_TIMEOUT_MS }, async () => {
  const [{ link }] = await snippetsFor(['?port=465&compare=587']);
  await blog(
    (url) => `<p>First, the element:</p>
<smtp-port-simulator id="first" port="587" step="2"></smtp-port-simulator>
<p>Then the builder's link, which embed.js upgrades:</p>
${link.replace('<a ', '<a id="second" ').replaceAll('APP/', url)}`,
    async (page, { app }) => {
      await until(() => page.locator('smtp-port-simulator iframe').count(), (n) => n === 2, 'two iframes');
      assert.equal(await page.locator('a.smtp-port-simulator').count(), 0, 'the link was upgraded');
      assert.equal(await widget(page, 1).getAttribute('id'), 'second', 'the link\'s id moves to the element');
      const frames = page.locator('smtp-port-simulator iframe');
      for (const [i, port, title] of [[0, '587', 'SMTP Port Simulator: port 587'], [1, '465', 'SMTP Port Simulator: 465 or 587?']]) {
        const f = frames.nth(i);
        assert.equal(await f.getAttribute('sandbox'), SANDBOX);
        assert.equal(await f.getAttribute('allow'), 'fullscreen');
        assert.equal(await f.getAttribute('loading'), 'lazy');
        assert.equal(await f.getAttribute('title'), title);
        const style = await f.evaluate((el) => { const s = getComputedStyle(el); return [s.borderTopWidth, s.display, el.style.width]; });
        assert.deepEqual(style, ['0px', 'block', '100%']);
        const src = new URL(await f.getAttribute('src'));
        assert.equal(src.origin + src.pathname, app.url);
        assert.equal(src.searchParams.get('embed'), '1');
        assert.equal(src.searchParams.get('port'), port);
        // The caption: attribution and the way to the full simulator, without embed=1.
        const credit = widget(page, i).getByRole('link', { name: 'SMTP Port Simulator', exact: true });
        const href = new URL(await credit.getAttribute('href'));
        assert.equal(href.searchParams.get('port'), port);
        assert.equal(href.searchParams.get('embed'), null);
        assert.equal(await credit.getAttribute('target'), '_blank');
      }
      const first = frameOf(page, 0);
      const second = frameOf(page, 1);
      await untilStep(first, 2);
      await untilStep(second, 0);
      assert.equal((await frames.nth(1).evaluate((f) => f.offsetWidth)) <= 680, true, 'inside the 680 px column');

      // Fits: the frame is exactly as tall as its content (no scrollbar inside, no gap below).
      await fits(page, 0, 'the first frame to fit');
      await fits(page, 1, 'the second frame to fit');
      await until(() => widget(page, 1).locator('img').count(), (n) => n === 0, 'the poster to give way to the widget');

      // One height message per change, and never taller than the content it ends at.
      for (let i = 0; i < 3; i++) {
        const before = (await page.evaluate(() => window.__heights.length));
        const { step } = await counter(first);
        await first.getByRole('button', { name: 'Next step', exact: true }).click();
        await untilStep(first, step + 1);
        await page.waitForTimeout(400);
        const { content, outer } = await fit(page, 0);
        const posted = (await page.evaluate(() => window.__heights.slice())).slice(before).filter((m) => m.frame === 0);
        assert.ok(posted.length <= 1, `at most one height message per step (${JSON.stringify(posted)})`);
        assert.ok(posted.every((m) => m.height === content), `no overshoot: ${JSON.stringify(posted)} for ${content}px`);
        assert.ok(Math.abs(content - outer) <= 1, `the frame fits after step ${step + 1}: ${outer} for ${content}`);
      }

      // Step events: after each change, from the right element.
      let seen = await until(() => steps(page), (s) => s.some((e) => e.id === 'first' && e.step === 5), 'a step event for step 5');
      const last = seen.filter((e) => e.id === 'first').at(-1);
      assert.deepEqual([last.port, last.step, last.outcome], [587, 5, null]);
      assert.ok(seen.some((e) => e.id === 'second' && e.port === 465 && e.step === 0), JSON.stringify(seen));

      // The page drives the widget.
      await page.evaluate(() => document.getElementById('first').goto(9));
      await untilStep(first, 9);
      await page.evaluate(() => document.getElementById('first').next());
      await untilStep(first, 10);
      await page.evaluate(() => document.getElementById('first').previous());
      await untilStep(first, 9);
      const { total } = await counter(first);
      await page.evaluate((t) => document.getElementById('first').goto(t), total);
      await untilStep(first, total);
      seen = await until(() => steps(page), (s) => s.some((e) => e.id === 'first' && e.step === total), 'the last step event');
      assert.equal(seen.filter((e) => e.id === 'first').at(-1).outcome, 'sent-private');
      assert.equal((await counter(second)).step, 0, 'the other widget did not move');
      await fits(page, 0, 'the frame to fit at the end');
    },
  );
});

/** Every box inside the frame that scrolls: overflow auto or scroll, with more than it shows. */
const innerScrolls = (frame) =>
  frame.evaluate(() => [...document.querySelectorAll('*')].filter((e) => {
    const s = getComputedStyle(e);
    return /auto|scroll/.test(s.overflowX + s.overflowY) && (e.scrollHeight > e.clientHeight || e.scrollWidth > e.clientWidth);
  }).map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${e.scrollHeight}×${e.scrollWidth} in ${e.clientHeight}×${e.clientWidth}`));
/** A walkthrough, a blocked port, a comparison with an attacker. */
const FIGURES = ['port="587" net="home"', 'port="25" net="home" block="drop"', 'port="587" compare="465" attack="strip"'];
const FIGURE_QUERIES = ['?port=587&net=home', '?port=25&net=home&block=drop', '?port=587&compare=465&attack=strip'];

/**
 * The builder's snippets ("Embed this") for each state, as a blogger copies them: `element`
 * and `link`, each with its poster, written for the app at `APP` (replace it with the app's URL).
 */
async function snippetsFor(queries) {
  const app = await serve({ root: DIST, prefix: '/tools/smtp/', host: '127.0.0.1' });
  const opened = await openPage();
  try {
    const out = [];
    for (const query of queries) {
      await opened.page.goto(`${app.url}${query}`);
      await opened.page.getByText('Embed this', { exact: true }).click();
      const read = async (name) => (await opened.page.getByRole('textbox', { name }).inputValue()).replaceAll(app.url, 'APP/');
      out.push({
        element: await read('The element (one line per figure)'),
        link: await read('Or a link, which stays a link with a picture in feeds and e-mail'),
        iframe: await read('Embed code for this exact state'),
      });
    }
    return out;
  } finally {
    await opened.close();
    await app.close();
  }
}
const posterIn = (snippet) => /<img src="APP\/(posters\/(?:[0-9a-f]{16}|console-\d+|diagnose)\.svg)(#\w+)?"/.exec(snippet);

test('each figure is as tall as its content at every step, and nothing scrolls inside it, at 1280 and 375 px', { timeout: 3 * TEST_TIMEOUT_MS }, async () => {
  for (const width of [1280, 375]) {
    await blog(
      () => FIGURES.map((attrs, i) => `<smtp-port-simulator id="f${i}" ${attrs}></smtp-port-simulator>`).join('\n<p>Some words between.</p>\n'),
      async (page) => {
        for (let i = 0; i < FIGURES.length; i++) {
          await widget(page, i).scrollIntoViewIfNeeded();
          await frameOf(page, i).getByText(/^Step \d+ of \d+$/).waitFor();
          const { outer } = await fits(page, i, `figure ${i} to fit`);
          const frame = await inner(page, i);
          const { total } = await counter(frameOf(page, i));
          for (let n = 0; n <= total; n++) {
            await page.evaluate(([i, n]) => document.getElementById(`f${i}`).goto(n), [i, n]);
            await untilStep(frameOf(page, i), n);
            const at = `${FIGURES[i]} at ${width}px, step ${n}`;
            assert.deepEqual(await innerScrolls(frame), [], `${at}: nothing scrolls inside`);
            const now = await fit(page, i);
            assert.equal(now.outer, outer, `${at}: the frame keeps its height`);
            assert.ok(Math.abs(now.content - now.outer) <= 1, `${at}: the frame is its content's height (${now.content} in ${now.outer})`);
          }
        }
        const posted = await page.evaluate(() => window.__heights.slice());
        for (let i = 0; i < FIGURES.length; i++) {
          assert.equal(new Set(posted.filter((m) => m.frame === i).map((m) => m.height)).size, 1, `figure ${i}: one height, posted once: ${JSON.stringify(posted)}`);
        }
      },
      { viewport: { width, height: 900 } },
    );
  }
});

test('arriving at an anchor below three figures moves nothing (CLS < 0.01): hand-written elements, the builder\'s elements and links', { timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const snippets = await snippetsFor(FIGURE_QUERIES);
  const forms = {
    element: () => FIGURES.map((attrs) => `<smtp-port-simulator ${attrs}></smtp-port-simulator>`),
    builder: (url) => snippets.map((s) => s.element.replaceAll('APP/', url)),
    link: (url) => snippets.map((s) => s.link.replaceAll('APP/', url)),
  };
  assert.ok(snippets.every((s) => posterIn(s.link)), `each link holds its poster: ${snippets.map((s) => s.link)}`);
  for (const [form, figures] of Object.entries(forms)) {
    for (const width of [1280, 375]) {
      await blog(
        (url) => `${figures(url).join('\n<p>Some words between.</p>\n')}
<h2 id="after">After the figures</h2>${'<p>The article goes on, and on, and on.</p>'.repeat(40)}`,
        async (page) => {
          await until(() => page.locator('smtp-port-simulator iframe').count(), (n) => n === 3, 'three frames');
          // Whatever loads above the anchor (the lazy frames near it, their apps, their heights).
          await page.waitForTimeout(3000);
          const heading = await page.getByRole('heading', { name: 'After the figures' }).boundingBox();
          assert.ok(Math.abs(heading.y) < 2, `${form} at ${width}px: the anchor is still at the top (${heading.y})`);
          const shifts = await page.evaluate(() => window.__shifts.slice());
          const cls = shifts.reduce((a, b) => a + b, 0);
          assert.ok(cls < 0.01, `${form} at ${width}px: CLS ${cls.toFixed(4)} (${shifts.map((v) => v.toFixed(4))})`);
        },
        { viewport: { width, height: 800 }, path: '/#after' },
      );
    }
  }
});

test('the plain iframe from "Embed this", pasted into a strict-CSP post: no violation, sized by its attributes, it runs', { timeout: TEST_TIMEOUT_MS }, async () => {
  await blog(
    () => '<p>Nothing here yet.</p>',
    async (page, { app, host, pages, csp }) => {
      await page.goto(`${app.url}?port=25&net=home&step=3`);
      await page.getByText('Embed this', { exact: true }).click();
      const snippet = await page.getByRole('textbox', { name: 'Embed code for this exact state' }).inputValue();
      // The page's lazy views may still be arriving: leaving now would cut their requests.
      await page.waitForLoadState('networkidle');
      pages['/plain'] = {
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post</title><link rel="stylesheet" href="/host.css"></head><body><h1>A post</h1>${snippet}<p>The end.</p></body></html>`,
        headers: { 'Content-Security-Policy': csp },
      };
      await page.goto(`${host.url}plain`);
      const frame = page.frameLocator('iframe');
      await frame.getByText(/^Step \d+ of \d+$/).waitFor();
      assert.equal((await counter(frame)).step, 0, 'it starts at step 0');
      const box = await page.locator('iframe').evaluate((f) => { const s = getComputedStyle(f); return [f.getBoundingClientRect().width, f.getBoundingClientRect().height, s.borderTopWidth]; });
      assert.deepEqual(box, [680, Number(await page.locator('iframe').getAttribute('height')), '0px'], 'the article\'s width, its height attribute, no border');
      await frame.getByRole('button', { name: 'Next step', exact: true }).click();
      await untilStep(frame, 1);
    },
  );
});

test('the plain iframe without JavaScript: the state\'s poster and a way out, not the full page', { timeout: TEST_TIMEOUT_MS }, async () => {
  const [{ iframe }] = await snippetsFor(['?port=25&net=home&step=3']);
  await blog(
    (url) => `<p>Before.</p>${iframe.replaceAll('APP/', url)}<p>After.</p>`,
    async (page, { app }) => {
      const frame = page.frameLocator('iframe');
      const poster = frame.getByRole('img', { name: 'SMTP Port Simulator: port 25 (opens the simulator)' });
      await poster.waitFor();
      assert.match(await poster.getAttribute('src'), /^[0-9a-f]{16}\.svg$/);
      assert.equal(await frame.locator('header, main, #app').count(), 0, 'not the full page');
      const out = frame.getByRole('link');
      // To a state that draws this poster (a firewall dropping 25 draws what the home ISP's does).
      const href = new URL(await out.getAttribute('href'), `${app.url}posters/`);
      assert.deepEqual([href.pathname, href.searchParams.get('port')], [new URL(app.url).pathname, '25']);
      const [img, box] = await Promise.all([
        poster.boundingBox(),
        page.locator('iframe').boundingBox(),
      ]);
      assert.ok(Math.abs(img.width - box.width) <= 1, `the poster is as wide as the frame (${img.width} in ${box.width})`);
    },
    { javaScriptEnabled: false },
  );
});

test('native on a cream or a navy blog: transparent, no backdrop, the blog\'s accent and font', { timeout: TEST_TIMEOUT_MS }, async () => {
  for (const [theme, scheme] of [['cream', 'light'], ['navy', 'dark']]) {
    await blog(
      () => `<smtp-port-simulator port="587" accent="#8a2be2" font="inherit"></smtp-port-simulator>`,
      async (page) => {
        const frame = await inner(page, 0);
        await frameOf(page, 0).getByText(/^Step \d+ of \d+$/).waitFor();
        await until(() => frame.evaluate(() => document.documentElement.getAttribute('data-theme')), (t) => t === scheme, `a ${scheme} widget on the ${theme} blog`);
        // (frame.js applies the look once the app runs.)
        const look = await until(() => frame.evaluate(() => ({
          html: getComputedStyle(document.documentElement).backgroundColor,
          body: getComputedStyle(document.body).backgroundColor,
          accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
          link: getComputedStyle(document.querySelector('.embed-bar a')).color,
          font: getComputedStyle(document.body).fontFamily,
        })), (l) => l.accent !== '' && !l.accent.startsWith('light-dark'), 'the accent to apply');
        assert.deepEqual([look.html, look.body], ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)'], `${theme}: the blog shows through`);
        assert.equal(look.accent, '#8a2be2');
        assert.equal(look.link, 'rgb(138, 43, 226)', `${theme}: links in the accent`);
        assert.match(look.font, /Georgia/, `${theme}: the blog's font`);
        // The frame has the scheme the widget matched, so the browser paints no backdrop behind it.
        assert.equal(await widget(page, 0).locator('iframe').evaluate((f) => getComputedStyle(f).colorScheme), scheme);
      },
      { theme },
    );
  }
});

test('theme="auto" follows the host page, not the OS, and follows it when it changes', { timeout: TEST_TIMEOUT_MS }, async () => {
  await blog(
    () => `<smtp-port-simulator port="587"></smtp-port-simulator><smtp-port-simulator port="465" theme="dark"></smtp-port-simulator>`,
    async (page) => {
      const theme = async (i) => (await inner(page, i)).evaluate(() => document.documentElement.getAttribute('data-theme'));
      await frameOf(page, 0).getByText(/^Step \d+ of \d+$/).waitFor();
      await frameOf(page, 1).getByText(/^Step \d+ of \d+$/).waitFor();
      // The OS is dark, the blog light: the widget is light.
      await until(() => theme(0), (t) => t === 'light', 'a light widget on the light blog');
      await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
      await until(() => theme(0), (t) => t === 'dark', 'the widget to turn dark with the blog');
      // Dark: light text on the article's dark background, which shows through.
      const [fg, bg] = await (await inner(page, 0)).evaluate(() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]);
      assert.match(fg, /^rgb\((2\d\d), (2\d\d), (2\d\d)\)$/, `light text: ${fg}`);
      assert.equal(bg, 'rgba(0, 0, 0, 0)', 'a transparent body');
      await page.evaluate(() => { document.documentElement.dataset.theme = 'light'; });
      await until(() => theme(0), (t) => t === 'light', 'and light again');
      assert.equal(await theme(1), 'dark', 'theme="dark" stays dark');
    },
    { colorScheme: 'dark' },
  );
});

test('three on one page stay independent', { timeout: TEST_TIMEOUT_MS }, async () => {
  await blog(
    () => ['25" net="home', '465', '587'].map((p, i) => `<smtp-port-simulator id="w${i}" port="${p}"></smtp-port-simulator>`).join('\n<p>Some words between.</p>\n'),
    async (page) => {
      for (let i = 0; i < 3; i++) await frameOf(page, i).getByText(/^Step \d+ of \d+$/).waitFor();
      // Each frame takes its content's height once its app runs, moving the ones below it: a
      // click aimed before that would land where the button was.
      for (let i = 0; i < 3; i++) await fits(page, i, `frame ${i} to take its height`);
      assert.equal(await widget(page, 0).locator('iframe').getAttribute('title'), 'SMTP Port Simulator: port 25 from a home network');
      await page.evaluate(() => document.getElementById('w1').goto(3));
      await untilStep(frameOf(page, 1), 3);
      await frameOf(page, 2).getByRole('button', { name: 'Next step', exact: true }).click();
      await untilStep(frameOf(page, 2), 1);
      assert.deepEqual([(await counter(frameOf(page, 0))).step, (await counter(frameOf(page, 1))).step, (await counter(frameOf(page, 2))).step], [0, 3, 1]);
      const seen = await steps(page);
      assert.ok(seen.some((e) => e.id === 'w1' && e.port === 465 && e.step === 3));
      assert.ok(seen.some((e) => e.id === 'w2' && e.port === 587 && e.step === 1));
      assert.ok(!seen.some((e) => e.id === 'w0' && e.step > 0), 'nothing moved the first');
      for (let i = 0; i < 3; i++) await fits(page, i, `frame ${i} to fit`);
    },
  );
});

test('keys belong to the page: Space, Home and End scroll the blog, → and J step', { timeout: TEST_TIMEOUT_MS }, async () => {
  await blog(
    () => `<div class="tall"></div><smtp-port-simulator port="587" step="2"></smtp-port-simulator><div class="tall"></div>`,
    async (page) => {
      const frame = frameOf(page, 0);
      await widget(page, 0).scrollIntoViewIfNeeded();
      await frame.getByText(/^Step \d+ of \d+$/).waitFor();
      // A click on the widget's text (not a control) puts the keyboard in the frame.
      await frame.getByText(/^Step \d+ of \d+$/).click();
      const scrollY = () => page.evaluate(() => Math.round(scrollY));
      let y = await scrollY();
      await page.keyboard.press('Space');
      y = await until(scrollY, (v) => v > y, 'Space to scroll the blog down');
      await page.keyboard.press('Home');
      await until(scrollY, (v) => v === 0, 'Home to scroll the blog to its top');
      await page.keyboard.press('End');
      await until(scrollY, (v) => v > 2000, 'End to scroll the blog to its end');
      await page.keyboard.press('f');
      await page.keyboard.press('?');
      assert.equal((await counter(frame)).step, 2, 'Space, Home, End, F and ? left the widget alone');
      assert.equal(await frame.getByRole('dialog').count(), 0, 'no help dialog');
      const inside = await inner(page, 0);
      assert.equal(await inside.evaluate(() => document.documentElement.classList.contains('presenter')), false);
      await page.keyboard.press('ArrowRight');
      await untilStep(frame, 3);
      await page.keyboard.press('j');
      await untilStep(frame, 4);
      await page.keyboard.press('k');
      await untilStep(frame, 3);
    },
  );
});

test('an RFC link opens a new tab and leaves the frame where it was', { timeout: TEST_TIMEOUT_MS }, async () => {
  await blog(
    () => `<smtp-port-simulator port="587" step="8"></smtp-port-simulator>`,
    async (page) => {
      const frame = frameOf(page, 0);
      await untilStep(frame, 8);
      const inside = await inner(page, 0);
      await inside.evaluate(() => { window.__same = true; });
      // The RFC's site is never reached: the new tab gets a stub.
      await page.context().route((u) => !/^http:\/\/127\.0\.0\.[12]:/.test(u.href), (r) => r.fulfill({ body: 'RFC stub', contentType: 'text/plain' }));
      const link = frame.getByRole('link', { name: /RFC/ }).first();
      assert.equal(await link.getAttribute('target'), '_blank');
      const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
      await tab.waitForLoadState();
      assert.match(tab.url(), /rfc/i);
      assert.equal(await inside.evaluate(() => window.__same), true, 'the frame did not navigate');
      assert.equal(new URL(inside.url()).searchParams.get('step'), '8');
      assert.equal((await counter(frame)).step, 8);
      await tab.close();
    },
  );
});

test('caption="none": no caption under the frame, the way out stays inside it', { timeout: TEST_TIMEOUT_MS }, async () => {
  await blog(
    () => `<smtp-port-simulator port="587" caption="none"></smtp-port-simulator><smtp-port-simulator port="465"></smtp-port-simulator>`,
    async (page) => {
      await until(() => page.locator('smtp-port-simulator iframe').count(), (n) => n === 2, 'two frames');
      assert.equal(await page.locator('.smtp-port-simulator-caption').count(), 1, 'only the second has a caption');
      assert.equal(await widget(page, 0).locator('.smtp-port-simulator-caption').count(), 0);
      await frameOf(page, 0).getByRole('link', { name: 'Open full simulator', exact: true }).waitFor();
    },
  );
});

test('lock=port and show=: the iframe carries them', { timeout: TEST_TIMEOUT_MS }, async () => {
  await blog(
    () => `<smtp-port-simulator port="465" lock="port" show="diagram,transcript"></smtp-port-simulator>`,
    async (page) => {
      const src = new URL(await widget(page, 0).locator('iframe').getAttribute('src'));
      assert.equal(src.searchParams.get('lock'), 'port');
      assert.equal(src.searchParams.get('show'), 'diagram,transcript');
    },
  );
});

// The layout reads Settings::port_locked() and Settings::shows(Part), and leaves out the Presenter
// mode button in an embed.
test('lock=port hides the port choice; show= shows only the parts named', { timeout: TEST_TIMEOUT_MS }, async () => {
  await blog(
    () => `<smtp-port-simulator port="465" lock="port" show="diagram,transcript"></smtp-port-simulator>
<smtp-port-simulator port="587" lock="port"></smtp-port-simulator>`,
    async (page) => {
      const only = frameOf(page, 0);
      await only.getByRole('log', { name: 'SMTP transcript' }).waitFor();
      assert.equal(await only.getByRole('button', { name: /^Port \d+$/ }).count(), 0, 'no port buttons');
      assert.equal(await only.getByRole('button', { name: 'Next step', exact: true }).count(), 0, 'no controls');
      assert.equal(await only.locator('section.explanation').count(), 0, 'no explanation');
      assert.equal(await only.locator('.diagram .arrows').count() > 0, true, 'the diagram');
      await page.evaluate(() => document.querySelector('smtp-port-simulator').goto(4));
      await until(() => page.evaluate(() => window.__steps.filter((e) => e.index === 0).at(-1)?.step), (s) => s === 4, 'goto without controls');
      const locked = frameOf(page, 1);
      await locked.getByRole('button', { name: 'Next step', exact: true }).waitFor();
      assert.equal(await locked.getByRole('button', { name: 'Presenter mode' }).count(), 0, 'presenter mode is not offered in a frame');
      const ports = locked.getByRole('button', { name: /^Port \d+$/ });
      assert.ok((await ports.count()) === 0 || (await ports.evaluateAll((bs) => bs.every((b) => b.disabled || b.getAttribute('aria-disabled') === 'true'))), 'the port cannot be changed');
    },
  );
});

test('on a dark blog the poster waiting for the widget is dark too, not a white flash', { timeout: TEST_TIMEOUT_MS }, async () => {
  await blog(
    // Below the fold, so the lazy frame does not load and the poster stays.
    () => `${'<div class="tall"></div>'.repeat(6)}<smtp-port-simulator port="587"></smtp-port-simulator><smtp-port-simulator port="465" theme="light"></smtp-port-simulator>`,
    async (page) => {
      const posters = page.locator('smtp-port-simulator img');
      await until(() => posters.count(), (n) => n === 2, 'both posters');
      const looks = await posters.evaluateAll((imgs) => imgs.map((i) => [i.src.split('#')[1], getComputedStyle(i).backgroundColor]));
      assert.deepEqual(looks[0], ['dark', 'rgb(20, 23, 27)'], 'the dark blog\'s poster in its dark colours, on the app\'s dark background');
      assert.deepEqual(looks[1], ['light', 'rgb(255, 255, 255)'], 'theme="light" keeps the light poster');
    },
    { theme: 'dark' },
  );
});

test('without JavaScript on the blog (a feed reader): the builder\'s link and its poster, in the reader\'s colours', { timeout: TEST_TIMEOUT_MS }, async () => {
  const [{ link: snippet }] = await snippetsFor(['?port=25&net=home']);
  for (const colorScheme of ['light', 'dark']) {
    await blog(
      (url) => snippet.replaceAll('APP/', url),
      async (page, { app }) => {
        const link = page.getByRole('link', { name: 'SMTP Port Simulator: port 25 from a home network' });
        await link.waitFor();
        assert.equal(await page.locator('iframe').count(), 0);
        const href = new URL(await link.getAttribute('href'));
        assert.equal(href.origin + href.pathname, app.url);
        const img = link.locator('img');
        await until(() => img.evaluate((i) => i.complete && i.naturalWidth), (w) => w > 0, 'the poster to load');
        const box = await img.boundingBox();
        assert.deepEqual([box.width, box.height], [680, 1260], 'the poster takes the box its attributes reserve');
        // The poster's own colours follow the reader's system (no fragment in the link).
        const poster = await page.context().newPage();
        await poster.goto(new URL(await img.getAttribute('src'), app.url).href);
        const bg = await poster.evaluate(() => getComputedStyle(document.querySelector('rect.b')).fill);
        assert.equal(bg, colorScheme === 'dark' ? 'rgb(20, 23, 27)' : 'rgb(255, 255, 255)', `${colorScheme} reader`);
        await poster.close();
      },
      { javaScriptEnabled: false, colorScheme },
    );
  }
});

test('posters: every state the builder offers has one, served with the app; #light and #dark pin its colours', { timeout: TEST_TIMEOUT_MS }, async () => {
  const states = ['?port=587', '?port=465&compare=587', '?port=25&block=prohibit', '?port=25&mx=null', '?port=587&compare=465&attack=strip', '?port=25&attack=cert&policy=mta-sts&verify=0', '?port=2525&client=plain&net=office', '?port=465&view=console', '?view=diagnose'];
  const titles = { console: 'type SMTP to port 465', diagnose: 'what went wrong\\?' };
  const snippets = await snippetsFor(states);
  const app = await serve({ root: DIST, prefix: '/tools/smtp/' });
  const opened = await openPage({ contextOptions: { colorScheme: 'dark' } });
  try {
    const names = new Set();
    for (const [i, { element, link }] of snippets.entries()) {
      const [, path] = posterIn(element) ?? [];
      assert.ok(path, `${states[i]}: the element holds a poster: ${element}`);
      assert.equal(posterIn(link)?.[1], path, `${states[i]}: the link holds the same poster`);
      names.add(path);
      const res = await fetch(`${app.url}${path}`);
      assert.equal(res.status, 200, `${states[i]}: ${path}`);
      const svg = await res.text();
      const view = /view=(\w+)/.exec(states[i])?.[1];
      const height = { console: 600, diagnose: 720 }[view] ?? (states[i].includes('compare') ? 1740 : 1260);
      assert.match(svg, new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" width="680" height="${height}"`), states[i]);
      const port = /port=(\d+)/.exec(states[i])?.[1];
      assert.match(svg, new RegExp(`<title>SMTP Port Simulator: (${titles[view] ?? `port ${port}|${port} or \\d+\\?`})</title>`), states[i]);
      if (states[i].includes('attack')) assert.match(svg, />Attacker<\/text>/, `${states[i]}: the attacker's lane`);
    }
    assert.equal(names.size, states.length, 'each state its own poster');
    // A dark reader: no fragment follows the system, #light and #dark pin the colours.
    const [, first] = posterIn(snippets[0].element);
    for (const [fragment, bg] of [['', 'rgb(20, 23, 27)'], ['#light', 'rgb(255, 255, 255)'], ['#dark', 'rgb(20, 23, 27)']]) {
      await opened.page.goto(`${app.url}${first}${fragment}`);
      assert.equal(await opened.page.evaluate(() => getComputedStyle(document.querySelector('rect.b')).fill), bg, `${first}${fragment}`);
    }
    const js = await (await fetch(`${app.url}embed.js`)).text();
    assert.ok(js.length < 8_000, `embed.js is minified (${js.length} bytes)`);
    assert.ok(!js.includes('\n//'), 'no comments left');
  } finally {
    await opened.close();
    await app.close();
  }
});
