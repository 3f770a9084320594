//! What the property tests send: plausible and random command lines, line terminators, chunk
//! sizes, TLS handshakes and silences, and random main.cf settings for the three listeners.

use proptest::prelude::*;
use smtp_sim::server::{BareNewline, Config};

use crate::common::{AUTH_OK, AUTH_WRONG, PASS_B64, PLAIN_B64, USER_B64};

/// Whole lines a real client might send, so that random sessions reach the deeper states
/// (TLS, AUTH exchanges, DATA, BDAT).
const PLAUSIBLE: &[&str] = &[
    "EHLO client.example.test",
    "HELO client.example.test",
    "STARTTLS",
    AUTH_OK,
    AUTH_WRONG,
    "AUTH PLAIN",
    PLAIN_B64,
    "AUTH LOGIN",
    USER_B64,
    PASS_B64,
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

pub fn stream() -> impl Strategy<Value = Vec<u8>> {
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

/// One thing the client does.
#[derive(Clone, Debug)]
pub enum Step {
    /// Bytes, delivered in pieces of these sizes (cycled; 0 means "the rest").
    Bytes(Vec<u8>, Vec<usize>),
    Tls,
    Idle(u64),
}

pub fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        8 => (stream(), prop::collection::vec(0usize..40, 1..6))
            .prop_map(|(bytes, chunks)| Step::Bytes(bytes, chunks)),
        1 => Just(Step::Tls),
        1 => prop_oneof![0u64..300, 300u64..1000].prop_map(Step::Idle),
    ];
    prop::collection::vec(step, 1..10)
}

/// Random main.cf settings, the same for every listener.
#[derive(Clone, Debug)]
pub struct Tweaks {
    pub client_trusted: bool,
    pub helo_required: bool,
    pub strict_smtputf8: bool,
    pub disable_vrfy: bool,
    pub defer_unauth_destination: bool,
    pub bare_newline: BareNewline,
    pub forbid_unauth_pipelining: bool,
    pub reject_unauth_pipelining: bool,
}

pub fn tweaks() -> impl Strategy<Value = Tweaks> {
    let bare_newline = prop::sample::select(vec![
        BareNewline::Allow,
        BareNewline::Normalize,
        BareNewline::Reject,
    ]);
    (any::<[bool; 7]>(), bare_newline).prop_map(|(flag, bare_newline)| Tweaks {
        client_trusted: flag[0],
        helo_required: flag[1],
        strict_smtputf8: flag[2],
        disable_vrfy: flag[3],
        defer_unauth_destination: flag[4],
        bare_newline,
        forbid_unauth_pipelining: flag[5],
        reject_unauth_pipelining: flag[6],
    })
}

/// The three listeners (25, 587/2525, 465) with the same random settings applied.
pub fn configs(t: &Tweaks) -> [Config; 3] {
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
