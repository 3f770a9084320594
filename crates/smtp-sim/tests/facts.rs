//! Table-driven checks of the server model against ../shared/conformance/facts.md §2–§10, the
//! recordings next to it, and the source-level notes on Postfix 3.7.11 smtpd (the error counter,
//! the "I can break rules" hang-up, STARTTLS resets, BDAT states ...).
//!
//! Every expected reply below is copied from facts.md, a recording, or the Postfix 3.7.11 source
//! (src/smtpd/smtpd.c and friends); none was taken from the model's own output.
//!
//! Script steps: a plain string is one command line (CRLF is appended); `<raw>...` is sent as
//! is; `<tls>` completes the TLS handshake; `<idle N>` lets the client stay silent N seconds.
//! Transcripts hold the reply lines as sent (without CRLF) plus `<close>` / `<reset>` when the
//! server hangs up; `queued as <ID>` stands for any queue ID.

use smtp_sim::server::{BareNewline, Config, Out, Server};
use smtp_sim::Port;

// ------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------

const GREETING: &str = "220 mail.example.test ESMTP Postfix (Debian/GNU)";
const AUTH_OK: &str = "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl";
/// base64("\0alice@example.test\0correct horse") for a continuation line.
const PLAIN_B64: &str = "AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl";
/// base64("\0alice@example.test\0wrong horse") (587_wrong_password_535).
const AUTH_WRONG: &str = "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdAB3cm9uZyBob3JzZQ==";
const USER_B64: &str = "YWxpY2VAZXhhbXBsZS50ZXN0";
const PASS_B64: &str = "Y29ycmVjdCBob3JzZQ==";

const OK: &str = "250 2.0.0 Ok";
const MAIL_OK: &str = "250 2.1.0 Ok";
const RCPT_OK: &str = "250 2.1.5 Ok";
const GO_AHEAD: &str = "354 End data with <CR><LF>.<CR><LF>";
const QUEUED: &str = "250 2.0.0 Ok: queued as <ID>";
const BYE: &str = "221 2.0.0 Bye";
const TLS_READY: &str = "220 2.0.0 Ready to start TLS";
const AUTH_SUCCESS: &str = "235 2.7.0 Authentication successful";
const AUTH_FAILED: &str = "535 5.7.8 Error: authentication failed: (reason unavailable)";
const MUST_STARTTLS: &str = "530 5.7.0 Must issue a STARTTLS command first";
const NOT_RECOGNIZED: &str = "500 5.5.2 Error: command not recognized";
const BAD_SYNTAX: &str = "500 5.5.2 Error: bad syntax";
const BREAK_RULES: &str = "221 2.7.0 Error: I can break rules, too. Goodbye.";
const NEED_MAIL: &str = "503 5.5.1 Error: need MAIL command";
const NEED_RCPT: &str = "503 5.5.1 Error: need RCPT command";
const NO_VALID_RCPT: &str = "554 5.5.1 Error: no valid recipients";
const TOO_MANY_ERRORS: &str = "421 4.7.0 mail.example.test Error: too many errors";
const TIMEOUT: &str = "421 4.4.2 mail.example.test Error: timeout exceeded";
const BARE_LF: &str = "550 5.5.2 mail.example.test Error: bare <LF> received";
const UNKNOWN_USER: &str = "550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table";
const CLOSE: &str = "<close>";
const RESET: &str = "<reset>";

/// facts §2: port 25, and 587/2525 before TLS.
const EHLO_PLAIN: &[&str] = &[
    "250-mail.example.test",
    "250-PIPELINING",
    "250-SIZE 10240000",
    "250-VRFY",
    "250-ETRN",
    "250-STARTTLS",
    "250-ENHANCEDSTATUSCODES",
    "250-8BITMIME",
    "250-DSN",
    "250-SMTPUTF8",
    "250 CHUNKING",
];
/// facts §2 / 25_ehlo_caps_before_after_starttls: port 25 after STARTTLS (no STARTTLS, no AUTH).
const EHLO_25_TLS: &[&str] = &[
    "250-mail.example.test",
    "250-PIPELINING",
    "250-SIZE 10240000",
    "250-VRFY",
    "250-ETRN",
    "250-ENHANCEDSTATUSCODES",
    "250-8BITMIME",
    "250-DSN",
    "250-SMTPUTF8",
    "250 CHUNKING",
];
/// facts §2: 587/2525 after STARTTLS, and 465 from the start.
const EHLO_AUTH: &[&str] = &[
    "250-mail.example.test",
    "250-PIPELINING",
    "250-SIZE 10240000",
    "250-VRFY",
    "250-ETRN",
    "250-AUTH PLAIN LOGIN",
    "250-ENHANCEDSTATUSCODES",
    "250-8BITMIME",
    "250-DSN",
    "250-SMTPUTF8",
    "250 CHUNKING",
];

const NONE: &[&str] = &[];
const EHLO: &[&str] = &["EHLO client.example.test"];
const TLS25: &[&str] = &["EHLO client.example.test", "STARTTLS", "<tls>"];
const TLS587: &[&str] = &[
    "EHLO client.example.test",
    "STARTTLS",
    "<tls>",
    "EHLO client.example.test",
];
const AUTHED587: &[&str] = &[
    "EHLO client.example.test",
    "STARTTLS",
    "<tls>",
    "EHLO client.example.test",
    AUTH_OK,
];
const TLS465: &[&str] = &["<tls>", "EHLO client.example.test"];
/// A trusted client's transaction up to the 354.
const IN_DATA: &[&str] = &[
    "EHLO client.example.test",
    "MAIL FROM:<sender@example.org>",
    "RCPT TO:<alice@example.test>",
    "DATA",
];

/// Port 25 from an Internet client (127.0.0.5 in the lab: not in mynetworks).
fn mx() -> Config {
    Config::mx()
}

/// Port 25 from 127.0.0.1, which is in mynetworks (most raw recordings).
fn trusted() -> Config {
    Config {
        client_trusted: true,
        ..Config::mx()
    }
}

fn mx_with(change: impl FnOnce(&mut Config)) -> Config {
    let mut config = Config::mx();
    change(&mut config);
    config
}

fn sub() -> Config {
    Port::P587.server_config()
}

fn subs() -> Config {
    Port::P465.server_config()
}

fn normalise_line(line: String) -> String {
    match line.find("queued as ") {
        Some(at) => {
            let id = &line[at + "queued as ".len()..];
            assert!(
                (6..=16).contains(&id.len())
                    && id
                        .chars()
                        .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)),
                "a Postfix queue ID is upper-case hex: {line:?}"
            );
            format!("{}queued as <ID>", &line[..at])
        }
        None => line,
    }
}

/// The reply lines and hang-ups in `outs`; waits and `AwaitTls` are left out.
fn transcript(outs: Vec<Out>) -> Vec<String> {
    let mut lines = Vec::new();
    for out in outs {
        match out {
            Out::Reply(reply) => lines.extend(reply.wire_lines().into_iter().map(normalise_line)),
            Out::Close => lines.push(CLOSE.to_string()),
            Out::Reset => lines.push(RESET.to_string()),
            Out::Wait(_) | Out::AwaitTls => {}
        }
    }
    lines
}

fn step(server: &mut Server, step: &str) -> Vec<Out> {
    if step == "<tls>" {
        server.tls_handshake()
    } else if let Some(secs) = step.strip_prefix("<idle ") {
        server.idle(secs.trim_end_matches('>').parse().unwrap())
    } else if let Some(raw) = step.strip_prefix("<raw>") {
        server.receive(raw.as_bytes())
    } else {
        server.receive(format!("{step}\r\n").as_bytes())
    }
}

/// Connects, plays `prelude` (its replies, the greeting included, are not checked) and returns
/// the server and everything it did in answer to `script`.
fn run_outs(config: Config, prelude: &[&str], script: &[&str]) -> (Server, Vec<Out>) {
    let (mut server, _greeting) = Server::connect(config);
    for s in prelude {
        let outs = step(&mut server, s);
        assert!(
            !outs.iter().any(|o| matches!(o, Out::Close | Out::Reset)),
            "the prelude step {s:?} ended the session: {outs:?}"
        );
    }
    let mut outs = Vec::new();
    for s in script {
        outs.extend(step(&mut server, s));
    }
    (server, outs)
}

fn run(config: Config, prelude: &[&str], script: &[&str]) -> Vec<String> {
    transcript(run_outs(config, prelude, script).1)
}

