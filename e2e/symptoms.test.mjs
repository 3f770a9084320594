// What goes wrong, and how it looks from the client: a program set up for the wrong kind of TLS,
// networks that block ports, what an eavesdropper on the path reads, two ports side by side,
// and the sequence diagram. Each symptom must read as real clients print it.
//
// Every expected string below is copied from the recordings in ../shared/conformance (file
// named next to it) or from its facts.md; none was taken from the app's own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until, withApp as journey } from './browser.mjs';
import { BYE, ETIMEDOUT_AFTER_S, GREETING, MUST_STARTTLS, QUEUED, READY_TLS, SYN_RETRANSMITS_S } from './recorded.mjs';
import { counter, inOrder, next, nextButton, show, showBelow, smtp, stepToEnd, transcript } from './page.mjs';

// -- ground truth ------------------------------------------------------------------------------

// 587_starttls_auth_plain_happy.txt, 465_implicit_tls_auth_plain_happy.txt
// swaks_465_plaintext_client.txt, swaks_465_starttls_client.txt:
//   "<** Timeout (8 secs) waiting for server response", then "*** Remote host closed connection
//   unexpectedly."; 465_plaintext_ehlo_immediately.txt: plaintext on 465 is answered by a TCP RST.
const SWAKS_TIMEOUT = /Timeout \(\d+ secs\) waiting for server response/;
const REMOTE_CLOSED = 'Remote host closed connection unexpectedly';
// 587_tls_clienthello_to_starttls_port.txt, openssl_587_implicit_tls_against_starttls_port.txt,
// swaks_587_tls_on_connect_wrong_port.txt
const BAD_UTF8 = '500 5.5.2 Error: bad UTF-8 syntax';
const BAD_SYNTAX = '500 5.5.2 Error: bad syntax';
const WRONG_VERSION = 'error:0A00010B:SSL routines::wrong version number';
// 587_auth_before_starttls.txt
// facts.md §4 / swaks command lines: the lab account
const LAB_USER = 'alice@example.test';
const LAB_PASSWORD = 'correct horse';
// net_dropped_port_os_default_timeout.txt
// What a passive observer sees of a TLS record (the brief's wording for the eavesdropper view).
const RECORD = /^TLS record: application data, (\d+) bytes$/;
// Postfix writes a multi-line reply in one TLS record: openssl_587_interactive_command_letter_gotcha
// shows the 176-byte EHLO reply after STARTTLS as one 198-byte record (176 + 22 bytes of TLS 1.3).
const SAME_RECORD = /same TLS record/;
const EHLO_TLS_RECORD = 'TLS record: application data, 198 bytes';

// -- helpers -----------------------------------------------------------------------------------

const title = async (page) => (await page.locator('section.explanation h2').textContent()).trim();

const eavesdropSwitch = (page) => page.getByRole('switch', { name: 'Eavesdropper view' });

/** The diagram's arrow labels show what the transcript shows: no SMTP inside TLS. */
async function assertDiagramHides(page, secrets) {
  const drawn = (await page.locator('.diagram .arrow > span').allTextContents()).join('\n');
  assert.match(drawn, /TLS · application data, \d+ bytes/, `the diagram labels TLS lines as records, sizes in view:\n${drawn}`);
  for (const secret of secrets) assert.ok(!drawn.includes(secret), `the diagram hides "${secret}" too:\n${drawn}`);
}

async function setEavesdrop(page, on) {
  const sw = eavesdropSwitch(page);
  if ((await sw.getAttribute('aria-checked')) !== String(on)) await sw.click();
  await until(() => sw.getAttribute('aria-checked'), (v) => v === String(on), `eavesdropper view ${on ? 'on' : 'off'}`);
}

/** Walk a journey to its end and say whether the mail went through or the port was blocked. */
async function outcome(page) {
  await stepToEnd(page);
  const lines = await transcript(page);
  const replies = lines.filter((l) => l.who === 'S:').map((l) => l.text);
  if (replies.some((t) => QUEUED.test(t)) && replies.at(-1) === BYE) return { delivered: true, lines };
  return { delivered: false, lines };
}

