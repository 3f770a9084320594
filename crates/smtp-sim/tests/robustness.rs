//! Property tests: whatever a client sends, in whatever chunking, the server model never panics,
//! every reply is well-formed SMTP (RFC 5321 §4.2, RFC 3463 / RFC 2034 enhanced codes), and a
//! closed connection stays silent.

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use smtp_sim::server::{BareNewline, Config, Out, Server};
use smtp_sim::Reply;

/// The basic codes the lab's Postfix can send on these listeners (facts.md §2–§10 and the
/// smtpd source: greeting, replies, tarpit/timeout 421, rate and storage 45x, 5xx errors).
const ALLOWED_CODES: &[u16] = &[
    220, 221, 235, 250, 252, 334, 354, 421, 450, 451, 452, 454, 458, 459, 500, 501, 502, 503, 504,
    521, 530, 535, 550, 551, 552, 553, 554, 555,
];

const GREETING: &str = "220 mail.example.test ESMTP Postfix (Debian/GNU)";

// ------------------------------------------------------------------------------------------------
// Strategies
// ------------------------------------------------------------------------------------------------

/// Whole lines a real client might send, so that random sessions reach the deeper states
/// (TLS, AUTH exchanges, DATA, BDAT).
const PLAUSIBLE: &[&str] = &[
    "EHLO client.example.test",
    "HELO client.example.test",
    "STARTTLS",
    "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl",
    "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdAB3cm9uZyBob3JzZQ==",
    "AUTH PLAIN",
    "AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl",
    "AUTH LOGIN",
    "YWxpY2VAZXhhbXBsZS50ZXN0",
    "Y29ycmVjdCBob3JzZQ==",
    "*",
    "MAIL FROM:<alice@example.test>",
    "MAIL FROM:<>",
    "MAIL FROM:<sender@example.org> SIZE=100 BODY=8BITMIME SMTPUTF8",
    "RCPT TO:<bob@example.test>",
    "RCPT TO:<someone@example.org>",
    "RCPT TO:<nosuchuser@example.test>",
    "RCPT TO:<postmaster>",
    "DATA",
    "Subject: hello",
    "",
    ".",
    "..x",
    "BDAT 5",
    "BDAT 0 LAST",
    "BDAT 3 LAST",
    "BDAT 0",
    "RSET",
    "NOOP",
    "VRFY alice",
    "ETRN example.org",
    "QUIT",
];

const VERBS: &[&str] = &[
    "HELO",
    "EHLO",
    "MAIL FROM:",
    "mail from:",
    "RCPT TO:",
    "rcpt to:",
    "DATA",
    "BDAT",
    "bdat",
    "RSET",
    "NOOP",
    "VRFY",
    "ETRN",
    "QUIT",
    "STARTTLS",
    "AUTH",
    "AUTH PLAIN",
    "AUTH LOGIN",
    "XCLIENT",
    "XFORWARD",
    "HELP",
    "EXPN",
    "GET",
    "CONNECT",
    "From:",
    "Subject:",
    ".",
    "..",
    "",
    " ",
    "\t",
    "😀",
];

fn argument() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9@.<>:=+/,;\\[\\]\" -]{0,40}",
        "<[a-z]{1,8}@(example\\.test|example\\.org|bücher\\.example|\\[127\\.0\\.0\\.1\\])>( [A-Za-z]{1,8}=[A-Za-z0-9,;@.+]{0,12}| SMTPUTF8){0,3}",
        "[A-Za-z0-9+/]{0,60}={0,2}",
        "[0-9]{0,22}( LAST| last| FIRST)?",
        "\\PC{0,12}",
        "[\\x00-\\x1f\\x7f]{0,6}",
        Just("😀🎉 ünïcödé".to_string()),
    ]
}

/// One line's content, without its terminator.
fn line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => prop::sample::select(PLAUSIBLE).prop_map(|l| l.as_bytes().to_vec()),
        6 => (prop::sample::select(VERBS), argument())
            .prop_map(|(verb, arg)| format!("{verb} {arg}").into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..80),
        1 => (prop::sample::select(VERBS), 2000usize..2100, any::<u8>())
            .prop_map(|(verb, n, fill)| {
                let mut l = verb.as_bytes().to_vec();
                l.push(b' ');
                l.extend(std::iter::repeat_n(fill.max(0x21), n));
                l
            }),
        1 => (0usize..13000).prop_map(|n| "A".repeat(n).into_bytes()),
    ]
}

