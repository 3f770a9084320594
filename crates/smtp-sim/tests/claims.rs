//! The claims protocol review 3 (../shared/reviews/protocol-review-3.md) found wrong, misleading
//! or unsourced, each checked here as it now reads: its key fact, and the section or document it
//! names. The expected words come from the primary sources quoted beside each test, not from the
//! code under test.

use std::path::Path;

use smtp_sim::path::attacker::{Attack, Policy};
use smtp_sim::server::reply::explain_code;
use smtp_sim::teach::rfc::cite;
use smtp_sim::teach::try_it::commands;
use smtp_sim::{journey, ClientTls, Network, Outcome, Port, Setup, Step};

fn steps(setup: Setup) -> Vec<Step> {
    journey(setup).steps
}

/// The step whose title contains `title`, with its explanation and rule.
fn step(setup: Setup, title: &str) -> Step {
    steps(setup)
        .into_iter()
        .find(|s| s.title.contains(title))
        .unwrap_or_else(|| panic!("{setup:?}: no step titled …{title}…"))
}

fn attacked(port: Port, attack: Attack) -> Setup {
    Setup {
        attack: Some(attack),
        ..Setup::new(port)
    }
}

/// A recording the text names must exist in the lab's conformance set.
fn recording_exists(name: &str) -> bool {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/conformance")
        .join(format!("{name}.txt"))
        .is_file()
}

// W1. RFC 3207 §4.2: "The server MUST discard any knowledge obtained from the client, such as
// the argument to the EHLO command, which was not obtained from the TLS negotiation itself."
#[test]
fn w1_the_injection_lesson_quotes_rfc_3207_section_4_2() {
    let s = step(attacked(Port::P25, Attack::Inject), "injected");
    assert_eq!(cite(s.rfc), "RFC 3207 §4.2");
    assert!(
        s.explanation.contains(
            "RFC 3207 §4.2: \"The server MUST discard any knowledge obtained from the client"
        ),
        "{}",
        s.explanation
    );
    assert!(s
        .explanation
        .contains("which was not obtained from the TLS negotiation itself"));
    // Postfix 2.7.3 announcement: "Fix for CVE-2011-0411: discard buffered plaintext input".
    assert!(s.explanation.contains("2.7.3"));
    assert!(recording_exists("25_starttls_plaintext_injection"));
}

// W2. TLS_README: "may" is opportunistic; at "encrypt" "Even though TLS encryption is always
// used, mail delivery continues even if the server certificate is untrusted or bears the wrong
// name". A relay set to require STARTTLS without certificate checks is `encrypt`, not `may`.
#[test]
fn w2_a_relay_that_requires_tls_but_checks_nothing_is_at_encrypt() {
    let required = Setup {
        client: Some(ClientTls::Starttls),
        verify: false,
        ..attacked(Port::P25, Attack::Cert)
    };
    let s = step(required, "with the attacker");
    assert!(
        s.explanation.contains("smtp_tls_security_level = encrypt"),
        "{}",
        s.explanation
    );
    assert!(!s.explanation.contains("= may"), "{}", s.explanation);
    assert_eq!(journey(required).outcome, Outcome::SentExposed);

    let opportunistic = step(attacked(Port::P25, Attack::Cert), "with the attacker");
    assert!(opportunistic
        .explanation
        .contains("smtp_tls_security_level = may"));
    for s in [&opportunistic.explanation, &s.explanation] {
        assert!(s.contains("untrusted or bears the wrong name"), "{s}");
        assert!(s.contains("TLS_README"), "{s}");
    }
}

// M3, M10, topic 4. swaks doc/base.pod, --tls-verify: "By default, TLS verification is not
// required"; --tls-optional-strict: "If STARTTLS is advertised but TLS negotiations fail, treat
// as an error". openssl-s_client(1): without -verify_return_error "the connection will never fail
// due to a server certificate verify failure".
#[test]
fn m3_m10_the_commands_to_try_check_the_certificate_when_the_program_does() {
    for port in [Port::P587, Port::P465, Port::P2525] {
        for client in [
            ClientTls::Starttls,
            ClientTls::Opportunistic,
            ClientTls::Implicit,
        ] {
            let setup = Setup {
                client: Some(client),
                ..Setup::new(port)
            };
            let list = commands(&setup);
            let openssl = list.iter().find(|c| c.line.starts_with("openssl "));
            let swaks = list.iter().find(|c| c.line.starts_with("swaks ")).unwrap();
            let openssl = openssl.expect("an openssl command");
            assert!(
                openssl
                    .line
                    .contains("-verify_return_error -verify_hostname mail.example.test"),
                "{}",
                openssl.line
            );
            assert!(swaks.line.contains(" --tls-verify"), "{}", swaks.line);
            assert!(!swaks.purpose.contains("the same way"), "{}", swaks.purpose);

            let unchecked = commands(&Setup {
                verify: false,
                ..setup
            });
            assert!(unchecked.iter().all(|c| !c.line.contains("verify")));
        }
    }
    let opportunistic = commands(&Setup {
        client: Some(ClientTls::Opportunistic),
        ..Setup::new(Port::P587)
    });
    let swaks = opportunistic
        .iter()
        .find(|c| c.line.starts_with("swaks "))
        .unwrap();
    assert!(
        swaks.line.contains("--tls-optional-strict"),
        "{}",
        swaks.line
    );
    assert!(!swaks.line.contains("--tls-optional "), "{}", swaks.line);
}

