//! Unit tests of the engine's private helpers; the engine as a whole is tested through its
//! public API in `tests/diagnose.rs`.

use super::codes::Tier;
use super::line_at;
use super::prints::{HINT, LIKELY, STRONG};

#[test]
fn the_evidence_is_the_trimmed_line_holding_the_match() {
    let input = "first\n   second line  \nthird";
    let at = input.find("line").unwrap();
    assert_eq!(line_at(input, at), "\u{201c}second line\u{201d}");
    assert_eq!(line_at(input, 0), "\u{201c}first\u{201d}");
    assert_eq!(line_at(input, input.len()), "\u{201c}third\u{201d}");
    assert_eq!(line_at(input, input.len() + 10), "\u{201c}third\u{201d}");
}

#[test]
fn a_long_line_is_cut_around_the_match() {
    // 200 x, the match, 194 y: 60 characters are kept before the match, 160 in all.
    let line = format!("{}NEEDLE{}", "x".repeat(200), "y".repeat(194));
    let input = format!("before\n\t{line}\nafter");
    let at = input.find("NEEDLE").unwrap();
    let kept = format!("{}NEEDLE{}", "x".repeat(60), "y".repeat(94));
    assert_eq!(line_at(&input, at), format!("\u{201c}…{kept}…\u{201d}"));
    // Near the end of the line, the last 160 characters, with nothing cut after them.
    let at = input.find("after").unwrap() - 3;
    assert_eq!(
        line_at(&input, at),
        format!("\u{201c}…{}\u{201d}", &line[240..])
    );
    // At its start, the first 160.
    let at = input.find('x').unwrap();
    assert_eq!(
        line_at(&input, at),
        format!("\u{201c}{}…\u{201d}", &line[..160])
    );
}

#[test]
fn a_cut_never_splits_a_character() {
    // 150 euro signs of 3 bytes: 160 bytes back from the end falls inside one of them.
    let line = "€".repeat(150);
    let quoted = line_at(&line, line.len() - 3);
    assert_eq!(quoted, format!("\u{201c}…{}\u{201d}", "€".repeat(54)));
    // 60 bytes before the match falls inside a euro sign: the cut moves back to its start.
    let line = format!("x{}{}", "€".repeat(40), "y".repeat(200));
    let at = 1 + 3 * 40 + 40;
    let kept = format!("{}{}", "€".repeat(7), "y".repeat(140));
    assert_eq!(line_at(&line, at), format!("\u{201c}…{kept}…\u{201d}"));
}

/// The reply-code tiers weigh more the surer they are, and sit where their comments place them
/// among the other layers: a success only hints, a bare 530 is likely, every other reading is
/// above any program's sentence (`STRONG` plus a length under 100); a code with one meaning is
/// above a TLS family; nothing is above a whole journey pasted (`STRONG` * 3).
#[test]
fn a_surer_code_weighs_more() {
    use Tier::*;
    let tiers = [
        Accepted, Either, Closing, Storage, Mechanism, Named, Decisive, Exchange, Policy,
    ];
    for pair in tiers.windows(2) {
        assert!(
            pair[0] < pair[1] && pair[0].weight() < pair[1].weight(),
            "{pair:?}"
        );
    }
    assert!((HINT..LIKELY).contains(&Accepted.weight()));
    assert!((LIKELY..STRONG).contains(&Either.weight()));
    // The journeys' own words are the longest sentences matched.
    let longest = super::prints::all()
        .iter()
        .flat_map(|p| p.needles.iter().map(String::len))
        .max()
        .unwrap_or(0) as u32;
    assert!(
        longest < 100 && Closing.weight() >= STRONG + 100,
        "{longest}"
    );
    assert!(super::certs::SCORE < super::tls::SCORE && super::tls::SCORE < Named.weight());
    assert!(Policy.weight() < STRONG * 3);
    // A socket or DNS error is sure, above a program's sentence, below a certificate family and
    // every failing code; a reset is only likely.
    use super::socket::{RESET, SURE};
    assert!(STRONG + 100 <= SURE && SURE < super::certs::SCORE && SURE < Closing.weight());
    assert!((LIKELY..STRONG).contains(&RESET));
    // A login accepted in plaintext outranks every code but Microsoft 365's policy.
    assert!((Exchange.weight()..Policy.weight()).contains(&super::plaintext::SCORE));
}