fn terminator() -> impl Strategy<Value = &'static [u8]> {
    prop_oneof![
        12 => Just(&b"\r\n"[..]),
        1 => Just(&b"\n"[..]),
        1 => Just(&b"\r"[..]),
        1 => Just(&b""[..]),
        1 => Just(&b"\r\r\n"[..]),
    ]
}

fn stream() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((line(), terminator()), 1..12).prop_map(|lines| {
        lines
            .into_iter()
            .flat_map(|(mut l, t)| {
                l.extend_from_slice(t);
                l
            })
            .collect()
    })
}

#[derive(Clone, Debug)]
enum Step {
    /// Bytes, delivered in pieces of these sizes (cycled; 0 means "the rest").
    Bytes(Vec<u8>, Vec<usize>),
    Tls,
    Idle(u64),
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        8 => (stream(), prop::collection::vec(0usize..40, 1..6))
            .prop_map(|(bytes, chunks)| Step::Bytes(bytes, chunks)),
        1 => Just(Step::Tls),
        1 => prop_oneof![0u64..300, 300u64..1000].prop_map(Step::Idle),
    ];
    prop::collection::vec(step, 1..10)
}

#[derive(Clone, Debug)]
struct Tweaks {
    client_trusted: bool,
    helo_required: bool,
    strict_smtputf8: bool,
    disable_vrfy: bool,
    defer_unauth_destination: bool,
    bare_newline: BareNewline,
    forbid_unauth_pipelining: bool,
    reject_unauth_pipelining: bool,
}

fn tweaks() -> impl Strategy<Value = Tweaks> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![
            BareNewline::Allow,
            BareNewline::Normalize,
            BareNewline::Reject,
        ]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                client_trusted,
                helo_required,
                strict_smtputf8,
                disable_vrfy,
                defer_unauth_destination,
                bare_newline,
                forbid_unauth_pipelining,
                reject_unauth_pipelining,
            )| Tweaks {
                client_trusted,
                helo_required,
                strict_smtputf8,
                disable_vrfy,
                defer_unauth_destination,
                bare_newline,
                forbid_unauth_pipelining,
                reject_unauth_pipelining,
            },
        )
}

/// The three listeners (25, 587/2525, 465) with the same random settings applied.
fn configs(t: &Tweaks) -> [Config; 3] {
    [Config::mx(), Config::submission(), Config::submissions()].map(|base| Config {
        client_trusted: t.client_trusted,
        helo_required: t.helo_required,
        strict_smtputf8: t.strict_smtputf8,
        disable_vrfy: t.disable_vrfy,
        defer_unauth_destination: t.defer_unauth_destination,
        bare_newline: t.bare_newline,
        forbid_unauth_pipelining: t.forbid_unauth_pipelining,
        reject_unauth_pipelining: t.reject_unauth_pipelining,
        ..base
    })
}

// ------------------------------------------------------------------------------------------------
// Checks
// ------------------------------------------------------------------------------------------------

