//! Diagnose: the simulator run backwards. Paste what a program printed (or its settings); get
//! the likely causes, most likely first, each with the evidence it rests on, a fix that keeps
//! certificate checks on and TLS required, in that program's own words, and the place in the
//! simulator that shows it (`Shown`: the journey at the step where it fails, or the console),
//! from which the page and the terminal build their links.
//!
//! The text is read in layers, each a module of its own: reply and enhanced status codes
//! (`codes`), TLS error families across stacks (`tls`), socket and DNS errors by runtime
//! (`socket`), certificate families (`certs`), the settings the text states (`settings`), and
//! last the catalogue of program-specific sentences, each with its source (`catalogue`), plus
//! the simulator's own journeys (`prints`). Causes the text contradicts are dropped (`rules`).
//! Matching is by hand-written substring search: no regular expressions.

mod catalogue;
mod causes;
mod certs;
mod codes;
mod fixes;
mod hostport;
pub mod login;
mod notmail;
mod pasted;
mod plaintext;
mod prints;
mod rules;
mod settings;
mod socket;
mod tls;

#[cfg(test)]
mod tests;

pub use catalogue::Program;
pub use causes::Cause;
pub use hostport::host_and_port;
pub use pasted::is_not_smtp;

use crate::event::Setup;
use crate::journey::journey;
use crate::path::attacker::Attack;
use crate::path::client::ClientTls;
use crate::path::network::Network;
use crate::path::port::Port;
use crate::teach::rfc::cite;

/// Longest input read; the rest is ignored, and the diagnosis says so.
pub const INPUT_LIMIT: usize = 64 * 1024;

/// One likely cause, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The cause found.
    pub cause: Cause,
    /// What happened, and at which step of the journey.
    pub what: String,
    /// What in the text this rests on: the line, and the rule that reads it.
    pub evidence: String,
    /// Where the message that matched comes from: RFC, recording, the program's source.
    pub source: String,
    /// The fix, in the recognised program's words when there is one.
    pub fix: String,
    /// The text that matched, as it was found in the input (lower-case).
    pub matched: String,
    /// The journey that shows it (in the console: the port to try it on).
    pub setup: Setup,
    /// Where the simulator shows it.
    pub shown: Shown,
}

/// Where the simulator shows a finding; the view builds its link from this and the setup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Nowhere: nothing known, or not about mail.
    Nowhere,
    /// The setup's journey with this many steps taken, the failing one last (0: not started).
    Steps(usize),
    /// The console, where it can be tried by hand.
    Console,
}

/// What Diagnose makes of a pasted text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    /// The server host the text names, if any.
    pub host: Option<String>,
    /// The port the text names, if any.
    pub port: Option<u16>,
    /// The program that printed the text or takes the settings, when recognised.
    pub program: Option<Program>,
    /// Most likely first; never empty.
    pub findings: Vec<Finding>,
    /// The input was longer than `INPUT_LIMIT` and was cut.
    pub truncated: bool,
    /// The text states a program's settings and reports nothing that happened: no connection
    /// was made, so none is described.
    pub settings_only: bool,
}