type Case<'a> = (Config, &'a [&'a str], &'a [&'a str], &'a [&'a str]);

/// Runs every (setup, prelude, input lines, expected reply lines) row.
fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for (config, prelude, script, expected) in cases {
        let got = run(config.clone(), prelude, script);
        if got != *expected {
            failures.push(format!(
                "prelude {prelude:?}\n  script   {script:?}\n  expected {expected:?}\n  model    {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Byte-level variant: the chunks go to `receive` exactly as given, after `prelude`.
fn run_bytes(config: Config, prelude: &[&str], chunks: &[&[u8]]) -> Vec<String> {
    let (mut server, _) = run_outs(config, prelude, &[]);
    let mut outs = Vec::new();
    for chunk in chunks {
        outs.extend(server.receive(chunk));
    }
    transcript(outs)
}

fn cat<'a>(parts: &[&[&'a str]]) -> Vec<&'a str> {
    parts.concat()
}

/// For each reply: the total `Wait` the server put before it, and its wire lines.
fn waits(outs: &[Out]) -> Vec<(u32, Vec<String>)> {
    let mut result = Vec::new();
    let mut pending = 0;
    for out in outs {
        match out {
            Out::Wait(ms) => pending += ms,
            Out::Reply(reply) => {
                result.push((pending, reply.wire_lines()));
                pending = 0;
            }
            _ => {}
        }
    }
    result
}

// ------------------------------------------------------------------------------------------------
// §2 Greeting, EHLO/HELO
// ------------------------------------------------------------------------------------------------

#[test]
fn s2_greeting_on_every_port() {
    // facts §2: `220 mail.example.test ESMTP Postfix (Debian/GNU)`, no enhanced code.
    // facts §1 + README: 2525 is a copy of 587; 465 greets only inside TLS
    // (465_implicit_tls_auth_plain_happy).
    for port in [Port::P25, Port::P587, Port::P2525] {
        let (_, outs) = Server::connect(port.server_config());
        assert_eq!(transcript(outs), [GREETING], "{port:?}");
    }
    assert_eq!(Port::P2525.server_config(), Port::P587.server_config());
    let (mut server, outs) = Server::connect(Port::P465.server_config());
    assert!(outs.is_empty(), "465 says nothing before the handshake");
    assert!(server.awaits_tls());
    assert_eq!(transcript(server.tls_handshake()), [GREETING]);
}

#[test]
fn s2_ehlo_keyword_lists() {
    // facts §2, recordings 25_ehlo_caps_before_after_starttls,
    // 587_ehlo_caps_before_after_starttls_and_auth, 2525_ehlo_caps_..., 465_ehlo_caps_implicit_tls.
    let ehlo = &["EHLO client.example.test"][..];
    check(&[
        (mx(), NONE, ehlo, EHLO_PLAIN),
        (trusted(), NONE, ehlo, EHLO_PLAIN),
        (mx(), TLS25, ehlo, EHLO_25_TLS),
        (sub(), NONE, ehlo, EHLO_PLAIN),
        (sub(), &["EHLO c", "STARTTLS", "<tls>"], ehlo, EHLO_AUTH),
        (Port::P2525.server_config(), NONE, ehlo, EHLO_PLAIN),
        (
            Port::P2525.server_config(),
            &["EHLO c", "STARTTLS", "<tls>"],
            ehlo,
            EHLO_AUTH,
        ),
        // After a successful AUTH Postfix still lists AUTH.
        (sub(), AUTHED587, ehlo, EHLO_AUTH),
        (subs(), &["<tls>"], ehlo, EHLO_AUTH),
        (subs(), &["<tls>", AUTH_OK], ehlo, EHLO_AUTH),
        // 465: STARTTLS is not offered, and sending it anyway gets 554.
        (
            subs(),
            TLS465,
            &["STARTTLS"],
            &["554 5.5.1 Error: TLS already active"],
        ),
        // Notes §4: VRFY is listed unless disable_vrfy_command=yes.
        (
            mx_with(|c| c.disable_vrfy = true),
            NONE,
            ehlo,
            &[
                "250-mail.example.test",
                "250-PIPELINING",
                "250-SIZE 10240000",
                "250-ETRN",
                "250-STARTTLS",
                "250-ENHANCEDSTATUSCODES",
                "250-8BITMIME",
                "250-DSN",
                "250-SMTPUTF8",
                "250 CHUNKING",
            ],
        ),
    ]);
}

#[test]
fn s2_helo_and_ehlo() {
    check(&[
        // facts §2: HELO is one line with no extensions and no enhanced code (25_helo_smtp_happy).
        (
            trusted(),
            NONE,
            &["HELO client.example.test"],
            &["250 mail.example.test"],
        ),
        // facts §2: missing argument, no enhanced code.
        (mx(), NONE, &["EHLO"], &["501 Syntax: EHLO hostname"]),
        (mx(), NONE, &["HELO"], &["501 Syntax: HELO hostname"]),
        (mx(), NONE, &["ehlo"], &["501 Syntax: EHLO hostname"]),
        // Notes §4: no hostname validation; extra words are joined.
        (mx(), NONE, &["EHLO a b"], EHLO_PLAIN),
        (mx(), NONE, &["EHLO <script>"], EHLO_PLAIN),
        (mx(), NONE, &["HELO [IPv6:::1]"], &["250 mail.example.test"]),
        // facts §2 [587_helo_instead_of_ehlo]: STARTTLS and AUTH work after HELO.
        (
            sub(),
            NONE,
            &["HELO client.example.test", "STARTTLS", "<tls>", AUTH_OK],
            &["250 mail.example.test", TLS_READY, AUTH_SUCCESS],
        ),
        // facts §2 [25_helo_vs_ehlo]: a repeated HELO/EHLO drops the transaction.
        (
            trusted(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org>",
                "HELO client.example.test",
                "RCPT TO:<alice@example.test>",
            ],
            &[MAIL_OK, "250 mail.example.test", NEED_MAIL],
        ),
        (
            trusted(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "EHLO client.example.test",
                "DATA",
            ],
            &cat(&[&[MAIL_OK, RCPT_OK], EHLO_PLAIN, &[NEED_RCPT]]),
        ),
        // Notes §4: HELO/EHLO leave AUTH alone.
        (
            sub(),
            AUTHED587,
            &["EHLO client.example.test", AUTH_OK],
            &cat(&[EHLO_AUTH, &["503 5.5.1 Error: already authenticated"]]),
        ),
        (
            sub(),
            AUTHED587,
            &[
                "HELO client.example.test",
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<someone@example.org>",
            ],
            &["250 mail.example.test", MAIL_OK, RCPT_OK],
        ),
    ]);
}

#[test]
fn s2_mail_before_helo() {
    check(&[
        // facts §2 [25_mail_before_helo]: accepted by default.
        (
            trusted(),
            NONE,
            &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "Subject: x",
                "",
                "body",
                ".",
                "QUIT",
            ],
            &[MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE],
        ),
        // [25_mail_before_helo_helo_required]: VRFY needs no HELO.
        (
            mx_with(|c| {
                c.helo_required = true;
                c.client_trusted = true;
            }),
            NONE,
            &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "VRFY alice",
                "EHLO client.example.test",
                "MAIL FROM:<sender@example.org>",
                "QUIT",
            ],
            &cat(&[
                &[
                    "503 5.5.1 Error: send HELO/EHLO first",
                    NEED_MAIL,
                    "252 2.0.0 alice",
                ],
                EHLO_PLAIN,
                &[MAIL_OK, BYE, CLOSE],
            ]),
        ),
        // HELO satisfies smtpd_helo_required too.
        (
            mx_with(|c| c.helo_required = true),
            &["HELO client.example.test"],
            &["MAIL FROM:<sender@example.org>"],
            &[MAIL_OK],
        ),
    ]);
}

// ------------------------------------------------------------------------------------------------
// §3 STARTTLS
// ------------------------------------------------------------------------------------------------

#[test]
fn s3_starttls_replies() {
    check(&[
        // facts §3 table.
        (mx(), EHLO, &["STARTTLS"], &[TLS_READY]),
        (sub(), EHLO, &["STARTTLS"], &[TLS_READY]),
        (mx(), EHLO, &["starttls"], &[TLS_READY]),
        (
            mx(),
            EHLO,
            &["STARTTLS now"],
            &["501 5.5.4 Syntax: STARTTLS"],
        ),
        (
            mx(),
            TLS25,
            &["STARTTLS"],
            &["554 5.5.1 Error: TLS already active"],
        ),
        (
            subs(),
            &["<tls>"],
            &["STARTTLS"],
            &["554 5.5.1 Error: TLS already active"],
        ),
        // Notes §8: the argument check comes before "already active".
        (
            subs(),
            &["<tls>"],
            &["STARTTLS x"],
            &["501 5.5.4 Syntax: STARTTLS"],
        ),
        // facts §3: STARTTLS before EHLO is accepted (25 and 587).
        (mx(), NONE, &["STARTTLS"], &[TLS_READY]),
        (sub(), NONE, &["STARTTLS"], &[TLS_READY]),
        // [587_auth_without_ehlo_after_starttls]: no new EHLO needed after the handshake.
        (
            sub(),
            &["EHLO client.example.test", "STARTTLS", "<tls>"],
            &[
                AUTH_OK,
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@example.test>",
            ],
            &[AUTH_SUCCESS, MAIL_OK, RCPT_OK],
        ),
        // [25_starttls_happy]
        (
            trusted(),
            TLS25,
            &[
                "EHLO client.example.test",
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "Subject: x",
                "",
                "hi",
                ".",
                "QUIT",
            ],
            &cat(&[
                EHLO_25_TLS,
                &[MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE],
            ]),
        ),
    ]);
}

#[test]
fn s3_starttls_required_on_587() {
    // facts §3 and §1, recordings 587_mail_before_starttls, 587_auth_before_starttls,
    // swaks_587_no_tls_no_auth; notes §2 (command table: ETRN and XFORWARD have no PRE_TLS flag).
    check(&[(
        sub(),
        EHLO,
        &[
            "MAIL FROM:<alice@example.test>",
            "RCPT TO:<bob@example.test>",
            "DATA",
            "VRFY alice",
            "NOOP",
            "RSET",
            "BDAT 4 LAST",
            AUTH_OK,
            "AUTH LOGIN",
            "ETRN example.org",
            "XFORWARD NAME=x",
            "HELO client.example.test",
            "EHLO client.example.test",
            "QUIT",
        ],
        &cat(&[
            &[
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                OK,
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                "250 mail.example.test",
            ],
            EHLO_PLAIN,
            &[BYE, CLOSE],
        ]),
    )]);
    check(&[
        // Notes §2: unknown verbs get 500, not 530 (the unknown check comes first) ...
        (
            sub(),
            EHLO,
            &["HELP", "FOO bar", "EXPN staff"],
            &[NOT_RECOGNIZED, NOT_RECOGNIZED, NOT_RECOGNIZED],
        ),
        // ... and header-like lines or HTTP get the 221 hang-up even before TLS.
        (sub(), EHLO, &["From: x", "NOOP"], &[BREAK_RULES, CLOSE]),
        (sub(), EHLO, &["GET / HTTP/1.1"], &[BREAK_RULES, CLOSE]),
        // Notes §2: a pre-TLS BDAT gets 530 and its chunk octets are read as commands.
        (
            sub(),
            EHLO,
            &["<raw>BDAT 4 LAST\r\nNOOP\r\n"],
            &[MUST_STARTTLS, OK],
        ),
        // 2525 is a copy of 587 (README).
        (
            Port::P2525.server_config(),
            EHLO,
            &["MAIL FROM:<alice@example.test>"],
            &[MUST_STARTTLS],
        ),
    ]);
}

// Regression test for a model bug found by this suite (fixed since):
// XCLIENT has SMTPD_CMD_FLAG_PRE_TLS (smtpd.c:5504) and answers 501/503/550, but the model gives
// 530 before TLS and 550 always
#[test]
fn s3_xclient_passes_the_tls_gate() {
    // Notes §2 and correction 4: XCLIENT is allowed before TLS and then gets 550;
    // smtpd.c xclient_cmd(): in a transaction → 503, no argument → 501, else (not authorized) 550.
    check(&[
        (
            sub(),
            EHLO,
            &["XCLIENT NAME=spike.porcupine.org"],
            &["550 5.7.0 Error: insufficient authorization"],
        ),
        (
            mx(),
            EHLO,
            &["XCLIENT"],
            &["501 5.5.4 Syntax: XCLIENT attribute=value..."],
        ),
        (
            mx(),
            EHLO,
            &["XFORWARD"],
            &["501 5.5.4 Syntax: XFORWARD attribute=value..."],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org>", "XCLIENT NAME=x"],
            &[MAIL_OK, "503 5.5.1 Error: MAIL transaction in progress"],
        ),
    ]);
}

#[test]
fn s3_xclient_and_xforward_are_not_authorized() {
    // Notes §2: XCLIENT/XFORWARD from a client outside the authorized lists → 550 5.7.0.
    check(&[
        (
            mx(),
            EHLO,
            &["XCLIENT NAME=x"],
            &["550 5.7.0 Error: insufficient authorization"],
        ),
        (
            trusted(),
            TLS25,
            &["XFORWARD NAME=x"],
            &["550 5.7.0 Error: insufficient authorization"],
        ),
    ]);
}

#[test]
fn s3_starttls_injection_and_plaintext_after_220() {
    check(&[
        // facts §3 [25_starttls_plaintext_injection]: the pipelined RSET is thrown away; nothing
        // is answered inside TLS until the client speaks again.
        (
            trusted(),
            EHLO,
            &["<raw>STARTTLS\r\nVRFY alice\r\n", "<tls>", "VRFY bob"],
            &[TLS_READY, "252 2.0.0 bob"],
        ),
        (
            mx(),
            EHLO,
            &["<raw>STARTTLS\r\nRSET\r\n", "<tls>"],
            &[TLS_READY],
        ),
        // facts §3 [587_garbage_instead_of_tls_handshake]: plaintext after the 220 → RST, no bytes.
        (
            sub(),
            EHLO,
            &["STARTTLS", "EHLO client.example.test", "NOOP", "<tls>"],
            &[TLS_READY, RESET],
        ),
        (
            mx(),
            EHLO,
            &["STARTTLS", "QUIT", "QUIT"],
            &[TLS_READY, RESET],
        ),
    ]);
    // The 220 is followed by AwaitTls, and the server waits for a handshake.
    let (server, outs) = run_outs(sub(), EHLO, &["STARTTLS"]);
    assert!(
        matches!(outs.as_slice(), [Out::Reply(r), Out::AwaitTls] if r.wire_lines() == [TLS_READY]),
        "{outs:?}"
    );
    assert!(server.awaits_tls());
}

#[test]
fn s3_starttls_resets_transaction_helo_and_auth() {
    check(&[
        // Notes §8: no "transaction in progress" check; the transaction is dropped.
        (
            trusted(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "STARTTLS",
                "<tls>",
                "RCPT TO:<bob@example.test>",
                "DATA",
            ],
            &[MAIL_OK, RCPT_OK, TLS_READY, NEED_MAIL, NEED_RCPT],
        ),
        // Notes §4/§8: STARTTLS runs helo_reset, so the HELO name is forgotten.
        (
            mx_with(|c| c.helo_required = true),
            EHLO,
            &["STARTTLS", "<tls>", "MAIL FROM:<sender@example.org>"],
            &[TLS_READY, "503 5.5.1 Error: send HELO/EHLO first"],
        ),
        // Notes §8: the handshake resets SASL, so an AUTH from before TLS is discarded
        // (a listener with SASL and TLS only offered, smtpd_tls_auth_only=no).
        (
            mx_with(|c| c.sasl = true),
            EHLO,
            &[AUTH_OK, "STARTTLS", "<tls>", AUTH_OK],
            &[AUTH_SUCCESS, TLS_READY, AUTH_SUCCESS],
        ),
        // STARTTLS also leaves the BDAT error state (notes §10).
        (
            trusted(),
            EHLO,
            &[
                "<raw>BDAT 3\r\nabc",
                "STARTTLS",
                "<tls>",
                "MAIL FROM:<sender@example.org>",
            ],
            &[NEED_RCPT, TLS_READY, MAIL_OK],
        ),
    ]);
}

// ------------------------------------------------------------------------------------------------
// §4 AUTH
// ------------------------------------------------------------------------------------------------

#[test]
fn s4_auth_replies() {
    check(&[
        // facts §4 table; 587_starttls_auth_plain_happy, 587_starttls_auth_login_happy,
        // 587_starttls_auth_login_initial_response, 587_auth_edge_cases, 587_wrong_password_535.
        (sub(), TLS587, &[AUTH_OK], &[AUTH_SUCCESS]),
        (
            sub(),
            TLS587,
            &["auth plain AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl"],
            &[AUTH_SUCCESS],
        ),
        (
            sub(),
            TLS587,
            &["AUTH PLAIN", PLAIN_B64],
            &["334 ", AUTH_SUCCESS],
        ),
        (
            sub(),
            TLS587,
            &["AUTH LOGIN", USER_B64, PASS_B64],
            &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", AUTH_SUCCESS],
        ),
        (
            sub(),
            TLS587,
            &["AUTH LOGIN YWxpY2VAZXhhbXBsZS50ZXN0", PASS_B64],
            &["334 UGFzc3dvcmQ6", AUTH_SUCCESS],
        ),
        (sub(), TLS587, &[AUTH_WRONG], &[AUTH_FAILED]),
        (
            sub(),
            TLS587,
            &["AUTH LOGIN", USER_B64, "d3JvbmcgaG9yc2U="],
            &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", AUTH_FAILED],
        ),
        (
            sub(),
            TLS587,
            &["AUTH PLAIN AG5vYm9keUBleGFtcGxlLnRlc3QAeA=="],
            &[AUTH_FAILED],
        ),
        // Client cancels with '*' (RFC 4954 MUST be 501).
        (
            sub(),
            TLS587,
            &["AUTH PLAIN", "*"],
            &["334 ", "501 5.7.0 Authentication aborted"],
        ),
        (
            sub(),
            TLS587,
            &["AUTH LOGIN", "*"],
            &["334 VXNlcm5hbWU6", "501 5.7.0 Authentication aborted"],
        ),
        (
            sub(),
            TLS587,
            &["AUTH LOGIN", USER_B64, "*"],
            &[
                "334 VXNlcm5hbWU6",
                "334 UGFzc3dvcmQ6",
                "501 5.7.0 Authentication aborted",
            ],
        ),
        // Invalid base64 (a Postfix deviation: 535 instead of 501).
        (
            sub(),
            TLS587,
            &["AUTH PLAIN !!!notbase64!!!"],
            &["535 5.7.8 Error: authentication failed: Invalid base64 data in initial response"],
        ),
        (
            sub(),
            TLS587,
            &["AUTH LOGIN", "%%%"],
            &[
                "334 VXNlcm5hbWU6",
                "535 5.7.8 Error: authentication failed: Invalid base64 data in continued response",
            ],
        ),
        (
            sub(),
            TLS587,
            &["AUTH PLAIN", "%%%"],
            &[
                "334 ",
                "535 5.7.8 Error: authentication failed: Invalid base64 data in continued response",
            ],
        ),
        // Unsupported mechanism (a Postfix deviation: 535 instead of 504).
        (
            sub(),
            TLS587,
            &["AUTH CRAM-MD5"],
            &["535 5.7.8 Error: authentication failed: Invalid authentication mechanism"],
        ),
        (
            sub(),
            TLS587,
            &["AUTH"],
            &["501 5.5.4 Syntax: AUTH mechanism"],
        ),
        // Notes §9 step 7: argc > 3.
        (
            sub(),
            TLS587,
            &["AUTH PLAIN a b"],
            &["501 5.5.4 Syntax: AUTH mechanism"],
        ),
        // 587_auth_edge_cases: `=` is an empty initial response, which PLAIN refuses.
        (sub(), TLS587, &["AUTH PLAIN ="], &[AUTH_FAILED]),
        (
            sub(),
            TLS587,
            &["MAIL FROM:<alice@example.test>", "AUTH LOGIN"],
            &[MAIL_OK, "503 5.5.1 Error: MAIL transaction in progress"],
        ),
        (
            sub(),
            TLS587,
            &[AUTH_OK, AUTH_OK],
            &[AUTH_SUCCESS, "503 5.5.1 Error: already authenticated"],
        ),
        // After AUTH the client may relay (587_starttls_auth_plain_happy).
        (
            sub(),
            AUTHED587,
            &[
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@example.test>",
                "RCPT TO:<someone@example.org>",
                "DATA",
                "Subject: x",
                "",
                "hi",
                ".",
                "QUIT",
            ],
            &[MAIL_OK, RCPT_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE],
        ),
        // Port 25: no SASL at all, before and after TLS (25_auth_not_enabled).
        (
            mx(),
            EHLO,
            &[AUTH_OK],
            &["503 5.5.1 Error: authentication not enabled"],
        ),
        (
            trusted(),
            TLS25,
            &[AUTH_OK],
            &["503 5.5.1 Error: authentication not enabled"],
        ),
        // 587 before TLS: the STARTTLS gate wins (587_auth_before_starttls).
        (
            sub(),
            EHLO,
            &[AUTH_OK, "AUTH LOGIN"],
            &[MUST_STARTTLS, MUST_STARTTLS],
        ),
        // smtpd_tls_auth_only=yes with TLS only offered (25_auth_before_starttls_tls_auth_only_level_may).
        (
            mx_with(|c| {
                c.sasl = true;
                c.tls_auth_only = true;
                c.client_trusted = true;
            }),
            EHLO,
            &[
                AUTH_OK,
                "MAIL FROM:<alice@example.test>",
                "RSET",
                "STARTTLS",
                "<tls>",
                AUTH_OK,
            ],
            &[
                "503 5.5.1 Error: authentication not enabled",
                MAIL_OK,
                OK,
                TLS_READY,
                AUTH_SUCCESS,
            ],
        ),
        // Notes §9 step 1.
        (
            Config {
                helo_required: true,
                ..subs()
            },
            &["<tls>"],
            &[AUTH_OK],
            &["503 5.5.1 Error: send HELO/EHLO first"],
        ),
    ]);
}

#[test]
fn s4_implicit_tls_465() {
    check(&[
        // 465_implicit_tls_auth_plain_happy, swaks_465_protocol_SSMTPA_auth_login.
        (
            subs(),
            TLS465,
            &[
                AUTH_OK,
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@example.test>",
                "DATA",
                "Subject: x",
                "",
                "hi",
                ".",
                "QUIT",
            ],
            &[AUTH_SUCCESS, MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE],
        ),
        (
            subs(),
            TLS465,
            &["AUTH LOGIN", USER_B64, PASS_B64],
            &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", AUTH_SUCCESS],
        ),
        // facts §4: "On 465 the result is the same after a failed AUTH".
        (
            subs(),
            TLS465,
            &[
                AUTH_WRONG,
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@example.test>",
                "DATA",
            ],
            &[
                AUTH_FAILED,
                MAIL_OK,
                "554 5.7.1 <bob@example.test>: Recipient address rejected: Access denied",
                NO_VALID_RCPT,
            ],
        ),
    ]);
}

#[test]
fn s4_mail_on_587_without_auth() {
    // facts §4 "MAIL on 587 without AUTH" [587_mail_without_auth, swaks_587_starttls_no_auth].
    check(&[
        (
            sub(),
            TLS587,
            &[
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@example.test>",
                "RCPT TO:<someone@example.org>",
                "DATA",
                "QUIT",
            ],
            &[
                MAIL_OK,
                "554 5.7.1 <bob@example.test>: Recipient address rejected: Access denied",
                "554 5.7.1 <someone@example.org>: Recipient address rejected: Access denied",
                NO_VALID_RCPT,
                BYE,
                CLOSE,
            ],
        ),
        // swaks_587_no_tls_no_auth: before STARTTLS the 530 comes at MAIL.
        (
            sub(),
            EHLO,
            &["MAIL FROM:<alice@example.test>"],
            &[MUST_STARTTLS],
        ),
    ]);
}

#[test]
fn s4_auth_failure_delay_and_penalty() {
    // facts §4 timing: a failure answers after ≈1.5–2.0 s (auth_failure_delay=2s); the next
    // correct AUTH after failures takes ≈4.0 s (587_wrong_password_535); without earlier failures
    // AUTH answers at once.
    let (_, outs) = run_outs(sub(), TLS587, &[AUTH_OK]);
    assert_eq!(
        waits(&outs),
        [(0, vec![AUTH_SUCCESS.to_string()])],
        "no delay without failures"
    );

    let (_, outs) = run_outs(
        sub(),
        TLS587,
        &[
            AUTH_WRONG,
            "AUTH LOGIN",
            USER_B64,
            "d3JvbmcgaG9yc2U=",
            AUTH_OK,
        ],
    );
    let replies = waits(&outs);
    let lines: Vec<&str> = replies.iter().map(|(_, l)| l[0].as_str()).collect();
    assert_eq!(
        lines,
        [
            AUTH_FAILED,
            "334 VXNlcm5hbWU6",
            "334 UGFzc3dvcmQ6",
            AUTH_FAILED,
            AUTH_SUCCESS
        ]
    );
    for i in [0, 3] {
        assert!(
            (1500..=2000).contains(&replies[i].0),
            "a failed AUTH answers after 1.5–2 s: {replies:?}"
        );
    }
    assert!(
        (3500..=4500).contains(&replies[4].0),
        "the correct AUTH after failures waits ≈4 s (auth penalty): {replies:?}"
    );

    // 465 as well: swaks_465_tls_on_connect_auth_plain took 4.1 s after one failure.
    let (_, outs) = run_outs(subs(), TLS465, &[AUTH_WRONG, AUTH_OK]);
    let replies = waits(&outs);
    assert!((1500..=2000).contains(&replies[0].0), "{replies:?}");
    assert!((3500..=4500).contains(&replies[1].0), "{replies:?}");
}

// Regression test for a model bug found by this suite (fixed since):
// the AUTH response is trimmed; Postfix compares it to "*" exactly (smtpd_sasl_glue.c:335) and
// rejects the space as base64 (xsasl_dovecot_server.c:624-636, 726)
#[test]
fn s4_auth_cancel_is_an_exact_star() {
    // smtp_get() strips only the CR LF; "* " is then not "*", and is_valid_base64() refuses the
    // space: "Invalid base64 data in continued response".
    check(&[(
        sub(),
        TLS587,
        &["AUTH PLAIN", "* "],
        &[
            "334 ",
            "535 5.7.8 Error: authentication failed: Invalid base64 data in continued response",
        ],
    )]);
}

// ------------------------------------------------------------------------------------------------
// §5 Transaction sequencing and basic commands
// ------------------------------------------------------------------------------------------------

#[test]
fn s5_transaction_sequencing() {
    check(&[
        // facts §5 table; 25_plain_happy, 25_data_before_mail_and_rcpt.
        (
            trusted(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "Subject: x",
                "",
                "hello",
                ".",
                "QUIT",
            ],
            &[MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE],
        ),
        (
            trusted(),
            EHLO,
            &["RCPT TO:<alice@example.test>"],
            &[NEED_MAIL],
        ),
        (trusted(), EHLO, &["DATA"], &[NEED_RCPT]),
        (
            trusted(),
            EHLO,
            &["DATA", "MAIL FROM:<sender@example.org>", "DATA", "QUIT"],
            &[NEED_RCPT, MAIL_OK, NO_VALID_RCPT, BYE, CLOSE],
        ),
        // No *accepted* recipient: 554 as well (25_body_sent_after_rejected_data).
        (
            mx(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<nosuchuser@example.test>",
                "DATA",
            ],
            &[MAIL_OK, UNKNOWN_USER, NO_VALID_RCPT],
        ),
        (
            trusted(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org>",
                "MAIL FROM:<sender@example.org>",
            ],
            &[MAIL_OK, "503 5.5.1 Error: nested MAIL command"],
        ),
        // RSET, with and without an argument; it ends the transaction.
        (
            trusted(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org>",
                "RSET",
                "RCPT TO:<alice@example.test>",
                "RSET x",
            ],
            &[MAIL_OK, OK, NEED_MAIL, "501 5.5.4 Syntax: RSET"],
        ),
        // NOOP ignores its arguments.
        (
            mx(),
            EHLO,
            &["NOOP", "NOOP hello there", "noop"],
            &[OK, OK, OK],
        ),
        // QUIT, QUIT extra, QUIT in a transaction; nothing after the close is answered.
        (mx(), EHLO, &["QUIT", "NOOP"], &[BYE, CLOSE]),
        (mx(), EHLO, &["QUIT extra"], &[BYE, CLOSE]),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<sender@example.org>", "QUIT"],
            &[MAIL_OK, BYE, CLOSE],
        ),
        (mx(), NONE, &["QUIT"], &[BYE, CLOSE]),
    ]);
}

