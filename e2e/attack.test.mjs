// The active attacker on the path, in the built app: the outcome each setup ends in,
// the attacker's own lane and lines, and the lessons that decide the choice of port and setting.
//
// Expected outcomes come from the table (and RFC 3207 §6, RFC 8314 §3.3, RFC 8461 §5,
// RFC 7672 §2.2); replies and texts from the recordings and the programs named beside them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { until, withApp } from './browser.mjs';
import { counter, nextButton, showBelow, stepToEnd } from './page.mjs';

/** The outcome(s) stated under the finished transcript(s). */
const outcomes = (page) => page.locator('[data-outcome]').evaluateAll((els) => els.map((e) => e.dataset.outcome));

const lines = (page, name = 'SMTP transcript') =>
  page
    .getByRole('log', { name, exact: true })
    .locator('li:has(.who)')
    .evaluateAll((items) => items.map((li) => ({
      who: li.querySelector(':scope > .who')?.textContent.trim() ?? '',
      text: li.querySelector(':scope > .text')?.textContent.trim() ?? '',
    })));

for (const [query, expected] of [
  // The table, row by row.
  ['?port=587&client=opportunistic&attack=strip', 'password-exposed'],
  ['?port=2525&client=opportunistic&attack=strip', 'password-exposed'],
  ['?port=587&client=starttls&attack=strip', 'refused-safe'],
  ['?port=465&attack=strip', 'sent-private'],
  ['?port=465&attack=cert', 'refused-safe'],
  ['?port=465&attack=cert&verify=0', 'password-exposed'],
  ['?port=587&attack=cert', 'refused-safe'],
  ['?port=25&attack=strip', 'sent-exposed'],
  ['?port=25&attack=cert&policy=none', 'sent-exposed'],
  ['?port=25&attack=strip&policy=mta-sts', 'deferred'],
  ['?port=25&attack=cert&policy=dane', 'deferred'],
  ['?port=587&attack=inject', 'sent-private'],
  // A broken handshake: Postfix at `may` retries without TLS (postconf(5)); MTA-STS defers;
  // a mail program stops, on 587 as on 465.
  ['?port=25&attack=break', 'sent-exposed'],
  ['?port=25&attack=break&policy=mta-sts', 'deferred'],
  ['?port=587&attack=break', 'refused-safe'],
  ['?port=465&attack=break', 'refused-safe'],
  // Every other kind of journey ends in an outcome too.
  ['?port=587', 'sent-private'],
  ['?port=25&net=home', 'unreachable'],
  ['?port=587&block=reject', 'unreachable'],
  ['?port=587&client=tls', 'rejected'],
  ['?port=587&block=prohibit', 'unreachable'],
  // A null MX (RFC 7505): the relay connects nowhere and bounces; no MX: the domain's address.
  ['?port=25&mx=null', 'bounced'],
  ['?port=25&mx=none', 'sent-private'],
  // The preferred MX does not answer: after 30 s (Postfix smtp_connect_timeout) the next one takes it.
  ['?port=25&mx=backup', 'sent-private'],
]) {
  test(`${query} ends ${expected}`, () =>
    withApp(query, async (page) => {
      assert.deepEqual(await outcomes(page), [], 'no outcome before the end');
      await stepToEnd(page);
      assert.deepEqual(await outcomes(page), [expected]);
      const words = await page.locator('[data-outcome]').textContent();
      assert.match(words, /^Outcome: /);
    }));
}

test('the stripping attacker has a lane of its own and says what it did', () =>
  withApp('?port=587&client=opportunistic&attack=strip', async (page) => {
    const diagram = page.getByRole('region', { name: 'Sequence diagram' });
    assert.match(await diagram.getByRole('img').getAttribute('aria-label'), /attacker/);
    assert.equal(await diagram.locator('.lanes span', { hasText: 'Attacker' }).count(), 1);
    await stepToEnd(page);
    const seen = await lines(page);
    // The server's own reply still offers STARTTLS; the attacker rewrites it on the way.
    assert.ok(seen.some((l) => l.who === 'S:' && l.text === '250-STARTTLS'), 'the server offered STARTTLS');
    assert.ok(seen.some((l) => l.who === 'ATK' && /XXXXXXXA/.test(l.text)), 'the attacker says it rewrote it');
    assert.ok(seen.some((l) => l.who === 'ATK' && /correct horse/.test(l.text)), 'the attacker reads the login');
    const auth = seen.find((l) => l.who === 'C:' && /^AUTH PLAIN /.test(l.text));
    assert.ok(auth, 'the program logged in');
  }));

test('a program that requires STARTTLS stops as swaks does, before any login', () =>
  withApp('?port=587&client=starttls&attack=strip', async (page) => {
    await stepToEnd(page);
    const seen = await lines(page);
    // swaks (jetmore/swaks): "*** Host did not advertise STARTTLS" when --tls is required.
    assert.ok(seen.some((l) => l.text === '*** Host did not advertise STARTTLS'));
    assert.ok(!seen.some((l) => /^AUTH/.test(l.text)), 'no login was sent');
  }));

test('a relay under MTA-STS defers with Postfix\'s 4.7.4', () =>
  withApp('?port=25&attack=strip&policy=mta-sts', async (page) => {
    await stepToEnd(page);
    const seen = await lines(page);
    // src/smtp/smtp_proto.c (Postfix 3.7.11): "TLS is required, but was not offered by host %s", 4.7.4.
    assert.ok(seen.some((l) => /dsn=4\.7\.4, status=deferred \(TLS is required, but was not offered by host /.test(l.text)));
  }));

test('the setup offers the attacker, the certificate check and, on 25, the relay policy', () =>
  withApp('?port=587', async (page) => {
    await showBelow(page);
    const attack = page.getByRole('combobox', { name: 'Attacker on the path' });
    await attack.selectOption('cert');
    await until(() => page.url(), (u) => new URL(u).searchParams.get('attack') === 'cert', 'attack=cert in the URL');
    const verify = page.getByRole('checkbox', { name: "Your program checks the server's certificate" });
    assert.equal(await verify.isChecked(), true);
    await verify.uncheck();
    await until(() => page.url(), (u) => new URL(u).searchParams.get('verify') === '0', 'verify=0 in the URL');
    assert.equal(await page.getByRole('combobox', { name: "The sending server's TLS policy" }).count(), 0, 'no relay policy on 587');
    await stepToEnd(page);
    assert.deepEqual(await outcomes(page), ['password-exposed']);
  }));

test('465 beside 587 under a stripping attacker: the same attack, two outcomes', () =>
  withApp('?port=587&compare=465&attack=strip&client=opportunistic', async (page) => {
    await stepToEnd(page);
    assert.deepEqual((await outcomes(page)).sort(), ['password-exposed', 'sent-private']);
  }));
