//! The attacker's table, every row the path picker can reach: port × client setting × attack ×
//! certificate check × relay policy. The expected outcome of each row comes from
//! `expected` below, written from the RFCs and Postfix's TLS levels, not from the journey's code;
//! a second reading of each row, from its events alone (who could read what), must agree with
//! the journey's own `outcome` field.

use smtp_sim::path::attacker::{Attack, Policy};
use smtp_sim::teach::attack::AttackLesson;
use smtp_sim::teach::lesson::Lesson;
use smtp_sim::{journey, Block, ClientTls, Event, Lane, Network, Outcome, Port, Setup, Tag};

/// Every value the path picker offers for the program's TLS setting (`None`: the port's own)
/// and the attacker, and the checkbox and policy values. The policy select is shown on 25 only,
/// but a link can carry it to any port, so every port gets every policy.
fn rows() -> Vec<Setup> {
    let clients = [None].into_iter().chain(ClientTls::ALL.map(Some));
    let attacks = [None].into_iter().chain(Attack::ALL.map(Some));
    let mut rows = Vec::new();
    for port in Port::ALL {
        for client in clients.clone() {
            for attack in attacks.clone() {
                for verify in [true, false] {
                    for policy in Policy::ALL {
                        rows.push(Setup {
                            client,
                            attack,
                            verify,
                            policy,
                            ..Setup::new(port)
                        });
                    }
                }
            }
        }
    }
    rows
}

/// The outcome each row must have, from the rules rather than from the model:
/// - The program's setting by default is the one the port expects: implicit TLS on 465, STARTTLS
///   if offered on 25 (a public MX must not require it, RFC 3207 §4), STARTTLS required on the
///   submission ports (RFC 8314 §3.3).
/// - A TLS setting of the wrong kind for the port fails before SMTP starts (facts.md §11): a
///   ClientHello to a plaintext port meets the 220 greeting ("wrong version number"); a plaintext
///   client on 465 waits for a greeting that never comes. No attacker changes that.
/// - A relay (25) works at a Postfix `smtp_tls_security_level`: MTA-STS `enforce` (RFC 8461 §5)
///   and DANE (RFC 7672 §2.2) mean TLS with a verified certificate or no delivery; otherwise a
///   relay told to require STARTTLS is at `encrypt`, or `verify` when it also checks the
///   certificate; one that uses STARTTLS if offered is at `may`, which never checks it
///   (TLS_README: "mail delivery continues even if the server certificate is untrusted"); a
///   plaintext one sends in the clear. A relay that cannot deliver safely defers (4.7.x).
/// - A mail program requires STARTTLS or not as set, checks the certificate when `verify` is on,
///   and stops (refused-safe) where it cannot go on safely.
/// - `strip` removes STARTTLS from the plaintext EHLO reply and offers AUTH to a mail program
///   (which then logs in readable); `cert` answers the handshake with a self-made certificate;
///   `inject` appends plaintext commands that Postfix throws away (CVE-2011-0411 fixed), so it
///   changes nothing. On 465 there is no plaintext to strip or inject into.
/// - The submission server on 587/2525/588/80 offers AUTH and takes mail only inside TLS (facts.md
///   §2, §4), so a plaintext program is refused at MAIL with nothing secret sent.
fn expected(s: &Setup) -> Outcome {
    let relay = s.port == Port::P25;
    let implicit_port = s.port == Port::P465;
    let client = s.client.unwrap_or(match s.port {
        Port::P465 => ClientTls::Implicit,
        Port::P25 => ClientTls::Opportunistic,
        _ => ClientTls::Starttls,
    });
    if (client == ClientTls::Implicit) != implicit_port {
        return Outcome::Rejected;
    }
    // What the program insists on, and whether it checks the certificate.
    let enforced = relay && s.policy != Policy::Opportunistic;
    let (wants_tls, requires_tls, checks_cert) = match (relay, client) {
        (true, _) if enforced => (true, true, true),
        (true, ClientTls::Starttls) => (true, true, s.verify),
        (true, ClientTls::Opportunistic) => (true, false, false),
        (true, _) => (false, false, false),
        (false, ClientTls::Implicit | ClientTls::Starttls) => (true, true, s.verify),
        (false, ClientTls::Opportunistic) => (true, false, s.verify),
        (false, ClientTls::Plain) => (false, false, false),
    };
    // Where a program that cannot go on safely ends.
    let stop = if relay {
        Outcome::Deferred
    } else {
        Outcome::RefusedSafe
    };
    // Where a session the attacker reads ends: a mail program logs in, a relay has no login.
    let read = if relay {
        Outcome::SentExposed
    } else {
        Outcome::PasswordExposed
    };
    match s.attack {
        Some(Attack::Strip) if !implicit_port => {
            if requires_tls {
                stop
            } else if relay {
                // In the clear, with or without the attacker: no login to steal on an MX.
                Outcome::SentExposed
            } else {
                // AUTH now offered in the clear: the program logs in, the attacker reads it.
                Outcome::PasswordExposed
            }
        }
        Some(Attack::Cert) if wants_tls => {
            if checks_cert {
                stop
            } else {
                read
            }
        }
        // A broken handshake: Postfix at `may` retries with TLS disabled (postconf(5),
        // smtp_tls_security_level) and sends in the clear; a relay that requires TLS defers;
        // a mail program stops on the TLS error (RFC 3207 §4), on 465 as on 587.
        Some(Attack::Break) if wants_tls => {
            if relay && !requires_tls {
                Outcome::SentExposed
            } else {
                stop
            }
        }
        // No attack, nothing the attacker can use, or injected commands thrown away.
        _ => match (wants_tls, relay) {
            (true, _) => Outcome::SentPrivate,
            (false, true) => Outcome::SentExposed,
            (false, false) => Outcome::Rejected,
        },
    }
}