impl Diagnosis {
    /// "You connected to smtp.provider.example on 587." when the text says so; "You tried to
    /// reach …" when the name did not resolve or the port never answered, so nothing connected;
    /// "Your settings name …" when the text is settings, not what happened.
    pub fn connected(&self) -> Option<String> {
        let port = self.port.map(|p| format!(" on {p}"));
        let first = self.findings.first().map(|f| f.cause);
        if self.settings_only {
            return match (&self.host, port) {
                (None, None) => None,
                (h, p) => Some(format!(
                    "Your settings name {}{}.",
                    h.as_deref().unwrap_or("the server"),
                    p.unwrap_or_default()
                )),
            };
        }
        // A name that did not resolve, or a port that never answered, was only tried.
        let tried = matches!(
            first,
            Some(Cause::DnsFailure | Cause::PortBlockedDrop | Cause::PortRefused | Cause::NoRoute)
        );
        let verb = if tried {
            "You tried to reach"
        } else {
            "You connected to"
        };
        match (&self.host, port) {
            _ if first == Some(Cause::NotMail) => None,
            (None, None) => None,
            (Some(h), p) => Some(format!("{verb} {h}{}.", p.unwrap_or_default())),
            (None, Some(_)) if first == Some(Cause::DnsFailure) => None,
            (None, Some(p)) if tried => Some(format!("You tried to connect{p}.")),
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
    /// The line it was found on and the rule that reads it.
    pub evidence: String,
    /// The setup and step, when the fingerprint came from a journey.
    pub at: Option<(Setup, usize)>,
}

impl Hit {
    pub(crate) fn new(
        cause: Cause,
        score: u32,
        needle: &str,
        source: &str,
        evidence: String,
    ) -> Hit {
        Hit {
            cause,
            score,
            needle: needle.to_string(),
            source: source.to_string(),
            evidence,
            at: None,
        }
    }
}

/// The line of `input` holding byte `at`, trimmed, quoted for the evidence; a long line is cut
/// to about 160 characters around `at`, so the words that matched stay in view.
pub(crate) fn line_at(input: &str, at: usize) -> String {
    let (before, after) = input.split_at(floor_boundary(input, at.min(input.len())));
    let head = before.rsplit('\n').next().unwrap_or_default().trim_start();
    let tail = after.split('\n').next().unwrap_or_default();
    let joined = [head, tail].concat();
    let line = joined.trim_end();
    let at = head.len().min(line.len());
    let start = at.saturating_sub(60).min(line.len().saturating_sub(160));
    let from = floor_boundary(line, start);
    let to = floor_boundary(line, (start + 160).min(line.len()));
    let (open, close) = (
        if from > 0 { "…" } else { "" },
        if to < line.len() { "…" } else { "" },
    );
    format!("\u{201c}{open}{}{close}\u{201d}", &line[from..to])
}

/// The largest char boundary of `text` at or before `at` (which is at most `text.len()`).
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Diagnoses what a program printed (an error message, a log line, a stack trace, a transcript)
/// or the settings it was given.
pub fn diagnose(text: &str) -> Diagnosis {
    let cut = floor_boundary(text, text.len().min(INPUT_LIMIT));
    let input = &text[..cut];
    let lower = input.to_ascii_lowercase();
    let (host, port) = host_and_port(input);
    let stated = settings::read(input, &lower, port);
    let program = catalogue::program(&lower).or(stated.program);
    let known = prints::all();
    let mut hits = prints::matches(&known, input, &lower);
    hits.extend(codes::hits(input, &lower));
    hits.extend(tls::hits(input, &lower));
    hits.extend(socket::hits(input, &lower));
    hits.extend(certs::hits(input, &lower));
    hits.extend(catalogue::matches(input, &lower));
    hits.extend(plaintext::hit(input, &lower, port));
    let failed = hits
        .iter()
        .any(|h| h.score >= prints::STRONG && h.cause.is_failure());
    let printed = !hits.is_empty();
    hits.extend(settings::hits(&stated, failed));
    if let Some(hit) = notmail::hit(input, &lower, port) {
        hits = vec![hit];
    }
    rules::apply(&mut hits, &lower, port, &stated);
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.cause.cmp(&b.cause)));
    let mut findings: Vec<Finding> = Vec::new();
    let context = Context {
        port,
        program,
        cloud: settings::cloud_host(&lower),
        stated: &stated,
    };
    for hit in hits {
        // Nothing failed: a success says so and nothing else.
        if hit.cause == Cause::Delivered && !findings.is_empty() {
            continue;
        }
        if findings.iter().all(|f| f.cause != hit.cause) {
            findings.push(finding(&known, hit, &context));
        }
        if findings[0].cause == Cause::Delivered {
            break;
        }
    }
    if findings.is_empty() && notmail::looks_like_other_error(&lower) {
        let hit = Hit::new(
            Cause::NotMail,
            0,
            "",
            "",
            "An error or stack trace that names no SMTP step, mail library or mail port.".into(),
        );
        findings.push(finding(&known, hit, &context));
    }
    if findings.is_empty() {
        let hit = Hit::new(Cause::Unknown, 0, "", "", String::new());
        findings.push(finding(&known, hit, &context));
    }
    let settings_only = !printed && !matches!(findings[0].cause, Cause::Unknown | Cause::NotMail);
    Diagnosis {
        host,
        port,
        program,
        findings,
        truncated: cut < text.len(),
        settings_only,
    }
}

