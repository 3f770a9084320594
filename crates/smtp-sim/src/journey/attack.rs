//! The steps an active attacker adds to a journey (`attack=strip|cert|inject`), and what the
//! program does about them: stop, defer, or carry on and leak. The server answers as always; the
//! attacker only rewrites, answers TLS in the server's place, or appends bytes.

use super::Script;
use crate::event::{Event, Lane, Outcome, Tag};
use crate::path::attacker::{strip, Attack, CERT_VERIFY_FAILED, INJECTED, TLS_RESET};
use crate::path::client::ClientTls;
use crate::path::network::{ROUND_TRIP_MS, SERVER_IPV4};
use crate::path::port::Role;
use crate::server::auth::decode_plain;
use crate::server::read::{read, Read};
use crate::server::reply::Reply;
use crate::server::{Out, Server, HOSTNAME};
use crate::teach::attack::AttackLesson;
use crate::teach::lesson::Lesson;

impl Script {
    fn attacker(&self, to: Lane, text: impl Into<String>) -> Event {
        self.event(Tag::Attacker, Lane::Attacker, to, text)
    }

    /// The client's ClientHello, which the attacker on the path takes in the server's place.
    fn hello_to_attacker(&self) -> Event {
        self.event(
            Tag::Tls,
            Lane::App,
            Lane::Attacker,
            format!("ClientHello (TLS 1.3, SNI {HOSTNAME})"),
        )
    }

    fn relay(&self) -> bool {
        self.port.info().role == Role::Relay
    }

    /// Whether the program insists on TLS: a mail program set to require STARTTLS, or a relay
    /// under an MTA-STS or DANE policy.
    /// A relay set to require STARTTLS is Postfix at `smtp_tls_security_level = encrypt` or above.
    fn requires_tls(&self) -> bool {
        let required = self.setup.client() == ClientTls::Starttls;
        if self.relay() {
            self.setup.policy.enforced() || required
        } else {
            required
        }
    }

    /// Whether the program checks the server's certificate ([`crate::Setup::checks_certificate`]).
    fn checks_certificate(&self) -> bool {
        self.setup.checks_certificate()
    }

    /// `Server certificate not verified` and the like, as Postfix logs a deferral.
    fn deferred(&self, dsn: &str, why: &str) -> Event {
        let host = format!("{HOSTNAME}[{SERVER_IPV4}]");
        let text = format!("dsn={dsn}, status=deferred ({})", why.replace("%s", &host));
        self.event(Tag::Tls, Lane::App, Lane::App, text)
    }

    /// Port 465 under `strip` or `inject`: the first bytes are already TLS.
    pub(super) fn nothing_in_clear(&mut self, attack: Attack) {
        let seen = self.attacker(
            Lane::Attacker,
            "sees a TLS ClientHello as the first bytes: nothing readable to rewrite",
        );
        self.push(
            Lesson::Attack(AttackLesson::NothingInClear(attack)),
            vec![seen],
            None,
        );
    }

    /// EHLO under `strip`: the server's reply as sent, then as the attacker passes it on. Returns
    /// the keywords the program sees.
    pub(super) fn stripped_ehlo(&mut self, line: &str) -> Vec<String> {
        self.mitm = true;
        let sent = self.event(Tag::Client, Lane::App, Lane::Server, line);
        let outs = self.server.receive(format!("{line}\r\n").as_bytes());
        self.clock += ROUND_TRIP_MS;
        let mut events = vec![sent];
        let mut passed = Vec::new();
        let offer_auth = !self.relay();
        for out in read(outs) {
            if let Read::Reply { reply, lines, .. } = out {
                self.reply_lines(&mut events, &reply, lines);
                passed = strip(&reply, offer_auth).lines;
            }
        }
        for event in events.iter_mut().filter(|e| e.tag == Tag::Server) {
            event.to = Lane::Attacker;
        }
        events.push(self.attacker(
            Lane::App,
            if offer_auth {
                "passes the reply on with 250-XXXXXXXA in place of 250-STARTTLS, and 250-AUTH PLAIN LOGIN added"
            } else {
                "passes the reply on with 250-XXXXXXXA in place of 250-STARTTLS"
            },
        ));
        let relay = !offer_auth;
        self.push(
            Lesson::Attack(AttackLesson::Stripped { relay }),
            events,
            None,
        );
        passed
    }

