// The live view (?view=live&lab=…): the sessions of `smtp-sim lab`, as they happen.
// A stand-in lab (lab-stream.mjs) speaks the live stream's contract on a loopback port; the page
// is served under the README's Content-Security-Policy, whose connect-src allows loopback labs
// only. Checked: sessions listed newest first, transcript lanes, padlocks and codes, outcome and
// report card, the live region, keyboard; a `lab` off this computer refused with no request; no
// lab running → the message with the command; 375 px and dark; and the real `smtp-sim lab`
// (when built) with a session sent by Python smtplib.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { openPage, until } from './browser.mjs';
import { serve } from './static-server.mjs';
import { startLab, freePort, privateSession, strippedSession, certOpen, certClose } from './lab-stream.mjs';

const DIST = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : fileURLToPath(new URL('../dist/', import.meta.url));
// The README's recommended policy ("Serving it"), word for word.
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http://127.0.0.1:* http://localhost:*",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');
const TIMEOUT = 60_000;

const app = await serve({ root: DIST, prefix: '/smtp-port-simulator/', headers: { 'Content-Security-Policy': CSP } });
after(() => app.close());

/** Opens the live view on `query`; returns openPage()'s result plus the CSP violations seen. */
async function openLive(query, { viewport, colorScheme } = {}) {
  const opened = await openPage(viewport ? { viewport } : {});
  const { page } = opened;
  page.setDefaultTimeout(8_000);
  if (colorScheme) await page.emulateMedia({ colorScheme });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI }));
  });
  await page.goto(new URL(query, app.url).href);
  await page.getByRole('heading', { name: 'Live from the lab', level: 2 }).waitFor();
  opened.violations = () => page.evaluate(() => window.__csp);
  return opened;
}

const sessionButtons = (page) => page.getByRole('list', { name: 'Sessions, newest first' }).getByRole('button');
const status = (page) => page.getByRole('status');