#[test]
fn s5_queue_ids_differ_between_messages() {
    // facts §5: `250 2.0.0 Ok: queued as 2C1B4E68EA`; every message gets its own queue ID.
    let message = [
        "MAIL FROM:<sender@example.org>",
        "RCPT TO:<alice@example.test>",
        "DATA",
        "Subject: x",
        "",
        "hi",
        ".",
    ];
    let script: Vec<&str> = message.iter().chain(message.iter()).copied().collect();
    let (_, outs) = run_outs(trusted(), EHLO, &script);
    let ids: Vec<String> = outs
        .iter()
        .filter_map(|o| match o {
            Out::Reply(r) => r.wire_lines()[0]
                .strip_prefix("250 2.0.0 Ok: queued as ")
                .map(String::from),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), 2, "{outs:?}");
    assert_ne!(ids[0], ids[1]);
}

#[test]
fn s5_data_argument_is_checked_after_the_recipients() {
    // Notes §6: `DATA x` gets 503/554 when the recipient check fails first, 501 otherwise.
    check(&[
        (trusted(), EHLO, &["DATA x"], &[NEED_RCPT]),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<sender@example.org>", "DATA x"],
            &[MAIL_OK, NO_VALID_RCPT],
        ),
        (
            trusted(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA x",
                "DATA",
            ],
            &[MAIL_OK, RCPT_OK, "501 5.5.4 Syntax: DATA", GO_AHEAD],
        ),
    ]);
}

