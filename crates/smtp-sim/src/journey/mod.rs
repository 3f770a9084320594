//! The scripted walkthrough: a sending program that looks up the server, connects, reads the
//! capabilities and acts on them, driving the same `Server` the console uses. Every reply shown
//! comes from the server model; only the client's choices are scripted.

use crate::event::{Event, Lane, Outcome, Setup, Tag};
use crate::path::attacker::Attack;
use crate::path::client::ClientTls;
use crate::path::network::{
    lookups, Block, Mx, DOWN_MX, DOWN_MX_IPV4, MX_CONNECT_TIMEOUT_MS, ROUND_TRIP_MS, SERVER_IPV4,
    SYN_RETRANSMITS_MS,
};
use crate::path::port::{Port, Role, TlsStart};
mod attack;
mod failure;

use crate::server::auth::{decode_plain, LAB_PASSWORD, LAB_USER};
use crate::server::base64;
use crate::server::read::{read, Read};
use crate::server::reply::Reply;
use crate::server::{Out, Server, HOSTNAME};
use crate::teach::lesson::Lesson;
use crate::teach::rfc::Rfc;

/// One step of the walkthrough: what the learner advances by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The kind of step; comparisons line steps up by it.
    pub lesson: Lesson,
    /// The step's heading.
    pub title: String,
    /// What happens on the wire during the step, in order.
    pub events: Vec<Event>,
    /// Plain words for the step on this port, given the server's reply.
    pub explanation: String,
    /// The RFC sections that govern the step, e.g. RFC 5321 §4.1.1.1.
    pub rfc: &'static [Rfc],
}

/// The walkthrough for one setup: its steps and how it ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journey {
    /// What the learner chose.
    pub setup: Setup,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// How it ended, once every step is taken.
    pub outcome: Outcome,
}

impl Journey {
    /// All events of the first `taken` steps, in order.
    pub fn events(&self, taken: usize) -> impl Iterator<Item = &Event> {
        self.steps.iter().take(taken).flat_map(|s| s.events.iter())
    }
}

/// The journey of one message, or of the attempt when the network or the client's TLS setting
/// stops it.
pub fn journey(setup: Setup) -> Journey {
    let mut script = Script::new(setup);
    let implicit_port = setup.port.info().tls == TlsStart::Implicit;
    // After a null MX there is nothing to connect to.
    if script.resolve() {
        match (setup.blocked(), setup.client()) {
            (Some(Block::Drop), _) => script.dropped(),
            (Some(Block::Reject), _) => script.refused(),
            (Some(Block::Prohibit), _) => script.prohibited(),
            (None, ClientTls::Implicit) if !implicit_port => script.tls_to_plain_port(),
            (None, client) if implicit_port && client != ClientTls::Implicit => {
                script.no_greeting()
            }
            (None, _) => script.deliver(),
        }
    }
    Journey {
        setup,
        outcome: script.outcome,
        steps: script.steps,
    }
}

/// How long the program waits for the greeting before it gives up: swaks's default `--timeout`
/// ("Timeout (30 secs) waiting for server response") and Nodemailer's `greetingTimeout`, both
/// 30 s (the lab's recordings ran swaks with shorter timeouts).
pub const CLIENT_TIMEOUT_MS: u64 = 30_000;

