//! Fingerprints read off the simulator itself: every setup's journey, run, gives the symptom
//! its failing step shows (the client's verdict, the server's refusal) and where; a few scripted
//! sessions give the replies no journey reaches (535, 554 relay, 552, 421, 550 unknown user).
//! Nothing here repeats a server text: it is all read from what the model says.

use super::{line_at, Cause, Hit};
use crate::event::{Event, Lane, Setup};
use crate::journey::{journey, Step};
use crate::path::attacker::{Attack, Policy};
use crate::path::client::ClientTls;
use crate::path::network::Block;
use crate::path::port::{Port, TlsStart};
use crate::server::reply::{Reply, Why};
use crate::server::{Out, Server, HOSTNAME};
use crate::teach::lesson::Lesson;
use crate::teach::rfc::cite;

/// Strength of a match: it decides the cause, makes it likely, or only hints at it.
pub(crate) const STRONG: u32 = 3000;
pub(crate) const LIKELY: u32 = 2000;
pub(crate) const HINT: u32 = 1000;

/// One setup's journey, its outcome and what it shows.
pub(crate) struct Print {
    pub setup: Setup,
    pub cause: Cause,
    /// Index of the failing step (the last step when the message went through).
    pub step: usize,
    pub needles: Vec<String>,
    pub source: String,
    /// Every event text of the journey, read as a pasted line is (`strip_label`), to match one.
    pub lines: Vec<String>,
}

/// Where a journey fails and why: the first step where the program gives up (an event from
/// the program to itself: a timeout, a reset, a TLS error), else the first the server refuses
/// with a 5xx. `None` when the message went through; `Unknown` for a failure named nowhere here
/// (an attack other than Strip and Cert, which `setups` never runs).
pub(crate) fn failure(setup: Setup, steps: &[Step]) -> Option<(usize, Cause)> {
    let verdict = |s: &Step| {
        s.events
            .iter()
            .any(|e| e.from == Lane::App && e.to == Lane::App)
    };
    let refused = |s: &Step| {
        s.events
            .iter()
            .any(|e| e.reply.as_ref().is_some_and(|r| r.code >= 500))
    };
    let step = steps
        .iter()
        .position(verdict)
        .or_else(|| steps.iter().position(refused))?;
    let tls_required = steps[step]
        .events
        .iter()
        .any(|e| e.reply.as_ref().is_some_and(|r| r.why == Why::TlsRequired));
    let implicit_port = setup.port.info().tls == TlsStart::Implicit;
    let implicit_client = setup.client() == ClientTls::Implicit;
    let cause = match (setup.attack, setup.blocked()) {
        (Some(Attack::Cert), _) => Cause::CertificateInvalid,
        (Some(Attack::Strip), _) => Cause::StarttlsStrippedOrMissing,
        (None, Some(Block::Drop)) => Cause::PortBlockedDrop,
        (None, Some(Block::Reject)) => Cause::PortRefused,
        (None, Some(Block::Prohibit)) => Cause::NoRoute,
        _ if implicit_client && !implicit_port => Cause::ImplicitTlsOnStarttlsPort,
        _ if implicit_port && !implicit_client => Cause::StarttlsOnImplicitPort,
        _ if tls_required => Cause::AuthBeforeStarttls,
        _ => Cause::Unknown,
    };
    Some((step, cause))
}

/// The setups in the order a link prefers them: no firewall first, the port's own client first,
/// then the attacks.
pub(crate) fn setups() -> Vec<Setup> {
    let mut all = Vec::new();
    let usual = [Port::P587, Port::P465, Port::P25];
    let rest = Port::ALL.into_iter().filter(|p| !usual.contains(p));
    for port in usual.into_iter().chain(rest) {
        for block in [
            None,
            Some(Block::Drop),
            Some(Block::Reject),
            Some(Block::Prohibit),
        ] {
            let expected = ClientTls::expected_by(port);
            let others = ClientTls::ALL.into_iter().filter(|&c| c != expected);
            for client in [None].into_iter().chain(others.map(Some)) {
                all.push(Setup {
                    block,
                    client,
                    ..Setup::new(port)
                });
            }
        }
    }
    // An attacker on the path who strips STARTTLS or forges the certificate (client as expected).
    // A relay that reports it enforces a TLS policy: without one it would not stop at all.
    for port in usual {
        for attack in [Attack::Strip, Attack::Cert] {
            let policy = if port == Port::P25 {
                Policy::MtaSts
            } else {
                Policy::Opportunistic
            };
            all.push(Setup {
                attack: Some(attack),
                policy,
                ..Setup::new(port)
            });
        }
    }
    all
}