#[test]
fn s5_vrfy() {
    check(&[
        // facts §5 table; notes §7 (VRFY echoes its argument as sent).
        (trusted(), EHLO, &["VRFY alice"], &["252 2.0.0 alice"]),
        (mx(), EHLO, &["VRFY alice"], &["252 2.0.0 alice"]),
        (
            trusted(),
            EHLO,
            &["VRFY <alice@example.test>"],
            &["252 2.0.0 <alice@example.test>"],
        ),
        (
            trusted(),
            EHLO,
            &["VRFY alice@example.test"],
            &["252 2.0.0 alice@example.test"],
        ),
        (
            mx(),
            EHLO,
            &["VRFY nosuchuser@example.test"],
            &[UNKNOWN_USER],
        ),
        (
            mx(),
            EHLO,
            &["VRFY"],
            &["501 5.5.4 Syntax: VRFY address [SMTPUTF8]"],
        ),
        (
            mx(),
            EHLO,
            &["VRFY SMTPUTF8"],
            &["501 5.5.4 Syntax: VRFY address [SMTPUTF8]"],
        ),
        (mx(), EHLO, &["VRFY alice SMTPUTF8"], &["252 2.0.0 alice"]),
        (
            mx(),
            EHLO,
            &["VRFY <>"],
            &["501 5.1.3 Bad recipient address syntax"],
        ),
        (
            mx(),
            EHLO,
            &["VRFY alice bob"],
            &["501 5.1.3 Bad recipient address syntax"],
        ),
        // 25_vrfy_disabled.
        (
            mx_with(|c| c.disable_vrfy = true),
            EHLO,
            &["VRFY alice"],
            &["502 5.5.1 VRFY command is disabled"],
        ),
        // Notes §7: relay policy applies; postmaster bypasses it.
        (
            trusted(),
            EHLO,
            &["VRFY bob@example.org"],
            &["252 2.0.0 bob@example.org"],
        ),
        (
            mx(),
            EHLO,
            &["VRFY bob@example.org"],
            &["554 5.7.1 <bob@example.org>: Relay access denied"],
        ),
        (mx(), EHLO, &["VRFY postmaster"], &["252 2.0.0 postmaster"]),
        (
            sub(),
            TLS587,
            &["VRFY alice@example.test"],
            &["554 5.7.1 <alice@example.test>: Recipient address rejected: Access denied"],
        ),
        (
            sub(),
            TLS587,
            &["VRFY postmaster"],
            &["252 2.0.0 postmaster"],
        ),
        // Not blocked inside a transaction.
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<sender@example.org>", "VRFY bob"],
            &[MAIL_OK, "252 2.0.0 bob"],
        ),
    ]);
}

// Regression test for a model bug found by this suite (fixed since):
// VRFY skips strict_smtputf8 (smtpd.c vrfy_cmd: 553 5.6.7) and always parses as if SMTPUTF8 were
// given (extract_addr(..., smtputf8=0) refuses a non-ASCII domain)
#[test]
fn s5_vrfy_and_smtputf8() {
    check(&[
        // Notes §7 VRFY step 7: strict_smtputf8 → 553 unless the SMTPUTF8 keyword was given.
        (
            mx_with(|c| c.strict_smtputf8 = true),
            EHLO,
            &["VRFY jörg@example.test"],
            &["553 5.6.7 Must declare SMTPUTF8 to send unicode address"],
        ),
        (
            mx_with(|c| c.strict_smtputf8 = true),
            EHLO,
            &["VRFY jörg@example.test SMTPUTF8"],
            &["252 2.0.0 jörg@example.test"],
        ),
        // Notes §3 "Non-ASCII addresses": smtpd_check_addr() refuses a non-ASCII domain without
        // SMTPUTF8, so extract_addr() fails → 501 5.1.3.
        (
            trusted(),
            EHLO,
            &["VRFY bob@bücher.example"],
            &["501 5.1.3 Bad recipient address syntax"],
        ),
    ]);
}

