// Render efficiency: a step or a console line adds DOM nodes, and leaves the ones already on the
// page alone. Yew's html! `{ for iter }` splices keyed children among unkeyed siblings, and the
// list is then diffed by position, so every "Next step" remounted every transcript line and
// diagram arrow, and every console line rewrote the lines above it. Each earlier element is
// tagged with a JS property (kept by an in-place update, lost by a remount) before the action.
// Also: the address bar, written after a short pause, catches up with quick stepping.
//
// Expected SMTP strings are the Postfix recordings' (recorded.mjs; NOOP below from
// ../shared/conformance/25_size_declared_too_big.txt), never the app's own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, until, withApp as onPage } from './browser.mjs';
import { EHLO_PLAIN, EHLO_SUBMISSION_TLS, GREETING, LOAD_TIMEOUT_MS, SYN_RETRANSMITS_S } from './recorded.mjs';
import { counter, nextButton } from './page.mjs';

// 587_starttls_auth_plain_happy.txt
const AUTH_OK = '235 2.7.0 Authentication successful';
const NOOP_OK = '250 2.0.0 Ok';

/** The JS property earlier elements are tagged with: a remounted element does not have it. */
const MARK = '__renderTestMark';
/** How long the address bar may lag behind the counter (the app waits 250 ms for a pause). */
const URL_CATCH_UP_MS = 3_000;

// -- helpers -----------------------------------------------------------------------------------

const transcriptLines = (page) => page.getByRole('log', { name: 'SMTP transcript' }).locator('li');
const diagramGroups = (page) => page.getByRole('region', { name: 'Sequence diagram' }).locator('.arrow');
const consoleLines = (page) => page.getByRole('log', { name: 'Console transcript' }).locator('li');

/** Tag every element `locator` matches with its index, as the JS property MARK. */
async function mark(locator) {
  return locator.evaluateAll((els, key) => {
    els.forEach((el, i) => {
      el[key] = i;
    });
    return els.length;
  }, MARK);
}

/**
 * Every element `locator` matches, in document order, as { mark (MARK, or null for an element
 * not tagged), all (its whole text), current (has class "current"), who, text (its .who and
 * .text spans, if any) }.
 */
async function survey(locator) {
  return locator.evaluateAll(
    (els, key) =>
      els.map((el) => ({
        mark: el[key] ?? null,
        all: el.textContent,
        current: el.classList.contains('current'),
        who: el.querySelector(':scope > .who')?.textContent.trim() ?? '',
        text: el.querySelector(':scope > .text')?.textContent ?? '',
      })),
    MARK,
  );
}

const show = (items) =>
  items.map((e, i) => `${i}: [mark ${e.mark}]${e.current ? ' [current]' : ''} ${e.all.slice(0, 80)}`).join('\n');

/**
 * `after` starts with the `before` elements, the same objects (their marks 0, 1, 2, ... in order)
 * with the same text, and ends with `added` new elements (no mark). Returns the new ones.
 */
function assertAppended(before, after, added, what) {
  assert.ok(before.length > 0, `${what}: there were elements to keep`);
  assert.equal(after.length, before.length + added, `${what}: ${added} element(s) added:\n${show(after)}`);
  assert.deepEqual(
    after.map((e) => e.mark),
    [...before.map((_, i) => i), ...Array(added).fill(null)],
    `${what}: every earlier element is the same DOM object, in the same place, and only the new ones are new:\n${show(after)}`,
  );
  assert.deepEqual(
    after.slice(0, before.length).map((e) => e.all),
    before.map((e) => e.all),
    `${what}: the earlier elements' text is unchanged`,
  );
  return after.slice(before.length);
}

/** Check that [who, text] pairs (text: exact string or RegExp) describe `lines`, one for one. */
function assertLines(lines, expected, what) {
  const got = lines.map((l) => `${l.who} ${l.text}`).join('\n');
  assert.equal(lines.length, expected.length, `${what}: ${expected.length} line(s), got:\n${got}`);
  expected.forEach(([who, text], i) => {
    assert.equal(lines[i].who, who, `${what}, line ${i}:\n${got}`);
    if (text instanceof RegExp) assert.match(lines[i].text, text, `${what}, line ${i}`);
    else assert.equal(lines[i].text, text, `${what}, line ${i}`);
  });
}

