// A stand-in for `smtp-sim lab`'s live stream in browser tests (node:http only): Server-Sent
// Events on loopback exactly as the lab's live.rs describes them. GET /events answers
// 200 text/event-stream, no-store, with Access-Control-Allow-Origin echoed only for a loopback
// Origin; it replays the records given (oldest first), then streams what `send` is given. Each
// record is one `data:` line and a blank line. Anything else gets a short text; OPTIONS 204.
//
// The sessions below are made of the lab recordings' lines (../shared/conformance:
// 587_starttls_auth_plain_happy.txt for the replies and the TLS version) and the simulator's
// attacker (crates/smtp-sim/src/path/attacker.rs: strip overwrites 250-STARTTLS with
// 250-XXXXXXXA and adds AUTH PLAIN LOGIN); the report rows cite the RFC sections the
// simulator's attack lessons cite (crates/smtp-sim/src/teach/attack.rs).
import { createServer } from 'node:http';

const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** Starts the stream on 127.0.0.1 at a free port. `replay`: records sent to every new listener. */
export async function startLab({ replay = [] } = {}) {
  const listeners = new Set();
  const log = [];
  const server = createServer((req, res) => {
    log.push({ method: req.method, path: req.url, origin: req.headers.origin ?? null });
    const cors = LOOPBACK_ORIGIN.test(req.headers.origin ?? '') ? { 'Access-Control-Allow-Origin': req.headers.origin } : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    if (req.method === 'GET' && req.url === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', ...cors });
      for (const record of replay) res.write(`data: ${JSON.stringify(record)}\n\n`);
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('smtp-sim lab: the live stream of its sessions is at /events\n');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    log,
    listeners: () => listeners.size,
    send(...records) {
      for (const record of records) {
        replay.push(record);
        for (const res of listeners) res.write(`data: ${JSON.stringify(record)}\n\n`);
      }
    },
    async close() {
      for (const res of listeners) res.destroy();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A free loopback port with nothing listening on it. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const line = (session, from, to, text, encrypted, code = null, enhanced = null, note = null) => ({ type: 'line', session, from, to, text, encrypted, code, enhanced, note });
const C = (session, text, encrypted, note = null) => line(session, 'client', 'server', text, encrypted, null, null, note);
const S = (session, text, encrypted, code = null, enhanced = null) => line(session, 'server', 'client', text, encrypted, code, enhanced);

const CAPS_BEFORE = ['250-mail.example.test', '250-PIPELINING', '250-SIZE 10240000', '250-VRFY', '250-ETRN', '250-STARTTLS', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250-DSN', '250-SMTPUTF8', '250 CHUNKING'];
const CAPS_AFTER = ['250-mail.example.test', '250-PIPELINING', '250-SIZE 10240000', '250-VRFY', '250-ETRN', '250-AUTH PLAIN LOGIN', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250-DSN', '250-SMTPUTF8', '250 CHUNKING'];
const reply = (session, lines, encrypted) => lines.map((text, i) => S(session, text, encrypted, i === lines.length - 1 ? 250 : null));
const AUTH = 'AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl';

/** Port 587, STARTTLS, login inside TLS, mail accepted: the recording's session, as the lab tells it. */
export function privateSession(n) {
  return [
    { type: 'open', session: n, port: 587, mode: 'submission', attack: 'none', peer: '127.0.0.1:53122' },
    S(n, '220 mail.example.test ESMTP Postfix (Debian/GNU)', false, 220),
    C(n, 'EHLO client.example.test', false),
    ...reply(n, CAPS_BEFORE, false),
    C(n, 'STARTTLS', false),
    S(n, '220 2.0.0 Ready to start TLS', false, 220, '2.0.0'),
    { type: 'tls', session: n, how: 'starttls', version: 'TLSv1.3', cipher: 'TLS13_AES_256_GCM_SHA384', certificate: 'lab', result: 'ok', detail: null },
    C(n, 'EHLO client.example.test', true),
    ...reply(n, CAPS_AFTER, true),
    C(n, AUTH, true, 'decodes to: alice@example.test'),
    S(n, '235 2.7.0 Authentication successful', true, 235, '2.7.0'),
    C(n, 'MAIL FROM:<alice@example.test>', true),
    S(n, '250 2.1.0 Ok', true, 250, '2.1.0'),
    C(n, 'RCPT TO:<bob@example.test>', true),
    S(n, '250 2.1.5 Ok', true, 250, '2.1.5'),
    C(n, 'DATA', true),
    S(n, '354 End data with <CR><LF>.<CR><LF>', true, 354),
    C(n, 'From: Sender <alice@example.test>', true),
    C(n, 'To: <bob@example.test>', true),
    C(n, 'Subject: lab test 587_starttls_auth_plain_happy', true),
    C(n, 'Date: Fri, 27 Nov 2026 20:41:26 -0000', true),
    C(n, 'Message-ID: <587_starttls_auth_plain_happy.1795812086308@client.example.test>', true),
    C(n, '… (3 more lines)', true),
    S(n, '250 2.0.0 Ok: queued as 4B377E68F4', true, 250, '2.0.0'),
    C(n, 'QUIT', true),
    S(n, '221 2.0.0 Bye', true, 221, '2.0.0'),
    {
      type: 'close',
      session: n,
      summary: { port: 587, tls: 'starttls', auth: 'in-tls', certificate_checked: null, outcome: 'sent-private' },
      report: [
        { check: 'auth-only-in-tls', result: 'pass', title: 'Sends AUTH only inside TLS', why: 'The login crossed only after STARTTLS.', source: 'RFC 4616 §5', fix: '' },
      ],
    },
  ];
}

/** Port 587 under `strip`: STARTTLS overwritten, the program logs in in the clear. */
export function strippedSession(n) {
  const atk = (text, code = null) => line(n, 'attacker', 'client', text, false, code);
  return [
    { type: 'open', session: n, port: 587, mode: 'submission', attack: 'strip', peer: '127.0.0.1:53130' },
    S(n, '220 mail.example.test ESMTP Postfix (Debian/GNU)', false, 220),
    C(n, 'EHLO client.example.test', false),
    line(n, 'server', 'attacker', '250-STARTTLS', false),
    atk('250-XXXXXXXA'),
    atk('250-AUTH PLAIN LOGIN'),
    atk('250 CHUNKING', 250),
    line(n, 'client', 'attacker', AUTH, false, null, null, 'decodes to: alice@example.test'),
    S(n, '235 2.7.0 Authentication successful', false, 235, '2.7.0'),
    C(n, 'QUIT', false),
    S(n, '221 2.0.0 Bye', false, 221, '2.0.0'),
    {
      type: 'close',
      session: n,
      summary: { port: 587, tls: 'none', auth: 'in-clear', certificate_checked: null, outcome: 'password-exposed' },
      report: [
        { check: 'requires-tls', result: 'fail', title: 'Requires TLS', why: 'The program went on without STARTTLS when the EHLO reply no longer offered it, and logged in in the clear.', source: 'RFC 3207 §6', fix: '`smtplib.SMTP(host, 587)`, then `starttls()` before `login()`' },
        { check: 'auth-only-in-tls', result: 'fail', title: 'Sends AUTH only inside TLS', why: 'The AUTH line crossed in plaintext.', source: 'RFC 4616 §5', fix: '`smtplib.SMTP(host, 587)`, then `starttls()` before `login()`' },
      ],
    },
  ];
}

/** Port 465 under `cert`: the program refuses the forged certificate. Open only; `certClose` ends it. */
export function certOpen(n) {
  return [{ type: 'open', session: n, port: 465, mode: 'smtps', attack: 'cert', peer: '127.0.0.1:53140' }];
}

export function certClose(n) {
  return [
    { type: 'tls', session: n, how: 'implicit', version: null, cipher: null, certificate: 'forged', result: 'failed', detail: 'client sent alert: bad certificate' },
    {
      type: 'close',
      session: n,
      summary: { port: 465, tls: 'implicit', auth: 'none', certificate_checked: true, outcome: 'refused-safe' },
      report: [
        { check: 'checks-certificate', result: 'pass', title: 'Checks the certificate', why: 'The program stopped at a certificate the lab authority did not sign.', source: 'RFC 8314 §3.3, RFC 7817 §3', fix: '' },
      ],
    },
  ];
}
