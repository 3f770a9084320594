//! How the section modules drive the server model: listener setups, preludes, the script runner
//! and the table checker. `use crate::harness::*;` brings these, the shared replies of
//! `common`, and the model's types.

pub use crate::common::*;
pub use smtp_sim::server::{BareNewline, Config, Out, Server};
pub use smtp_sim::Port;

/// Transcript marks for the server hanging up: FIN (`Out::Close`) and RST (`Out::Reset`).
pub const CLOSE: &str = "<close>";
pub const RESET: &str = "<reset>";

// ------------------------------------------------------------------------------------------------
// Preludes: steps played before the checked script (their replies are not checked)
// ------------------------------------------------------------------------------------------------

pub const NONE: &[&str] = &[];
pub const EHLO: &[&str] = &["EHLO client.example.test"];
pub const TLS25: &[&str] = &["EHLO client.example.test", "STARTTLS", "<tls>"];
pub const TLS587: &[&str] = &[
    "EHLO client.example.test",
    "STARTTLS",
    "<tls>",
    "EHLO client.example.test",
];
pub const AUTHED587: &[&str] = &[
    "EHLO client.example.test",
    "STARTTLS",
    "<tls>",
    "EHLO client.example.test",
    AUTH_OK,
];
pub const TLS465: &[&str] = &["<tls>", "EHLO client.example.test"];
/// A transaction with its sender given.
pub const IN_MAIL: &[&str] = &["EHLO c", "MAIL FROM:<sender@example.org>"];
/// A transaction with one accepted recipient (for a trusted client).
pub const IN_RCPT: &[&str] = &[
    "EHLO c",
    "MAIL FROM:<a@example.org>",
    "RCPT TO:<alice@example.test>",
];
/// A trusted client's transaction up to the 354.
pub const IN_DATA: &[&str] = &[
    "EHLO client.example.test",
    "MAIL FROM:<sender@example.org>",
    "RCPT TO:<alice@example.test>",
    "DATA",
];
/// One whole message, MAIL to the final dot, after EHLO.
pub const MESSAGE: &[&str] = &[
    "MAIL FROM:<sender@example.org>",
    "RCPT TO:<alice@example.test>",
    "DATA",
    "Subject: x",
    "",
    "hi",
    ".",
];

// ------------------------------------------------------------------------------------------------
// Listener setups
// ------------------------------------------------------------------------------------------------

/// Port 25 from an Internet client (127.0.0.5 in the lab: not in mynetworks).
pub fn mx() -> Config {
    Config::mx()
}

/// Port 25 from 127.0.0.1, which is in mynetworks (most raw recordings).
pub fn trusted() -> Config {
    Config {
        client_trusted: true,
        ..Config::mx()
    }
}

/// Port 25 with one-off main.cf settings (the recordings' `VARIANT` lines).
pub fn mx_with(change: impl FnOnce(&mut Config)) -> Config {
    let mut config = Config::mx();
    change(&mut config);
    config
}

/// Port 587 (submission, STARTTLS).
pub fn sub() -> Config {
    Port::P587.server_config()
}

/// Port 465 (submissions, implicit TLS).
pub fn subs() -> Config {
    Port::P465.server_config()
}

// ------------------------------------------------------------------------------------------------
// Running scripts
// ------------------------------------------------------------------------------------------------

/// The reply lines and hang-ups in `outs`; waits and `AwaitTls` are left out.
pub fn transcript(outs: Vec<Out>) -> Vec<String> {
    let mut lines = Vec::new();
    for out in outs {
        match out {
            Out::Reply(reply) => {
                lines.extend(reply.wire_lines().iter().map(|l| normalise_queue_id(l)))
            }
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
pub fn run_outs(config: Config, prelude: &[&str], script: &[&str]) -> (Server, Vec<Out>) {
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

pub fn run(config: Config, prelude: &[&str], script: &[&str]) -> Vec<String> {
    transcript(run_outs(config, prelude, script).1)
}

/// Byte-level variant: the chunks go to `receive` exactly as given, after `prelude`.
pub fn run_bytes(config: Config, prelude: &[&str], chunks: &[&[u8]]) -> Vec<String> {
    let (mut server, _) = run_outs(config, prelude, &[]);
    let mut outs = Vec::new();
    for chunk in chunks {
        outs.extend(server.receive(chunk));
    }
    transcript(outs)
}

/// For each reply: the total `Wait` the server put before it, and its wire lines.
pub fn waits(outs: &[Out]) -> Vec<(u32, Vec<String>)> {
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
// Tables
// ------------------------------------------------------------------------------------------------

/// One table row: connect with `config`, play `prelude` unchecked, then `script` must draw
/// exactly the `expected` reply lines.
pub struct Case<'a> {
    pub config: Config,
    pub prelude: &'a [&'a str],
    pub script: &'a [&'a str],
    pub expected: &'a [&'a str],
}

/// Runs every row and reports all that differ.
pub fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for Case {
        config,
        prelude,
        script,
        expected,
    } in cases
    {
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

pub fn cat<'a>(parts: &[&[&'a str]]) -> Vec<&'a str> {
    parts.concat()
}

/// A `'static` line for a table row built at run time (tests only; the leak is harmless).
pub fn leak(line: String) -> &'static str {
    Box::leak(line.into_boxed_str())
}

/// A `'static` slice for table rows built in a loop (tests only; the leak is harmless).
pub fn vec_leak(lines: &[&'static str]) -> &'static [&'static str] {
    Box::leak(lines.to_vec().into_boxed_slice())
}
