// Learner journeys through the built app, one test per kind of journey: submission with
// STARTTLS (587), implicit TLS (465), relay (25), a dropped and a refused port, deep links,
// and keyboard/screen-reader basics.
//
// Every expected SMTP string below is copied from the Postfix recordings in
// ../shared/conformance (file named next to it) or from its facts.md; none was taken from
// the app's own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, openPage, foreignRequests } from './browser.mjs';
import { ACTION_TIMEOUT_MS, BYE, DATA_GO, EHLO_PLAIN, EHLO_SUBMISSION_TLS, ETIMEDOUT_AFTER_S, GREETING, LOAD_TIMEOUT_MS, MAIL_OK, QUEUED, RCPT_OK, READY_TLS, SYN_RETRANSMITS_S } from './recorded.mjs';
import { counter, counterLocator, inOrder, matches, next, nextButton, pressedPorts, replyTo, show, showBelow, smtp, transcript } from './page.mjs';

/** The app is local: nothing should need long waits, except the first wasm load. */

// -- ground truth ------------------------------------------------------------------------------

// 587_starttls_auth_plain_happy.txt, 25_starttls_happy.txt, 465_implicit_tls_auth_plain_happy.txt
const AUTH_OK = '235 2.7.0 Authentication successful';

// EHLO replies, line by line. Before TLS on 25/587/2525 (587_starttls_auth_plain_happy.txt):
// Inside TLS on 587/2525, and from the first EHLO on 465 (465_implicit_tls_auth_plain_happy.txt):
// Inside TLS on 25: STARTTLS gone, no AUTH at all (25_starttls_happy.txt):
const EHLO_RELAY_TLS = [
  '250-mail.example.test', '250-PIPELINING', '250-SIZE 10240000', '250-VRFY', '250-ETRN',
  '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250-DSN', '250-SMTPUTF8', '250 CHUNKING',
];
// net_dropped_port_os_default_timeout.txt: SYN retransmissions (s after the first SYN, pcap)
// and connect() failing with ETIMEDOUT after 134.882906 s.

// -- helpers -----------------------------------------------------------------------------------

/**
 * Open a fresh browser on `query` (relative to BASE_URL), run `body`, then check that nothing
 * left the origin and nothing threw or logged an error, whatever the journey.
 */
async function journey(query, body) {
  const { page, requests, pageErrors, close } = await openPage();
  try {
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    await page.goto(new URL(query, BASE_URL).href);
    await page
      .getByRole('heading', { name: 'SMTP Port Simulator', level: 1 })
      .waitFor({ timeout: LOAD_TIMEOUT_MS });
    await showBelow(page);
    await body(page);
    assert.deepEqual(foreignRequests(requests), [], 'no request left the origin');
    assert.deepEqual(pageErrors, [], 'no page errors or console errors');
  } finally {
    await close();
  }
}