/// A TLS 1.3 ClientHello as it starts on the wire (record type 0x16, version 3.1, handshake
/// type 1), with the SNI; the rest stands for random and key-share bytes. Sent to a plaintext
/// port, its LF bytes cut it into "lines" the server answers.
const CLIENT_HELLO: &[u8] = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\xa2\x98d\xac\xd76\x04O\x9d\x00\x11mail.example.test\x00\x0b\x00\x04\x03\x00\x01\x02\x00\n\x00\x16\x00\x14\x00\x1d\x00\x17\x00\r\x00*\x00(\x04\x03\x05\x03\n\x00\x00\x00\x00";

/// Who sends what: a mail program submitting for Alice, or Bob's provider's MTA relaying to her.
struct Parties {
    helo: &'static str,
    from: &'static str,
    to: &'static str,
    to_name: &'static str,
    from_name: &'static str,
}

struct Script {
    port: Port,
    setup: Setup,
    parties: Parties,
    clock: u64,
    server: Server,
    /// The greeting the server sent on connect (none on 465 before TLS).
    greeting: Vec<Out>,
    /// The program's side of the connection is inside TLS.
    tls: bool,
    /// The attacker reads the program's side: stripped plaintext, or TLS ended at its certificate.
    mitm: bool,
    /// What the program's side has given away so far.
    password_seen: bool,
    steps: Vec<Step>,
    outcome: Outcome,
}

impl Script {
    fn new(setup: Setup) -> Self {
        let port = setup.port;
        let parties = match port.info().role {
            Role::Submission => Parties {
                helo: "laptop.example.org",
                from: LAB_USER,
                from_name: "Alice",
                to: "bob@example.org",
                to_name: "Bob",
            },
            Role::Relay => Parties {
                helo: "mx.example.org",
                from: "bob@example.org",
                from_name: "Bob",
                to: LAB_USER,
                to_name: "Alice",
            },
        };
        // The server exists from the start; its greeting is read once TCP is up.
        let (server, greeting) = Server::connect(port.server_config());
        Script {
            port,
            setup,
            parties,
            clock: 0,
            server,
            greeting,
            tls: false,
            mitm: false,
            password_seen: false,
            steps: Vec::new(),
            // Until the journey says otherwise: the failure journeys set their own.
            outcome: Outcome::Rejected,
        }
    }

    fn event(&self, tag: Tag, from: Lane, to: Lane, text: impl Into<String>) -> Event {
        Event {
            at_ms: self.clock,
            tag,
            from,
            to,
            text: text.into(),
            encrypted: self.tls && matches!(tag, Tag::Client | Tag::Server),
            // An attacker in the middle holds its own connection to the server: TLS on that
            // leg once the server itself has started it.
            server_leg: self
                .mitm
                .then(|| self.server.tls_active() && matches!(tag, Tag::Client | Tag::Server)),
            note: None,
            reply: None,
        }
    }

    fn push(&mut self, lesson: Lesson, events: Vec<Event>, reply: Option<&Reply>) {
        self.steps.push(Step {
            lesson,
            title: lesson.title(),
            explanation: lesson.explain(self.port, reply),
            rfc: lesson.rfc(),
            events,
        });
    }

    /// The DNS lookups; false when the recipient domain takes no mail (a null MX), which the
    /// sending MTA answers with a bounce at once (Postfix smtp_addr.c: status 5.1.0).
    fn resolve(&mut self) -> bool {
        let domain = self.parties.to.rsplit_once('@').map_or("", |(_, d)| d);
        let mx = self.setup.mx;
        let lookups = lookups(self.port, domain, mx);
        for (n, lookup) in lookups.into_iter().enumerate() {
            let lesson = match (n, self.port == Port::P25, mx) {
                (0, true, Mx::Listed) => Lesson::MxLookup,
                (0, true, Mx::Missing) => Lesson::NoMx,
                (0, true, Mx::Null) => Lesson::NullMx,
                (0, true, Mx::Backup) => Lesson::MxLookup,
                (1, true, Mx::Backup) => Lesson::FirstMxDown,
                (2, true, Mx::Backup) => Lesson::NextMx,
                _ if mx == Mx::Missing && self.port == Port::P25 => Lesson::ImplicitMx,
                _ => Lesson::AddressLookup,
            };
            let ask = self.event(Tag::Dns, Lane::App, Lane::Dns, lookup.question);
            self.clock += ROUND_TRIP_MS;
            let answer = self.event(Tag::Dns, Lane::Dns, Lane::App, lookup.answer);
            let mut events = vec![ask, answer];
            if lesson == Lesson::NullMx {
                self.outcome = Outcome::Bounced;
                // Postfix's log line for it (dns_lookup.c, smtp_addr.c).
                events.push(self.event(
                    Tag::Dns,
                    Lane::App,
                    Lane::App,
                    format!(
                        "status=bounced (Domain {domain} does not accept mail (nullMX)), dsn=5.1.0"
                    ),
                ));
                self.push(lesson, events, None);
                return false;
            }
            if lesson == Lesson::FirstMxDown {
                self.first_mx_down(&mut events);
            }
            self.push(lesson, events, None);
        }
        true
    }

    /// The preferred MX does not answer: SYN and its retries until Postfix's own connect
    /// timeout, then its log line (smtp_connect.c: "connect to %s[%s]:%d: %m", 4.4.1).
    fn first_mx_down(&mut self, events: &mut Vec<Event>) {
        let to = format!("{DOWN_MX_IPV4}:25");
        let start = self.clock;
        events.push(self.event(Tag::Tcp, Lane::App, Lane::Network, format!("SYN → {to}")));
        for (n, at) in SYN_RETRANSMITS_MS.into_iter().enumerate() {
            if at < MX_CONNECT_TIMEOUT_MS {
                self.clock = start + at;
                let text = format!("SYN (retransmission {}) → {to}", n + 1);
                events.push(self.event(Tag::Tcp, Lane::App, Lane::Network, text));
            }
        }
        self.clock = start + MX_CONNECT_TIMEOUT_MS;
        events.push(self.event(
            Tag::Tcp,
            Lane::App,
            Lane::App,
            format!("connect to {DOWN_MX}[{DOWN_MX_IPV4}]:25: Connection timed out"),
        ));
    }

    fn syn(&self, text: &str) -> Event {
        let to = format!("{SERVER_IPV4}:{}", self.port.number());
        self.event(Tag::Tcp, Lane::App, Lane::Network, format!("{text} → {to}"))
    }

    fn deliver(&mut self) {
        self.connect();
        if self.port.info().tls == TlsStart::Implicit {
            if let Some(attack @ (Attack::Strip | Attack::Inject)) = self.setup.attack {
                self.nothing_in_clear(attack);
            }
            // 465 is submission: a broken handshake ends it (there is no relay to fall back).
            if self.setup.attack == Some(Attack::Break) {
                self.broken();
                return;
            }
            if !self.handshake(Lesson::ImplicitTls) {
                return;
            }
        } else {
            let greeting = std::mem::take(&mut self.greeting);
            self.answer(Lesson::Greeting, greeting, Vec::new());
        }
        let mut offered = self.ehlo(Lesson::Ehlo);
        // A relay under MTA-STS or DANE starts TLS whatever else it was told (RFC 8461 §5).
        let enforced = self.port.info().role == Role::Relay && self.setup.policy.enforced();
        let wants_tls = self.setup.client() != ClientTls::Plain || enforced;
        if !self.tls && wants_tls && offered.iter().any(|c| c == "STARTTLS") {
            if self.starttls().is_some_and(|r| r.code == 220) {
                if self.setup.attack == Some(Attack::Break) {
                    if !self.broken() {
                        return;
                    }
                    offered = self.retry_without_tls();
                } else if !self.handshake(Lesson::TlsHandshake) {
                    return;
                } else {
                    offered = self.ehlo(Lesson::EhloAgain);
                }
            }
        } else if !self.tls && wants_tls && !self.tls_missing() {
            return;
        }
        // The attacker keeps the server's side going with TLS of its own when that side needs it.
        if self.mitm && !self.server.tls_active() && self.server.config().tls_required {
            self.attacker_relays();
        }
        if offered.iter().any(|c| c.starts_with("AUTH")) {
            let plain = base64::encode(format!("\0{LAB_USER}\0{LAB_PASSWORD}").as_bytes());
            self.login(&format!("AUTH PLAIN {plain}"));
        }
        let refused = self
            .command(
                &format!("MAIL FROM:<{}>", self.parties.from),
                self.mail_lesson(),
            )
            .is_some_and(|r| r.code >= 400);
        if refused {
            self.command("QUIT", Lesson::Quit);
            self.outcome = self.exposure(Outcome::Rejected);
            return;
        }
        self.command(&format!("RCPT TO:<{}>", self.parties.to), Lesson::Rcpt);
        self.command("DATA", Lesson::Data);
        let queued = self.message().is_some_and(|r| r.code == 250);
        self.command("QUIT", Lesson::Quit);
        let fin = self.event(Tag::Tcp, Lane::Server, Lane::App, "FIN, ACK ← server");
        self.clock += ROUND_TRIP_MS;
        let ack = self.event(Tag::Tcp, Lane::App, Lane::Server, "FIN, ACK → server");
        self.push(Lesson::Close, vec![fin, ack], None);
        self.outcome = match (queued, self.exposed()) {
            (true, true) => self.exposure(Outcome::SentExposed),
            (true, false) => Outcome::SentPrivate,
            (false, _) => self.exposure(Outcome::Rejected),
        };
    }

    /// What crossed so far is readable by someone on the path.
    fn exposed(&self) -> bool {
        !self.tls || self.mitm
    }

    /// A password that crossed readable outweighs any other ending.
    fn exposure(&self, otherwise: Outcome) -> Outcome {
        if self.password_seen {
            Outcome::PasswordExposed
        } else {
            otherwise
        }
    }

    /// MAIL before TLS on a port that requires it: the program was set to no encryption.
    fn mail_lesson(&self) -> Lesson {
        if !self.server.tls_active() && self.server.config().tls_required {
            Lesson::MailBeforeTls
        } else {
            Lesson::Mail
        }
    }

    /// EHLO, and the keywords as the program receives them (an attacker may have rewritten them).
    fn ehlo(&mut self, lesson: Lesson) -> Vec<String> {
        let line = format!("EHLO {}", self.parties.helo);
        if self.setup.attack == Some(Attack::Strip) && !self.tls {
            return self.stripped_ehlo(&line);
        }
        self.command(&line, lesson)
            .map(|reply| reply.lines)
            .unwrap_or_default()
    }

    fn connect(&mut self) {
        let syn = self.syn("SYN");
        self.clock += ROUND_TRIP_MS / 2;
        let port = self.port.number();
        let syn_ack = self.event(
            Tag::Tcp,
            Lane::Server,
            Lane::App,
            format!("SYN, ACK ← {SERVER_IPV4}:{port}"),
        );
        self.clock += ROUND_TRIP_MS / 2;
        let ack = self.event(Tag::Tcp, Lane::App, Lane::Server, "ACK → server");
        self.push(Lesson::Connect, vec![syn, syn_ack, ack], None);
    }

    /// A TLS 1.3 handshake (RFC 8446 §2): what crosses the wire, and what is already encrypted.
    /// Returns whether the program goes on: an attacker's certificate may stop it.
    fn handshake(&mut self, lesson: Lesson) -> bool {
        if self.setup.attack == Some(Attack::Cert) && !self.intercepted() {
            return false;
        }
        if self.setup.attack != Some(Attack::Cert) {
            let mut events = vec![self.event(
                Tag::Tls,
                Lane::App,
                Lane::Server,
                format!("ClientHello (TLS 1.3, SNI {HOSTNAME})"),
            )];
            self.clock += ROUND_TRIP_MS / 2;
            events.push(self.event(Tag::Tls, Lane::Server, Lane::App, "ServerHello (key share)"));
            let mut rest = self.event(
                Tag::Tls,
                Lane::Server,
                Lane::App,
                "EncryptedExtensions, Certificate, CertificateVerify, Finished",
            );
            rest.encrypted = true;
            events.push(rest);
            self.clock += ROUND_TRIP_MS / 2;
            let mut finished = self.event(Tag::Tls, Lane::App, Lane::Server, "Finished");
            finished.encrypted = true;
            events.push(finished);
            self.tls = true;
            self.push(lesson, events, None);
        }
        // On 465 the greeting follows the handshake, inside TLS.
        let outs = self.server.tls_handshake();
        if !outs.is_empty() {
            self.answer(Lesson::Greeting, outs, Vec::new());
        }
        true
    }

    /// Sends one command line to the server model and records the exchange as a step.
    fn command(&mut self, line: &str, lesson: Lesson) -> Option<Reply> {
        let mut sent = self.event(Tag::Client, Lane::App, Lane::Server, line);
        sent.note = auth_note(line);
        let outs = self.server.receive(format!("{line}\r\n").as_bytes());
        self.answer(lesson, outs, vec![sent])
    }

    fn message(&mut self) -> Option<Reply> {
        let p = &self.parties;
        let port = self.port.number();
        let lines = [
            format!("From: {} <{}>", p.from_name, p.from),
            format!("To: {} <{}>", p.to_name, p.to),
            format!("Subject: Hello through port {port}"),
            "Date: Fri, 27 Nov 2026 09:00:00 +0000".to_string(),
            format!("Message-ID: <lesson-{port}@example.org>"),
            String::new(),
            format!("Hi {}, this message went through port {port}.", p.to_name),
            ".".to_string(),
        ];
        let events = lines
            .iter()
            .map(|l| self.event(Tag::Client, Lane::App, Lane::Server, l.clone()))
            .collect();
        let wire: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        let outs = self.server.receive(wire.as_bytes());
        self.answer(Lesson::Message, outs, events)
    }

    /// A reply's lines as sent; the last one carries the typed reply.
    /// A reply's lines as events, the reply on the last (what `server::read` gives).
    fn reply_lines(&self, events: &mut Vec<Event>, reply: &Reply, lines: Vec<String>) {
        for line in lines {
            events.push(self.event(Tag::Server, Lane::Server, Lane::App, line));
        }
        if let Some(last) = events.last_mut() {
            last.reply = Some(reply.clone());
        }
    }

    /// Records the server's answer (after any wait) as the events that end a step.
    fn answer(&mut self, lesson: Lesson, outs: Vec<Out>, mut events: Vec<Event>) -> Option<Reply> {
        let mut last = None;
        self.clock += ROUND_TRIP_MS;
        for seen in read(outs) {
            match seen {
                Read::Reply {
                    reply,
                    lines,
                    after_ms,
                } => {
                    self.clock += u64::from(after_ms);
                    self.reply_lines(&mut events, &reply, lines);
                    last = Some(reply);
                }
                Read::Idle(ms) => self.clock += u64::from(ms),
                Read::AwaitTls | Read::Close | Read::Reset => {}
            }
        }
        self.push(lesson, events, last.as_ref());
        last
    }
}

/// AUTH PLAIN's base64 decoded, to show that it is an encoding, not encryption (RFC 4616 §2).
fn auth_note(line: &str) -> Option<String> {
    let b64 = line.strip_prefix("AUTH PLAIN ")?;
    let (authzid, user, pass) = decode_plain(b64)?;
    Some(format!(
        "base64 of \"{authzid}\\0{user}\\0{pass}\": base64 is not encryption"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No journey a learner can set up draws a server delay (tests/journey.rs checks every
    /// event's time), so the one place that honours `Out::Wait` is checked here: a delay before
    /// a reply moves the reply later by exactly its length, after the round trip.
    #[test]
    fn a_server_delay_moves_the_reply_by_its_length() {
        let mut script = Script::new(Setup::new(Port::P25));
        let greeting = std::mem::take(&mut script.greeting);
        let delayed: Vec<Out> = [Out::Wait(1_000)].into_iter().chain(greeting).collect();
        script.answer(Lesson::Greeting, delayed, Vec::new());
        let reply = &script.steps[0].events[0];
        assert_eq!(
            reply.text,
            "220 mail.example.test ESMTP Postfix (Debian/GNU)"
        );
        assert_eq!(reply.at_ms, ROUND_TRIP_MS + 1_000);
    }
}