/**
 * Tag the transcript's lines and the diagram's arrows, press "Next step" once, and check that the
 * earlier ones were kept as they were and that exactly the new step's lines (`expected`, as
 * [who, text]) and arrows were added, highlighted as the current step.
 */
async function stepKeepsEarlierNodes(page, expected) {
  const { step, total } = await counter(page);
  assert.ok(step > 0 && step < total, `a step in the middle of the journey: ${step} of ${total}`);
  await mark(transcriptLines(page));
  await mark(diagramGroups(page));
  const lines0 = await survey(transcriptLines(page));
  const groups0 = await survey(diagramGroups(page));
  assert.ok(lines0.some((l) => l.current) && groups0.some((g) => g.current), 'step N is highlighted before the press');

  await nextButton(page).click();
  await until(() => counter(page), (c) => c.step === step + 1, `step ${step + 1}`);
  await until(() => transcriptLines(page).count(), (n) => n > lines0.length, 'new transcript lines');
  await until(() => diagramGroups(page).count(), (n) => n > groups0.length, 'new diagram arrows');

  const lines1 = await survey(transcriptLines(page));
  const newLines = assertAppended(lines0, lines1, expected.length, 'transcript');
  assertLines(newLines, expected, `the lines of step ${step + 1}`);
  assert.deepEqual(
    lines1.map((l) => l.current),
    lines1.map((l) => l.mark === null),
    `exactly the new lines are highlighted as the current step:\n${show(lines1)}`,
  );

  const groups1 = await survey(diagramGroups(page));
  const newGroups = assertAppended(groups0, groups1, expected.length, 'diagram');
  assert.deepEqual(
    groups1.map((g) => g.current),
    groups1.map((g) => g.mark === null),
    `exactly the new arrows are highlighted as the current step:\n${show(groups1)}`,
  );
  // Each new arrow is labelled with its line's text, cut short with "…" when long.
  newGroups.forEach((g, i) => {
    const label = g.all.trim().replace(/^(plain|TLS) · /, '');
    assert.notEqual(label, g.all.trim(), `arrow ${i} says plain or TLS: ${g.all}`);
    assert.ok(label.length > 1, `arrow ${i} has a label: ${g.all}`);
    assert.ok(newLines[i].text.startsWith(label.replace(/…$/, '')), `arrow ${i} "${label}" is line "${newLines[i].text}"`);
  });
}

// -- tests -------------------------------------------------------------------------------------

test('Next step on a dropped port 25 adds all the SYN retries as one step, and keeps every earlier line', async () => {
  await onPage('?port=25&block=drop&step=3', async (page) => {
    assert.equal((await counter(page)).step, 3);
    // The next step holds every SYN retransmission at the time of the recording
    // (net_dropped_port_os_default_timeout.txt): the wait is read on the time axis.
    const lines0 = await survey(transcriptLines(page));
    const firstSyn = lines0.find((l) => l.who === 'TCP' && /^SYN(?!,)/.test(l.text) && !/retrans/i.test(l.text));
    assert.ok(firstSyn, show(lines0));
    const expected = SYN_RETRANSMITS_S.map((_, i) => ['TCP', new RegExp(`^SYN\\b.*retransmission ${i + 1}\\b`)]);
    await stepKeepsEarlierNodes(page, expected);
    const lines1 = await survey(transcriptLines(page));
    const at = (l) => parseFloat(l.all);
    const retries = lines1.slice(-SYN_RETRANSMITS_S.length);
    retries.forEach((l, i) =>
      assert.ok(Math.abs(at(l) - at(firstSyn) - SYN_RETRANSMITS_S[i]) < 0.005, `retransmission ${i + 1} at ${at(l) - at(firstSyn)} s`),
    );
  });
});