// The relay at `may` checks no certificate, so neither do the commands that mimic it; at
// `verify` (STARTTLS required, checks on) or under MTA-STS/DANE they do.
#[test]
fn the_relay_commands_check_only_where_the_relay_does() {
    let may = commands(&Setup::new(Port::P25));
    assert!(may.iter().all(|c| !c.line.contains("verify")));
    for setup in [
        Setup {
            client: Some(ClientTls::Starttls),
            ..Setup::new(Port::P25)
        },
        Setup {
            policy: Policy::MtaSts,
            ..Setup::new(Port::P25)
        },
    ] {
        assert!(commands(&setup)
            .iter()
            .any(|c| c.line.contains("-verify_return_error")));
    }
}

// M4. RFC 3207 §6: "SMTP is not an end-to-end mechanism ... adding TLS privacy to one pair of
// servers does not mean that the entire SMTP chain has been made private."
#[test]
fn m4_sent_private_means_private_on_this_hop() {
    let words = Outcome::SentPrivate.words();
    assert!(words.contains("on this hop"), "{words}");
    assert!(words.contains("RFC 3207 §6"), "{words}");
    assert!(!words.contains("nobody on the path could read the message"));
    assert_eq!(
        journey(Setup::new(Port::P587)).outcome,
        Outcome::SentPrivate
    );
}

// M5. nodemailer lib/smtp-connection/index.js: with requireTLS it sends STARTTLS even when the
// EHLO reply lacks it, and fails with "Error upgrading connection with STARTTLS" on a refusal;
// "Host did not advertise STARTTLS" is swaks's.
#[test]
fn m5_only_swaks_says_host_did_not_advertise_starttls() {
    let setup = Setup {
        client: Some(ClientTls::Starttls),
        ..attacked(Port::P587, Attack::Strip)
    };
    let s = step(setup, "the program stops");
    assert!(s.explanation.contains("swaks --tls"), "{}", s.explanation);
    assert!(!s
        .explanation
        .contains("(Nodemailer requireTLS: true, swaks --tls)"));
    assert!(s
        .explanation
        .contains("Error upgrading connection with STARTTLS"));
}

// M6. postconf.proto: "smtp_tls_security_level (default: Postfix ≥ 3.11: may; Postfix < 3.11:
// empty)".
#[test]
fn m6_postfix_default_level_is_may_from_3_11() {
    let setup = attacked(Port::P25, Attack::Strip);
    let s = step(setup, "going on in plaintext");
    assert!(s.explanation.contains("3.11"), "{}", s.explanation);
    assert!(!s.explanation.contains("Postfix's own default is empty"));
}

// M11. postconf.proto: smtpd_relay_restrictions defaults to "permit_mynetworks,
// permit_sasl_authenticated, defer_unauth_destination"; the lab recorded both replies.
#[test]
fn m11_the_relay_refusal_names_both_codes_and_their_settings() {
    let s = step(Setup::new(Port::P25), "RCPT TO");
    for fact in [
        "554 5.7.1",
        "reject_unauth_destination",
        "454 4.7.1",
        "defer_unauth_destination",
    ] {
        assert!(s.explanation.contains(fact), "{fact}: {}", s.explanation);
    }
    assert!(recording_exists("25_relay_denied_defer_unauth_destination"));
    assert!(recording_exists("25_relay_denied_foreign_domain"));
}

// M12. RFC 4616 §1: "this mechanism affords no integrity or confidentiality protections itself".
#[test]
fn m12_the_plain_quote_cites_rfc_4616_section_1() {
    let setup = Setup {
        client: Some(ClientTls::Opportunistic),
        ..attacked(Port::P587, Attack::Strip)
    };
    let s = step(setup, "reads the login");
    assert!(s
        .explanation
        .contains("\"affords no integrity or confidentiality protections itself\" (RFC 4616 §1)"));
    assert_eq!(cite(s.rfc), "RFC 4616 §1");
}

// M13. RFC 4954 §6 defines 235, 530, 535 and 538; RFC 3207 §4 the 530 before STARTTLS.
#[test]
fn m13_the_x3x_gloss_names_where_530_and_535_are_defined() {
    for code in [530, 535] {
        let gloss = explain_code(code);
        assert!(gloss.contains("530"), "{gloss}");
        assert!(gloss.contains("535"), "{gloss}");
        assert!(gloss.contains("RFC 4954"), "{gloss}");
        assert!(gloss.contains("RFC 3207"), "{gloss}");
    }
}

// U1. No undocumented date for a cloud's past blocking; the 2525 claim names its source.
#[test]
fn u1_the_cloud_story_names_no_unsourced_year() {
    let story = Network::Cloud.story();
    assert!(!story.contains("2018"), "{story}");
    assert!(story.contains("Mailjet"), "{story}");
}

// U2. RFC 2034 §4: "Note that 3xx responses are NOT included in this list."
#[test]
fn u2_no_enhanced_code_on_3xx_cites_rfc_2034_section_4() {
    let s = step(Setup::new(Port::P587), "DATA");
    assert!(
        s.explanation
            .contains("3xx replies carry no enhanced code (RFC 2034 §4)"),
        "{}",
        s.explanation
    );
}

/// Home and cloud networks drop port 25: the journey says how a server of one's own sends
/// anyway, through a relay host with the login inside checked TLS.
#[test]
fn a_blocked_port_25_names_the_relay_host_fix() {
    for network in [Network::Home, Network::Cloud] {
        let setup = Setup {
            network,
            ..Setup::new(Port::P25)
        };
        let steps = journey(setup).steps;
        let last = &steps.last().unwrap().explanation;
        for words in [
            "relayhost = [smtp.provider.example]:587",
            "smtp_sasl_auth_enable = yes",
            "smtp_tls_security_level = secure",
            "587 or 465",
        ] {
            assert!(last.contains(words), "{network:?}: no {words:?} in {last}");
        }
    }
}