/// A journey that fails for a reason no cause names, such as an attacker who breaks the
/// connection, gives no cause: the diagnosis has nothing to say about it.
#[test]
fn a_failure_no_cause_names_stays_unknown() {
    use crate::event::Setup;
    use crate::journey::journey;
    use crate::path::attacker::Attack;
    use crate::path::port::Port;
    for port in [Port::P587, Port::P465, Port::P25] {
        let setup = Setup {
            attack: Some(Attack::Break),
            ..Setup::new(port)
        };
        let steps = journey(setup).steps;
        let cause = super::prints::failure(setup, &steps).map(|(_, c)| c);
        assert_eq!(cause, Some(super::Cause::Unknown), "{port:?}");
    }
}

/// Each scripted probe ends in the refusal its cause is known by, as Postfix gives it: 535 for a
/// wrong password (RFC 4954 §6; on 465, inside TLS), 554 for relaying (`relay_domains_reject_code`),
/// 550 for an unknown user (`unknown_local_recipient_reject_code`), 552 for a declared size over
/// `message_size_limit`, 421 after `smtpd_hard_error_limit` errors.
#[test]
fn each_probe_ends_in_its_refusal() {
    use super::prints::{last_reply, PROBES};
    use super::Cause;
    for probe in &PROBES {
        let code = match probe.cause {
            Cause::AuthFailed => 535,
            Cause::RelayDenied => 554,
            Cause::RecipientRejected => 550,
            Cause::MessageTooBig => 552,
            Cause::TooManyErrors => 421,
            other => panic!("no probe for {}", other.id()),
        };
        let reply = last_reply(probe.port, probe.lines);
        assert!(reply.as_ref().is_some_and(|r| !r.enhanced.is_empty()));
        assert_eq!(reply.map(|r| r.code), Some(code), "{}", probe.cause.id());
    }
}

/// A journey's fingerprint is what a program would print where it fails: a refusal's code with
/// its enhanced code and its phrases, or the client's own verdict; never the lab's host name (a
/// user's text names their own). A dropped or refused port is known by its errno name, as
/// Node.js prints it.
#[test]
fn a_journeys_fingerprint_is_what_its_failing_step_prints() {
    use super::Cause;
    use crate::event::Lane;
    use crate::journey::journey;
    use crate::server::HOSTNAME;
    let prints = super::prints::all();
    for p in &prints {
        let step = &journey(p.setup).steps[p.step];
        for n in p.needles.iter().filter(|n| n.as_str() != "queued as") {
            assert!(!n.contains(HOSTNAME), "{}: {n}", p.cause.id());
            let printed = step.events.iter().any(|e| match &e.reply {
                Some(r) if r.code >= 400 => {
                    assert!(!r.enhanced.is_empty(), "{} {}", r.code, e.text);
                    *n == format!("{} {}", r.code, r.enhanced)
                        || *n == format!("{}-{}", r.code, r.enhanced)
                        || r.lines
                            .iter()
                            .any(|l| l.to_lowercase().contains(n.as_str()))
                }
                Some(_) => false,
                None => {
                    e.from == Lane::App
                        && e.to == Lane::App
                        && e.text.to_lowercase().contains(n.as_str())
                }
            });
            assert!(
                printed,
                "{}: {n} is printed nowhere in its step",
                p.cause.id()
            );
        }
    }
    for (cause, errno) in [
        (Cause::PortBlockedDrop, "etimedout"),
        (Cause::PortRefused, "econnrefused"),
    ] {
        assert!(
            prints
                .iter()
                .any(|p| p.cause == cause && p.needles.iter().any(|n| n == errno)),
            "{errno}"
        );
    }
}