    /// STARTTLS; under `inject` the attacker appends a command to the same packet.
    pub(super) fn starttls(&mut self) -> Option<Reply> {
        if self.setup.attack != Some(Attack::Inject) {
            return self.command("STARTTLS", Lesson::Starttls);
        }
        let sent = self.event(Tag::Client, Lane::App, Lane::Server, "STARTTLS");
        let appended = self.attacker(
            Lane::Server,
            format!("appends \"{INJECTED}\" to the same TCP packet, in plaintext (CVE-2011-0411)"),
        );
        let outs = self
            .server
            .receive(format!("STARTTLS\r\n{INJECTED}\r\n").as_bytes());
        self.answer(
            Lesson::Attack(AttackLesson::Injected),
            outs,
            vec![sent, appended],
        )
    }

    /// No STARTTLS in what the program received. Returns whether it carries on without TLS.
    pub(super) fn tls_missing(&mut self) -> bool {
        let relay = self.relay();
        if self.requires_tls() {
            let stop = if relay {
                self.deferred("4.7.4", "TLS is required, but was not offered by host %s")
            } else {
                // swaks with --tls (swaks_587_* recordings use its wording).
                self.event(
                    Tag::Tls,
                    Lane::App,
                    Lane::App,
                    "*** Host did not advertise STARTTLS",
                )
            };
            self.push(
                Lesson::Attack(AttackLesson::TlsMissing { relay }),
                vec![stop],
                None,
            );
            self.command("QUIT", Lesson::Quit);
            self.outcome = if relay {
                Outcome::Deferred
            } else {
                Outcome::RefusedSafe
            };
            return false;
        }
        let on = self.event(
            Tag::Tls,
            Lane::App,
            Lane::App,
            "STARTTLS not offered: carrying on without TLS",
        );
        self.push(
            Lesson::Attack(AttackLesson::GoesOnInClear { relay }),
            vec![on],
            None,
        );
        true
    }

    /// The server's side needs TLS: the attacker upgrades its own connection to the server.
    pub(super) fn attacker_relays(&mut self) {
        let helo = self.parties.helo;
        let mut outs = self.server.receive(b"STARTTLS\r\n");
        outs.extend(self.server.tls_handshake());
        outs.extend(self.server.receive(format!("EHLO {helo}\r\n").as_bytes()));
        let ready = outs
            .iter()
            .any(|o| matches!(o, Out::Reply(r) if r.code == 220));
        let text = if ready {
            "sends STARTTLS to the server itself, completes TLS and says EHLO: encrypted on its side, plaintext on yours"
        } else {
            "tries STARTTLS with the server itself"
        };
        let own = self.attacker(Lane::Server, text);
        self.clock += 2 * ROUND_TRIP_MS;
        self.push(
            Lesson::Attack(AttackLesson::AttackerRelays),
            vec![own],
            None,
        );
    }

    /// AUTH: where the attacker reads the program's side, the password is its.
    pub(super) fn login(&mut self, line: &str) {
        if !self.exposed() {
            self.command(line, Lesson::Auth);
            return;
        }
        self.password_seen = true;
        let mut sent = self.event(Tag::Client, Lane::App, Lane::Server, line);
        sent.note = super::auth_note(line);
        let mut events = vec![sent];
        if self.setup.attack.is_some() {
            let (_, user, pass) = line
                .strip_prefix("AUTH PLAIN ")
                .and_then(decode_plain)
                .unwrap_or_default();
            events.push(self.attacker(
                Lane::Attacker,
                format!(
                    "{} the login: {user} / \"{pass}\", and passes it on",
                    if self.tls { "decrypts" } else { "reads" }
                ),
            ));
        }
        let outs = self.server.receive(format!("{line}\r\n").as_bytes());
        let lesson = if self.tls {
            AttackLesson::PasswordDecrypted
        } else {
            AttackLesson::PasswordStolen
        };
        self.answer(Lesson::Attack(lesson), outs, events);
    }