test('sessions newest first, lanes, padlocks, codes, outcome and report card, live', { timeout: TIMEOUT }, async () => {
  const lab = await startLab({ replay: [...privateSession(1), ...strippedSession(2)] });
  const { page, requests, pageErrors, close, violations } = await openLive(`?view=live&lab=${lab.origin}`);
  try {
    await until(() => sessionButtons(page).allTextContents(), (t) => t.length === 2, 'two sessions');
    const labels = await sessionButtons(page).allTextContents();
    assert.match(labels[0], /^Session 2.*port 587.*attack: strip.*Password stolen$/);
    assert.match(labels[1], /^Session 1.*port 587.*no attack.*Sent, and private on this hop$/);
    assert.match(await status(page).textContent(), new RegExp(`Listening to the lab at ${lab.origin}\\.`));

    // The newest is shown: the attacker's lane, its rewrite, the outcome and the failed checks.
    assert.equal(await sessionButtons(page).first().getAttribute('aria-pressed'), 'true');
    await page.getByRole('heading', { name: 'Session 2: port 587, submission, attack: strip' }).waitFor();
    const log2 = page.getByRole('log', { name: 'Session 2 transcript' });
    const rewrite = log2.locator('li.tag-attacker', { hasText: '250-XXXXXXXA' });
    assert.equal(await rewrite.locator('.who').textContent(), 'ATK');
    assert.equal(await rewrite.locator('.enc').textContent(), 'plain');
    const toAttacker = log2.locator('li.tag-server', { hasText: '250-STARTTLS' });
    assert.match(await toAttacker.locator('.note').textContent(), /to the attacker/);
    const auth = log2.locator('li', { hasText: 'AUTH PLAIN' });
    assert.match(await auth.locator('.note').textContent(), /decodes to: alice@example\.test/);
    const outcome = page.locator('.live-session p.outcome');
    assert.equal(await outcome.getAttribute('data-outcome'), 'password-exposed');
    assert.match(await outcome.textContent(), /^Outcome: Password stolen/);
    assert.match(await page.locator('.live-session .summary').textContent(), /TLS: none · Login: in the clear/);
    const card = page.getByRole('region', { name: 'Report card for the program' });
    const requires = card.locator('li[data-check=requires-tls]');
    assert.match(await requires.textContent(), /✗ Fail.*Requires TLS/);
    assert.match(await requires.locator('.source').textContent(), /^Source: RFC 3207 §6$/);
    assert.equal(await requires.locator('.fix code').first().textContent(), 'smtplib.SMTP(host, 587)');

    // Choose session 1: client and server lanes, plain then TLS with a closed padlock, codes.
    await sessionButtons(page).nth(1).click();
    assert.equal(await sessionButtons(page).nth(1).getAttribute('aria-pressed'), 'true');
    const log1 = page.getByRole('log', { name: 'Session 1 transcript' });
    const ehlos = log1.locator('li.tag-client', { hasText: 'EHLO client.example.test' });
    assert.equal(await ehlos.count(), 2);
    assert.equal(await ehlos.nth(0).locator('.who').textContent(), 'C:');
    assert.equal(await ehlos.nth(0).locator('.enc').textContent(), 'plain');
    assert.equal(await ehlos.nth(1).locator('.enc').textContent(), 'TLS');
    assert.equal(await ehlos.nth(1).locator('.enc svg.lock').count(), 1, 'a padlock on the TLS line');
    const ready = log1.locator('li.tag-server', { hasText: '220 2.0.0 Ready to start TLS' });
    assert.equal(await ready.locator('.who').textContent(), 'S:');
    assert.equal(await ready.getAttribute('data-code'), '220');
    assert.equal(await ready.getAttribute('data-enhanced'), '2.0.0');
    const caps = log1.locator('li.tag-server', { hasText: /^S:250-/ });
    assert.ok((await caps.count()) >= 10);
    assert.equal(await caps.first().getAttribute('data-code'), null, 'only the last line of a reply has its code');
    const handshake = log1.locator('li.tag-tls');
    assert.equal(await handshake.locator('.who').textContent(), 'TLS');
    assert.equal(await handshake.locator('.text').textContent(), 'STARTTLS handshake done: TLSv1.3, TLS13_AES_256_GCM_SHA384');
    assert.match(await log1.textContent(), /… \(3 more lines\)/);
    assert.equal(await page.locator('.live-session p.outcome').getAttribute('data-outcome'), 'sent-private');

    // A new session arrives: listed first and announced; the chosen one stays on screen.
    lab.send(...certOpen(3));
    const region = page.locator('.live [aria-live=polite]');
    await until(() => region.textContent(), (t) => t === 'New session 3: port 465, attack: cert.', 'the announcement');
    assert.match(await sessionButtons(page).first().textContent(), /^Session 3.*port 465.*attack: cert.*in progress$/);
    assert.equal(await page.getByRole('log', { name: 'Session 1 transcript' }).count(), 1);

    // Keyboard: the switch, then Tab to the newest session and Enter; the focus is visible.
    const newest = page.getByRole('switch', { name: 'Show the newest' });
    assert.equal(await newest.getAttribute('aria-checked'), 'false');
    await newest.focus();
    await page.keyboard.press('Tab');
    assert.match(await page.evaluate(() => document.activeElement.textContent), /^Session 3/);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused session shows its focus');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Session 3: port 465, smtps, attack: cert' }).waitFor();
    assert.match(await page.locator('.live-session p.outcome').textContent(), /^In progress/);

    // It closes: the failed handshake, the outcome, the passed check; the region says so.
    lab.send(...certClose(3));
    await until(() => page.locator('.live-session p.outcome').getAttribute('data-outcome'), (o) => o === 'refused-safe', 'the outcome');
    assert.match(await region.textContent(), /^Session 3 closed\. Stopped safely/);
    const failed = page.getByRole('log', { name: 'Session 3 transcript' }).locator('li.tag-tls');
    assert.equal(await failed.getAttribute('data-tls'), 'failed');
    assert.equal(await failed.locator('.text').textContent(), 'Implicit TLS handshake failed');
    assert.match(await failed.locator('.note').textContent(), /forged certificate.*client sent alert: bad certificate/);
    assert.match(await page.locator('.live-session .summary').textContent(), /Certificate checked: yes/);
    assert.match(await card.locator('li[data-check=checks-certificate]').textContent(), /✓ Pass.*Checks the certificate/);
    assert.match(await sessionButtons(page).first().textContent(), /Stopped safely$/);

    // Back to following the newest.
    await newest.click();
    assert.equal(await newest.getAttribute('aria-checked'), 'true');

    assert.deepEqual(await violations(), [], 'no CSP violation');
    assert.deepEqual(pageErrors, []);
    const elsewhere = requests.filter((u) => ![app.origin, lab.origin].includes(new URL(u).origin));
    assert.deepEqual(elsewhere, [], 'only the page and the lab were asked');
    assert.ok(!requests.some((u) => u.endsWith('smtp-port-simulator_bg.wasm')), "the walkthrough's app is not downloaded");
    assert.deepEqual(lab.log.map((r) => [r.method, r.path, r.origin]), [['GET', '/events', app.origin]]);
  } finally {
    await close();
    await lab.close();
  }
});