/// Runs every setup's journey and reads its fingerprint.
pub(crate) fn all() -> Vec<Print> {
    setups()
        .into_iter()
        .filter_map(|setup| {
            let steps = journey(setup).steps;
            let (step, cause) =
                failure(setup, &steps).unwrap_or((steps.len().saturating_sub(1), Cause::Delivered));
            if cause == Cause::Unknown {
                return None;
            }
            let mut needles = Vec::new();
            for event in &steps[step].events {
                symptoms(event, &mut needles);
            }
            if cause == Cause::Delivered {
                needles.push("queued as".into());
            }
            Some(Print {
                setup,
                cause,
                step,
                needles,
                source: source(&setup, &cite(steps[step].rfc)),
                lines: steps
                    .iter()
                    .flat_map(|s| s.events.iter())
                    .map(|e| strip_label(&e.text).to_string())
                    .filter(|t| !t.is_empty())
                    .collect(),
            })
        })
        .collect()
}

/// What in an event a program would print: the client's own verdict, or a refusal (the only
/// replies a failing step holds that have words to match: `tests`' fingerprint check).
fn symptoms(event: &Event, out: &mut Vec<String>) {
    match &event.reply {
        Some(reply) => reply_needles(reply, out),
        None if event.from == Lane::App && event.to == Lane::App => phrases(&event.text, out),
        None => {}
    }
}

/// A refusal's code with its enhanced code (every refusal of the lab's Postfix has one), and the
/// phrases of its text.
fn reply_needles(reply: &Reply, out: &mut Vec<String>) {
    out.push(format!("{} {}", reply.code, reply.enhanced));
    out.push(format!("{}-{}", reply.code, reply.enhanced));
    for line in &reply.lines {
        phrases(line, out);
    }
}

/// The distinctive parts of a message: phrases of two words or more between its punctuation
/// (`wrong version number`, `Connection timed out`), and errno names (`ETIMEDOUT`).
fn phrases(text: &str, out: &mut Vec<String>) {
    for part in text.split(|c: char| ":()[]\"'<>".contains(c)) {
        let part = part.trim().trim_end_matches('.');
        let errno = part.len() >= 6
            && part.starts_with('E')
            && part.bytes().all(|b| b.is_ascii_uppercase());
        let phrase = part.contains(' ') && part.len() >= 13 && !part.contains(HOSTNAME);
        if errno || phrase {
            out.push(part.to_ascii_lowercase());
        }
    }
}

/// A session the journeys do not script: the client lines after EHLO (on 465 inside TLS; the
/// probes on 25 need none) and the cause its last reply shows.
pub(crate) struct Probe {
    pub cause: Cause,
    pub port: Port,
    pub lines: &'static [&'static str],
}

pub(crate) const PROBES: [Probe; 5] = [
    Probe {
        cause: Cause::AuthFailed,
        port: Port::P465,
        lines: &["AUTH LOGIN", "YWxpY2VAZXhhbXBsZS50ZXN0", "d3JvbmcgaG9yc2U="],
    },
    Probe {
        cause: Cause::RelayDenied,
        port: Port::P25,
        lines: &["MAIL FROM:<bob@example.org>", "RCPT TO:<x@example.net>"],
    },
    Probe {
        cause: Cause::RecipientRejected,
        port: Port::P25,
        lines: &[
            "MAIL FROM:<bob@example.org>",
            "RCPT TO:<nosuchuser@example.test>",
        ],
    },
    Probe {
        cause: Cause::MessageTooBig,
        port: Port::P25,
        lines: &["MAIL FROM:<bob@example.org> SIZE=99999999"],
    },
    Probe {
        cause: Cause::TooManyErrors,
        port: Port::P25,
        lines: &["XYZZY"; 20],
    },
];

/// The last reply of a scripted session against the server model.
pub(crate) fn last_reply(port: Port, lines: &[&str]) -> Option<Reply> {
    let (mut server, _) = Server::connect(port.server_config());
    if port.info().tls == TlsStart::Implicit {
        server.tls_handshake();
    }
    let mut last = None;
    let mut send = |server: &mut Server, line: &str| {
        for out in server.receive(format!("{line}\r\n").as_bytes()) {
            if let Out::Reply(r) = out {
                last = Some(r);
            }
        }
    };
    send(&mut server, "EHLO client.example.org");
    for line in lines {
        send(&mut server, line);
    }
    last
}