/** Poll `read()` until `ok(value)`; fail with the last value seen. */
async function until(read, ok, what, timeout = ACTION_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Press "Next step" until the counter reads "Step Y of Y". */
async function stepToEnd(page) {
  let c = await counter(page);
  assert.ok(c.total > 0, 'the journey has steps');
  for (let guard = 0; c.step < c.total; guard++) {
    assert.ok(guard < 200, 'reached the end in a sane number of presses');
    await next(page);
    c = await counter(page);
  }
  assert.equal(c.step, c.total);
  assert.equal(await nextButton(page).getAttribute('aria-disabled'), 'true', 'Next is marked disabled at the end');
  return c;
}

const tcpConnect = [
  ['TCP', /^SYN(?!,)/],
  ['TCP', /^SYN, ACK/],
  ['TCP', /^ACK/],
];

// -- journeys ----------------------------------------------------------------------------------

test('submission on 587: STARTTLS, then AUTH and delivery inside TLS', async () => {
  await journey('./', async (page) => {
    assert.deepEqual(await pressedPorts(page), ['Port 587'], 'port 587 is the default');
    await stepToEnd(page);
    const lines = await transcript(page);
    const [, , , , greeting, ehlo1, starttlsCap, starttls, ready, hello, ehlo2, auth, mail, rcpt, data, queued, bye] =
      inOrder(lines, [
        ['DNS', /./],
        ...tcpConnect,
        ['S:', GREETING],
        ['C:', /^EHLO /],
        ['S:', '250-STARTTLS'],
        ['C:', 'STARTTLS'],
        ['S:', READY_TLS],
        ['TLS', /ClientHello/],
        ['C:', /^EHLO /],
        ['S:', AUTH_OK],
        ['S:', MAIL_OK],
        ['S:', RCPT_OK],
        ['S:', DATA_GO],
        ['S:', QUEUED],
        ['S:', BYE],
      ]);
    assert.ok(greeting < ehlo1 && starttlsCap < starttls && ready < hello && hello < ehlo2);
    assert.deepEqual(replyTo(lines, ehlo1), EHLO_PLAIN, 'EHLO before TLS: STARTTLS offered, no AUTH');
    assert.deepEqual(replyTo(lines, ehlo2), EHLO_SUBMISSION_TLS, 'EHLO inside TLS: AUTH PLAIN LOGIN, no STARTTLS');
    assert.ok(ehlo2 < auth && auth < mail && mail < rcpt && rcpt < data && data < queued && queued < bye);

    // What crossed in plaintext and what inside TLS.
    for (const l of lines.slice(0, ready + 1)) assert.equal(l.enc, 'plain', `plaintext before TLS: ${l.who} ${l.text}`);
    const handshakeEnd = lines.findLastIndex((l) => l.who === 'TLS');
    assert.ok(handshakeEnd > ready && handshakeEnd < ehlo2);
    for (const l of lines.slice(handshakeEnd + 1).filter(smtp)) assert.equal(l.enc, 'TLS', `inside TLS: ${l.who} ${l.text}`);
    // The second EHLO is sent inside TLS (RFC 3207 §4.2), and AUTH only there.
    assert.equal(lines.filter((l) => l.who === 'C:' && /^AUTH /.test(l.text)).length, 1);
    assert.equal(lines[bye].text, BYE, 'the reply to QUIT is the last SMTP line');
    assert.equal(lines.slice(bye + 1).filter(smtp).length, 0);
  });
});

test('implicit TLS on 465: the handshake comes before the greeting, everything SMTP is inside TLS', async () => {
  await journey('./', async (page) => {
    await page.getByRole('button', { name: 'Port 465', exact: true }).click();
    await until(() => pressedPorts(page), (p) => p.length === 1 && p[0] === 'Port 465', 'Port 465 pressed');
    await page.getByRole('heading', { name: 'The journey through port 465', level: 2 }).waitFor();
    assert.equal((await counter(page)).step, 0, 'a new port starts at step 0');
    await until(() => page.url(), (u) => new URL(u).searchParams.get('port') === '465', 'port=465 in the URL');

    await stepToEnd(page);
    const lines = await transcript(page);
    const [, , , , hello, greeting, ehlo] = inOrder(lines, [
      ['DNS', /./],
      ...tcpConnect,
      ['TLS', /ClientHello/],
      ['S:', GREETING],
      ['C:', /^EHLO /],
      ['S:', AUTH_OK],
      ['S:', MAIL_OK],
      ['S:', RCPT_OK],
      ['S:', DATA_GO],
      ['S:', QUEUED],
      ['S:', BYE],
    ]);
    assert.ok(hello < greeting, 'ClientHello before the 220 greeting');
    assert.equal(lines.findIndex((l) => l.who === 'S:'), greeting, 'no server line before the handshake');
    assert.deepEqual(replyTo(lines, ehlo), EHLO_SUBMISSION_TLS, 'AUTH offered at once, no STARTTLS');
    assert.ok(!lines.some((l) => /STARTTLS/.test(l.text)), 'no STARTTLS anywhere on 465');
    const smtpLines = lines.filter(smtp);
    assert.ok(smtpLines.length > 10);
    for (const l of smtpLines) assert.equal(l.enc, 'TLS', `inside TLS: ${l.who} ${l.text}`);
  });
});

test('relay on 25: MX lookup first, STARTTLS, no AUTH', async () => {
  await journey('?port=25', async (page) => {
    assert.deepEqual(await pressedPorts(page), ['Port 25']);
    await page.getByRole('heading', { name: 'The journey through port 25', level: 2 }).waitFor();
    await stepToEnd(page);
    const lines = await transcript(page);
    assert.equal(lines[0].who, 'DNS');
    assert.match(lines[0].text, /\bMX\b/, 'a relay asks for the MX record first');
    const [, , , , ehlo1, , ready, , ehlo2] = inOrder(lines, [
      ...tcpConnect,
      ['S:', GREETING],
      ['C:', /^EHLO /],
      ['C:', 'STARTTLS'],
      ['S:', READY_TLS],
      ['TLS', /ClientHello/],
      ['C:', /^EHLO /],
      ['S:', MAIL_OK],
      ['S:', RCPT_OK],
      ['S:', DATA_GO],
      ['S:', QUEUED],
      ['S:', BYE],
    ]);
    assert.deepEqual(replyTo(lines, ehlo1), EHLO_PLAIN);
    assert.deepEqual(replyTo(lines, ehlo2), EHLO_RELAY_TLS, 'an MX offers no AUTH, even inside TLS');
    assert.ok(!lines.some((l) => smtp(l) && /\bAUTH\b/.test(l.text)), `no AUTH line on 25:\n${show(lines)}`);
    for (const l of lines.slice(0, ready + 1)) assert.equal(l.enc, 'plain');
    for (const l of lines.slice(ehlo2).filter(smtp)) assert.equal(l.enc, 'TLS');
  });
});

test('port 25 dropped by a firewall: SYN retransmissions, then a timeout at about 134.9 s', async () => {
  await journey('?port=25&block=drop', async (page) => {
    assert.equal(await page.getByRole('combobox', { name: 'Firewall rule' }).inputValue(), 'drop');
    await stepToEnd(page);
    const lines = await transcript(page);
    const firstSyn = lines.findIndex((l) => matches(l, 'TCP', /^SYN(?!,)/) && !/retrans/i.test(l.text));
    assert.ok(firstSyn >= 0, show(lines));
    const retries = lines.filter((l) => l.who === 'TCP' && /^SYN\b.*retransmi/i.test(l.text));
    assert.equal(retries.length, SYN_RETRANSMITS_S.length, `SYN retransmissions:\n${show(lines)}`);
    // Times shown are 3 decimals; allow a few ms against the recording's pcap.
    const t0 = lines[firstSyn].time;
    retries.forEach((l, i) =>
      assert.ok(Math.abs(l.time - t0 - SYN_RETRANSMITS_S[i]) < 0.005, `retransmission ${i + 1} at ${l.time - t0} s`),
    );
    const last = lines.at(-1);
    assert.match(last.text, /Connection timed out/);
    assert.ok(Math.abs(last.time - 134.9) < 0.1, `timed out at ${last.time} s`);
    assert.ok(Math.abs(last.time - t0 - ETIMEDOUT_AFTER_S) < 0.005, `ETIMEDOUT ${last.time - t0} s after the SYN`);
    assert.ok(!lines.some((l) => l.who === 'S:'), 'the server never says anything');
    assert.ok(!lines.some((l) => l.who === 'C:'), 'no SMTP command is ever sent');
    assert.ok(!lines.some((l) => l.who === 'TCP' && /SYN, ACK/.test(l.text)), 'no SYN-ACK comes back');
  });
});

test('port 587 refused by a firewall: RST and "Connection refused" at once', async () => {
  await journey('./', async (page) => {
    const rule = page.getByRole('combobox', { name: 'Firewall rule' });
    await rule.selectOption('reject');
    assert.equal(await rule.inputValue(), 'reject');
    await until(() => page.url(), (u) => new URL(u).searchParams.get('block') === 'reject', 'block=reject in the URL');

    await stepToEnd(page);
    const lines = await transcript(page);
    const [syn, rst, refused] = inOrder(lines, [
      ['TCP', /^SYN(?!,)/],
      ['TCP', /\bRST\b/],
      ['TCP', /Connection refused/],
    ]);
    assert.equal(refused, lines.length - 1, 'the refusal is the last line');
    assert.ok(lines[refused].time - lines[syn].time < 1, 'ECONNREFUSED comes at once, not after retries');
    assert.ok(rst > syn);
    assert.ok(!lines.some((l) => l.who === 'S:'), `no server line:\n${show(lines)}`);
    assert.ok(!lines.some((l) => /retransmi/i.test(l.text)));

    // At the end, Next step is marked disabled but keeps keyboard focus.
    const nextBtn = nextButton(page);
    await nextBtn.focus();
    await page.keyboard.press('Enter');
    assert.equal(await nextBtn.evaluate((b) => b === document.activeElement), true);
    const c = await counter(page);
    assert.equal(c.step, c.total, 'pressing Next at the end does nothing');
  });
});

test('port 587 prohibited by a firewall: an ICMP error and "No route to host" at once', async () => {
  await journey('./', async (page) => {
    const rule = page.getByRole('combobox', { name: 'Firewall rule' });
    await rule.selectOption('prohibit');
    await until(() => page.url(), (u) => new URL(u).searchParams.get('block') === 'prohibit', 'block=prohibit in the URL');
    await stepToEnd(page);
    const lines = await transcript(page);
    // Linux: ICMP "administratively prohibited" → EHOSTUNREACH (net/ipv4/icmp.c); its strerror.
    const [syn, icmp, noRoute] = inOrder(lines, [
      ['TCP', /^SYN(?!,)/],
      ['TCP', /ICMP .*administratively prohibited/],
      ['TCP', /No route to host/],
    ]);
    assert.equal(noRoute, lines.length - 1, 'the error is the last line');
    assert.ok(icmp > syn);
    assert.ok(lines[noRoute].time - lines[syn].time < 1, 'at once, not after retries');
    assert.ok(!lines.some((l) => l.who === 'S:' || l.who === 'C:'), `no SMTP:\n${show(lines)}`);
  });
});

test('the recipient domain\'s MX on 25: none falls back to its address, a null MX bounces', async () => {
  await journey('?port=25', async (page) => {
    const mx = page.getByRole('combobox', { name: "The recipient domain's MX" });
    await mx.selectOption('none');
    await until(() => page.url(), (u) => new URL(u).searchParams.get('mx') === 'none', 'mx=none in the URL');
    await stepToEnd(page);
    let lines = await transcript(page);
    // RFC 5321 §5.1: the domain's own A/AAAA record is the implicit MX.
    inOrder(lines, [
      ['DNS', /^MX\? example\.test$/],
      ['DNS', /no MX record/],
      ['DNS', /^A\? AAAA\? example\.test$/],
      ['S:', QUEUED],
    ]);
    await mx.selectOption('null');
    await until(() => page.url(), (u) => new URL(u).searchParams.get('mx') === 'null', 'mx=null in the URL');
    await stepToEnd(page);
    lines = await transcript(page);
    // Postfix dns_lookup.c / smtp_addr.c: "Domain %s does not accept mail (nullMX)", 5.1.0.
    assert.deepEqual(lines.map((l) => l.who), ['DNS', 'DNS', 'DNS'], show(lines));
    assert.equal(lines[1].text, 'example.test MX 0 .');
    assert.match(lines[2].text, /Domain example\.test does not accept mail \(nullMX\).*5\.1\.0/);
    assert.match(await page.locator('.scenario').textContent(), /null MX/, 'the banner says why, not the TLS setting');
  });
  await journey('?port=587', async (page) => {
    await page.getByRole('combobox', { name: 'Firewall rule' }).waitFor(); // the setup is drawn
    assert.equal(await page.getByRole('combobox', { name: "The recipient domain's MX" }).count(), 0, 'no MX lookup on submission');
  });
});

test('URL state: deep links, replaceState on each step, bad values, theme', async () => {
  await journey('?port=2525&step=3', async (page) => {
    const c2525 = await counter(page);
    assert.equal(c2525.step, 3);
    assert.ok(c2525.total > 3);
    assert.equal(await counterLocator(page).textContent(), `Step 3 of ${c2525.total}`);
    assert.deepEqual(await pressedPorts(page), ['Port 2525']);
    assert.equal(await page.getByRole('button', { name: 'Port 587', exact: true }).getAttribute('aria-pressed'), 'false');
    assert.equal((await page.getByRole('status').count()), 0, 'a good link raises no notice');

    const historyLength = await page.evaluate(() => history.length);
    await next(page);
    const url = new URL(
      await until(() => page.url(), (u) => new URL(u).searchParams.get('step') === '4', 'step=4 in the URL'),
    );
    assert.equal(url.searchParams.get('port'), '2525');
    assert.equal(url.pathname, new URL(BASE_URL).pathname, 'the sub-path is kept');
    assert.equal(await page.evaluate(() => history.length), historyLength, 'replaceState, not a new history entry');

    // A link with three bad values: a notice, and the defaults.
    await page.goto(new URL('?port=443&step=abc&theme=blue', BASE_URL).href);
    const notice = page.getByRole('status');
    await notice.waitFor({ timeout: LOAD_TIMEOUT_MS });
    const noticeText = await notice.textContent();
    for (const bad of ['443', 'abc', 'blue']) assert.ok(noticeText.includes(bad), `notice mentions ${bad}: ${noticeText}`);
    await showBelow(page);
    assert.deepEqual(await pressedPorts(page), ['Port 587'], 'falls back to port 587');
    await page.getByRole('heading', { name: 'The journey through port 587', level: 2 }).waitFor();
    const c587 = await counter(page);
    assert.equal(c587.step, 0);
    // facts.md §1: port 2525 is an exact copy of 587 here, so the journeys are as long.
    assert.equal(c587.total, c2525.total);
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false);
    await until(() => page.url(), (u) => new URL(u).search === '?port=587', 'the URL cleaned to ?port=587');
    await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await until(() => page.getByRole('status').count(), (n) => n === 0, 'the notice dismissed');

    // theme=dark.
    await page.goto(new URL('?theme=dark', BASE_URL).href);
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached', timeout: LOAD_TIMEOUT_MS });
    const theme = page.getByRole('combobox', { name: 'Colour theme' });
    assert.equal(await theme.inputValue(), 'dark');
    await theme.selectOption('light');
    await page.locator('html[data-theme="light"]').waitFor({ state: 'attached' });
    await until(() => page.url(), (u) => new URL(u).searchParams.get('theme') === 'light', 'theme=light in the URL');
  });
});

