//! The comparison's closing summary (`Comparison::summary`) against what it claims to read: the
//! round trips against the RFCs' exchanges and the journeys' clock, where TLS began against the
//! lab's recordings, each attacker's outcome against the README's attacker table, and every
//! cited section against the steps of the journeys it comes from.

mod common;

use common::recording::{conformance_dir, Event as Recorded, Recording};
use smtp_sim::compare::{round_trips, Comparison, Fact};
use smtp_sim::path::attacker::Attack;
use smtp_sim::path::network::ROUND_TRIP_MS;
use smtp_sim::teach::rfc::Rfc;
use smtp_sim::{journey, Block, ClientTls, Journey, Network, Outcome, Port, Setup, Tag};

fn summary(left: Setup, right: Setup) -> (Journey, Journey, Vec<Fact>) {
    let (a, b) = (journey(left), journey(right));
    let facts = Comparison::new(&a, &b).summary(&a, &b);
    (a, b, facts)
}

fn fact<'a>(facts: &'a [Fact], starts: &str) -> Option<&'a Fact> {
    facts.iter().find(|f| f.text.starts_with(starts))
}

fn rfc(number: u16, section: &'static str) -> Rfc {
    Rfc { number, section }
}

/// The two numbers of "Round trips: 587 13 · 465 11".
fn trips(fact: &Fact) -> (usize, usize) {
    let n: Vec<usize> = fact
        .text
        .split([' ', '·'])
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(n.len(), 4, "{}", fact.text);
    (n[1], n[3])
}

/// When the message was queued: the time of the `250 2.0.0 Ok: queued` reply.
fn queued_at(j: &Journey) -> u64 {
    j.events(j.steps.len())
        .find(|e| e.tag == Tag::Server && e.text.starts_with("250 2.0.0 Ok: queued"))
        .expect("queued")
        .at_ms
}

#[test]
fn starttls_costs_two_round_trips_more_than_implicit_tls() {
    // STARTTLS and its 220 (RFC 3207 §4), then EHLO again (§4.2): two exchanges 465 does not
    // have; the handshake itself costs both the same.
    for port in [Port::P587, Port::P2525, Port::P588] {
        let (a, b, facts) = summary(Setup::new(port), Setup::new(Port::P465));
        let f = fact(&facts, "Round trips: ").expect("round trips differ");
        let (x, y) = trips(f);
        assert_eq!((x, y), (round_trips(&a), round_trips(&b)));
        assert_eq!(x, y + 2, "{port:?}: {}", f.text);
        // The journeys' clock agrees: the message is queued two round trips later.
        assert_eq!(queued_at(&a) - queued_at(&b), 2 * ROUND_TRIP_MS);
        for cited in [rfc(3207, "4"), rfc(3207, "4.2"), rfc(8314, "3.3")] {
            assert!(f.rfc.contains(&cited), "{port:?}: {cited} in {:?}", f.rfc);
        }
        // Steps both ports take are not a difference.
        assert!(!f.rfc.contains(&rfc(5321, "4.1.1.2")), "{:?}", f.rfc);
        assert!(f
            .text
            .starts_with(&format!("Round trips: {} ", port.number())));
    }
}

#[test]
fn round_trips_are_the_answers_the_program_waited_for() {
    // A dropped port: the DNS answers (a relay asks for the MX first), then SYNs nobody
    // answers, then the program's own verdict.
    for (port, answers) in [(Port::P587, 1), (Port::P25, 2)] {
        let dropped = journey(Setup {
            block: Some(Block::Drop),
            ..Setup::new(port)
        });
        assert_eq!(dropped.outcome, Outcome::Unreachable);
        assert_eq!(round_trips(&dropped), answers, "{port:?}");
    }
    // Implicit TLS, exchange by exchange: DNS, SYN, the TLS flight, the greeting, EHLO, AUTH,
    // MAIL, RCPT, DATA, the message, QUIT.
    assert_eq!(round_trips(&journey(Setup::new(Port::P465))), 11);
}

#[test]
fn round_trips_are_not_compared_between_journeys_that_end_differently() {
    let cut_short = Setup {
        attack: Some(Attack::Strip),
        ..Setup::new(Port::P587)
    };
    let (a, b, facts) = summary(cut_short, cut_short.compared_with(Port::P465));
    assert_ne!(a.outcome, b.outcome);
    assert!(fact(&facts, "Round trips").is_none(), "{facts:?}");
}

/// SMTP lines (C: and S:) a recording has before its TLS handshake.
fn recorded_lines_before_tls(file: &str) -> usize {
    let rec = Recording::load(&conformance_dir().join(file));
    let mut lines = 0;
    for event in rec.events {
        match event {
            Recorded::TlsHandshake => return lines,
            Recorded::Client(bytes) | Recorded::Server(bytes) => {
                lines += String::from_utf8_lossy(&bytes).lines().count()
            }
            Recorded::Time(_) => {}
        }
    }
    panic!("{file}: no TLS handshake");
}

