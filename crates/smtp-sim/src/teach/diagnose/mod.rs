//! Diagnose: the simulator run backwards. Paste what a program printed; get the likely causes,
//! most likely first, each with the fix in that program's own words and a link that opens the
//! journey showing it, at the step where it fails.
//!
//! Fingerprints come from two places. `prints` runs every setup's journey (port × client ×
//! firewall) and a few scripted sessions against the server model, and reads the symptoms off
//! their events; `catalogue` adds what other programs print for the same events, each entry with
//! where it was found. Matching is by hand-written substring search: no regular expressions.

mod catalogue;
pub mod login;
mod pasted;
mod prints;

pub use catalogue::{fix, Program};
pub use pasted::is_not_smtp;

use crate::event::Setup;
use crate::journey::journey;
use crate::path::network::Network;
use crate::path::port::Port;

/// Longest input read; the rest is ignored, and the diagnosis says so.
pub const INPUT_LIMIT: usize = 64 * 1024;

/// What went wrong: stable ids, documented in the README (`data-cause` in the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    PortBlockedDrop,
    PortRefused,
    ImplicitTlsOnStarttlsPort,
    StarttlsOnImplicitPort,
    AuthBeforeStarttls,
    AuthRequired,
    AuthFailed,
    RelayDenied,
    CertificateInvalid,
    DnsFailure,
    StarttlsStrippedOrMissing,
    TooManyErrors,
    MessageTooBig,
    GreetingRejected,
    RecipientRejected,
    ConnectionClosed,
    Delivered,
    Unknown,
}

impl Cause {
    pub const ALL: [Cause; 18] = [
        Cause::PortBlockedDrop,
        Cause::PortRefused,
        Cause::ImplicitTlsOnStarttlsPort,
        Cause::StarttlsOnImplicitPort,
        Cause::AuthBeforeStarttls,
        Cause::AuthRequired,
        Cause::AuthFailed,
        Cause::RelayDenied,
        Cause::CertificateInvalid,
        Cause::DnsFailure,
        Cause::StarttlsStrippedOrMissing,
        Cause::TooManyErrors,
        Cause::MessageTooBig,
        Cause::GreetingRejected,
        Cause::RecipientRejected,
        Cause::ConnectionClosed,
        Cause::Delivered,
        Cause::Unknown,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Cause::PortBlockedDrop => "port-blocked-drop",
            Cause::PortRefused => "port-refused",
            Cause::ImplicitTlsOnStarttlsPort => "implicit-tls-on-starttls-port",
            Cause::StarttlsOnImplicitPort => "starttls-on-implicit-port",
            Cause::AuthBeforeStarttls => "auth-before-starttls",
            Cause::AuthRequired => "auth-required",
            Cause::AuthFailed => "auth-failed",
            Cause::RelayDenied => "relay-denied",
            Cause::CertificateInvalid => "certificate-invalid",
            Cause::DnsFailure => "dns-failure",
            Cause::StarttlsStrippedOrMissing => "starttls-stripped-or-missing",
            Cause::TooManyErrors => "too-many-errors",
            Cause::MessageTooBig => "message-too-big",
            Cause::GreetingRejected => "greeting-rejected",
            Cause::RecipientRejected => "recipient-rejected",
            Cause::ConnectionClosed => "connection-closed",
            Cause::Delivered => "delivered",
            Cause::Unknown => "unknown",
        }
    }

    /// A heading for the cause.
    pub fn title(self) -> &'static str {
        match self {
            Cause::PortBlockedDrop => "The port is blocked on the way (no answer)",
            Cause::PortRefused => "The connection is refused",
            Cause::ImplicitTlsOnStarttlsPort => "TLS spoken to a port that starts in plaintext",
            Cause::StarttlsOnImplicitPort => "Plaintext or STARTTLS on the implicit-TLS port 465",
            Cause::AuthBeforeStarttls => "Login or mail before STARTTLS",
            Cause::AuthRequired => "Sending without logging in",
            Cause::AuthFailed => "The login was refused",
            Cause::RelayDenied => "The server will not relay for you",
            Cause::CertificateInvalid => "The server's certificate was not accepted",
            Cause::DnsFailure => "The server's name does not resolve",
            Cause::StarttlsStrippedOrMissing => "STARTTLS is required but missing",
            Cause::TooManyErrors => "Too many errors: the server hung up",
            Cause::MessageTooBig => "The message is too big",
            Cause::GreetingRejected => "The server turned the session away",
            Cause::RecipientRejected => "The recipient was refused",
            Cause::ConnectionClosed => "The connection was closed mid-session",
            Cause::Delivered => "Nothing failed",
            Cause::Unknown => "No known cause",
        }
    }

    /// What happened, in plain words.
    pub fn what(self) -> &'static str {
        match self {
            Cause::PortBlockedDrop => "The connection never opened: a firewall on the way silently drops packets to this port, so the program waited until it timed out. No SMTP was spoken.",
            Cause::PortRefused => "The connection was refused at once: nothing listens on that port at that address, or a firewall answers with a reset. No SMTP was spoken.",
            Cause::ImplicitTlsOnStarttlsPort => "Your program started TLS at once (implicit TLS, \"SSL/TLS\"), but this port starts in plaintext and upgrades with STARTTLS: the server's plaintext 220 greeting reached the TLS library, which calls it a wrong version number.",
            Cause::StarttlsOnImplicitPort => "Your program waited for the server's 220 greeting in plaintext, but port 465 speaks TLS from the first byte: the server waits for a TLS ClientHello, nobody speaks, and the program times out (or, after 5 minutes, the server hangs up: recording 465_silent_client_no_clienthello_timeout).",
            Cause::AuthBeforeStarttls => "Your program tried to log in or send before starting TLS. This server offers AUTH only after STARTTLS, so the program found no login to use and stopped (smtplib, swaks, Go), or went on and the server refused with 530 5.7.0 (RFC 3207 §4).",
            Cause::AuthRequired => "The server wants a login before it accepts mail from you, and your program did not log in (or the server offered no login it could use).",
            Cause::AuthFailed => "The server refused the user name or password (535).",
            Cause::RelayDenied => "The server refused to pass the message on to another domain: it relays only for clients that logged in (or for its own network).",
            Cause::CertificateInvalid => "TLS started, but your program does not trust the server's certificate: a self-signed or unknown CA, a missing intermediate, an expired certificate, or a name that does not match the host you connected to.",
            Cause::DnsFailure => "The server's host name could not be looked up, so no connection was attempted.",
            Cause::StarttlsStrippedOrMissing => "Your program (or relay) requires STARTTLS, but the server's EHLO reply did not offer it, or the server refused it: the server has no TLS on this port, or something on the path removed the offer. Nothing was sent in the clear; a relay keeps the message and retries.",
            Cause::TooManyErrors => "The server hung up (421) after too many rejected or unknown commands.",
            Cause::MessageTooBig => "The message is larger than the server accepts (552).",
            Cause::GreetingRejected => "The server refused the session instead of greeting with 220.",
            Cause::RecipientRejected => "The server does not know the recipient address.",
            Cause::ConnectionClosed => "The connection was closed in the middle of the session; the last server reply before it usually says why.",
            Cause::Delivered => "Nothing failed: the server accepted the message and queued it.",
            Cause::Unknown => "Nothing in this text matches a failure the simulator knows, so there is no guess here.",
        }
    }
}