/// The fix for a cause, in a program's words, for a connection to `port` (no settings read).
pub fn fix(cause: Cause, program: Option<Program>, port: u16) -> String {
    fixes::fix(cause, program, port, &settings::Stated::default())
}

/// What a finding is shaped by besides its hit.
struct Context<'a> {
    port: Option<u16>,
    program: Option<Program>,
    /// The text names a cloud VM: a blocked port 25 is the cloud's rule.
    cloud: bool,
    stated: &'a settings::Stated,
}

fn finding(known: &[prints::Print], hit: Hit, cx: &Context) -> Finding {
    let port = cx.port;
    let port_found = port.and_then(Port::from_number);
    let (mut setup, index) = hit
        .at
        .map(|(s, i)| (s, Some(i)))
        .unwrap_or_else(|| prints::place(known, hit.cause, port_found));
    // The settings' own journey, and the attack it would lose to.
    let on = |client: Option<ClientTls>| Setup {
        client,
        ..Setup::new(port_found.unwrap_or(Port::P587))
    };
    let mut index = index;
    match hit.cause {
        Cause::OpportunisticTls => {
            setup = Setup {
                attack: Some(Attack::Strip),
                ..on(Some(ClientTls::Opportunistic))
            };
            index = None;
        }
        Cause::CertificateNotVerified => {
            setup = Setup {
                attack: Some(Attack::Cert),
                verify: false,
                ..on(None)
            };
            index = None;
        }
        Cause::SettingsOk => {
            setup = on(None);
            index = None;
        }
        // No journey shows a blocklist: the link shows the way round it, submission from home.
        Cause::SenderAddressRefused => {
            setup = Setup {
                network: Network::Home,
                ..Setup::new(Port::P587)
            };
            index = None;
        }
        Cause::PortBlockedDrop if cx.cloud && setup.port == Port::P25 => {
            setup = Setup {
                network: Network::Cloud,
                block: None,
                ..setup
            };
        }
        _ => {}
    }
    // The walkthrough's lab login always succeeds, and the error limit takes many commands: the
    // console is where these can be tried.
    let console = matches!(hit.cause, Cause::TooManyErrors | Cause::AuthFailed);
    let index = index.filter(|_| !console);
    let steps = journey(setup).steps;
    // Settings fail at no step: their link shows the whole journey they lead to; so does the
    // way round a refusal no journey shows.
    let step = if matches!(
        hit.cause,
        Cause::OpportunisticTls
            | Cause::CertificateNotVerified
            | Cause::SettingsOk
            | Cause::SenderAddressRefused
    ) {
        steps.len()
    } else {
        index.map_or(0, |i| i + 1)
    };
    let mut what = hit.cause.what().to_string();
    let mut source = hit.source;
    if hit.cause == Cause::AuthFailed {
        what.push_str(" In the simulator: log in with a wrong password in the console.");
    }
    if let Some(s) = index.and_then(|i| steps.get(i)) {
        what.push_str(&format!(" In the simulator: step {step}, \"{}\".", s.title));
        if source.is_empty() {
            source = cite(s.rfc);
        }
    }
    if source.is_empty() {
        source = "—".into();
    }
    let shown = match hit.cause {
        Cause::Unknown | Cause::NotMail => Shown::Nowhere,
        _ if console => Shown::Console,
        _ => Shown::Steps(step),
    };
    let evidence = if hit.evidence.is_empty() && !hit.needle.is_empty() {
        format!("The text contains \u{201c}{}\u{201d}.", hit.needle)
    } else {
        hit.evidence
    };
    Finding {
        cause: hit.cause,
        what,
        evidence,
        source,
        fix: fixes::fix(
            hit.cause,
            cx.program,
            port.unwrap_or(setup.port.number()),
            cx.stated,
        ),
        matched: hit.needle,
        setup,
        shown,
    }
}