test('accessibility basics: Play/Pause, the live narration, keyboard stepping', async () => {
  await journey('./', async (page) => {
    const live = page.locator('[aria-live="polite"]');
    assert.equal((await live.textContent()).trim(), '', 'nothing narrated before the first step');

    // Play starts stepping on its own and turns into Pause; Pause stops it.
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const pause = page.getByRole('button', { name: 'Pause', exact: true });
    await pause.waitFor();
    assert.equal(await page.getByRole('button', { name: 'Play', exact: true }).count(), 0);
    await until(() => counter(page), (c) => c.step >= 1, 'Play to advance a step', 4_000);
    await pause.click();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const paused = await counter(page);
    await page.waitForTimeout(1_800); // longer than one Play interval
    assert.equal((await counter(page)).step, paused.step, 'Pause stops the stepping');

    // Back to the start, then one step: the live region narrates it.
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await until(() => counter(page), (c) => c.step === 0, 'Restart to step 0');
    await next(page);
    const { total } = await counter(page);
    const title = (await page.locator('section.explanation h2').textContent()).trim();
    assert.ok(title.length > 0);
    await until(() => live.textContent(), (t) => t.trim() === `Step 1 of ${total}: ${title}.`, 'the narration');
    assert.ok(await page.getByRole('link', { name: /^RFC \d+/ }).count() > 0, 'the rule links its RFC');

    // Keyboard only: Tab from the top reaches Next step; Enter presses it. Space plays and
    // pauses even there: a focused button is not pressed again by it.
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await until(() => counter(page), (c) => c.step === 0, 'Restart to step 0');
    await page.evaluate(() => document.activeElement?.blur());
    const nextBtn = nextButton(page);
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await nextBtn.evaluate((b) => b === document.activeElement);
    }
    assert.ok(reached, 'Tab reaches Next step');
    await page.keyboard.press('Enter');
    await until(() => counter(page), (c) => c.step === 1, 'Enter to take step 1');
    await until(() => live.textContent(), (t) => t.startsWith(`Step 1 of ${total}: `), 'the narration of step 1');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    assert.equal(await nextBtn.evaluate((b) => b === document.activeElement), true, 'focus stays on Next step');
    // A presenter's clicker sends PageDown and PageUp.
    const at = (await counter(page)).step;
    await page.keyboard.press('PageDown');
    await until(() => counter(page), (c) => c.step === Math.min(at + 1, total), 'PageDown to step on');
    await page.keyboard.press('PageUp');
    await until(() => counter(page), (c) => c.step === Math.min(at + 1, total) - 1, 'PageUp to step back');
  });
});

test('a clicked port button is not pressed again by Space: the journey plays on from where it was', async () => {
  await journey('./?port=587', async (page) => {
    await page.getByRole('button', { name: 'Port 465', exact: true }).click();
    await until(() => pressedPorts(page), (p) => p.includes('Port 465'), 'port 465 chosen');
    await next(page);
    await next(page);
    await page.getByRole('button', { name: 'Port 465', exact: true }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await until(() => counter(page), (c) => c.step >= 3, 'Play to go on from step 2', 4_000);
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    assert.ok((await counter(page)).step >= 3, 'not reset to the start');
  });
});