/// One likely cause, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub cause: Cause,
    /// What happened, and at which step of the journey.
    pub what: String,
    /// Where the message that matched comes from: RFC, recording, the program's source.
    pub source: String,
    /// The fix, in the recognised program's words when there is one.
    pub fix: String,
    /// The text that matched, as it was found in the input (lower-case).
    pub matched: String,
    /// The link's query string, without `?`: `port=587&client=tls&step=4`.
    pub link: String,
    /// The journey the link opens, and how many of its steps it shows (the failing one last).
    pub setup: Setup,
    pub step: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub program: Option<Program>,
    /// Most likely first; never empty.
    pub findings: Vec<Finding>,
    /// The input was longer than `INPUT_LIMIT` and was cut.
    pub truncated: bool,
}

impl Diagnosis {
    /// "You connected to smtp.provider.example on 587." when the text says so.
    pub fn connected(&self) -> Option<String> {
        let port = self.port.map(|p| format!(" on {p}"));
        match (&self.host, port) {
            (None, None) => None,
            (Some(h), p) => Some(format!("You connected to {h}{}.", p.unwrap_or_default())),
            (None, Some(p)) => Some(format!("You connected{p}.")),
        }
    }
}

/// A match of the input against one fingerprint.
pub(crate) struct Hit {
    pub cause: Cause,
    pub score: u32,
    pub needle: String,
    pub source: String,
    /// The setup and step, when the fingerprint came from a journey.
    pub at: Option<(Setup, usize)>,
}

/// Diagnoses what a program printed: an error message, a log line, a stack trace or a transcript.
pub fn diagnose(text: &str) -> Diagnosis {
    let mut cut = text.len().min(INPUT_LIMIT);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let input = &text[..cut];
    let lower = input.to_ascii_lowercase();
    let (host, port) = host_and_port(input);
    let program = catalogue::program(&lower);
    let known = prints::all();
    let mut hits = prints::matches(&known, input, &lower);
    hits.extend(catalogue::matches(&lower));
    // The port the text names makes some causes more likely and rules others out: a program
    // that waits for a greeting is on 465, one that speaks TLS too early is not.
    // "Read timed out" is a connection that opened and then stayed silent, never a dropped port.
    let read_timeout = lower.contains("read timed out") || lower.contains("readtimeout");
    hits.retain(|hit| !(read_timeout && hit.cause == Cause::PortBlockedDrop));
    hits.retain(|hit| match port {
        Some(465) => hit.cause != Cause::ImplicitTlsOnStarttlsPort,
        Some(_) => hit.cause != Cause::StarttlsOnImplicitPort,
        None => true,
    });
    for hit in &mut hits {
        if port == Some(465) && hit.cause == Cause::StarttlsOnImplicitPort {
            hit.score += 500;
        }
    }
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.cause.cmp(&b.cause)));
    let mut findings: Vec<Finding> = Vec::new();
    for hit in hits {
        if findings.iter().all(|f| f.cause != hit.cause) {
            findings.push(finding(&known, hit, port, program));
        }
    }
    if findings.is_empty() {
        let hit = Hit {
            cause: Cause::Unknown,
            score: 0,
            needle: String::new(),
            source: String::new(),
            at: None,
        };
        findings.push(finding(&known, hit, port, program));
    }
    Diagnosis {
        host,
        port,
        program,
        findings,
        truncated: cut < text.len(),
    }
}