#[test]
fn s5_etrn() {
    check(&[
        // facts §5 [25_etrn]: no enhanced codes at all.
        (mx(), EHLO, &["ETRN"], &["500 Syntax: ETRN domain"]),
        (
            mx(),
            EHLO,
            &["ETRN example.org"],
            &["459 <example.org>: service unavailable"],
        ),
        (
            trusted(),
            EHLO,
            &["ETRN example.test"],
            &["459 <example.test>: service unavailable"],
        ),
        // Notes §7: a leading @ or # is stripped; two arguments is a syntax error.
        (
            mx(),
            EHLO,
            &["ETRN @example.org", "ETRN #example.org"],
            &[
                "459 <example.org>: service unavailable",
                "459 <example.org>: service unavailable",
            ],
        ),
        (mx(), EHLO, &["ETRN a b"], &["500 Syntax: ETRN domain"]),
        (
            mx(),
            EHLO,
            &["ETRN -bad-"],
            &["501 Error: invalid parameter syntax"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<sender@example.org>", "ETRN example.org"],
            &[MAIL_OK, "503 Error: MAIL transaction in progress"],
        ),
        (
            mx_with(|c| c.helo_required = true),
            NONE,
            &["ETRN example.org"],
            &["503 Error: send HELO/EHLO first"],
        ),
    ]);
}

// Regression test for a model bug found by this suite (fixed since):
// ETRN's domain check is not Postfix's valid_hostname()/valid_mailhost_literal(): it drops a
// trailing dot, allows all-numeric names and non-ASCII letters, and refuses [address] literals
// (util/valid_hostname.c, global/valid_mailhost_addr.c)
#[test]
fn s5_etrn_domain_syntax() {
    // smtpd.c etrn_cmd(): `!valid_hostname(..) && !valid_mailhost_literal(..)` → 501; otherwise
    // flush_send_site() refuses every site here (fast_flush_domains = $relay_domains = empty) → 459.
    check(&[
        (
            mx(),
            EHLO,
            &["ETRN example.org."],
            &["501 Error: invalid parameter syntax"],
        ),
        (
            mx(),
            EHLO,
            &["ETRN 192.0.2.1"],
            &["501 Error: invalid parameter syntax"],
        ),
        (
            mx(),
            EHLO,
            &["ETRN bücher.example"],
            &["501 Error: invalid parameter syntax"],
        ),
        (
            mx(),
            EHLO,
            &["ETRN [192.0.2.1]"],
            &["459 <[192.0.2.1]>: service unavailable"],
        ),
    ]);
}

#[test]
fn s5_unknown_commands_and_empty_lines() {
    // facts §5; 25_unknown_command, 25_help; notes §2 (HELP, EXPN, TURN, SEND, SOML, SAML).
    check(&[(
        mx(),
        EHLO,
        &[
            "FOO bar",
            "XYZZY",
            "EXPN staff",
            "TURN",
            "SEND FROM:<sender@example.org>",
            "HELP",
            "HELP MAIL",
            "SOML FROM:<a@example.org>",
            "SAML FROM:<a@example.org>",
            "",
            "   ",
            "\t",
            "hello",
            "Hello world",
            "Subject : x",
            "QUIT",
        ],
        &[
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            BAD_SYNTAX,
            BAD_SYNTAX,
            BAD_SYNTAX,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            BYE,
            CLOSE,
        ],
    )]);
}

// Regression test for a model bug found by this suite (fixed since):
// words are split on Unicode whitespace; Postfix's tokenizer splits on ASCII whitespace only
// (ISSPACE = isascii && isspace, smtpd_token.c)
#[test]
fn s5_only_ascii_whitespace_separates_words() {
    // "NOOP<U+00A0>x" is one token for smtpd_token(); it is not a known verb and starts with a
    // letter, so the reply is 500 command not recognized.
    check(&[
        (mx(), EHLO, &["NOOP\u{a0}x"], &[NOT_RECOGNIZED]),
        (mx(), EHLO, &["QUIT\u{3000}now"], &[NOT_RECOGNIZED]),
    ]);
}

#[test]
fn s5_non_smtp_lines_get_221_and_close() {
    // facts §5 [25_body_sent_after_rejected_data]; notes §6 (is_header, smtpd_forbidden_commands
    // default `CONNECT GET POST regexp:{{/^[^A-Z]/ Bogus}}`).
    let mut cases: Vec<Case> = Vec::new();
    for line in [
        "From: Sender <sender@example.org>",
        "To:",
        "Received: from x",
        "Message-ID: <x@y>",
        "GET / HTTP/1.1",
        "get /index.html",
        "POST /login HTTP/1.1",
        "CONNECT mail.example.test:25 HTTP/1.1",
        ".",
        "..",
        "--boundary",
        "123",
        "<html>",
        "{",
        ":foo",
        "😀 hi",
        "éclair",
    ] {
        cases.push((mx(), EHLO, vec_leak(&[line, "NOOP"]), &[BREAK_RULES, CLOSE]));
    }
    // Before TLS on 587 too (the check precedes the TLS gate), and after DATA was refused.
    cases.push((sub(), EHLO, &["CONNECT x:25"], &[BREAK_RULES, CLOSE]));
    cases.push((
        mx(),
        EHLO,
        &[
            "MAIL FROM:<sender@example.org>",
            "RCPT TO:<nosuchuser@example.test>",
            "DATA",
            "From: Sender <sender@example.org>",
            "Subject: this should never have been sent",
            "QUIT",
        ],
        &[MAIL_OK, UNKNOWN_USER, NO_VALID_RCPT, BREAK_RULES, CLOSE],
    ));
    // Notes §6 (c): a body line that starts with a command word is run as that command, and an
    // empty body line is just a syntax error.
    cases.push((
        trusted(),
        EHLO,
        &["", "Mail from: <someone@example.org>"],
        &[BAD_SYNTAX, MAIL_OK],
    ));
    check(&cases);
}

// Regression test for a model bug found by this suite (fixed since):
// is_header() is only true for a word that ends in ':'; Postfix's is_header() accepts
// `Name:anything` (global/is_header.c)
#[test]
fn s5_header_with_text_glued_to_the_colon_gets_221() {
    // Notes §6 (a): `Subject:hi` and `X-Foo:bar` fire (the token is "Subject:hi"; is_header()
    // returns at the first ':' after printable non-space characters). `From:x` is split into
    // "From:" and "x" by smtpd_token() (a ':' ends a token that is exactly "from:" or "to:").
    check(&[
        (mx(), EHLO, &["From:x"], &[BREAK_RULES, CLOSE]),
        (
            mx(),
            EHLO,
            &["to:<alice@example.test>"],
            &[BREAK_RULES, CLOSE],
        ),
        (mx(), EHLO, &["Subject:hi"], &[BREAK_RULES, CLOSE]),
        (mx(), EHLO, &["X-Foo:bar"], &[BREAK_RULES, CLOSE]),
    ]);
}

/// A `'static` slice for table rows built in a loop (tests only; the leak is harmless).
fn vec_leak(lines: &[&'static str]) -> &'static [&'static str] {
    Box::leak(lines.to_vec().into_boxed_slice())
}

// ------------------------------------------------------------------------------------------------
// §5 Error counting, tarpit, hard limit (notes §1)
// ------------------------------------------------------------------------------------------------

fn errors(n: usize) -> Vec<&'static str> {
    vec!["FOO"; n]
}

#[test]
fn s5_tarpit_after_ten_errors() {
    // facts §5 "11th and later error: each reply delayed by 1 s"; notes §1: the sleep comes
    // before *every* reply once error_count ≥ 10 (success replies included), per reply line.
    let script = cat(&[
        &errors(10),
        &["NOOP", "EHLO client.example.test", "FOO", "VRFY alice"],
    ]);
    let (_, outs) = run_outs(mx(), EHLO, &script);
    let replies = waits(&outs);
    assert_eq!(replies.len(), 14, "{replies:?}");
    for (wait, lines) in &replies[..10] {
        assert_eq!(
            (*wait, lines.as_slice()),
            (0, [NOT_RECOGNIZED.to_string()].as_slice())
        );
    }
    assert_eq!(replies[10], (1000, vec![OK.to_string()]));
    assert_eq!(replies[11].1, EHLO_PLAIN);
    assert_eq!(replies[11].0, 1000 * EHLO_PLAIN.len() as u32);
    assert_eq!(replies[12], (1000, vec![NOT_RECOGNIZED.to_string()]));
    assert_eq!(replies[13], (1000, vec!["252 2.0.0 alice".to_string()]));
}

#[test]
fn s5_twentieth_error_ends_the_session_at_once() {
    // Notes §1 correction: after the 20th error reply, 421 follows unsolicited (itself delayed by
    // the tarpit) and the connection closes; no 21st command is read.
    let (mut server, outs) = run_outs(mx(), EHLO, &errors(19));
    assert!(!outs.iter().any(|o| matches!(o, Out::Close)));
    let outs = server.receive(b"FOO\r\n");
    assert_eq!(
        outs,
        [
            Out::Wait(1000),
            Out::Reply(reply(500, "5.5.2", "Error: command not recognized")),
            Out::Wait(1000),
            Out::Reply(reply(
                421,
                "4.7.0",
                "mail.example.test Error: too many errors"
            )),
            Out::Close,
        ]
    );
    assert!(server.is_closed());
    assert!(server.receive(b"NOOP\r\n").is_empty());

    // A pipelined 21st command is never answered.
    let (_, outs) = run_outs(
        mx(),
        EHLO,
        &cat(&[&errors(19), &["<raw>FOO\r\nNOOP\r\nQUIT\r\n"]]),
    );
    assert_eq!(
        transcript(outs)[19..],
        [NOT_RECOGNIZED, TOO_MANY_ERRORS, CLOSE]
    );
}

fn reply(code: u16, enhanced: &'static str, text: &str) -> smtp_sim::Reply {
    smtp_sim::Reply::new(code, enhanced, text)
}

#[test]
fn s5_what_counts_as_an_error() {
    // Notes §1: 530s, 5xx from handlers, RCPT rejections, AUTH failures count; 20 of them → 421.
    let hard_limit = |config: Config, prelude: &[&str], line: &str, reply: &str| {
        let script = vec![line; 20];
        let got = run(config, prelude, &script);
        let mut expected = vec![reply; 20];
        expected.extend([TOO_MANY_ERRORS, CLOSE]);
        assert_eq!(got, expected, "{line}");
    };
    hard_limit(sub(), EHLO, "MAIL FROM:<alice@example.test>", MUST_STARTTLS);
    hard_limit(mx(), EHLO, "", BAD_SYNTAX);
    hard_limit(mx(), EHLO, "RSET x", "501 5.5.4 Syntax: RSET");
    hard_limit(mx(), EHLO, "DATA", NEED_RCPT);
    hard_limit(
        mx(),
        &["EHLO c", "MAIL FROM:<sender@example.org>"],
        "RCPT TO:<nosuchuser@example.test>",
        UNKNOWN_USER,
    );
    hard_limit(
        mx(),
        EHLO,
        "ETRN example.org",
        "459 <example.org>: service unavailable",
    );
    hard_limit(
        sub(),
        TLS587,
        "AUTH CRAM-MD5",
        "535 5.7.8 Error: authentication failed: Invalid authentication mechanism",
    );
    hard_limit(
        subs(),
        TLS465,
        "STARTTLS",
        "554 5.5.1 Error: TLS already active",
    );

    // An error in the middle of AUTH counts too: 19 errors, then a cancelled AUTH → 421.
    let got = run(sub(), TLS587, &cat(&[&errors(19), &["AUTH PLAIN", "*"]]));
    assert_eq!(
        got[19..],
        [
            "334 ",
            "501 5.7.0 Authentication aborted",
            TOO_MANY_ERRORS,
            CLOSE
        ]
    );
}

#[test]
fn s5_successes_and_resets_do_not_clear_the_error_count() {
    // Notes §1: only a queued message resets the counter; RSET, EHLO, STARTTLS and a successful
    // AUTH do not. 19 errors, then those commands, then one more error → 421.
    let got = run(
        mx(),
        EHLO,
        &cat(&[
            &errors(19),
            &[
                "RSET",
                "STARTTLS",
                "<tls>",
                "EHLO client.example.test",
                "NOOP",
                "FOO",
            ],
        ]),
    );
    assert_eq!(
        got[19..],
        cat(&[
            &[OK, TLS_READY],
            EHLO_25_TLS,
            &[OK, NOT_RECOGNIZED, TOO_MANY_ERRORS, CLOSE],
        ])
    );
    let got = run(
        subs(),
        TLS465,
        &cat(&[
            &errors(18),
            &[
                AUTH_OK,
                "RSET",
                "EHLO client.example.test",
                "NOOP",
                "FOO",
                "FOO",
            ],
        ]),
    );
    assert_eq!(
        got[18..],
        cat(&[
            &[AUTH_SUCCESS, OK],
            EHLO_AUTH,
            &[OK, NOT_RECOGNIZED, NOT_RECOGNIZED, TOO_MANY_ERRORS, CLOSE],
        ])
    );
}

#[test]
fn s5_a_queued_message_resets_the_error_count() {
    // Notes §1 (smtpd.c 3795-3798): error_count = 0 before the "queued as" reply is sent, so
    // that reply is not delayed; 19 more errors are then allowed.
    let message = [
        "MAIL FROM:<sender@example.org>",
        "RCPT TO:<alice@example.test>",
        "DATA",
        "Subject: x",
        "",
        "hi",
        ".",
    ];
    let script = cat(&[&errors(15), &message, &["NOOP"], &errors(19)]);
    let (mut server, outs) = run_outs(trusted(), EHLO, &script);
    let replies = waits(&outs);
    // MAIL, RCPT, DATA are still delayed ...
    assert_eq!(replies[15], (1000, vec![MAIL_OK.to_string()]));
    assert_eq!(replies[17], (1000, vec![GO_AHEAD.to_string()]));
    // ... the queued reply and what follows are not.
    assert_eq!(normalise_line(replies[18].1[0].clone()), QUEUED);
    assert_eq!(replies[18].0, 0);
    assert_eq!(replies[19], (0, vec![OK.to_string()]));
    assert!(replies[20..30].iter().all(|(w, _)| *w == 0), "{replies:?}");
    assert!(
        replies[30..39].iter().all(|(w, _)| *w == 1000),
        "{replies:?}"
    );
    assert!(
        !server.is_closed(),
        "19 errors after the reset are below the limit"
    );
    assert_eq!(
        transcript(server.receive(b"FOO\r\n")),
        [NOT_RECOGNIZED, TOO_MANY_ERRORS, CLOSE]
    );

    // BDAT LAST resets it as well.
    let script = cat(&[
        &errors(19),
        &[
            "MAIL FROM:<sender@example.org>",
            "RCPT TO:<alice@example.test>",
            "<raw>BDAT 4 LAST\r\nhi\r\n",
            "FOO",
        ],
    ]);
    let got = run(trusted(), EHLO, &script);
    assert_eq!(
        got[19..],
        [
            MAIL_OK,
            RCPT_OK,
            "250 2.0.0 Ok: 4 bytes queued as <ID>",
            NOT_RECOGNIZED
        ]
    );
}

#[test]
fn s5_too_many_recipients_is_not_an_error() {
    // Notes §1/§5 RCPT step 8: 452 4.5.3 after smtpd_recipient_limit=1000; not counted.
    let mut script = vec!["MAIL FROM:<sender@example.org>"];
    script.extend(vec!["RCPT TO:<alice@example.test>"; 1000]);
    script.extend(vec!["RCPT TO:<bob@example.test>"; 25]);
    let got = run(trusted(), EHLO, &script);
    assert_eq!(got.len(), 1026, "no 421: {:?}", &got[1000..]);
    assert!(got[1..1001].iter().all(|l| l == RCPT_OK));
    assert!(got[1001..]
        .iter()
        .all(|l| l == "452 4.5.3 Error: too many recipients"));
}

#[test]
fn s5_junk_commands_become_errors_after_100() {
    // Notes §1: HELO, EHLO, RSET, NOOP, VRFY, ETRN: from the 102nd such command on, each adds an
    // error (`junk_cmds++ > 100`). So the 121st NOOP makes the 20th error → 421 after its reply.
    let got = run(mx(), NONE, &vec!["NOOP"; 122]);
    let mut expected = vec![OK; 121];
    expected.extend([TOO_MANY_ERRORS, CLOSE]);
    assert_eq!(got, expected);
}

// Regression test for a model bug found by this suite (fixed since):
// the junk-command error is counted before the command's reply; smtpd.c:5961-5967 counts it after
// the action, so that reply is not yet tarpitted
#[test]
fn s5_junk_command_error_comes_after_its_reply() {
    // 9 errors, then NOOPs: the 102nd NOOP is answered at error_count 9 (no sleep) and only then
    // raises it to 10; the 103rd NOOP's reply is the first one delayed.
    let script = cat(&[&errors(9), &vec!["NOOP"; 103]]);
    let (_, outs) = run_outs(mx(), NONE, &script);
    let replies = waits(&outs);
    assert_eq!(replies[9 + 101], (0, vec![OK.to_string()]), "102nd NOOP");
    assert_eq!(replies[9 + 102], (1000, vec![OK.to_string()]), "103rd NOOP");
}

// ------------------------------------------------------------------------------------------------
// §5 Idle timeout
// ------------------------------------------------------------------------------------------------

#[test]
fn s5_idle_timeout() {
    check(&[
        // facts §5 [25_idle_timeout_after_banner, 25_idle_timeout_during_data].
        (mx(), NONE, &["<idle 300>"], &[TIMEOUT, CLOSE]),
        (mx(), NONE, &["<idle 299>", "NOOP"], &[OK]),
        (mx(), EHLO, &["<idle 3600>", "NOOP"], &[TIMEOUT, CLOSE]),
        (
            trusted(),
            IN_DATA,
            &["Subject: never finished", "", "partial body", "<idle 300>"],
            &[TIMEOUT, CLOSE],
        ),
        // Notes §11: any read times out the same way: AUTH continuation, BDAT chunk.
        (
            sub(),
            TLS587,
            &["AUTH LOGIN", "<idle 300>"],
            &["334 VXNlcm5hbWU6", TIMEOUT, CLOSE],
        ),
        (
            trusted(),
            &[
                "EHLO c",
                "MAIL FROM:<a@example.org>",
                "RCPT TO:<alice@example.test>",
            ],
            &["<raw>BDAT 10\r\nabc", "<idle 300>"],
            &[TIMEOUT, CLOSE],
        ),
        (subs(), TLS465, &["<idle 300>"], &[TIMEOUT, CLOSE]),
        // Notes §11 / facts §11: a TLS handshake that never comes: closed with no SMTP reply.
        (subs(), NONE, &["<idle 300>"], &[CLOSE]),
        (
            sub(),
            EHLO,
            &["STARTTLS", "<idle 300>"],
            &[TLS_READY, CLOSE],
        ),
    ]);
}

// ------------------------------------------------------------------------------------------------
// §6 Addresses, relay, syntax
// ------------------------------------------------------------------------------------------------

#[test]
fn s6_relay_and_local_recipients() {
    check(&[
        // facts §6; 25_relay_denied_foreign_domain, 25_relay_denied_defer_unauth_destination,
        // 25_relay_allowed_from_mynetworks, swaks_25_relay_denied_from_127.0.0.5.
        (
            mx(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<someone@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "Subject: x",
                "",
                "hi",
                ".",
            ],
            &[
                MAIL_OK,
                "554 5.7.1 <someone@example.org>: Relay access denied",
                RCPT_OK,
                GO_AHEAD,
                QUEUED,
            ],
        ),
        (
            mx_with(|c| c.defer_unauth_destination = true),
            &["EHLO c", "MAIL FROM:<sender@example.org>"],
            &["RCPT TO:<someone@example.org>"],
            &["454 4.7.1 <someone@example.org>: Relay access denied"],
        ),
        (
            trusted(),
            &["EHLO c", "MAIL FROM:<alice@example.test>"],
            &["RCPT TO:<someone@example.org>"],
            &[RCPT_OK],
        ),
        (
            mx(),
            &["EHLO c", "MAIL FROM:<sender@example.org>"],
            &["RCPT TO:<nosuchuser@example.test>"],
            &[UNKNOWN_USER],
        ),
        (
            trusted(),
            &["EHLO c", "MAIL FROM:<sender@example.org>"],
            &["RCPT TO:<nosuchuser@example.test>"],
            &[UNKNOWN_USER],
        ),
        // Local mailboxes in every local domain, recipient_delimiter, case.
        (
            mx(),
            &["EHLO c", "MAIL FROM:<sender@example.org>"],
            &[
                "RCPT TO:<bob@mail.example.test>",
                "RCPT TO:<root@localhost>",
                "RCPT TO:<Alice@Example.Test>",
                "RCPT TO:<alice+news@example.test>",
            ],
            &[RCPT_OK, RCPT_OK, RCPT_OK, RCPT_OK],
        ),
        // facts §6: null sender; RCPT TO:<postmaster> with no domain (RFC 5321 §4.5.1); notes §5:
        // bare postmaster skips every restriction, even for a relay-denied or unauthenticated client.
        (mx(), EHLO, &["MAIL FROM:<>"], &[MAIL_OK]),
        (
            mx(),
            &["EHLO c", "MAIL FROM:<>"],
            &["RCPT TO:<postmaster>", "RCPT TO:<Postmaster>"],
            &[RCPT_OK, RCPT_OK],
        ),
        (
            sub(),
            &[
                "EHLO c",
                "STARTTLS",
                "<tls>",
                "MAIL FROM:<alice@example.test>",
            ],
            &["RCPT TO:<postmaster>", "RCPT TO:<postmaster@example.test>"],
            &[
                RCPT_OK,
                "554 5.7.1 <postmaster@example.test>: Recipient address rejected: Access denied",
            ],
        ),
        (
            mx(),
            &["EHLO c", "MAIL FROM:<sender@example.org>"],
            &["RCPT TO:<postmaster@example.org>"],
            &["554 5.7.1 <postmaster@example.org>: Relay access denied"],
        ),
    ]);
}

#[test]
fn s6_syntax_errors() {
    let in_mail = &["EHLO c", "MAIL FROM:<sender@example.org>"][..];
    check(&[
        // facts §6 "Syntax errors"; notes §5 MAIL step 4.
        (
            trusted(),
            EHLO,
            &["MAIL"],
            &["501 5.5.4 Syntax: MAIL FROM:<address>"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:"],
            &["501 5.5.4 Syntax: MAIL FROM:<address>"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL TO:<a@example.org>"],
            &["501 5.5.4 Syntax: MAIL FROM:<address>"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM<a@example.org>"],
            &["501 5.5.4 Syntax: MAIL FROM:<address>"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<sender@example.org"],
            &["501 5.1.7 Bad sender address syntax"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a b@example.org>"],
            &["501 5.1.7 Bad sender address syntax"],
        ),
        // Notes §5 extract_addr: a local part starting with '-' (trivial-rewrite resolve.c:743).
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<-oops@example.org>"],
            &["501 5.1.7 Bad sender address syntax"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> BOGUS=1"],
            &["555 5.5.4 Unsupported option: BOGUS=1"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> SIZE=abc"],
            &["501 5.5.4 Bad message size syntax"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> SIZE="],
            &["501 5.5.4 Bad message size syntax"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> RET=FOO"],
            &["501 5.5.4 Bad RET parameter syntax"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> RET=HDRS RET=FULL"],
            &["501 5.5.4 Bad RET parameter syntax"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> ENVID=a ENVID=b"],
            &["501 5.5.4 Bad ENVID parameter syntax"],
        ),
        // Notes §5 MAIL step 9/10: parameters left to right, the first bad one wins; the size
        // limit is checked after all of them.
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> BOGUS=1 SIZE=abc"],
            &["555 5.5.4 Unsupported option: BOGUS=1"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> SIZE=abc BOGUS=1"],
            &["501 5.5.4 Bad message size syntax"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> SIZE=20000000 BOGUS=1"],
            &["555 5.5.4 Unsupported option: BOGUS=1"],
        ),
        (
            trusted(),
            in_mail,
            &["RCPT"],
            &["501 5.5.4 Syntax: RCPT TO:<address>"],
        ),
        (
            trusted(),
            in_mail,
            &["RCPT TO:"],
            &["501 5.5.4 Syntax: RCPT TO:<address>"],
        ),
        (
            trusted(),
            in_mail,
            &["RCPT FROM:<alice@example.test>"],
            &["501 5.5.4 Syntax: RCPT TO:<address>"],
        ),
        (
            trusted(),
            in_mail,
            &["RCPT TO:<>"],
            &["501 5.1.3 Bad recipient address syntax"],
        ),
        (
            trusted(),
            in_mail,
            &["RCPT TO:<alice@example.test"],
            &["501 5.1.3 Bad recipient address syntax"],
        ),
        (
            trusted(),
            in_mail,
            &["RCPT TO:<alice@example.test> NOTIFY=BOGUS"],
            &["501 5.5.4 Error: Bad NOTIFY parameter syntax"],
        ),
        (
            trusted(),
            in_mail,
            &["RCPT TO:<alice@example.test> ORCPT=bogus"],
            &["501 5.5.4 Error: Bad ORCPT parameter syntax"],
        ),
        (
            trusted(),
            in_mail,
            &["RCPT TO:<alice@example.test> BOGUS=1"],
            &["555 5.5.4 Unsupported option: BOGUS=1"],
        ),
        (
            trusted(),
            &[
                "EHLO c",
                "MAIL FROM:<a@example.org>",
                "RCPT TO:<alice@example.test>",
            ],
            &["DATA x"],
            &["501 5.5.4 Syntax: DATA"],
        ),
    ]);
}

// Regression test for a model bug found by this suite (fixed since):
// MAIL parameters are matched by name before '='; Postfix matches `SIZE=`, `RET=`, `ENVID=`,
// `AUTH=` with the '=' (smtpd.c:2614-2690), so a bare keyword is 555, and a second AUTH= is 503
#[test]
fn s6_mail_keywords_without_a_value() {
    check(&[
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> SIZE"],
            &["555 5.5.4 Unsupported option: SIZE"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> RET"],
            &["555 5.5.4 Unsupported option: RET"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> ENVID"],
            &["555 5.5.4 Unsupported option: ENVID"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> AUTH"],
            &["555 5.5.4 Unsupported option: AUTH"],
        ),
        // Notes §5 MAIL step 9 / smtpd_sasl_proto.c smtpd_sasl_mail_opt().
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> AUTH=<a@example.org> AUTH=<a@example.org>"],
            &["503 5.5.4 Error: multiple AUTH= options"],
        ),
    ]);
}

#[test]
fn s6_lenient_address_forms() {
    check(&[
        // facts §6 "Postfix is lenient".
        (
            trusted(),
            EHLO,
            &["mail from:<sender@example.org>"],
            &[MAIL_OK],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM: <sender@example.org>"],
            &[MAIL_OK],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:sender@example.org"],
            &[MAIL_OK],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<@relay.example.org:sender@example.org>"],
            &[MAIL_OK],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<sender@[127.0.0.1]>"],
            &[MAIL_OK],
        ),
        (
            trusted(),
            &["EHLO c", "MAIL FROM:<sender@example.org>"],
            &["rcpt to:alice@example.test", "RCPT TO: <bob@example.test>"],
            &[RCPT_OK, RCPT_OK],
        ),
        // Notes §9: AUTH= on MAIL is accepted even where SASL is disabled; `<>` is fine.
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<sender@example.org> AUTH=<>"],
            &[MAIL_OK],
        ),
    ]);
}

// Regression test for a model bug found by this suite (fixed since):
// an address with a quoted local part containing a space is refused; tok822_parse() reads `\"john
// doe\"@example.org` as one address (extract_addr, smtpd.c:2377-2495)
#[test]
fn s6_quoted_local_part() {
    check(&[(
        trusted(),
        EHLO,
        &["MAIL FROM:<\"john doe\"@example.org>"],
        &[MAIL_OK],
    )]);
}

// Regression test for a model bug found by this suite (fixed since):
// any [..] is taken as an address literal and all-numeric domains are accepted; trivial-rewrite
// (resolve.c:425-446) flags RESOLVE_FLAG_ERROR unless the literal is a valid address and the name
// a valid hostname (resolve_numeric_domain=no)
#[test]
fn s6_domain_syntax() {
    // Notes §5 extract_addr step 5: "the domain is not a valid hostname or address literal" →
    // 501 5.1.7 for MAIL (and 501 5.1.3 for RCPT).
    check(&[
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<sender@[not-an-address]>"],
            &["501 5.1.7 Bad sender address syntax"],
        ),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<sender@192.0.2.1>"],
            &["501 5.1.7 Bad sender address syntax"],
        ),
        (
            trusted(),
            &["EHLO c", "MAIL FROM:<a@example.org>"],
            &["RCPT TO:<x@[999.1.1.1]>"],
            &["501 5.1.3 Bad recipient address syntax"],
        ),
    ]);
}

#[test]
fn s6_long_lines() {
    // facts §6 length limits [25_overlong_command_line]; notes §3.
    let local_600 = format!("MAIL FROM:<{}@example.org>", "a".repeat(600));
    assert_eq!(local_600.len() + 2, 626);
    let mail_3026 = format!("MAIL FROM:<{}@example.org>", "b".repeat(3000));
    assert_eq!(mail_3026.len() + 2, 3026);
    let x_5000 = "X".repeat(5000);
    let noop_20000 = format!("NOOP {}", "y".repeat(20000));
    // The rest of a cut line is thrown away, not read as a new command.
    let hidden_quit = format!("NOOP {}QUIT", "x".repeat(2043));
    // The cut is exactly at 2048 octets.
    let rset_2048 = format!("RSET{}junk", " ".repeat(2044));
    let rset_2047 = format!("RSET{}junk", " ".repeat(2043));
    let script: Vec<&str> = vec![
        local_600.as_str(),
        "RSET",
        &mail_3026,
        "NOOP",
        &x_5000,
        "NOOP",
        &noop_20000,
        "NOOP",
        &hidden_quit,
        &rset_2048,
        &rset_2047,
        "QUIT",
    ];
    assert_eq!(
        run(trusted(), EHLO, &script),
        [
            MAIL_OK,
            OK,
            "501 5.1.7 Bad sender address syntax",
            OK,
            NOT_RECOGNIZED,
            OK,
            OK,
            OK,
            OK,
            OK,
            "501 5.5.4 Syntax: RSET",
            BYE,
            CLOSE
        ]
    );
    // The same bytes fed one octet at a time.
    let bytes: Vec<u8> = script
        .iter()
        .flat_map(|l| format!("{l}\r\n").into_bytes())
        .collect();
    let chunks: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(
        run_bytes(trusted(), EHLO, &chunks),
        run(trusted(), EHLO, &script)
    );
}

#[test]
fn s6_long_data_lines_are_not_cut() {
    // facts §6 [25_overlong_data_line]: 1200- and 5000-octet DATA lines are accepted; a long line
    // that ends in "." does not end DATA.
    let l1200 = format!("L1200:{}", "x".repeat(1194));
    let l5000 = format!("L5000:{}", "z".repeat(4994));
    let dot_tail = format!("{}.", "w".repeat(2048));
    check(&[(
        trusted(),
        IN_DATA,
        vec_leak(&[
            "Subject: long lines",
            "",
            Box::leak(l1200.into_boxed_str()),
            Box::leak(l5000.into_boxed_str()),
            Box::leak(dot_tail.into_boxed_str()),
            ".",
            "QUIT",
        ]),
        &[QUEUED, BYE, CLOSE],
    )]);
}

#[test]
fn s6_dot_stuffing() {
    check(&[
        // facts §6 [25_data_dot_stuffing]: `..x`, `. space` and `..` do not end DATA; a lone `.` does.
        (
            trusted(),
            IN_DATA,
            &[
                "Subject: dots",
                "",
                "..x",
                ". space",
                "..",
                " .",
                ".",
                "NOOP",
            ],
            &[QUEUED, OK],
        ),
        (trusted(), IN_DATA, &["<raw>.\r\n"], &[QUEUED]),
        // The message may be empty, and `.` must be alone on its line.
        (trusted(), IN_DATA, &[".x", "x.", "."], &[QUEUED]),
    ]);
}

#[test]
fn s6_dot_stuffing_is_undone_before_the_size_check() {
    // facts §6: `..x` is stored as `.x`; smtpd counts the stored line (len + 2) against
    // message_size_limit (smtpd.c receive_data_message). 2,600,000 lines ".." are 10,400,000
    // octets on the wire but 7,800,000 stored, well under the 10,240,000 limit.
    let (mut server, _) = run_outs(trusted(), IN_DATA, &[]);
    let block = "..\r\n".repeat(100);
    for _ in 0..26_000 {
        assert!(server.receive(block.as_bytes()).is_empty());
    }
    assert_eq!(transcript(server.receive(b".\r\n")), [QUEUED]);
}

// ------------------------------------------------------------------------------------------------
// §7 PIPELINING
// ------------------------------------------------------------------------------------------------

#[test]
fn s7_pipelining() {
    // facts §7 [25_pipelined_batch]: replies in order; "message . QUIT" in one write.
    let batch = "MAIL FROM:<sender@example.org>\r\nRCPT TO:<alice@example.test>\r\n\
                 RCPT TO:<nosuchuser@example.test>\r\nRCPT TO:<bob@example.test>\r\n\
                 RCPT TO:<someone@example.org>\r\nDATA\r\n";
    let tail = "Subject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n";
    assert_eq!(
        run_bytes(trusted(), EHLO, &[batch.as_bytes(), tail.as_bytes()]),
        [
            MAIL_OK,
            RCPT_OK,
            UNKNOWN_USER,
            RCPT_OK,
            RCPT_OK,
            GO_AHEAD,
            QUEUED,
            BYE,
            CLOSE
        ]
    );
    // [25_pipelined_whole_session_before_banner]: the default tolerates a whole session in one
    // write; here in one receive() call right after connect.
    let session = format!("EHLO client.example.test\r\n{batch}{tail}");
    let got = run_bytes(trusted(), NONE, &[session.as_bytes()]);
    assert_eq!(
        got,
        cat(&[
            EHLO_PLAIN,
            &[
                MAIL_OK,
                RCPT_OK,
                UNKNOWN_USER,
                RCPT_OK,
                RCPT_OK,
                GO_AHEAD,
                QUEUED,
                BYE,
                CLOSE
            ]
        ])
    );
}

#[test]
fn s7_hardened_pipelining_variants() {
    let forbid = || {
        mx_with(|c| {
            c.forbid_unauth_pipelining = true;
            c.client_trusted = true;
        })
    };
    // facts §7 [25_early_talker_forbid_unauth_pipelining]: EHLO+MAIL before the banner → 554 and
    // close; no banner is seen.
    let (server, outs) = Server::connect_early(
        forbid(),
        b"EHLO client.example.test\r\nMAIL FROM:<sender@example.org>\r\n",
    );
    assert_eq!(
        transcript(outs),
        ["554 5.5.0 Error: SMTP protocol synchronization", CLOSE]
    );
    assert!(server.is_closed());
    // [25_pipelining_before_ehlo_reply_forbid_unauth_pipelining]: EHLO+MAIL+RCPT in one write
    // after the banner → 554 instead of the EHLO reply.
    assert_eq!(
        run_bytes(
            forbid(),
            NONE,
            &[b"EHLO client.example.test\r\nMAIL FROM:<sender@example.org>\r\nRCPT TO:<alice@example.test>\r\n"]
        ),
        ["554 5.5.0 Error: SMTP protocol synchronization", CLOSE]
    );
    // [25_pipelining_after_ehlo_forbid_unauth_pipelining]: RFC 2920 pipelining after EHLO works.
    assert_eq!(
        run_bytes(
            forbid(),
            EHLO,
            &[
                b"MAIL FROM:<sender@example.org>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n",
                b"Subject: x\r\n\r\nx\r\n.\r\nQUIT\r\n",
            ]
        ),
        [MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE]
    );
    // One command per write is never improper.
    check(&[(
        forbid(),
        NONE,
        &[
            "HELO client.example.test",
            "MAIL FROM:<sender@example.org>",
            "NOOP",
        ],
        &["250 mail.example.test", MAIL_OK, OK],
    )]);
    // [25_pipelining_before_ehlo_reject_unauth_pipelining]: HELO (no PIPELINING offered), then
    // MAIL+RCPT+DATA in one write → DATA refused with 503 5.5.0.
    assert_eq!(
        run_bytes(
            mx_with(|c| {
                c.reject_unauth_pipelining = true;
                c.client_trusted = true;
            }),
            &["HELO client.example.test"],
            &[
                b"MAIL FROM:<sender@example.org>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n",
                b"QUIT\r\n",
            ]
        ),
        [
            MAIL_OK,
            RCPT_OK,
            "503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining",
            BYE,
            CLOSE
        ]
    );
    // [25_pipelined_whole_session_before_banner]: by default the early talker is served.
    let session = b"EHLO client.example.test\r\nMAIL FROM:<sender@example.org>\r\n\
RCPT TO:<alice@example.test>\r\nDATA\r\nSubject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n";
    let (_, outs) = Server::connect_early(trusted(), session);
    assert_eq!(
        transcript(outs),
        cat(&[
            &[GREETING],
            EHLO_PLAIN,
            &[MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE]
        ])
    );
}

// ------------------------------------------------------------------------------------------------
// §8 CHUNKING / BDAT
// ------------------------------------------------------------------------------------------------

fn octets(n: usize) -> String {
    let line = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-+\r\n";
    line.repeat(n / line.len() + 1)[..n].to_string()
}

#[test]
fn s8_bdat_happy() {
    // facts §8 [25_bdat_chunking_happy]: no 354; non-last chunk reports its size, LAST the total.
    // The chunk's content is never read as commands (RFC 3030).
    let chunk100 = format!("BDAT 100\r\n{}", octets(98) + "\r\n");
    let chunk171 = format!("BDAT 171\r\n{}", octets(169) + "\r\n");
    let chunk292 = format!("BDAT 292 LAST\r\n{}", octets(290) + "\r\n");
    let q = "BDAT 6 LAST\r\nQUIT\r\n";
    check(&[
        (
            trusted(),
            EHLO,
            vec_leak(&[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                Box::leak(format!("<raw>{chunk100}").into_boxed_str()),
                Box::leak(format!("<raw>{chunk171}").into_boxed_str()),
                "BDAT 0 LAST",
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                Box::leak(format!("<raw>{chunk292}").into_boxed_str()),
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                Box::leak(format!("<raw>{q}").into_boxed_str()),
                "QUIT",
            ]),
            &[
                MAIL_OK,
                RCPT_OK,
                "250 2.0.0 Ok: 100 bytes",
                "250 2.0.0 Ok: 171 bytes",
                "250 2.0.0 Ok: 271 bytes queued as <ID>",
                MAIL_OK,
                RCPT_OK,
                "250 2.0.0 Ok: 292 bytes queued as <ID>",
                MAIL_OK,
                RCPT_OK,
                "250 2.0.0 Ok: 6 bytes queued as <ID>",
                BYE,
                CLOSE,
            ],
        ),
        // `last` is case-insensitive (notes §10 step 2); a chunk may arrive in pieces, and
        // several BDATs may be pipelined in one write.
        (
            trusted(),
            &[
                "EHLO c",
                "MAIL FROM:<a@example.org>",
                "RCPT TO:<alice@example.test>",
            ],
            &["<raw>BDAT 10 last\r\nabc", "<raw>de", "<raw>fgh\r\n"],
            &["250 2.0.0 Ok: 10 bytes queued as <ID>"],
        ),
        (
            trusted(),
            &[
                "EHLO c",
                "MAIL FROM:<a@example.org>",
                "RCPT TO:<alice@example.test>",
            ],
            &["<raw>BDAT 4\r\nab\r\nBDAT 4 LAST\r\ncd\r\nNOOP\r\n"],
            &[
                "250 2.0.0 Ok: 4 bytes",
                "250 2.0.0 Ok: 8 bytes queued as <ID>",
                OK,
            ],
        ),
    ]);
}

#[test]
fn s8_bdat_error_states() {
    check(&[
        // facts §8 [25_bdat_chunking_errors], exactly as recorded.
        (
            trusted(),
            EHLO,
            &[
                "<raw>BDAT 10\r\n0123456789",
                "NOOP",
                "MAIL FROM:<sender@example.org>",
                "<raw>BDAT 5\r\nABCDE",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "RSET",
                "MAIL FROM:<sender@example.org>",
                "<raw>BDAT 5\r\nABCDE",
                "RSET",
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "<raw>BDAT 5\r\nABCDE",
                "DATA",
                "MAIL FROM:<sender@example.org>",
                "RSET",
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "Subject: x",
                "",
                "body",
                ".",
                "BDAT 0 LAST",
                "QUIT",
            ],
            &[
                NEED_RCPT,
                OK,
                "503 5.5.1 Error: MAIL after BDAT",
                "551 5.0.0 Discarded 5 bytes after earlier error",
                NEED_MAIL,
                "503 5.5.1 Error: DATA after BDAT",
                OK,
                MAIL_OK,
                NO_VALID_RCPT,
                OK,
                MAIL_OK,
                RCPT_OK,
                "250 2.0.0 Ok: 5 bytes",
                "503 5.5.1 Error: DATA after BDAT",
                "503 5.5.1 Error: nested MAIL command",
                OK,
                MAIL_OK,
                RCPT_OK,
                GO_AHEAD,
                QUEUED,
                NEED_RCPT,
                BYE,
                CLOSE,
            ],
        ),
        // Notes §10: after a refused LAST chunk there is no error state.
        (
            trusted(),
            EHLO,
            &["<raw>BDAT 3 LAST\r\nabc", "MAIL FROM:<sender@example.org>"],
            &[NEED_RCPT, MAIL_OK],
        ),
        // Notes §10 step 3: `BDAT 0` without LAST.
        (
            trusted(),
            &[
                "EHLO c",
                "MAIL FROM:<a@example.org>",
                "RCPT TO:<alice@example.test>",
            ],
            &["BDAT 0", "<raw>BDAT 2\r\nab"],
            &[
                "551 5.7.1 Null BDAT request",
                "551 5.0.0 Discarded 2 bytes after earlier error",
            ],
        ),
        // Notes §10: RCPT after a good chunk in the same transaction.
        (
            trusted(),
            &[
                "EHLO c",
                "MAIL FROM:<a@example.org>",
                "RCPT TO:<alice@example.test>",
            ],
            &["<raw>BDAT 2\r\nab", "RCPT TO:<bob@example.test>"],
            &["250 2.0.0 Ok: 2 bytes", "503 5.5.1 Error: RCPT after BDAT"],
        ),
        // The BDAT state is cleared by RSET, HELO and EHLO (notes §4, §10).
        (
            trusted(),
            EHLO,
            &[
                "<raw>BDAT 3\r\nabc",
                "HELO client.example.test",
                "MAIL FROM:<a@example.org>",
            ],
            &[NEED_RCPT, "250 mail.example.test", MAIL_OK],
        ),
        // Notes §10 step 7: a chunk over the size limit is read, thrown away, then refused.
        (
            trusted(),
            &[
                "EHLO c",
                "MAIL FROM:<a@example.org>",
                "RCPT TO:<alice@example.test>",
            ],
            vec_leak(&[
                Box::leak(
                    format!("<raw>BDAT 10240001 LAST\r\n{}", "x".repeat(10_240_001))
                        .into_boxed_str(),
                ),
                "MAIL FROM:<a@example.org>",
            ]),
            &["552 5.3.4 Chunk exceeds message size limit", MAIL_OK],
        ),
        // facts §8: BINARYMIME is not offered.
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> BODY=BINARYMIME"],
            &["555 5.5.4 Unsupported option: BODY=BINARYMIME"],
        ),
    ]);
}

#[test]
fn s8_bdat_syntax_error_closes() {
    // facts §8 [25_bdat_syntax_error_no_size, _bad_size, _bad_keyword]: 521 and close; the
    // NOOP after it is never answered.
    let prelude = &[
        "EHLO c",
        "MAIL FROM:<sender@example.org>",
        "RCPT TO:<alice@example.test>",
    ][..];
    let mut cases: Vec<Case> = Vec::new();
    for bad in [
        "BDAT",
        "BDAT abc LAST",
        "BDAT 4 FIRST",
        "BDAT 4 LAST more",
        "BDAT -1",
        "BDAT +4",
        "BDAT 99999999999999999999",
    ] {
        cases.push((
            trusted(),
            prelude,
            vec_leak(&[bad, "NOOP"]),
            &["521 5.5.4 Syntax: BDAT count [LAST]", CLOSE],
        ));
    }
    check(&cases);
}

// Regression test for a model bug found by this suite (fixed since):
// a BDAT count between 2^63 and 2^64 is accepted; off_cvt_string() overflows past OFF_T_MAX and
// bdat_cmd answers 521 (smtpd.c bdat_cmd, global/off_cvt.c:86)
#[test]
fn s8_bdat_count_beyond_off_t() {
    check(&[(
        trusted(),
        &[
            "EHLO c",
            "MAIL FROM:<a@example.org>",
            "RCPT TO:<alice@example.test>",
        ],
        &["BDAT 10000000000000000000 LAST"],
        &["521 5.5.4 Syntax: BDAT count [LAST]", CLOSE],
    )]);
}

// Regression test for a model bug found by this suite (fixed since):
// a refused non-LAST chunk also ends the transaction; skip_bdat() only sets bdat_state=ERROR and
// keeps the sender (smtpd.c skip_bdat), so MAIL is 'nested' and RCPT is 'RCPT after BDAT'
#[test]
fn s8_refused_chunk_keeps_the_transaction() {
    // Notes §10: MAIL → 503 nested MAIL when a sender is set; RCPT → 503 RCPT after BDAT in a
    // transaction.
    check(&[(
        trusted(),
        &["EHLO c", "MAIL FROM:<sender@example.org>"],
        &[
            "<raw>BDAT 5\r\nABCDE",
            "MAIL FROM:<sender@example.org>",
            "RCPT TO:<alice@example.test>",
            "<raw>BDAT 1\r\nx",
        ],
        &[
            NO_VALID_RCPT,
            "503 5.5.1 Error: nested MAIL command",
            "503 5.5.1 Error: RCPT after BDAT",
            "551 5.0.0 Discarded 1 bytes after earlier error",
        ],
    )]);
}

// Regression test for a model bug found by this suite (fixed since):
// BDAT LAST reports the octets received; Postfix reports act_size, which counts every stored line
// as len+2, also a last line without CRLF (smtpd.c bdat_cmd, 'handle missing end-of-line')
#[test]
fn s8_bdat_total_counts_lines_plus_crlf() {
    // Notes §10 step 9: "the total act_size, which counts every line as len+2".
    check(&[(
        trusted(),
        &[
            "EHLO c",
            "MAIL FROM:<a@example.org>",
            "RCPT TO:<alice@example.test>",
        ],
        &["<raw>BDAT 3 LAST\r\nabc"],
        &["250 2.0.0 Ok: 5 bytes queued as <ID>"],
    )]);
}

// ------------------------------------------------------------------------------------------------
// §9 8BITMIME, SMTPUTF8, SIZE, DSN
// ------------------------------------------------------------------------------------------------

#[test]
fn s9_8bitmime_smtputf8_size_dsn() {
    check(&[
        // 8BITMIME [25_8bitmime].
        (trusted(), EHLO, &["MAIL FROM:<a@example.org> BODY=8BITMIME"], &[MAIL_OK]),
        (trusted(), EHLO, &["MAIL FROM:<a@example.org> BODY=7BIT"], &[MAIL_OK]),
        (trusted(), EHLO, &["MAIL FROM:<a@example.org> body=8bitmime"], &[MAIL_OK]),
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<a@example.org> BODY=FOO"],
            &["555 5.5.4 Unsupported option: BODY=FOO"],
        ),
        (
            trusted(),
            IN_DATA,
            &["Subject: Grüße", "", "Ä 8-bit body without BODY=", "."],
            &[QUEUED],
        ),
        // SMTPUTF8 [25_smtputf8].
        (
            trusted(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<jörg@example.test>",
                "RSET",
                "MAIL FROM:<sénder@example.org>",
                "RSET",
                "MAIL FROM:<sender@example.org> SMTPUTF8",
                "RCPT TO:<jörg@example.test>",
                "DATA",
                "Subject: x",
                "",
                "hi",
                ".",
                "MAIL FROM:<sender@example.org> SMTPUTF8=yes",
            ],
            &[
                MAIL_OK,
                RCPT_OK,
                OK,
                MAIL_OK,
                OK,
                MAIL_OK,
                RCPT_OK,
                GO_AHEAD,
                QUEUED,
                "555 5.5.4 Unsupported option: SMTPUTF8=yes",
            ],
        ),
        (trusted(), EHLO, &["MAIL FROM:<a@example.org> smtputf8"], &[MAIL_OK]),
        // [25_smtputf8_strict].
        (
            mx_with(|c| c.strict_smtputf8 = true),
            EHLO,
            &[
                "MAIL FROM:<sénder@example.org>",
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<jörg@example.test>",
                "RSET",
                "MAIL FROM:<sénder@example.org> SMTPUTF8",
                "RCPT TO:<jörg@example.test>",
            ],
            &[
                "553 5.6.7 Must declare SMTPUTF8 to send unicode address",
                MAIL_OK,
                "553 5.6.7 Must declare SMTPUTF8 to send unicode address",
                OK,
                MAIL_OK,
                RCPT_OK,
            ],
        ),
        // Notes §3: a non-ASCII *domain* needs SMTPUTF8 even with strict_smtputf8=no.
        (
            trusted(),
            EHLO,
            &["MAIL FROM:<s@bücher.example>", "MAIL FROM:<s@bücher.example> SMTPUTF8"],
            &["501 5.1.7 Bad sender address syntax", MAIL_OK],
        ),
        (
            trusted(),
            &["EHLO c", "MAIL FROM:<a@example.org>"],
            &["RCPT TO:<x@bücher.example>"],
            &["501 5.1.3 Bad recipient address syntax"],
        ),
        // SIZE [25_size_declared_too_big].
        (
            trusted(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org> SIZE=20000000",
                "MAIL FROM:<sender@example.org> SIZE=10240000",
                "RSET",
                "MAIL FROM:<sender@example.org> SIZE=10240001",
                "MAIL FROM:<sender@example.org> SIZE=99999999999999999999",
                "MAIL FROM:<sender@example.org> SIZE=0",
            ],
            &[
                "552 5.3.4 Message size exceeds fixed limit",
                MAIL_OK,
                OK,
                "552 5.3.4 Message size exceeds fixed limit",
                "552 5.3.4 Message size exceeds file system imposed limit",
                MAIL_OK,
            ],
        ),
        // DSN [25_dsn_parameters].
        (
            trusted(),
            EHLO,
            &[
                "MAIL FROM:<sender@example.org> RET=HDRS ENVID=lab-envid-1",
                "RCPT TO:<alice@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;alice@example.test",
                "RCPT TO:<bob@example.test> NOTIFY=NEVER",
                "RCPT TO:<bob@example.test> NOTIFY=NEVER,SUCCESS",
                "RCPT TO:<bob@example.test> notify=delay",
                "DATA",
                "Subject: x",
                "",
                "hi",
                ".",
                "MAIL FROM:<sender@example.org> RET=FOO",
                "MAIL FROM:<sender@example.org> RET=full",
            ],
            &[
                MAIL_OK,
                RCPT_OK,
                RCPT_OK,
                "501 5.5.4 Error: Bad NOTIFY parameter syntax",
                RCPT_OK,
                GO_AHEAD,
                QUEUED,
                "501 5.5.4 Bad RET parameter syntax",
                MAIL_OK,
            ],
        ),
    ]);
}

#[test]
fn s9_invalid_utf8_and_actual_size() {
    // facts §9 [25_smtputf8]: invalid UTF-8 in a command; it is checked before anything else,
    // also before TLS on 587 (notes §3).
    assert_eq!(
        run_bytes(
            trusted(),
            EHLO,
            &[b"MAIL FROM:<s\xff\xfender@example.org> SMTPUTF8\r\nNOOP\r\n"]
        ),
        ["500 5.5.2 Error: bad UTF-8 syntax", OK]
    );
    assert_eq!(
        run_bytes(sub(), EHLO, &[b"\xc3\x28\r\n"]),
        ["500 5.5.2 Error: bad UTF-8 syntax"]
    );
    // ... but not to message content (notes §3).
    assert_eq!(
        run_bytes(
            trusted(),
            IN_DATA,
            &[b"Subject: \xff\r\n\r\n\xfe\xfd\r\n.\r\n"]
        ),
        [QUEUED]
    );

    // facts §9 [25_size_actual_too_big]: 11 MB without SIZE → 552 after the final dot, and the
    // session continues.
    let (mut server, _) = run_outs(trusted(), IN_DATA, &[]);
    let line = format!("{}\r\n", "x".repeat(998));
    let block = line.repeat(100);
    for _ in 0..110 {
        assert!(server.receive(block.as_bytes()).is_empty());
    }
    assert_eq!(
        transcript(server.receive(b".\r\nNOOP\r\n")),
        ["552 5.3.4 Error: message file too big", OK]
    );
}

// Regression test for a model bug found by this suite (fixed since):
// duplicate NOTIFY keywords are refused; dsn_notify_mask() ORs the names together
// (global/dsn_mask.c, util/name_mask.c), so SUCCESS,SUCCESS is accepted
#[test]
fn s9_notify_keywords_may_repeat() {
    check(&[(
        trusted(),
        &["EHLO c", "MAIL FROM:<a@example.org>"],
        &[
            "RCPT TO:<alice@example.test> NOTIFY=SUCCESS,SUCCESS",
            "RCPT TO:<bob@example.test> NOTIFY=NEVER,NEVER",
        ],
        &[RCPT_OK, RCPT_OK],
    )]);
}

// ------------------------------------------------------------------------------------------------
// §10 Line endings and SMTP smuggling
// ------------------------------------------------------------------------------------------------

// Regression test for a model bug found by this suite (fixed since):
// only one CR is stripped before the LF; with bare-LF detection off (the default, and for
// mynetworks) smtp_get() strips every trailing CR (global/smtp_stream.c:439-440), so
// `.<CR><CR><LF>` ends DATA
#[test]
fn s10_trailing_carriage_returns_are_stripped() {
    check(&[(trusted(), IN_DATA, &["<raw>hi\r\n.\r\r\n"], &[QUEUED])]);
}

// Regression test for a model bug found by this suite (fixed since):
// a 2048-octet command ended by a bare LF is rejected; smtp_get() stops at 2048 octets and skips
// the LF, so smtp_got_bare_lf stays 0 and the cut command runs (global/smtp_stream.c:389-460)
#[test]
fn s10_bare_lf_after_a_cut_line_is_not_seen() {
    let line = format!("NOOP {}\n", "x".repeat(2043));
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Reject, false),
            EHLO,
            &[line.as_bytes()]
        ),
        [OK]
    );
}

fn bare_lf(mode: BareNewline, trusted: bool) -> Config {
    mx_with(|c| {
        c.bare_newline = mode;
        c.client_trusted = trusted;
    })
}

#[test]
fn s10_bare_newlines() {
    let commands: &[u8] = b"EHLO client.example.test\nNOOP\nMAIL FROM:<sender@example.org>\nRCPT TO:<alice@example.test>\nDATA\n";
    let body: &[u8] = b"Subject: bare LF\n\nline one\n.\n";
    // facts §10 [25_bare_lf_line_endings]: the 3.7.11 default accepts bare LF, and <LF>.<LF>
    // ends DATA (the smuggling exposure).
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Allow, true),
            NONE,
            &[commands, body, b"QUIT\n"]
        ),
        cat(&[
            EHLO_PLAIN,
            &[OK, MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE]
        ])
    );
    assert_eq!(
        run_bytes(bare_lf(BareNewline::Allow, false), NONE, &[commands, body]),
        cat(&[EHLO_PLAIN, &[OK, MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED]])
    );

    // [25_bare_lf_normalize_command]: normalize accepts a bare-LF command.
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Normalize, false),
            NONE,
            &[b"EHLO client.example.test\n", b"NOOP\r\n"]
        ),
        cat(&[EHLO_PLAIN, &[OK]])
    );
    // [25_bare_lf_normalize_data]: only CRLF.CRLF ends DATA.
    let data_body: &[u8] = b"Subject: bare LF\r\n\r\nline one\nline two\n.\n";
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Normalize, false),
            IN_DATA,
            &[data_body, b"still in DATA?\r\n.\r\n", b"NOOP\r\n"]
        ),
        [QUEUED, OK]
    );
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Normalize, false),
            IN_DATA,
            &[data_body]
        ),
        Vec::<String>::new(),
        "<LF>.<LF> does not end DATA"
    );
    // A CRLF "." right after a bare-LF line does not end DATA either (prev_got_bare_lf).
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Normalize, false),
            IN_DATA,
            &[b"x\n.\r\n", b"y\r\n.\r\n"]
        ),
        [QUEUED]
    );

    // [25_bare_lf_reject_command]: 550 and close.
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Reject, false),
            NONE,
            &[b"EHLO client.example.test\n", b"NOOP\r\n"]
        ),
        [BARE_LF, CLOSE]
    );
    // [25_bare_lf_reject_data]: 550 after a proper end of data; the session goes on.
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Reject, false),
            IN_DATA,
            &[data_body, b"still in DATA?\r\n.\r\n", b"NOOP\r\n"]
        ),
        [BARE_LF, OK]
    );
    // facts §10: clients in mynetworks are exempt (smtpd_forbid_bare_newline_exclusions).
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Reject, true),
            NONE,
            &[b"EHLO client.example.test\n", b"NOOP\n"]
        ),
        cat(&[EHLO_PLAIN, &[OK]])
    );
}