/// Whether a line of the program's side could be read on the path: it crossed in plaintext, or
/// inside a TLS session the program finished with the attacker instead of the server.
fn readable(events: &[&Event], at: usize) -> bool {
    let tls_with_attacker = events[..at]
        .iter()
        .any(|e| e.tag == Tag::Tls && e.text == "Finished" && e.to == Lane::Attacker);
    !events[at].encrypted || tls_with_attacker
}

/// The outcome read from the events alone: who could read the login or the message, whether
/// the server queued it, and what the program or the sending MTA said when it stopped.
fn outcome_from_events(events: &[&Event]) -> Outcome {
    let connected = events
        .iter()
        .any(|e| e.tag == Tag::Tcp && e.text.starts_with("SYN, ACK"));
    if !connected {
        let last = events.last().map_or("", |e| e.text.as_str());
        assert!(
            last.contains("(ETIMEDOUT)") || last.contains("(ECONNREFUSED)"),
            "no connection, and no TCP verdict: {last:?}"
        );
        return Outcome::Unreachable;
    }
    let login_read = events
        .iter()
        .enumerate()
        .any(|(i, e)| e.tag == Tag::Client && e.text.starts_with("AUTH ") && readable(events, i));
    if login_read {
        return Outcome::PasswordExposed;
    }
    let queued = events
        .iter()
        .any(|e| e.tag == Tag::Server && e.text.starts_with("250 2.0.0 Ok: queued as "));
    if queued {
        // The message's own lines: the client lines after the 354 reply, up to the lone dot.
        let go_ahead = events
            .iter()
            .position(|e| e.tag == Tag::Server && e.text.starts_with("354 "))
            .expect("a queued message went through DATA");
        let body_read = (go_ahead + 1..events.len())
            .take_while(|&i| events[i].tag == Tag::Client)
            .any(|i| readable(events, i));
        return if body_read {
            Outcome::SentExposed
        } else {
            Outcome::SentPrivate
        };
    }
    let said = |p: fn(&str) -> bool| events.iter().any(|e| e.tag == Tag::Tls && p(&e.text));
    // Postfix's deferral log line (src/smtp/smtp_proto.c: 4.7.4, 4.7.5).
    if said(|t| t.starts_with("dsn=4.7.") && t.contains(", status=deferred (")) {
        return Outcome::Deferred;
    }
    // swaks --tls, OpenSSL's verify failure and Node.js's reset handshake (lib/_tls_wrap.js):
    // the program stopped itself.
    if said(|t| {
        t == "*** Host did not advertise STARTTLS"
            || t.ends_with("certificate verify failed")
            || t
                == "Client network socket disconnected before secure TLS connection was established"
    }) {
        return Outcome::RefusedSafe;
    }
    Outcome::Rejected
}