fn finding(
    known: &[prints::Print],
    hit: Hit,
    port: Option<u16>,
    program: Option<Program>,
) -> Finding {
    let port_found = port.and_then(Port::from_number);
    let (setup, index) = hit
        .at
        .map(|(s, i)| (s, Some(i)))
        .unwrap_or_else(|| prints::place(known, hit.cause, port_found));
    // The walkthrough's lab login always succeeds, and the error limit takes many commands: the
    // console is where these can be tried.
    let console = matches!(hit.cause, Cause::TooManyErrors | Cause::AuthFailed);
    let index = index.filter(|_| !console);
    let steps = journey(setup).steps;
    let step = index.map_or(0, |i| i + 1);
    let mut what = hit.cause.what().to_string();
    let mut source = hit.source;
    if hit.cause == Cause::AuthFailed {
        what.push_str(" In the simulator: log in with a wrong password in the console.");
    }
    if let Some(s) = index.and_then(|i| steps.get(i)) {
        what.push_str(&format!(" In the simulator: step {step}, \"{}\".", s.title));
        if source.is_empty() {
            source = s.rfc.to_string();
        }
    }
    if source.is_empty() {
        source = "—".into();
    }
    let mut link: Vec<String> = setup
        .params()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if console {
        link.push("view=console".into());
    } else if step > 0 {
        link.push(format!("step={step}"));
    }
    Finding {
        cause: hit.cause,
        what,
        source,
        fix: catalogue::fix(hit.cause, program, port.unwrap_or(setup.port.number())),
        matched: hit.needle,
        link: link.join("&"),
        setup,
        step,
    }
}

/// The setup a link opens when no journey fingerprint matched: the port the text names if the
/// simulator has it, else the usual one for the cause.
pub(crate) fn setup_on(port: Port) -> Setup {
    Setup {
        network: Network::Open,
        ..Setup::new(port)
    }
}

/// The server's host and port, from `host:port`, `host "…:587"`, `port 587`, `port: 587`,
/// `Port = 465`, `[ip]:25`, `ENOTFOUND host` and the like.
pub fn host_and_port(text: &str) -> (Option<String>, Option<u16>) {
    let mut host = None;
    let mut port = None;
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "\"'`,;()<>{}|".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_ascii_lowercase();
        let next = words.get(i + 1).copied().unwrap_or("");
        if port.is_none() && (lower == "port" || lower == "port:" || lower == "port=") {
            let n = if next == "=" || next == ":" {
                words.get(i + 2).copied().unwrap_or("")
            } else {
                next
            };
            port = number(n.trim_matches(|c: char| !c.is_ascii_digit()));
        }
        if host.is_none()
            && ["enotfound", "eai_again", "host:", "host", "lookup"].contains(&lower.as_str())
        {
            host = hostname(next.trim_end_matches([':', '.'])).map(str::to_string);
        }
        if let Some((name, num)) = word.trim_end_matches(['.', ':']).rsplit_once(':') {
            let name = name.rsplit(['/', '=', '@']).next().unwrap_or("");
            let name = name
                .split('[')
                .next()
                .unwrap_or("")
                .trim_start_matches("ssl:")
                .trim_start_matches("tls:");
            if let (Some(h), Some(p)) = (hostname(name), number(num)) {
                host.get_or_insert_with(|| h.to_string());
                port.get_or_insert(p);
            }
        }
    }
    (host, port)
}

fn number(text: &str) -> Option<u16> {
    (!text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|&p| p > 0)
}

/// A DNS name with a dot, or an IPv4 address; not a file name, a class name or a version.
fn hostname(text: &str) -> Option<&str> {
    let text = text.trim_matches(|c: char| c == '[' || c == ']');
    let ok = text.len() >= 3
        && text.len() <= 253
        && text.contains('.')
        && !text.starts_with('.')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && text.rsplit('.').next().is_some_and(|tld| {
            tld.bytes().all(|b| b.is_ascii_digit())
                || (tld.len() >= 2
                    && tld.bytes().all(|b| b.is_ascii_alphabetic())
                    && ![
                        "py", "js", "rb", "java", "php", "cs", "go", "rs", "c", "txt", "log",
                    ]
                    .contains(&tld))
        });
    ok.then_some(text)
}