// Regression test for a model bug found by this suite (fixed since):
// normalize still requires CRLF.CRLF from a mynetworks client; smtpd.c:6207 sets
// smtp_detect_bare_lf=0 for smtpd_forbid_bare_newline_exclusions (default $mynetworks), so
// <LF>.<LF> ends DATA
#[test]
fn s10_mynetworks_is_exempt_from_normalize_too() {
    // facts §10: "Clients in $mynetworks are exempt by default".
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Normalize, true),
            IN_DATA,
            &[b"Subject: bare LF\r\n\r\nline one\n.\n"]
        ),
        [QUEUED]
    );
}

// ------------------------------------------------------------------------------------------------
// §11 (facts) Talking the wrong protocol to a port — the server side of it
// ------------------------------------------------------------------------------------------------

#[test]
fn wrong_protocol_for_the_port() {
    // facts §11: plaintext EHLO to 465 → RST, no bytes [465_plaintext_ehlo_immediately].
    let (mut server, outs) = Server::connect(subs());
    assert!(outs.is_empty());
    assert_eq!(
        transcript(server.receive(b"EHLO client.example.test\r\n")),
        [RESET]
    );
    assert!(server.is_closed());
    assert!(server.tls_handshake().is_empty());

    // A ClientHello to 587 or 25: banner, then its bytes are read as command lines
    // [587_tls_clienthello_to_starttls_port, 25_tls_clienthello_to_plain_port].
    let mut hello = vec![
        0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03,
    ];
    hello.extend((0u8..32).map(|i| i.wrapping_mul(37).wrapping_add(0x90)));
    hello.push(b'\n');
    hello.extend([0x00, 0x2f, 0x00, 0x35, 0x01, 0x00, b'\n']);
    for config in [sub(), mx()] {
        let (mut server, greeting) = Server::connect(config);
        let mut got = transcript(greeting);
        got.extend(transcript(server.receive(&hello)));
        assert_eq!(
            got,
            [GREETING, "500 5.5.2 Error: bad UTF-8 syntax", BAD_SYNTAX]
        );
        assert!(!server.is_closed(), "the server waits for more input");
    }
}