function assertTimedOut(lines) {
  const retries = lines.filter((l) => l.who === 'TCP' && /^SYN\b.*retransmi/i.test(l.text));
  assert.equal(retries.length, SYN_RETRANSMITS_S.length, `SYN retransmissions:\n${show(lines)}`);
  assert.match(lines.at(-1).text, /Connection timed out/, show(lines));
  assert.ok(!lines.some((l) => l.who === 'S:'), 'the server never answers');
  assert.ok(!lines.some((l) => l.who === 'TCP' && /SYN, ACK/.test(l.text)), 'no SYN-ACK');
  const t0 = lines.find((l) => l.who === 'TCP' && /^SYN\b/.test(l.text)).time;
  retries.forEach((l, i) =>
    assert.ok(Math.abs(l.time - t0 - SYN_RETRANSMITS_S[i]) < 0.005, `retransmission ${i + 1} at ${l.time - t0} s`),
  );
  assert.ok(Math.abs(lines.at(-1).time - t0 - ETIMEDOUT_AFTER_S) < 0.005, `ETIMEDOUT ${lines.at(-1).time - t0} s after the SYN`);
}

// -- the client's TLS setting does not match the port ------------------------------------------

for (const client of ['starttls', 'plain']) {
  test(`465 with client=${client}: no greeting, the client times out, then a reset`, async () => {
    await journey(`?port=465&client=${client}`, async (page) => {
      await showBelow(page);
      assert.equal(await page.getByRole('combobox', { name: "Your program's TLS setting" }).inputValue(), client);
      await stepToEnd(page);
      const lines = await transcript(page);
      assert.ok(!lines.some((l) => l.who === 'S:'), `no server line, no 220 ever:\n${show(lines)}`);
      assert.ok(!lines.some((l) => /^220\b/.test(l.text)), 'no 220 anywhere');
      const [timeout, rst] = inOrder(lines, [
        ['TCP', /Timeout/],
        ['TCP', /\bRST\b/],
      ]);
      assert.match(lines[timeout].text, SWAKS_TIMEOUT, 'worded as swaks prints it (swaks_465_plaintext_client.txt)');
      assert.ok(rst > timeout);
      assert.ok(lines.slice(rst).some((l) => l.text.includes(REMOTE_CLOSED)), `swaks: "${REMOTE_CLOSED}."\n${show(lines)}`);
      assert.ok(!lines.some((l) => l.who === 'TLS'), 'no TLS handshake happens');
      for (const l of lines) assert.equal(l.enc, 'plain', `nothing is encrypted: ${l.who} ${l.text}`);
    });
  });
}