    /// `cert`: the attacker answers the ClientHello with a certificate of its own. Returns
    /// whether the program accepts it.
    pub(super) fn intercepted(&mut self) -> bool {
        let relay = self.relay();
        let hello = self.hello_to_attacker();
        self.clock += ROUND_TRIP_MS / 2;
        let forged = self.attacker(
            Lane::App,
            format!("answers in the server's place: ServerHello, and a certificate for {HOSTNAME} it signed itself"),
        );
        let mut events = vec![hello, forged];
        if self.checks_certificate() {
            events.push(if relay {
                self.deferred("4.7.5", "Server certificate not verified")
            } else {
                self.event(Tag::Tls, Lane::App, Lane::App, CERT_VERIFY_FAILED)
            });
            self.push(
                Lesson::Attack(AttackLesson::CertRejected { relay }),
                events,
                None,
            );
            self.outcome = if relay {
                Outcome::Deferred
            } else {
                Outcome::RefusedSafe
            };
            return false;
        }
        self.clock += ROUND_TRIP_MS / 2;
        self.tls = true;
        self.mitm = true;
        // TLS 1.3's Finished travels under the handshake keys (RFC 8446 §2), as with the server.
        let mut finished = self.event(Tag::Tls, Lane::App, Lane::Attacker, "Finished");
        finished.encrypted = true;
        events.push(finished);
        events.push(self.attacker(
            Lane::Server,
            "opens its own TLS session to the server: it decrypts what you send and re-encrypts it",
        ));
        self.push(
            Lesson::Attack(AttackLesson::CertAccepted {
                relay,
                required: self.requires_tls(),
            }),
            events,
            None,
        );
        true
    }

    /// `break`: the attacker resets the connection after the ClientHello. Returns whether the
    /// delivery goes on: only a relay at Postfix's `may` level does, on a new connection
    /// without TLS (`retry_without_tls`).
    pub(super) fn broken(&mut self) -> bool {
        let relay = self.relay();
        let falls_back = relay && !self.requires_tls();
        let hello = self.hello_to_attacker();
        // The attacker sits halfway: its answer comes half a round trip after the ClientHello.
        self.clock += ROUND_TRIP_MS / 2;
        let reset = self.attacker(
            Lane::App,
            "answers with a TCP reset: the handshake never completes",
        );
        let mut events = vec![hello, reset];
        events.push(if !relay {
            self.event(Tag::Tls, Lane::App, Lane::App, TLS_RESET)
        } else if falls_back {
            self.event(
                Tag::Tls,
                Lane::App,
                Lane::App,
                "TLS handshake failed: retrying the delivery with TLS disabled",
            )
        } else {
            self.deferred("4.7.5", "Cannot start TLS: handshake failure")
        });
        self.push(
            Lesson::Attack(AttackLesson::Broken { relay, falls_back }),
            events,
            None,
        );
        if !falls_back {
            self.outcome = if relay {
                Outcome::Deferred
            } else {
                Outcome::RefusedSafe
            };
        }
        falls_back
    }

    /// A relay at `may` after a failed handshake: a new connection, the greeting and EHLO, and
    /// no STARTTLS this time. Returns the keywords the server offered.
    pub(super) fn retry_without_tls(&mut self) -> Vec<String> {
        let (server, greeting) = Server::connect(self.port.server_config());
        self.server = server;
        self.connect();
        self.answer(Lesson::Greeting, greeting, Vec::new());
        self.ehlo(Lesson::Ehlo)
    }
}
