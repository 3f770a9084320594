//! The journeys that stop before any mail is sent: a firewall that drops, refuses or prohibits
//! the port, and a client whose TLS setting does not match the port (facts.md §11).

use super::{Script, CLIENT_HELLO, CLIENT_TIMEOUT_MS};
use crate::event::{Lane, Outcome, Tag};
use crate::path::network::{CONNECT_TIMEOUT_MS, ROUND_TRIP_MS, SYN_RETRANSMITS_MS};
use crate::server::read::{read, Read};
use crate::server::{Out, HOSTNAME};
use crate::teach::lesson::Lesson;

impl Script {
    pub(super) fn dropped(&mut self) {
        self.outcome = Outcome::Unreachable;
        let first = self.syn("SYN");
        self.push(Lesson::Syn, vec![first], None);
        // The retries are one step: the learner feels the wait on the time axis, not in presses.
        let start = self.clock;
        let mut retries = Vec::new();
        for (n, at) in SYN_RETRANSMITS_MS.into_iter().enumerate() {
            self.clock = start + at;
            retries.push(self.syn(&format!("SYN (retransmission {})", n + 1)));
        }
        self.push(Lesson::Retransmits, retries, None);
        self.clock = start + CONNECT_TIMEOUT_MS;
        let verdict = self.event(
            Tag::Tcp,
            Lane::App,
            Lane::App,
            "connect(): Connection timed out (ETIMEDOUT)",
        );
        self.push(Lesson::TimedOut(self.setup.network), vec![verdict], None);
    }

    pub(super) fn refused(&mut self) {
        let lesson = Lesson::Refused(self.setup.network);
        self.turned_away(
            "RST, ACK ← firewall",
            "connect(): Connection refused (ECONNREFUSED)",
            lesson,
        );
    }

    /// A firewall that answers the SYN with ICMP "communication administratively prohibited"
    /// (RFC 1812 §5.2.7.1): the kernel turns it into EHOSTUNREACH at once.
    pub(super) fn prohibited(&mut self) {
        let lesson = Lesson::Prohibited(self.setup.network);
        self.turned_away(
            "ICMP destination unreachable (administratively prohibited) ← firewall",
            "connect(): No route to host (EHOSTUNREACH)",
            lesson,
        );
    }

    /// A firewall answers the SYN within one round trip (`answer`), and `connect()` fails at
    /// once (`verdict`): one step.
    fn turned_away(&mut self, answer: &str, verdict: &str, lesson: Lesson) {
        self.outcome = Outcome::Unreachable;
        let syn = self.syn("SYN");
        self.clock += ROUND_TRIP_MS;
        let answer = self.event(Tag::Tcp, Lane::Network, Lane::App, answer);
        let verdict = self.event(Tag::Tcp, Lane::App, Lane::App, verdict);
        self.push(lesson, vec![syn, answer, verdict], None);
    }

    /// A STARTTLS or plaintext client on 465: it waits for a greeting that never comes, because
    /// the server waits for a ClientHello (facts.md §11).
    pub(super) fn no_greeting(&mut self) {
        self.connect();
        self.clock += CLIENT_TIMEOUT_MS;
        let waited = self.event(
            Tag::Tcp,
            Lane::App,
            Lane::App,
            // Worded as swaks prints it (swaks_465_plaintext_client).
            format!(
                "Timeout ({} secs) waiting for server response",
                CLIENT_TIMEOUT_MS / 1000
            ),
        );
        self.push(Lesson::NoGreeting, vec![waited], None);
        let quit = self.event(Tag::Client, Lane::App, Lane::Server, "QUIT");
        let outs = self.server.receive(b"QUIT\r\n");
        self.clock += ROUND_TRIP_MS;
        let mut events = vec![quit];
        if outs.contains(&Out::Reset) {
            events.push(self.event(Tag::Tcp, Lane::Server, Lane::App, "RST ← server"));
            events.push(self.event(
                Tag::Tcp,
                Lane::App,
                Lane::App,
                "Remote host closed connection unexpectedly.",
            ));
        }
        self.push(Lesson::PlaintextToTlsPort, events, None);
    }

    /// An implicit-TLS client on a STARTTLS port: the server greets in plaintext at once and reads
    /// the ClientHello as command lines; the client's TLS library chokes on "220 " (facts.md §11).
    pub(super) fn tls_to_plain_port(&mut self) {
        self.connect();
        let hello = self.event(
            Tag::Tls,
            Lane::App,
            Lane::Server,
            format!("ClientHello (TLS 1.3, SNI {HOSTNAME})"),
        );
        let mut events = vec![hello];
        self.clock += ROUND_TRIP_MS;
        let greeting = std::mem::take(&mut self.greeting);
        let outs = greeting
            .into_iter()
            .chain(self.server.receive(CLIENT_HELLO))
            .collect();
        for out in read(outs) {
            if let Read::Reply { reply, lines, .. } = out {
                self.reply_lines(&mut events, &reply, lines);
            }
        }
        self.push(Lesson::GreetingInsteadOfHello, events, None);
        let failed = self.event(
            Tag::Tls,
            Lane::App,
            Lane::App,
            "error:0A00010B:SSL routines::wrong version number",
        );
        self.push(Lesson::WrongVersionNumber, vec![failed], None);
    }
}