/// Dovecot 2.3 behind Postfix, from its source rather than a recording: `mech-login.c` answers an
/// empty initial response with the user-name prompt and fails an empty user name;
/// `auth_username_format = %Lu` (the default) lower-cases the login name.
#[test]
fn dovecot_login_details() {
    let alice_upper = "QUxJQ0VAZXhhbXBsZS50ZXN0"; // base64("ALICE@example.test")
    check(&[
        (
            Config::submission(),
            TLS587,
            &["AUTH LOGIN ="],
            &["334 VXNlcm5hbWU6"],
        ),
        (
            Config::submission(),
            TLS587,
            &["AUTH LOGIN", ""],
            &["334 VXNlcm5hbWU6", AUTH_FAILED],
        ),
        (
            Config::submission(),
            TLS587,
            &["AUTH LOGIN", alice_upper, PASS_B64],
            &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", AUTH_SUCCESS],
        ),
    ]);
}

/// Postfix exempts whole local parts only: "postmasterx" is looked up like any user.
#[test]
fn only_postmaster_itself_skips_the_local_recipient_table() {
    check(&[(
        mx(),
        &["EHLO client.example.test", "MAIL FROM:<sender@example.org>"],
        &["RCPT TO:<postmasterx@example.test>", "RCPT TO:<Postmaster@example.test>"],
        &[
            "550 5.1.1 <postmasterx@example.test>: Recipient address rejected: User unknown in local recipient table",
            RCPT_OK,
        ],
    )]);
}