test('587 with client=tls: a plaintext 220, two 500s, then "wrong version number"', async () => {
  await journey('?port=587&client=tls', async (page) => {
    await stepToEnd(page);
    const lines = await transcript(page);
    const [hello, greeting, utf8, syntax, error] = inOrder(lines, [
      ['TLS', /ClientHello/],
      ['S:', GREETING],
      ['S:', BAD_UTF8],
      ['S:', BAD_SYNTAX],
      ['TLS', new RegExp(WRONG_VERSION.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
    ]);
    assert.ok(hello < greeting && greeting < utf8 && utf8 < syntax && syntax < error);
    assert.equal(lines[greeting].enc, 'plain', 'the greeting arrives in plaintext');
    const replies = lines.filter((l) => l.who === 'S:');
    assert.ok(replies.length >= 3 && replies.length <= 5, `the greeting and 2-4 500s (facts.md §11):\n${show(lines)}`);
    for (const l of replies) assert.equal(l.enc, 'plain', `plaintext: ${l.text}`);
    for (const l of replies.slice(1)) assert.match(l.text, /^500 5\.5\.2 Error: bad (UTF-8 )?syntax$/);
    assert.equal(error, lines.length - 1, 'the TLS error is the last line');
    assert.ok(!lines.some((l) => l.who === 'C:'), 'the client never speaks SMTP');
    const explanation = await page.locator('section.explanation').textContent();
    assert.match(explanation, /wrong version number/, 'the last step names the error');
  });
});

test('587 with client=plain: no login is offered, MAIL FROM is refused with 530, nothing secret crosses', async () => {
  await journey('?port=587&client=plain', async (page) => {
    await stepToEnd(page);
    const lines = await transcript(page);
    // facts.md §2: no AUTH before TLS on 587; §4 / 587_mail_before_starttls: 530 5.7.0 for MAIL.
    const [mail, refused] = inOrder(lines, [
      ['C:', /^MAIL FROM:</],
      ['S:', MUST_STARTTLS],
    ]);
    assert.equal(refused, mail + 1, 'the 530 answers MAIL FROM');
    assert.ok(!lines.some((l) => /^AUTH/.test(l.text)), `no AUTH line is sent:\n${show(lines)}`);
    assert.ok(!lines.some((l) => l.who === 'TLS' || l.enc === 'TLS'), `no TLS at all:\n${show(lines)}`);
    assert.equal(await page.locator('[data-outcome]').getAttribute('data-outcome'), 'rejected');
  });
});

// -- networks ----------------------------------------------------------------------------------

test('networks: home ISP blocks 25 (use 587/465), but 587 gets through', async () => {
  await journey('?port=25&net=home', async (page) => {
    await showBelow(page);
    assert.equal(await page.getByRole('radio', { name: 'Home ISP' }).isChecked(), true);
    assert.equal(await page.getByRole('combobox', { name: 'Firewall rule' }).inputValue(), '', 'no rule chosen by hand');
    const { delivered, lines } = await outcome(page);
    assert.equal(delivered, false);
    assertTimedOut(lines);
    const explanation = await page.locator('section.explanation').textContent();
    assert.match(explanation, /\b587\b/, `the last step suggests 587: ${explanation}`);
    assert.match(explanation, /\b465\b/, `the last step suggests 465: ${explanation}`);
  });
  await journey('?port=587&net=home', async (page) => {
    const { delivered, lines } = await outcome(page);
    assert.ok(delivered, `587 from home is delivered:\n${show(lines)}`);
  });
});

test('networks: the locked-down office lets 80 out and drops 465', async () => {
  await journey('?port=80&net=office', async (page) => {
    await showBelow(page);
    assert.equal(await page.getByRole('radio', { name: 'Locked-down office' }).isChecked(), true);
    const { delivered, lines } = await outcome(page);
    assert.ok(delivered, `80 from the office is delivered:\n${show(lines)}`);
  });
  await journey('?port=465&net=office', async (page) => {
    const { delivered, lines } = await outcome(page);
    assert.equal(delivered, false);
    assertTimedOut(lines);
  });
});

test('networks: a cloud VM cannot use 25 but can use 2525', async () => {
  await journey('?port=25&net=cloud', async (page) => {
    await showBelow(page);
    assert.equal(await page.getByRole('radio', { name: 'Cloud VM' }).isChecked(), true);
    const { delivered, lines } = await outcome(page);
    assert.equal(delivered, false);
    assertTimedOut(lines);
  });
  await journey('?port=2525&net=cloud', async (page) => {
    const { delivered, lines } = await outcome(page);
    assert.ok(delivered, `2525 from a cloud VM is delivered:\n${show(lines)}`);
  });
});

test('networks: choosing a radio replans the journey and updates the URL', async () => {
  await journey('?port=25', async (page) => {
    await showBelow(page);
    await page.getByRole('radio', { name: 'Home ISP' }).check();
    await until(() => page.url(), (u) => new URL(u).searchParams.get('net') === 'home', 'net=home in the URL');
    assert.equal((await counter(page)).step, 0, 'a new network starts at step 0');
    const { delivered } = await outcome(page);
    assert.equal(delivered, false, 'home blocks 25');
    await page.getByRole('radio', { name: 'Open network' }).check();
    await until(() => counter(page), (c) => c.step === 0, 'step 0 again');
    const open = await outcome(page);
    assert.ok(open.delivered, `an open network lets 25 through:\n${show(open.lines)}`);
  });
});

// -- the eavesdropper view ---------------------------------------------------------------------

test('eavesdropper on 465: every SMTP line is an opaque TLS record', async () => {
  await journey('?port=465', async (page) => {
    await stepToEnd(page);
    const clear = await transcript(page);
    await setEavesdrop(page, true);
    const seen = await transcript(page);
    assert.equal(seen.length, clear.length, 'the same lines, seen differently');
    const seenSmtp = seen.filter(smtp);
    assert.ok(seenSmtp.length > 10);
    seen.forEach((l, i) => {
      if (!smtp(l)) return;
      if (l.who === 'S:' && SAME_RECORD.test(l.text)) return;
      const m = RECORD.exec(l.text);
      assert.ok(m, `line ${i} is an opaque record: ${l.who} ${l.text}`);
      assert.ok(Number(m[1]) >= clear[i].text.length + 2, `a record is no shorter than "${clear[i].text}" + CRLF`);
    });
    const all = seen.map((l) => `${l.text} ${l.note}`).join('\n');
    for (const secret of ['EHLO', 'AUTH', 'MAIL FROM', 'RCPT TO', 'DATA', 'QUIT', GREETING, LAB_USER, LAB_PASSWORD]) {
      assert.ok(!all.includes(secret), `"${secret}" is not visible to the eavesdropper:\n${show(seen)}`);
    }
    assert.equal(await page.locator('li.leak').count(), 0, 'nothing leaks');
    await assertDiagramHides(page, ['EHLO', 'AUTH', 'MAIL FROM', 'RCPT TO', 'QUIT', LAB_USER]);
    // And back: the switch restores the decrypted view.
    await setEavesdrop(page, false);
    assert.deepEqual((await transcript(page)).map((l) => l.text), clear.map((l) => l.text));
  });
});

test('eavesdropper on 587: the plaintext start is visible, nothing after the handshake', async () => {
  await journey('?port=587', async (page) => {
    await setEavesdrop(page, true);
    await stepToEnd(page);
    const seen = await transcript(page);
    const [greeting, ehlo, , starttls, ready] = inOrder(seen, [
      ['S:', GREETING],
      ['C:', /^EHLO \S+$/],
      ['S:', '250-STARTTLS'],
      ['C:', 'STARTTLS'],
      ['S:', READY_TLS],
    ]);
    assert.ok(greeting < ehlo && ehlo < starttls && starttls < ready);
    const ehloReply = seen.slice(ehlo + 1, starttls);
    assert.ok(ehloReply.length > 1 && ehloReply.every((l) => l.who === 'S:' && /^250[- ]/.test(l.text)), `the EHLO reply is readable:\n${show(ehloReply)}`);
    const handshakeEnd = seen.findLastIndex((l) => l.who === 'TLS');
    assert.ok(handshakeEnd > ready);
    const after = seen.slice(handshakeEnd + 1).filter(smtp);
    assert.ok(after.length > 10);
    for (const l of after) {
      if (l.who === 'S:' && SAME_RECORD.test(l.text)) continue;
      assert.match(l.text, RECORD, `after the handshake: ${l.who} ${l.text}`);
    }
    assert.ok(after.some((l) => l.text === EHLO_TLS_RECORD), `the EHLO reply inside TLS is one 198-byte record:\n${show(after)}`);
    const all = seen.slice(handshakeEnd + 1).map((l) => `${l.text} ${l.note}`).join('\n');
    for (const secret of ['AUTH', 'MAIL FROM', 'RCPT TO', LAB_USER, LAB_PASSWORD]) {
      assert.ok(!all.includes(secret), `"${secret}" is not visible after the handshake`);
    }
    assert.equal(await page.locator('li.leak').count(), 0, 'nothing leaks');
    await assertDiagramHides(page, ['AUTH', 'MAIL FROM', 'RCPT TO', LAB_USER]);
  });
});

test('eavesdropper on 25 with client=plain: the whole envelope and message are readable', async () => {
  await journey('?port=25&client=plain', async (page) => {
    await stepToEnd(page);
    const clear = await transcript(page);
    await setEavesdrop(page, true);
    const seen = await transcript(page);
    assert.deepEqual(seen.map((l) => `${l.who} ${l.text}`), clear.map((l) => `${l.who} ${l.text}`), 'the observer reads every line as sent');
    const [mail, rcpt, data] = inOrder(seen, [
      ['C:', /^MAIL FROM:<[^>]+>/],
      ['C:', /^RCPT TO:<[^>]+>/],
      ['C:', 'DATA'],
      ['C:', /^Subject: /],
      ['C:', '.'],
      ['S:', QUEUED],
    ]);
    assert.ok(mail < rcpt && rcpt < data);
    for (const l of seen) assert.equal(l.enc, 'plain', `plaintext: ${l.who} ${l.text}`);
    assert.ok(!seen.some((l) => RECORD.test(l.text)));
  });
});

test('eavesdropper on 587, opportunistic program, STARTTLS stripped: the AUTH line gives the password away', async () => {
  await journey('?port=587&client=opportunistic&attack=strip', async (page) => {
    await stepToEnd(page);
    assert.equal(await page.locator('li.leak').count(), 0, 'no highlight while the view is off');
    await setEavesdrop(page, true);
    const seen = await transcript(page);
    const leaks = seen.filter((l) => l.leak);
    assert.equal(leaks.length, 1, `one highlighted line:\n${show(seen)}`);
    assert.equal(leaks[0].who, 'C:');
    assert.match(leaks[0].text, /^AUTH PLAIN \S+$/);
    assert.ok(
      leaks[0].note.includes(`Password of ${LAB_USER} visible: "${LAB_PASSWORD}"`),
      `the note decodes the password: ${leaks[0].note}`,
    );
  });
});

// -- compare -----------------------------------------------------------------------------------

test('compare 587 with 465: both logs, aligned at MAIL FROM', async () => {
  await journey('?port=587&compare=465', async (page) => {
    await showBelow(page);
    assert.equal(await page.getByRole('combobox', { name: 'Compare with' }).inputValue(), '465');
    const left = page.getByRole('log', { name: 'SMTP transcript', exact: true });
    const right = page.getByRole('log', { name: 'Port 465 transcript', exact: true });
    await left.waitFor();
    await right.waitFor();
    let guard = 0;
    while (!/MAIL FROM/.test(await title(page))) {
      assert.ok(guard++ < 40, 'a step about MAIL FROM exists on 587');
      await next(page);
    }
    const mine = await transcript(page);
    const theirs = await transcript(page, 'Port 465 transcript');
    assert.match(mine.findLast((l) => l.who === 'C:').text, /^MAIL FROM:</, show(mine));
    const theirLastC = theirs.findLast((l) => l.who === 'C:');
    assert.ok(theirLastC, `465 has sent something:\n${show(theirs)}`);
    assert.match(theirLastC.text, /^MAIL FROM:</, `the 465 column is at MAIL FROM too:\n${show(theirs)}`);
    assert.ok(!theirs.some((l) => /STARTTLS/.test(l.text)), '465 never says STARTTLS');
    for (const l of theirs.filter(smtp)) assert.equal(l.enc, 'TLS', `465 is all TLS: ${l.who} ${l.text}`);

    await page.getByRole('combobox', { name: 'Compare with' }).selectOption('');
    await until(() => page.getByRole('log', { name: 'Port 465 transcript', exact: true }).count(), (n) => n === 0, 'the second log to go');
  });
});

// A cloud VM drops 25 (587 gets out); the office lets only 80 and 443 out (587 is dropped).
for (const [query, open, blocked] of [
  ['?port=25&net=cloud&compare=587', 'Port 587 transcript', 'SMTP transcript'],
  ['?port=80&net=office&compare=587', 'SMTP transcript', 'Port 587 transcript'],
]) {
  test(`compare a blocked port with an open one (${query}): the open one runs to its end`, async () => {
    await journey(query, async (page) => {
      const openLines = () => transcript(page, open);
      let afterDns = 0;
      for (let c = await counter(page), guard = 0; c.step < c.total; c = await counter(page), guard++) {
        assert.ok(guard < 80, 'reached the end in a sane number of presses');
        const before = (await openLines()).length;
        await next(page);
        if ((await openLines()).length > before && before > 0) afterDns++;
      }
      const theirs = await openLines();
      // 587_starttls_auth_plain_happy.txt: the open port queues the message and says goodbye.
      assert.ok(theirs.some((l) => l.who === 'S:' && QUEUED.test(l.text)), `the open port queued the message:\n${show(theirs)}`);
      assert.ok(theirs.some((l) => l.who === 'S:' && l.text === BYE), `the open port said goodbye:\n${show(theirs)}`);
      assert.ok(afterDns > 5, `the open column moved on after its first lines (${afterDns} presses)`);
      const stopped = await transcript(page, blocked);
      assert.ok(stopped.some((l) => /ETIMEDOUT|ECONNREFUSED/.test(l.text)), `the blocked port times out:\n${show(stopped)}`);
    });
  });
}

test('compare 465 with 587: 587\'s STARTTLS becomes the current step', async () => {
  await journey('?port=465&compare=587', async (page) => {
    const titles = [];
    for (let c = await counter(page), guard = 0; c.step < c.total; c = await counter(page), guard++) {
      assert.ok(guard < 80, 'reached the end in a sane number of presses');
      await next(page);
      titles.push(await title(page));
    }
    assert.ok(titles.some((t) => /STARTTLS/.test(t)), `a step about STARTTLS is shown:\n${titles.join('\n')}`);
  });
});

// -- the sequence diagram ----------------------------------------------------------------------

test('the sequence diagram draws one arrow per transcript line', async () => {
  await journey('?port=587', async (page) => {
    const diagram = page.getByRole('region', { name: 'Sequence diagram' });
    const svg = diagram.getByRole('img');
    assert.equal(await svg.count(), 1);
    assert.equal(await diagram.locator('.arrow').count(), 0, 'no arrow before the first step');
    for (let i = 0; i < 5; i++) await next(page);
    const lines = await transcript(page);
    assert.ok(lines.length >= 5);
    assert.equal(await diagram.locator('.arrow').count(), lines.length, `arrows vs lines:\n${show(lines)}`);
    await stepToEnd(page);
    assert.equal(await diagram.locator('.arrow').count(), (await transcript(page)).length, 'at the end too');
    const label = await svg.getAttribute('aria-label');
    assert.ok(label && label.length > 0, 'the diagram has a text alternative');
  });
});