/// Matches the input against the journeys: a pasted transcript of a whole journey names its setup
/// outright; otherwise each failing step's symptoms, and the model's own refusals.
pub(crate) fn matches(known: &[Print], input: &str, lower: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut lines: Vec<&str> = input
        .lines()
        .map(strip_label)
        .filter(|l| !l.is_empty())
        .collect();
    lines.sort_unstable();
    let whole = known
        .iter()
        .filter(|p| {
            p.lines.len() >= 4
                && p.lines
                    .iter()
                    .all(|l| lines.binary_search(&l.as_str()).is_ok())
        })
        .max_by_key(|p| p.lines.len());
    if let Some(p) = whole {
        let mut whole = hit(p.cause, STRONG * 3, "the whole journey".into(), &p.source);
        whole.at = Some((p.setup, p.step));
        whole.evidence = format!(
            "Every line of the simulator's journey for this setup is in the text ({} lines), up to the step where it stops.",
            p.lines.len()
        );
        hits.push(whole);
    }
    for p in known {
        if let Some(n) = p
            .needles
            .iter()
            .filter(|n| lower.contains(n.as_str()))
            .max_by_key(|n| n.len())
        {
            let strength = if p.cause == Cause::Delivered {
                HINT
            } else {
                STRONG
            };
            // Sure as a program's own sentence. No real message sets one journey's words against
            // another's, so their length (the catalogue's tie-break) would order nothing.
            let mut h = hit(p.cause, strength, n.clone(), &p.source);
            h.evidence = format!(
                "{}: the simulator's own journey shows these words where it fails.",
                line_at(input, lower.find(n.as_str()).unwrap_or(0))
            );
            hits.push(h);
        }
    }
    for probe in &PROBES {
        let mut needles = Vec::new();
        if let Some(reply) = last_reply(probe.port, probe.lines) {
            reply_needles(&reply, &mut needles);
        }
        if let Some(n) = needles
            .iter()
            .filter(|n| lower.contains(n.as_str()))
            .max_by_key(|n| n.len())
        {
            let mut h = hit(
                probe.cause,
                STRONG,
                n.clone(),
                "Postfix 3.7.11's reply, as recorded from the lab server",
            );
            h.evidence = format!(
                "{}: the lab's Postfix gives this reply for it.",
                line_at(input, lower.find(n.as_str()).unwrap_or(0))
            );
            hits.push(h);
        }
    }
    hits
}

fn hit(cause: Cause, score: u32, needle: String, source: &str) -> Hit {
    Hit::new(cause, score, &needle, source, String::new())
}

/// A transcript line without the label the simulator, a recording or swaks puts before it.
fn strip_label(line: &str) -> &str {
    let line = line.trim();
    for label in [
        "C: ", "S: ", "DNS ", "TCP ", "TLS ", "<- ", "-> ", "<~ ", "~> ", "<** ", "*** ", "=== ",
    ] {
        if let Some(rest) = line.strip_prefix(label) {
            return rest.trim();
        }
    }
    line
}

/// Where a cause shows in the simulator when the text did not name a whole journey: the
/// journey that fails that way (on the port the text names, if it has one), else the step of a
/// working journey where it would happen. A stripped STARTTLS and a forged certificate always
/// have a journey (the attacks in `setups`), so they need no step of their own here.
pub(crate) fn place(known: &[Print], cause: Cause, port: Option<Port>) -> (Setup, Option<usize>) {
    let fails = |p: &&Print| p.cause == cause && cause != Cause::Delivered;
    if let Some(p) = known
        .iter()
        .filter(fails)
        .find(|p| Some(p.setup.port) == port)
        .or_else(|| known.iter().find(fails))
    {
        return (p.setup, Some(p.step));
    }
    let lesson = match cause {
        // Nothing in a journey shows these: no step to point at.
        Cause::Unknown | Cause::NotMail => return (Setup::new(port.unwrap_or(Port::P587)), None),
        Cause::AuthFailed
        | Cause::AuthRequired
        | Cause::LoginDisabled
        | Cause::NoCommonMechanism => Lesson::Auth,
        Cause::RelayDenied | Cause::RecipientRejected => Lesson::Rcpt,
        Cause::MessageTooBig => Lesson::Mail,
        Cause::DnsFailure => Lesson::AddressLookup,
        Cause::Delivered => Lesson::Message,
        _ => Lesson::Greeting,
    };
    let usual = match cause {
        Cause::RelayDenied
        | Cause::RecipientRejected
        | Cause::MessageTooBig
        | Cause::SenderAddressRefused => Port::P25,
        _ => Port::P587,
    };
    for p in port.into_iter().chain([usual]) {
        let setup = Setup::new(p);
        if let Some(i) = journey(setup).steps.iter().position(|s| s.lesson == lesson) {
            return (setup, Some(i));
        }
    }
    (Setup::new(usual), None)
}

/// Where a journey's symptom comes from: the program whose words the failing step quotes, or the
/// rule the step shows.
fn source(setup: &Setup, rule: &str) -> String {
    let program = match (setup.attack, setup.port) {
        (Some(Attack::Strip), Port::P25) => "Postfix as a relay (src/smtp/smtp_proto.c)",
        (Some(Attack::Strip), _) => "swaks (jetmore/swaks), as the simulator's journey shows it",
        (Some(Attack::Cert), Port::P25) => "Postfix as a relay (src/smtp/smtp_proto.c)",
        (Some(Attack::Cert), _) => {
            "OpenSSL (crypto/err/openssl.txt), as the simulator's journey shows it"
        }
        _ => return format!("{rule}, the simulator's journey"),
    };
    format!("{program}; {rule}")
}