fn is_enhanced(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    parts.len() == 3
        && parts[0].len() == 1
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// RFC 5321 §4.2 reply syntax, RFC 3463 enhanced codes, and the code set above.
fn check_reply(reply: &Reply) -> Result<(), String> {
    let lines = reply.wire_lines();
    if lines.is_empty() {
        return Err(format!("a reply without lines: {reply:?}"));
    }
    if !ALLOWED_CODES.contains(&reply.code) {
        return Err(format!("unexpected reply code {}: {lines:?}", reply.code));
    }
    let code = reply.code.to_string();
    let last = lines.len() - 1;
    for (i, line) in lines.iter().enumerate() {
        let b = line.as_bytes();
        let shape = b.len() >= 4
            && (b'2'..=b'5').contains(&b[0])
            && b[1].is_ascii_digit()
            && b[2].is_ascii_digit()
            && b[3] == if i == last { b' ' } else { b'-' };
        if !shape || line[..3] != code {
            return Err(format!("malformed reply line {i} {line:?} of {lines:?}"));
        }
        if line.contains(['\r', '\n']) {
            return Err(format!("CR or LF inside a reply line: {line:?}"));
        }
        // An enhanced status code on the wire must agree with the basic code's class.
        if let Some(word) = line[4..].split(' ').next() {
            if is_enhanced(word) && word.as_bytes()[0] != b[0] {
                return Err(format!("enhanced code class differs: {line:?}"));
            }
        }
    }
    if !reply.enhanced.is_empty() {
        if !is_enhanced(reply.enhanced) {
            return Err(format!("bad enhanced code {:?}", reply.enhanced));
        }
        if reply.enhanced.as_bytes()[0] != code.as_bytes()[0] {
            return Err(format!(
                "enhanced code {} with basic code {code}",
                reply.enhanced
            ));
        }
        // RFC 2034: 3xx replies carry none.
        if reply.code / 100 == 3 {
            return Err(format!("a 3xx reply with an enhanced code: {lines:?}"));
        }
    }
    let wire: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
    if reply.to_wire() != wire {
        return Err(format!("to_wire() differs from wire_lines(): {reply:?}"));
    }
    Ok(())
}

/// Watches every batch of output of one connection.
struct Monitor {
    closed: bool,
    greetings: usize,
    log: Vec<Out>,
}

impl Monitor {
    fn batch(&mut self, server: &Server, outs: Vec<Out>) -> Result<(), TestCaseError> {
        if self.closed {
            prop_assert!(
                outs.is_empty(),
                "output after the connection ended: {outs:?}"
            );
        }
        for (i, out) in outs.iter().enumerate() {
            let last = i + 1 == outs.len();
            match out {
                Out::Reply(reply) => {
                    check_reply(reply).map_err(TestCaseError::fail)?;
                    if reply.wire_lines() == [GREETING] {
                        self.greetings += 1;
                    }
                }
                Out::Wait(ms) => {
                    prop_assert!(*ms > 0, "a zero wait");
                    prop_assert!(
                        matches!(outs.get(i + 1), Some(Out::Reply(_) | Out::Wait(_))),
                        "a wait must come before a reply: {outs:?}"
                    );
                }
                Out::AwaitTls => {
                    prop_assert!(last, "AwaitTls ends the batch: {outs:?}");
                    prop_assert!(
                        matches!(
                            i.checked_sub(1).and_then(|p| outs.get(p)),
                            Some(Out::Reply(r)) if r.wire_lines() == ["220 2.0.0 Ready to start TLS"]
                        ),
                        "AwaitTls only after the STARTTLS 220: {outs:?}"
                    );
                    prop_assert!(server.awaits_tls());
                }
                Out::Close | Out::Reset => {
                    prop_assert!(last, "nothing may follow a hang-up: {outs:?}");
                    self.closed = true;
                }
            }
        }
        prop_assert_eq!(server.is_closed(), self.closed);
        prop_assert!(self.greetings <= 1, "more than one greeting");
        self.log.extend(outs);
        Ok(())
    }
}

/// Plays `steps` against one listener; `auto_tls` decides (cycled) whether the client completes
/// the TLS handshake when the server waits for one.
fn play(config: Config, steps: &[Step], auto_tls: &[bool]) -> Result<Monitor, TestCaseError> {
    let implicit = config.wrapper_tls;
    let (mut server, greeting) = Server::connect(config);
    let mut m = Monitor {
        closed: false,
        greetings: 0,
        log: Vec::new(),
    };
    prop_assert_eq!(greeting.is_empty(), implicit);
    m.batch(&server, greeting)?;
    let mut coin = auto_tls.iter().copied().cycle();
    for step in steps {
        match step {
            Step::Bytes(bytes, sizes) => {
                let mut rest = bytes.as_slice();
                let mut sizes = sizes.iter().copied().cycle();
                while !rest.is_empty() {
                    let n = match sizes.next().unwrap_or(0) {
                        0 => rest.len(),
                        n => n.min(rest.len()),
                    };
                    let outs = server.receive(&rest[..n]);
                    m.batch(&server, outs)?;
                    rest = &rest[n..];
                    if server.awaits_tls() && coin.next().unwrap_or(true) {
                        let outs = server.tls_handshake();
                        m.batch(&server, outs)?;
                        prop_assert!(server.tls_active());
                    }
                }
            }
            Step::Tls => {
                let awaited = server.awaits_tls();
                let outs = server.tls_handshake();
                if !awaited {
                    prop_assert!(outs.is_empty(), "a handshake nobody asked for: {outs:?}");
                }
                m.batch(&server, outs)?;
            }
            Step::Idle(secs) => {
                let outs = server.idle(*secs);
                if *secs < 300 {
                    prop_assert!(outs.is_empty(), "idle {secs}s < smtpd_timeout: {outs:?}");
                }
                m.batch(&server, outs)?;
            }
        }
    }
    // Once closed, nothing comes out of any entry point.
    if m.closed {
        prop_assert!(server.receive(b"QUIT\r\n").is_empty());
        prop_assert!(server.tls_handshake().is_empty());
        prop_assert!(server.idle(10_000).is_empty());
    }
    Ok(m)
}

/// 256 cases by default (a few seconds); `PROPTEST_CASES=20000` for a longer hunt.
fn proptest_config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Random command lines, random bytes, TLS handshakes and silences, on all three listeners.
    #[test]
    fn sessions_stay_well_formed(
        steps in steps(),
        tweaks in tweaks(),
        auto_tls in prop::collection::vec(any::<bool>(), 1..4),
    ) {
        for config in configs(&tweaks) {
            play(config, &steps, &auto_tls)?;
        }
    }

    /// Arbitrary bytes: no panic, well-formed replies.
    #[test]
    fn arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        chunks in prop::collection::vec(0usize..64, 1..5),
        tweaks in tweaks(),
    ) {
        for config in configs(&tweaks) {
            let steps = [Step::Tls, Step::Bytes(bytes.clone(), chunks.clone())];
            play(config, &steps, &[true])?;
        }
    }

    /// Replies do not depend on how the bytes were split into reads (the model is a pure
    /// function of the byte stream), as long as no TLS handshake is involved and the
    /// pipelining checks are off (those look at what is already in the input buffer, by design).
    #[test]
    fn chunking_does_not_matter(
        bytes in stream(),
        chunks in prop::collection::vec(1usize..50, 1..6),
        tweaks in tweaks(),
    ) {
        let tweaks = Tweaks {
            forbid_unauth_pipelining: false,
            reject_unauth_pipelining: false,
            ..tweaks
        };
        for config in configs(&tweaks) {
            let whole = play(config.clone(), &[Step::Tls, Step::Bytes(bytes.clone(), vec![0])], &[false])?;
            if whole.log.iter().any(|o| matches!(o, Out::AwaitTls)) {
                continue;
            }
            let split = play(config, &[Step::Tls, Step::Bytes(bytes.clone(), chunks.clone())], &[false])?;
            prop_assert_eq!(&whole.log, &split.log);
        }
    }
}