test('a lab that is not on this computer is refused, and nothing is requested', { timeout: TIMEOUT }, async () => {
  const lab = await startLab({ replay: privateSession(1) });
  const port = new URL(lab.origin).port;
  for (const value of ['http://example.org:2580', `http://127.0.0.1@example.org:${port}`, `http://127.0.0.2:${port}`, `ftp://127.0.0.1:${port}`, `javascript:alert(1)//127.0.0.1:${port}`]) {
    const { page, requests, pageErrors, close } = await openLive(`?view=live&lab=${encodeURIComponent(value)}`);
    try {
      const text = await status(page).textContent();
      assert.match(text, /is not a lab on this computer, so nothing was requested/, value);
      assert.ok(text.includes(`"${value}"`), `the notice quotes ${value} as text`);
      assert.equal(await page.locator('.live-list .empty').textContent(), 'No session yet.');
      await page.waitForTimeout(300);
      assert.deepEqual(requests.filter((u) => new URL(u).origin !== app.origin), [], `no request for ${value}`);
      assert.deepEqual(pageErrors, []);
    } finally {
      await close();
    }
  }
  assert.deepEqual(lab.log, [], 'the lab was never asked');
  await lab.close();
});

test('no lab running: the message says how to start one', { timeout: TIMEOUT }, async () => {
  const port = await freePort();
  const lab = `http://127.0.0.1:${port}`;
  const { page, pageErrors, close } = await openLive(`?view=live&lab=${lab}/`);
  try {
    const message = await until(() => status(page).textContent(), (t) => t.startsWith('No lab'), 'the message', 8_000);
    assert.match(message, new RegExp(`^No lab is running at ${lab}: start one with smtp-sim lab\\.`));
    assert.equal(await status(page).locator('code').textContent(), 'smtp-sim lab');
    // Chromium reports the refused connection on the console; nothing else may go wrong.
    assert.deepEqual(pageErrors.filter((e) => !/ERR_CONNECTION_REFUSED/.test(e)), []);
  } finally {
    await close();
  }
});