test('Next step on 587 adds the EHLO inside TLS and its reply, and keeps every earlier line and arrow', async () => {
  await onPage('?port=587&step=6', async (page) => {
    assert.equal((await counter(page)).step, 6);
    // 587_starttls_auth_plain_happy.txt: after the handshake, EHLO again and its 11-line reply,
    // then AUTH PLAIN and 235.
    await stepKeepsEarlierNodes(page, [['C:', /^EHLO \S+$/], ...EHLO_SUBMISSION_TLS.map((t) => ['S:', t])]);
    // And once more, from the step that was just added: its nodes are kept in turn.
    await stepKeepsEarlierNodes(page, [['C:', /^AUTH PLAIN \S+$/], ['S:', AUTH_OK]]);
  });
});

test('the console appends each new line and leaves the earlier lines as they were', async () => {
  await onPage('?view=console&port=587', async (page) => {
    const box = page.getByRole('textbox', { name: 'SMTP command' });
    // The console is a module of its own, mounted once it has loaded: wait for its greeting.
    await consoleLines(page).nth(1).waitFor();
    const start = await survey(consoleLines(page));
    assertLines(start, [['TCP', /^Connected to /], ['S:', GREETING]], 'the console on connect');
    // Kept by reference for the whole session (the marks below are renewed before each command).
    await consoleLines(page).evaluateAll((els) => {
      window.__renderTestFirst = els;
    });
    const session = [
      ['EHLO client.example.test', EHLO_PLAIN],
      ['NOOP', [NOOP_OK]],
      ['EHLO client.example.test', EHLO_PLAIN],
      ['NOOP', [NOOP_OK]],
      ['NOOP', [NOOP_OK]],
    ];
    for (const [command, reply] of session) {
      await mark(consoleLines(page));
      const before = await survey(consoleLines(page));
      await box.fill(command);
      await box.press('Enter');
      const added = 1 + reply.length;
      await until(() => consoleLines(page).count(), (n) => n >= before.length + added, `the reply to ${command}`);
      const after = await survey(consoleLines(page));
      const newLines = assertAppended(before, after, added, `console after ${command}`);
      assertLines(newLines, [['C:', command], ...reply.map((t) => ['S:', t])], `the console's lines for ${command}`);
    }
    // After the whole session the connect line and the greeting are still the first objects.
    const firstKept = await consoleLines(page).evaluateAll((els) => window.__renderTestFirst.map((el, i) => el === els[i]));
    assert.deepEqual(firstKept, [true, true], 'the connect line and the greeting were never replaced');
    assert.equal(await consoleLines(page).count(), 2 + session.reduce((n, [, reply]) => n + 1 + reply.length, 0));
  });
});

test('the URL catches up with three quick presses of Next step, and reloading it shows that step', async () => {
  await onPage('?port=465&step=2', async (page) => {
    assert.equal((await counter(page)).step, 2);
    const next = nextButton(page);
    await next.click();
    await next.click();
    await next.click();
    const { step, total } = await until(() => counter(page), (c) => c.step === 5, 'step 5 after three presses');
    assert.ok(total > 5);

    const url = new URL(
      await until(
        () => page.url(),
        (u) => new URL(u).searchParams.get('step') === String(step),
        `step=${step} in the URL, as the counter says`,
        URL_CATCH_UP_MS,
      ),
    );
    assert.equal(url.searchParams.get('port'), '465', 'the port is kept');
    assert.equal(url.pathname, new URL(BASE_URL).pathname, 'the sub-path is kept');
    // Nothing more is pending: the address bar stays on the counter's step.
    await page.waitForTimeout(500);
    assert.equal(new URL(page.url()).searchParams.get('step'), String(step));
    assert.equal((await counter(page)).step, step);
    const shown = (await survey(transcriptLines(page))).map((l) => [l.all, l.current]);

    await page.reload();
    await page.getByRole('heading', { name: 'SMTP Port Simulator', level: 1 }).waitFor({ timeout: LOAD_TIMEOUT_MS });
    await page.getByRole('heading', { name: 'The journey through port 465', level: 2 }).waitFor({ timeout: LOAD_TIMEOUT_MS });
    assert.deepEqual(await counter(page), { step, total }, 'the reloaded URL shows the same step');
    assert.deepEqual(
      (await survey(transcriptLines(page))).map((l) => [l.all, l.current]),
      shown,
      'the same transcript, the same lines highlighted',
    );
  });
});