#[test]
fn tls_begins_where_the_recorded_sessions_began_it() {
    assert_eq!(
        recorded_lines_before_tls("465_implicit_tls_auth_plain_happy.txt"),
        0
    );
    for (port, file) in [
        (Port::P587, "587_starttls_auth_plain_happy.txt"),
        (Port::P2525, "2525_starttls_auth_plain_happy.txt"),
        (Port::P25, "25_starttls_happy.txt"),
    ] {
        let (_, _, facts) = summary(Setup::new(port), Setup::new(Port::P465));
        let f = fact(&facts, "TLS began: ").expect("TLS began differs");
        let lines = recorded_lines_before_tls(file);
        assert_eq!(
            f.text,
            format!(
                "TLS began: {} after {lines} SMTP lines in plaintext · 465 before any SMTP line",
                port.number()
            )
        );
        assert_eq!(f.rfc, [rfc(3207, "4"), rfc(8314, "3.3")], "{port:?}");
    }
    // An attacker who strips STARTTLS leaves a program that requires it no TLS at all.
    let stripped = Setup {
        attack: Some(Attack::Strip),
        ..Setup::new(Port::P587)
    };
    let (_, _, facts) = summary(stripped, stripped.compared_with(Port::P465));
    let f = fact(&facts, "TLS began: ").unwrap();
    assert!(f.text.starts_with("TLS began: 587 never · "), "{}", f.text);
    assert_eq!(f.rfc, [rfc(8314, "3.3")]);
}

/// The README's attacker table, for the submission ports' usual programs: what each attack
/// achieves (outcome names as `data-outcome` carries them).
fn expected(port: Port, client: Option<ClientTls>, attack: Attack) -> &'static str {
    let opportunistic = client == Some(ClientTls::Opportunistic);
    match (port, attack) {
        // 465 has nothing to strip; injected commands are thrown away.
        (Port::P465, Attack::Strip | Attack::Inject) => "sent-private",
        (_, Attack::Inject) => "sent-private",
        (_, Attack::Strip) if opportunistic => "password-exposed",
        // A program that requires TLS, or checks the certificate, stops.
        (_, Attack::Strip | Attack::Cert | Attack::Break) => "refused-safe",
    }
}

/// "stopped safely" for refused-safe: the outcome's sentence up to its colon.
fn words(name: &str) -> String {
    let outcome = Outcome::ALL.into_iter().find(|o| o.name() == name).unwrap();
    let head = outcome.words().split(':').next().unwrap();
    head[..1].to_ascii_lowercase() + &head[1..]
}

#[test]
fn each_attacker_does_to_each_port_what_the_attacker_table_says() {
    for client in [None, Some(ClientTls::Opportunistic)] {
        for attack in [None].into_iter().chain(Attack::ALL.map(Some)) {
            let left = Setup {
                client,
                attack,
                ..Setup::new(Port::P587)
            };
            let right = left.compared_with(Port::P465);
            let (_, _, facts) = summary(left, right);
            let rows: Vec<&Fact> = facts
                .iter()
                .filter(|f| f.text.starts_with("An attacker who "))
                .collect();
            assert_eq!(rows.len(), Attack::ALL.len(), "{facts:?}");
            for (row, each) in rows.iter().zip(Attack::ALL) {
                let a = words(expected(Port::P587, client, each));
                let b = words(expected(Port::P465, right.client, each));
                let said = match a == b {
                    true => format!("both {a}"),
                    false => format!("587 {a} · 465 {b}"),
                };
                assert!(row.text.ends_with(&format!(": {said}")), "{}", row.text);
                let label = each.label();
                assert!(row.text.contains(&label[1..]), "{} for {label}", row.text);
            }
            // Stripping is the STARTTLS downgrade of RFC 3207 §6; 465 has nothing in the clear.
            let strip = rows[0];
            assert!(strip.rfc.contains(&rfc(3207, "6")), "{:?}", strip.rfc);
            assert!(strip.rfc.contains(&rfc(8314, "3.3")), "{:?}", strip.rfc);
        }
    }
}

#[test]
fn every_fact_cites_only_steps_of_the_journeys_it_compares() {
    let setups = [
        Setup::new(Port::P587),
        Setup {
            network: Network::Cloud,
            ..Setup::new(Port::P25)
        },
        Setup {
            attack: Some(Attack::Cert),
            verify: false,
            ..Setup::new(Port::P2525)
        },
    ];
    for left in setups {
        for port in Port::ALL.into_iter().filter(|&p| p != left.port) {
            let right = left.compared_with(port);
            let (_, _, facts) = summary(left, right);
            // The journeys the facts come from: both sides, under every attacker.
            let mut cited: Vec<Rfc> = Vec::new();
            for base in [left, right] {
                let attacked = Attack::ALL.map(|a| Setup {
                    attack: Some(a),
                    ..base
                });
                for setup in [base].into_iter().chain(attacked) {
                    for step in journey(setup).steps {
                        cited.extend(step.rfc);
                    }
                }
            }
            for f in &facts {
                assert!(!f.rfc.is_empty(), "{}", f.text);
                for r in &f.rfc {
                    assert!(cited.contains(r), "{left:?} vs {port:?}: {r} in {}", f.text);
                }
                for (i, r) in f.rfc.iter().enumerate() {
                    assert!(!f.rfc[..i].contains(r), "{r} twice in {}", f.text);
                }
            }
        }
    }
}

#[test]
fn the_current_row_is_the_last_one_shown() {
    let (a, b) = (
        journey(Setup::new(Port::P587)),
        journey(Setup::new(Port::P465)),
    );
    let c = Comparison::new(&a, &b);
    assert_eq!(c.at(0), None);
    assert_eq!(c.at(1), Some(c.rows[0]));
    assert_eq!(c.at(c.len()), c.rows.last().copied());
    assert_eq!(c.at(c.len() + 1), None);
}