test('375 px and dark: sessions and transcript fit the phone', { timeout: TIMEOUT }, async () => {
  const lab = await startLab({ replay: [...privateSession(1), ...strippedSession(2)] });
  const { page, pageErrors, close } = await openLive(`?view=live&lab=${lab.origin}`, { viewport: { width: 375, height: 667 }, colorScheme: 'dark' });
  try {
    await page.getByRole('log', { name: 'Session 2 transcript' }).waitFor();
    const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px too wide)`);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 150, `a dark page (${bg})`);
    const box = await sessionButtons(page).first().boundingBox();
    assert.ok(box.height >= 24 && box.width <= 375, `a session button fits and can be pressed (${JSON.stringify(box)})`);
    assert.deepEqual(pageErrors, []);
  } finally {
    await close();
    await lab.close();
  }
});

// -- the real lab -------------------------------------------------------------------------------

/** The terminal tool built by cargo: SMTP_SIM_BIN, else $CARGO_TARGET_DIR or target/, debug then release. */
function labBinary() {
  const roots = [process.env.CARGO_TARGET_DIR, fileURLToPath(new URL('../target/', import.meta.url))].filter(Boolean);
  const candidates = [process.env.SMTP_SIM_BIN, ...roots.flatMap((r) => [join(r, 'debug', 'smtp-sim'), join(r, 'release', 'smtp-sim')])];
  return candidates.find((p) => p && existsSync(p));
}

const BIN = labBinary();

test('the real smtp-sim lab: a session sent by Python smtplib appears live', { timeout: TIMEOUT, skip: !BIN && 'smtp-sim is not built (cargo build -p smtp-sim-cli)' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'smtp-sim-live-'));
  const ca = join(dir, 'lab-ca.pem');
  const lab = spawn(BIN, ['lab', '--submission', '0', '--smtps', '0', '--relay', '0', '--live-port', '0', '--ca-out', ca, '--base-url', app.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let banner = '';
  lab.stderr.on('data', (chunk) => (banner += chunk));
  const exited = new Promise((resolve) => lab.on('exit', resolve));
  try {
    // The lab prints its ports and the page's link.
    await until(() => banner, (b) => /live +\S+/.test(b), 'the lab banner', 10_000);
    const submission = Number(/submission +127\.0\.0\.1:(\d+)/.exec(banner)[1]);
    const link = /live +(\S+)/.exec(banner)[1];
    assert.ok(link.startsWith(`${app.url}?view=live&lab=http://127.0.0.1:`), link);

    const { page, pageErrors, close, violations } = await openLive(link.slice(app.url.length));
    try {
      await until(() => status(page).textContent(), (t) => t.startsWith('Listening to the lab'), 'connected', 8_000);
      // A program that does it right: STARTTLS with the lab's CA, login inside TLS, one message.
      const script = [
        'import smtplib, ssl, sys',
        'context = ssl.create_default_context(cafile=sys.argv[2])',
        "with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='client.example.test', timeout=20) as s:",
        '    s.starttls(context=context)',
        "    s.login('alice@example.test', 'correct horse')",
        "    s.sendmail('alice@example.test', ['bob@example.test'], 'Subject: live view test\\r\\n\\r\\nHello Bob.\\r\\n')",
      ].join('\n');
      const python = spawnSync('python3', ['-c', script, String(submission), ca], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(python.status, 0, python.stderr);

      await page.getByRole('heading', { name: new RegExp(`^Session 1: port ${submission} \\(as 587\\), submission, no attack$`) }).waitFor();
      const log = page.getByRole('log', { name: 'Session 1 transcript' });
      await until(() => page.locator('.live-session p.outcome').getAttribute('data-outcome'), (o) => o === 'sent-private', 'the outcome', 10_000);
      // The recording's replies (587_starttls_auth_plain_happy.txt), as the lab's model gave them.
      const ready = log.locator('li.tag-server', { hasText: '220 2.0.0 Ready to start TLS' });
      assert.equal(await ready.getAttribute('data-code'), '220');
      assert.equal(await ready.locator('.enc').textContent(), 'plain');
      assert.equal(await log.locator('li.tag-tls').getAttribute('data-tls'), 'ok');
      assert.match(await log.locator('li.tag-tls .text').textContent(), /^STARTTLS handshake done: TLSv1\.3/);
      const login = log.locator('li.tag-server', { hasText: '235 2.7.0 Authentication successful' });
      assert.equal(await login.locator('.enc').textContent(), 'TLS');
      assert.equal(await login.locator('svg.lock').count(), 1);
      assert.match(await page.locator('.live-session .summary').textContent(), /TLS: STARTTLS · Login: inside TLS/);
      assert.match(await sessionButtons(page).first().textContent(), /^Session 1.*Sent, and private on this hop$/);
      assert.deepEqual(await violations(), [], 'no CSP violation');
      assert.deepEqual(pageErrors, []);
    } finally {
      await close();
    }
  } finally {
    lab.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (lab.exitCode === null) lab.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

test('axe: no WCAG A/AA violation at 1280 and 375 px, light and dark', { timeout: TIMEOUT }, async () => {
  const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  const lab = await startLab({ replay: [...privateSession(1), ...strippedSession(2), ...certOpen(3), ...certClose(3)] });
  try {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 667 }]) {
      for (const colorScheme of ['light', 'dark']) {
        // axe is injected as an inline script, which the page's CSP rightly refuses: bypassed here.
        const { page, close } = await openPage({ viewport, contextOptions: { bypassCSP: true } });
        try {
          await page.emulateMedia({ colorScheme });
          await page.goto(new URL(`?view=live&lab=${lab.origin}`, app.url).href);
          await page.getByRole('log', { name: 'Session 3 transcript' }).waitFor();
          await sessionButtons(page).nth(1).click(); // the strip session: the attacker's lane, failed checks
          await page.addScriptTag({ path: AXE });
          const { violations } = await page.evaluate(() =>
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }),
          );
          const found = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          assert.deepEqual(found, [], `${viewport.width} px, ${colorScheme}`);
        } finally {
          await close();
        }
      }
    }
  } finally {
    await lab.close();
  }
});