#[test]
fn every_reachable_row_ends_as_the_rules_say_and_its_events_agree() {
    let rows = rows();
    assert_eq!(rows.len(), 6 * 5 * 5 * 2 * 3, "every row of the table");
    let mut wrong = Vec::new();
    for setup in rows {
        let j = journey(setup);
        let events: Vec<&Event> = j.events(j.steps.len()).collect();
        let want = expected(&setup);
        let seen = outcome_from_events(&events);
        if j.outcome != want || seen != want {
            wrong.push(format!(
                "{}: want {}, field {}, events {}",
                row_name(&setup),
                want.name(),
                j.outcome.name(),
                seen.name()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} rows:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

fn row_name(s: &Setup) -> String {
    s.params()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn the_table_has_every_outcome_an_attack_can_cause() {
    // A guard on `expected` itself: the table is not one outcome everywhere.
    let seen: Vec<Outcome> = rows().iter().map(expected).collect();
    for outcome in [
        Outcome::SentPrivate,
        Outcome::SentExposed,
        Outcome::PasswordExposed,
        Outcome::RefusedSafe,
        Outcome::Deferred,
        Outcome::Rejected,
    ] {
        assert!(seen.contains(&outcome), "{}", outcome.name());
    }
}

#[test]
fn a_blocked_port_is_unreachable_whatever_the_attacker_does() {
    // Without a TCP connection there is no SMTP to attack (facts.md §12).
    for setup in rows() {
        for blocked in [
            Setup {
                block: Some(Block::Drop),
                ..setup
            },
            Setup {
                block: Some(Block::Reject),
                ..setup
            },
            Setup {
                network: Network::Office,
                ..setup
            },
        ] {
            if blocked.blocked().is_none() {
                continue; // the office lets 80 through
            }
            let j = journey(blocked);
            let events: Vec<&Event> = j.events(j.steps.len()).collect();
            assert_eq!(j.outcome, Outcome::Unreachable, "{}", row_name(&blocked));
            assert_eq!(outcome_from_events(&events), Outcome::Unreachable);
            assert!(events.iter().all(|e| e.tag != Tag::Attacker));
        }
    }
}

#[test]
fn a_deferring_relay_says_why_in_postfixs_words() {
    // src/smtp/smtp_proto.c: 4.7.4 when STARTTLS is missing, 4.7.5 for a certificate that does
    // not verify; the message stays queued.
    for (attack, dsn, why) in [
        (
            Attack::Strip,
            "4.7.4",
            "TLS is required, but was not offered by host mail.example.test[192.0.2.25]",
        ),
        (Attack::Cert, "4.7.5", "Server certificate not verified"),
    ] {
        for policy in [Policy::MtaSts, Policy::Dane] {
            let j = journey(Setup {
                attack: Some(attack),
                policy,
                ..Setup::new(Port::P25)
            });
            let line = format!("dsn={dsn}, status=deferred ({why})");
            assert!(
                j.events(j.steps.len()).any(|e| e.text == line),
                "{attack:?} {policy:?}: no {line:?}"
            );
        }
    }
}

#[test]
fn injected_rset_gets_no_reply_of_its_own() {
    // 25_starttls_plaintext_injection: only "220 2.0.0 Ready to start TLS" answers the packet;
    // the next server line is the EHLO reply inside TLS.
    for port in [Port::P25, Port::P587] {
        let j = journey(Setup {
            attack: Some(Attack::Inject),
            ..Setup::new(port)
        });
        let replies: Vec<&Event> = j
            .events(j.steps.len())
            .filter(|e| e.tag == Tag::Server)
            .collect();
        let ready = replies
            .iter()
            .position(|r| r.text == "220 2.0.0 Ready to start TLS")
            .expect("STARTTLS answered");
        assert_eq!(replies[ready + 1].text, "250-mail.example.test", "{port:?}");
        assert!(replies[ready + 1].encrypted, "{port:?}");
    }
}

#[test]
fn stripped_starttls_is_rewritten_by_the_attacker_not_sent_by_the_server() {
    let j = journey(Setup {
        client: Some(ClientTls::Opportunistic),
        attack: Some(Attack::Strip),
        ..Setup::new(Port::P587)
    });
    let events: Vec<&Event> = j.events(j.steps.len()).collect();
    // The server sent its real reply, STARTTLS included, to the attacker's lane.
    let starttls = events
        .iter()
        .find(|e| e.tag == Tag::Server && e.text == "250-STARTTLS")
        .expect("the server offered STARTTLS");
    assert_eq!(starttls.to, Lane::Attacker);
    assert!(events.iter().all(|e| e.text != "250-XXXXXXXA"));
    let rewrite = events
        .iter()
        .find(|e| e.tag == Tag::Attacker && e.to == Lane::App)
        .expect("the attacker passes a reply on");
    assert!(rewrite
        .text
        .contains("250-XXXXXXXA in place of 250-STARTTLS"));
    // 235 still came from the real server, through the attacker.
    assert!(events
        .iter()
        .any(|e| e.tag == Tag::Server && e.text == "235 2.7.0 Authentication successful"));
    // The strip step is a mail program's on 587 and a relay's on 25, which has no AUTH added.
    for (port, relay) in [(Port::P587, false), (Port::P25, true)] {
        let j = journey(Setup {
            attack: Some(Attack::Strip),
            client: Some(ClientTls::Opportunistic),
            ..Setup::new(port)
        });
        let step = j
            .steps
            .iter()
            .find(|s| matches!(s.lesson, Lesson::Attack(AttackLesson::Stripped { .. })))
            .unwrap();
        assert_eq!(
            step.lesson,
            Lesson::Attack(AttackLesson::Stripped { relay }),
            "{port:?}"
        );
        let passed = step.events.last().unwrap();
        assert_eq!(passed.tag, Tag::Attacker);
        assert_eq!(passed.text.contains("AUTH"), !relay, "{port:?}");
    }
}

#[test]
fn a_login_decrypted_at_a_forged_certificate_is_told_apart_from_one_in_plaintext() {
    let titles = |setup: Setup| -> Vec<String> {
        journey(setup)
            .steps
            .iter()
            .map(|s| s.title.clone())
            .collect()
    };
    let decrypted = titles(Setup {
        attack: Some(Attack::Cert),
        verify: false,
        ..Setup::new(Port::P465)
    });
    assert!(
        decrypted.iter().any(|t| t.contains("decrypts the login")),
        "{decrypted:?}"
    );
    let stripped = titles(Setup {
        client: Some(ClientTls::Opportunistic),
        attack: Some(Attack::Strip),
        ..Setup::new(Port::P587)
    });
    assert!(
        stripped.iter().any(|t| t.contains("reads the login")),
        "{stripped:?}"
    );
}

#[test]
fn on_465_strip_and_inject_find_only_a_client_hello() {
    // RFC 8314 §3.3: the first bytes on 465 are TLS, so there is nothing to rewrite or append
    // to; the attacker's one step says so, between the TCP handshake and the ClientHello.
    for attack in [Attack::Strip, Attack::Inject] {
        let j = journey(Setup {
            attack: Some(attack),
            ..Setup::new(Port::P465)
        });
        let seen: Vec<&smtp_sim::Step> = j
            .steps
            .iter()
            .filter(|s| s.events.iter().any(|e| e.tag == Tag::Attacker))
            .collect();
        assert_eq!(seen.len(), 1, "{attack:?}");
        assert_eq!(
            seen[0].lesson,
            Lesson::Attack(AttackLesson::NothingInClear(attack))
        );
        let at = j.steps.iter().position(|s| s == seen[0]).unwrap();
        assert!(j.steps[at - 1]
            .events
            .iter()
            .any(|e| e.text == "ACK → server"));
        assert!(j.steps[at + 1].events[0].text.starts_with("ClientHello"));
        let line = &seen[0].events[0];
        assert_eq!((line.from, line.to), (Lane::Attacker, Lane::Attacker));
        assert!(line.text.contains("ClientHello"), "{}", line.text);
    }
}

/// The line that carries the login, in a journey on `port` with `attack`.
fn login_line(port: Port, client: Option<ClientTls>, attack: Attack, verify: bool) -> Event {
    let setup = Setup {
        client,
        attack: Some(attack),
        verify,
        ..Setup::new(port)
    };
    let j = journey(setup);
    let line = j
        .events(j.steps.len())
        .find(|e| e.tag == Tag::Client && e.text.starts_with("AUTH PLAIN"))
        .cloned();
    line.expect("the program logs in")
}

/// Two legs through the attacker, each with its own encryption: one that strips STARTTLS from a
/// submission server still has to start TLS with that server itself (AUTH and MAIL only inside
/// TLS there, facts.md §2, §4), so the login crosses the program's leg readable and the
/// server's leg encrypted; one that forged the certificate holds a TLS session on each side;
/// one that only injects bytes passes the program's own TLS on.
#[test]
fn each_leg_through_the_attacker_has_its_own_encryption() {
    let stripped = login_line(
        Port::P587,
        Some(ClientTls::Opportunistic),
        Attack::Strip,
        true,
    );
    assert_eq!(
        (stripped.encrypted, stripped.server_leg),
        (false, Some(true))
    );
    let forged = login_line(Port::P465, None, Attack::Cert, false);
    assert_eq!((forged.encrypted, forged.server_leg), (true, Some(true)));
    let injected = login_line(Port::P587, None, Attack::Inject, true);
    assert_eq!((injected.encrypted, injected.server_leg), (true, None));
    let plain = journey(Setup::new(Port::P587));
    assert!(plain
        .events(plain.steps.len())
        .all(|e| e.server_leg.is_none()));
}
