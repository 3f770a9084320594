//! Every port × client setting × attack × relay policy ends as issue 12's table says. The
//! expectations are written from that table (and RFC 3207 §6, RFC 8314 §3.3, RFC 8461 §5,
//! RFC 7672 §2.2, Postfix's TLS_README), not from the journey's code.

use smtp_sim::path::attacker::{Attack, Policy};
use smtp_sim::{journey, ClientTls, Outcome, Port, Setup, Tag};

const STARTTLS_PORTS: [Port; 4] = [Port::P587, Port::P2525, Port::P588, Port::P80];

fn outcome(port: Port, client: Option<ClientTls>, attack: Option<Attack>) -> Outcome {
    journey(Setup {
        client,
        attack,
        ..Setup::new(port)
    })
    .outcome
}

#[test]
fn stripping_steals_the_password_of_an_opportunistic_program_only() {
    for port in STARTTLS_PORTS {
        let strip = Some(Attack::Strip);
        assert_eq!(
            outcome(port, Some(ClientTls::Opportunistic), strip),
            Outcome::PasswordExposed,
            "{port:?}"
        );
        assert_eq!(
            outcome(port, Some(ClientTls::Starttls), strip),
            Outcome::RefusedSafe,
            "{port:?}"
        );
    }
    // 465: nothing to strip, the session stays private.
    assert_eq!(
        outcome(Port::P465, None, Some(Attack::Strip)),
        Outcome::SentPrivate
    );
}

#[test]
fn a_forged_certificate_stops_a_validating_program_and_fools_one_that_is_not() {
    for port in [Port::P465, Port::P587, Port::P2525, Port::P588, Port::P80] {
        let cert = |verify| {
            journey(Setup {
                attack: Some(Attack::Cert),
                verify,
                ..Setup::new(port)
            })
            .outcome
        };
        assert_eq!(cert(true), Outcome::RefusedSafe, "{port:?}");
        assert_eq!(cert(false), Outcome::PasswordExposed, "{port:?}");
    }
}

#[test]
fn a_relay_delivers_to_the_attacker_unless_its_domain_enforces_tls() {
    for attack in [Attack::Strip, Attack::Cert] {
        for (policy, expected) in [
            (Policy::Opportunistic, Outcome::SentExposed),
            (Policy::MtaSts, Outcome::Deferred),
            (Policy::Dane, Outcome::Deferred),
        ] {
            let j = journey(Setup {
                attack: Some(attack),
                policy,
                ..Setup::new(Port::P25)
            });
            assert_eq!(j.outcome, expected, "{attack:?} {policy:?}");
            if expected == Outcome::Deferred {
                // Postfix's own words (src/smtp/smtp_proto.c): 4.7.4 without STARTTLS, 4.7.5 for
                // a certificate that does not verify.
                let dsn = if attack == Attack::Strip {
                    "dsn=4.7.4"
                } else {
                    "dsn=4.7.5"
                };
                assert!(
                    j.events(j.steps.len()).any(|e| e.text.starts_with(dsn)),
                    "{attack:?} {policy:?}"
                );
            }
        }
    }
}

#[test]
fn injected_commands_are_thrown_away() {
    for port in Port::ALL {
        assert_eq!(
            outcome(port, None, Some(Attack::Inject)),
            Outcome::SentPrivate,
            "{port:?}"
        );
    }
    // 25_starttls_plaintext_injection: only "220 2.0.0 Ready to start TLS" answers the packet.
    let j = journey(Setup {
        attack: Some(Attack::Inject),
        ..Setup::new(Port::P25)
    });
    let replies: Vec<&str> = j
        .events(j.steps.len())
        .filter(|e| e.tag == Tag::Server)
        .map(|e| e.text.as_str())
        .collect();
    let ready = replies
        .iter()
        .position(|r| *r == "220 2.0.0 Ready to start TLS")
        .unwrap();
    assert!(
        replies[ready + 1].starts_with("250-"),
        "no reply to RSET: {replies:?}"
    );
}

#[test]
fn without_an_attacker_the_usual_setting_keeps_the_message_private() {
    for port in Port::ALL {
        assert_eq!(outcome(port, None, None), Outcome::SentPrivate, "{port:?}");
        if port != Port::P465 {
            assert_eq!(
                outcome(port, Some(ClientTls::Opportunistic), None),
                Outcome::SentPrivate
            );
        }
    }
    // A program set to no encryption: in the clear on 25, refused on 587 with nothing secret sent.
    assert_eq!(
        outcome(Port::P25, Some(ClientTls::Plain), None),
        Outcome::SentExposed
    );
    assert_eq!(
        outcome(Port::P587, Some(ClientTls::Plain), None),
        Outcome::Rejected
    );
}

#[test]
fn the_attacker_has_a_lane_and_lines_of_its_own() {
    let j = journey(Setup {
        client: Some(ClientTls::Opportunistic),
        attack: Some(Attack::Strip),
        ..Setup::new(Port::P587)
    });
    let events: Vec<_> = j.events(j.steps.len()).collect();
    assert!(events.iter().any(|e| e.tag == Tag::Attacker));
    let leak = events
        .iter()
        .find(|e| e.text.starts_with("AUTH PLAIN"))
        .expect("the program logs in");
    assert!(!leak.encrypted, "the login crossed in plaintext");
    assert!(
        events
            .iter()
            .any(|e| e.tag == Tag::Server && e.text == "250-XXXXXXXA")
            .eq(&false),
        "the server itself never says XXXXXXXA"
    );
    // The server still answered: 235 came from the real server, through the attacker.
    assert!(events
        .iter()
        .any(|e| e.text == "235 2.7.0 Authentication successful"));
}

#[test]
fn an_enforced_policy_starts_tls_whatever_the_relay_was_told() {
    // RFC 8461 §5: under "enforce" a sending MTA MUST NOT deliver to a host without STARTTLS,
    // so a relay under MTA-STS or DANE never sends in the clear.
    for policy in [Policy::MtaSts, Policy::Dane] {
        let j = journey(Setup {
            client: Some(ClientTls::Plain),
            policy,
            ..Setup::new(Port::P25)
        });
        assert_eq!(j.outcome, Outcome::SentPrivate, "{policy:?}");
    }
}

#[test]
fn a_login_decrypted_at_a_forged_certificate_is_told_apart_from_one_in_plaintext() {
    let lessons = |setup: Setup| -> Vec<String> {
        journey(setup)
            .steps
            .iter()
            .map(|s| s.title.clone())
            .collect()
    };
    let decrypted = lessons(Setup {
        attack: Some(Attack::Cert),
        verify: false,
        ..Setup::new(Port::P465)
    });
    assert!(
        decrypted.iter().any(|t| t.contains("decrypts the login")),
        "{decrypted:?}"
    );
    let stripped = lessons(Setup {
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
fn a_relay_set_to_require_starttls_defers_like_an_enforced_policy() {
    // Postfix at smtp_tls_security_level = encrypt (and verify for the certificate).
    for attack in [Attack::Strip, Attack::Cert] {
        let j = journey(Setup {
            client: Some(ClientTls::Starttls),
            attack: Some(attack),
            ..Setup::new(Port::P25)
        });
        assert_eq!(j.outcome, Outcome::Deferred, "{attack:?}");
    }
}