// The address-literal checks are written by hand (std's parsers cost WebAssembly size); std is
// the oracle for what they must accept.
proptest! {
    #[test]
    fn ip_literals_match_std(
        text in "[0-9a-fA-F:.]{0,45}",
        v6 in any::<u128>(),
        v4 in any::<u32>(),
        cut in 0usize..45,
    ) {
        use smtp_sim::server::address::{valid_ipv4, valid_ipv6};
        use std::net::{Ipv4Addr, Ipv6Addr};
        let formatted = [
            Ipv6Addr::from(v6).to_string(),
            Ipv6Addr::from(v6 & 0xffff_0000_ffff_0000_0000_ffff_ffff_ffff).to_string(),
            Ipv6Addr::from(u128::from(v4) | 0xffff_0000_0000).to_string(),
            Ipv4Addr::from(v4).to_string(),
        ];
        for candidate in formatted.iter().map(String::as_str).chain([text.as_str()]) {
            let mut cases = vec![candidate.to_string()];
            // Near misses: the same text with one character removed.
            if cut < candidate.len() {
                let mut shorter = candidate.to_string();
                shorter.remove(cut);
                cases.push(shorter);
            }
            for case in cases {
                prop_assert_eq!(valid_ipv4(&case), case.parse::<Ipv4Addr>().is_ok(), "{}", case);
                prop_assert_eq!(valid_ipv6(&case), case.parse::<Ipv6Addr>().is_ok(), "{}", case);
            }
        }
    }
}

#[test]
fn ip_literal_edge_cases_match_std() {
    use smtp_sim::server::address::{valid_ipv4, valid_ipv6};
    let cases = [
        "",
        "::",
        ":::",
        "::1",
        "1::",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "::ffff:192.0.2.1",
        "1:2:3:4:5:6:192.0.2.1",
        "1:2:3:4:5:6:7:192.0.2.1",
        "192.0.2.1::",
        "::192.0.2.1:1",
        "12345::",
        "0.0.0.0",
        "255.255.255.255",
        "256.1.1.1",
        "01.2.3.4",
        "1.2.3",
        "1.2.3.4.5",
        "+1.2.3.4",
        "1..2.3",
    ];
    for case in cases {
        assert_eq!(
            valid_ipv4(case),
            case.parse::<std::net::Ipv4Addr>().is_ok(),
            "{case}"
        );
        assert_eq!(
            valid_ipv6(case),
            case.parse::<std::net::Ipv6Addr>().is_ok(),
            "{case}"
        );
    }
}
