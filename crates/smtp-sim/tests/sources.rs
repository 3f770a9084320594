//! The sources the teaching texts cite are the right ones: each lesson's rule is the RFC section
//! written here from the RFCs themselves, every "RFC n §s" any text cites is a document and
//! section of the project's list, and the texts that quote a program or a server name where the
//! words come from. Wording is left to the lessons: only numbers, sections and names are checked.

mod common;

use smtp_sim::path::attacker::{Attack, Policy};
use smtp_sim::path::network::{Block, Mx};
use smtp_sim::teach::attack::AttackLesson;
use smtp_sim::teach::lesson::Lesson;
use smtp_sim::teach::try_it::{commands, BROWSER_NOTE};
use smtp_sim::{journey, ClientTls, Network, Port, Setup};

/// The rule each lesson rests on, as (RFC, section), from the RFCs' tables of contents. A new
/// lesson does not compile here until its rule is written down.
fn rule(lesson: Lesson) -> &'static [(u16, &'static str)] {
    match lesson {
        Lesson::MxLookup
        | Lesson::NoMx
        | Lesson::ImplicitMx
        | Lesson::FirstMxDown
        | Lesson::NextMx => &[(5321, "5.1")], // Locating the Target Host
        Lesson::NullMx => &[(7505, "3")], // MX Resource Records Specifying Null MX
        // A RDATA format; AAAA record type
        Lesson::AddressLookup => &[(1035, "3.4.1"), (3596, "2.1")],
        Lesson::Connect | Lesson::Syn => &[(9293, "3.5")], // Establishing a Connection
        Lesson::Retransmits => &[(6298, "5.5")],           // RTO <- RTO * 2, back off the timer
        Lesson::TimedOut(_) => &[(9293, "3.8.3")],         // TCP Connection Failures
        Lesson::Refused(_) => &[(9293, "3.10.7.1")],       // Segment arrives, CLOSED: send RST
        Lesson::Prohibited(_) => &[(1812, "5.2.7.1")],     // Destination Unreachable, code 13
        // Implicit TLS for SMTP Submission
        Lesson::NoGreeting | Lesson::PlaintextToTlsPort | Lesson::ImplicitTls => &[(8314, "3.3")],
        // Record Layer: the TLS record version the client could not read in "220 "
        Lesson::GreetingInsteadOfHello | Lesson::WrongVersionNumber => &[(8446, "5.1")],
        Lesson::MailBeforeTls | Lesson::Starttls => &[(3207, "4")], // The STARTTLS Keyword (530)
        Lesson::Greeting => &[(5321, "3.1")],                       // Session Initiation
        Lesson::Ehlo => &[(5321, "4.1.1.1")],
        Lesson::EhloAgain => &[(3207, "4.2")], // Result of the STARTTLS Command
        Lesson::TlsHandshake => &[(8446, "2")], // Protocol Overview
        Lesson::Auth => &[(4954, "4"), (4616, "2")], // The AUTH Command; PLAIN
        Lesson::Mail => &[(5321, "4.1.1.2")],
        Lesson::Rcpt => &[(5321, "4.1.1.3")],
        Lesson::Data => &[(5321, "4.1.1.4")],
        Lesson::Message => &[(5321, "4.5.2")], // Transparency (dot-stuffing)
        Lesson::Quit => &[(5321, "4.1.1.10")],
        Lesson::Close => &[(9293, "3.6")], // Closing a Connection
        Lesson::Attack(attack) => match attack {
            // Security Considerations: the STARTTLS downgrade.
            AttackLesson::Stripped { .. }
            | AttackLesson::GoesOnInClear { .. }
            | AttackLesson::AttackerRelays => &[(3207, "6")],
            // Result of the STARTTLS Command: discard what came before the handshake.
            AttackLesson::Injected => &[(3207, "4.2")],
            AttackLesson::NothingInClear(_) | AttackLesson::TlsMissing { relay: false } => {
                &[(8314, "3.3")]
            }
            // Policy Application (MTA-STS enforce); TLS Discovery (DANE)
            AttackLesson::TlsMissing { relay: true }
            | AttackLesson::CertRejected { relay: true }
            | AttackLesson::CertAccepted { relay: true, .. } => &[(8461, "5"), (7672, "2.2")],
            AttackLesson::PasswordStolen => &[(4616, "1")], // PLAIN: Introduction ("affords no … protections itself")
            // Implicit TLS; Use of TLS by Mail User Agents (not confidential unvalidated)
            AttackLesson::PasswordDecrypted => &[(8314, "3.3"), (8314, "5")],
            // Email Server Certificate Verification Rules
            AttackLesson::CertRejected { relay: false }
            | AttackLesson::CertAccepted { relay: false, .. } => &[(8314, "3.3"), (7817, "3")],
            // A broken handshake: the downgrade a relay at `may` falls for (Security
            // Considerations), and the policies that defer instead; a mail program aborts
            // (The STARTTLS Keyword: "it SHOULD abort the connection").
            AttackLesson::Broken { relay: true, .. } => &[(3207, "6"), (8461, "5"), (7672, "2.2")],
            AttackLesson::Broken { relay: false, .. } => &[(3207, "4")],
        },
    }
}

/// The RFCs the project cites, and the sections of each it may cite (checked against each
/// RFC's table of contents). Texts that cite anything else fail.
const KNOWN: &[(u16, &[&str])] = &[
    (1035, &["3.4.1"]),
    (1812, &["5.2.7.1"]), // Destination Unreachable codes (13: administratively prohibited)
    (1870, &[]),          // SIZE
    (2034, &["4"]),       // enhanced status codes (§4: none on 3xx replies)
    (2920, &[]),          // PIPELINING
    (3030, &[]),          // CHUNKING
    (3207, &["4", "4.2", "6"]),
    (3461, &[]), // DSN
    (3463, &[]), // enhanced status codes
    (3596, &["2.1"]),
    (3849, &[]), // IPv6 documentation prefix
    (4616, &["1", "2", "5"]),
    (4648, &[]), // base64
    (4954, &["4"]),
    (5068, &[]), // submission and port 25 blocking
    // Session Initiation, Mail Transactions, Terminating Sessions, EHLO, MAIL, RCPT, DATA,
    // QUIT, Order of Commands, Reply Codes by Function Groups, Transparency, Locating the Target
    (
        5321,
        &[
            "3.1", "3.3", "3.8", "4.1.1.1", "4.1.1.2", "4.1.1.3", "4.1.1.4", "4.1.1.10", "4.1.4",
            "4.2.2", "4.5.2", "5.1",
        ],
    ),
    (5737, &[]), // IPv4 documentation addresses
    (6298, &["5.5"]),
    (6409, &["1", "4.3"]), // Introduction; Require Authentication
    (6531, &[]),           // SMTPUTF8
    (7505, &["3"]),        // MX Resource Records Specifying Null MX
    (7672, &["2.2"]),
    (7817, &["3"]),
    (8314, &["3.3", "5", "7.3"]), // Implicit TLS submission; MUAs; the port 465 registration
    (8446, &["2", "5.1"]),
    (8461, &["5"]),
    (8551, &[]), // S/MIME
    (9293, &["3.5", "3.6", "3.8.3", "3.10.7.1"]),
    (9580, &[]), // OpenPGP
];

/// Every "RFC n" in a text, with the "§s" that follows it, if any.
fn citations(text: &str) -> Vec<(u16, Option<String>)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("RFC ") {
        let rest = &text[at + 4..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Ok(number) = digits.parse() else {
            continue;
        };
        let section = rest[digits.len()..].strip_prefix(" §").map(|s| {
            s.chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect::<String>()
                .trim_end_matches('.')
                .to_string()
        });
        found.push((number, section));
    }
    found
}

/// Every setup a learner can reach: port × network × firewall × client × attack × verify × policy
/// (× the MX answer on 25).
fn setups() -> Vec<Setup> {
    let mut all = Vec::new();
    for port in Port::ALL {
        for network in Network::ALL {
            for block in [
                None,
                Some(Block::Drop),
                Some(Block::Reject),
                Some(Block::Prohibit),
            ] {
                for client in [None].into_iter().chain(ClientTls::ALL.map(Some)) {
                    for attack in [None].into_iter().chain(Attack::ALL.map(Some)) {
                        for verify in [true, false] {
                            for policy in Policy::ALL {
                                // The MX answers matter to a relay only.
                                let mxs = if port == Port::P25 {
                                    &Mx::ALL[..]
                                } else {
                                    &[Mx::Listed]
                                };
                                for &mx in mxs {
                                    all.push(Setup {
                                        port,
                                        network,
                                        block,
                                        client,
                                        attack,
                                        verify,
                                        policy,
                                        mx,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    all
}

#[test]
fn every_step_cites_the_rfc_sections_its_lesson_rests_on() {
    let mut lessons_seen = Vec::new();
    for setup in setups() {
        for step in journey(setup).steps {
            let want: Vec<(u16, String)> = rule(step.lesson)
                .iter()
                .map(|&(n, s)| (n, s.to_string()))
                .collect();
            let cited: Vec<(u16, String)> = step
                .rfc
                .iter()
                .map(|r| (r.number, r.section.to_string()))
                .collect();
            assert_eq!(
                cited, want,
                "{:?} on {setup:?} cites {:?}",
                step.lesson, step.rfc
            );
            if !lessons_seen.contains(&step.lesson) {
                lessons_seen.push(step.lesson);
            }
        }
    }
    // Every kind of lesson is reached by some setup (so the table above is not dead text).
    let kinds = |l: &Lesson| std::mem::discriminant(l);
    for lesson in [
        Lesson::MxLookup,
        Lesson::NoMx,
        Lesson::ImplicitMx,
        Lesson::NullMx,
        Lesson::FirstMxDown,
        Lesson::NextMx,
        Lesson::AddressLookup,
        Lesson::Connect,
        Lesson::Syn,
        Lesson::Retransmits,
        Lesson::TimedOut(Network::Open),
        Lesson::Refused(Network::Open),
        Lesson::NoGreeting,
        Lesson::PlaintextToTlsPort,
        Lesson::GreetingInsteadOfHello,
        Lesson::WrongVersionNumber,
        Lesson::MailBeforeTls,
        Lesson::ImplicitTls,
        Lesson::Greeting,
        Lesson::Ehlo,
        Lesson::EhloAgain,
        Lesson::Starttls,
        Lesson::TlsHandshake,
        Lesson::Auth,
        Lesson::Mail,
        Lesson::Rcpt,
        Lesson::Data,
        Lesson::Message,
        Lesson::Quit,
        Lesson::Close,
    ] {
        assert!(
            lessons_seen.iter().any(|l| kinds(l) == kinds(&lesson)),
            "{lesson:?} is never shown"
        );
    }
    let attack_lessons = lessons_seen
        .iter()
        .filter(|l| matches!(l, Lesson::Attack(_)))
        .count();
    // Stripped, TlsMissing, GoesOnInClear, CertRejected and CertAccepted for a relay and a mail
    // program, CertAccepted also with TLS required or not; NothingInClear for strip and inject;
    // the other four once; Broken for a relay that falls back, one that defers, and a program.
    assert_eq!(attack_lessons, 21, "every attacker lesson, relay and not");
}

/// Every text a reader can meet outside the step rules: the step explanations of every setup,
/// the port table, the networks, the outcomes and the commands to try.
fn teaching_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for setup in setups() {
        for step in journey(setup).steps {
            if !texts.contains(&step.explanation) {
                texts.push(step.explanation);
            }
        }
        for command in commands(&setup) {
            texts.push(command.purpose.to_string());
        }
    }
    for port in Port::ALL {
        let info = port.info();
        texts.push(info.purpose.into());
        texts.extend(info.myth.map(String::from));
        texts.push(info.standing.label());
        for network in Network::ALL {
            texts.push(network.story().into());
            texts.push(network.advice(port));
        }
    }
    for outcome in common::OUTCOMES {
        texts.push(outcome.words().into());
    }
    texts.push(BROWSER_NOTE.into());
    texts
}

#[test]
fn every_rfc_a_text_cites_is_on_the_projects_list_with_a_real_section() {
    let mut cited = 0;
    for text in teaching_texts() {
        for (number, section) in citations(&text) {
            let (_, sections) = KNOWN
                .iter()
                .find(|(n, _)| *n == number)
                .unwrap_or_else(|| panic!("RFC {number} is not on the list: {text}"));
            if let Some(section) = section {
                assert!(
                    sections.contains(&section.as_str()),
                    "RFC {number} §{section} is not a section the list knows: {text}"
                );
            }
            cited += 1;
        }
    }
    assert!(cited > 80, "only {cited} citations found");
}

/// Words that name a source a reader can look up.
const SOURCES: &[&str] = &[
    "RFC ",
    "recording",
    "Postfix",
    "Dovecot",
    "OpenSSL",
    "openssl",
    "swaks",
    "Nodemailer",
    "PHPMailer",
    "smtplib",
    "Fetch standard",
    "Linux",
    "IANA",
    "Cisco",
    "Mailjet",
    "CVE-",
    "draft-",
    "Amazon EC2",
    "netcat",
];

fn sourced(text: &str) -> bool {
    SOURCES.iter().any(|s| text.contains(s))
}

/// The Postfix replies a text quotes by code, such as "530 5.7.0" or "554 5.7.1".
fn quoted_replies(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .map(|w| w.trim_end_matches([',', ':', ')', '.']))
        .collect();
    words
        .windows(2)
        .filter(|w| {
            let code = w[0].len() == 3 && w[0].chars().all(|c| c.is_ascii_digit());
            let parts: Vec<&str> = w[1].split('.').collect();
            code && parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                && w[0][..1] == *parts[0]
        })
        .map(|w| format!("{} {}", w[0], w[1]))
        .collect()
}

/// Replies quoted in a step's explanation but not shown in its journey, whose text names no
/// source yet. Each is a reply the lab recorded; the lesson should say so.
const KNOWN_UNSOURCED: &[(&str, &str)] = &[(
    "554 5.7.1",
    "Lesson::Rcpt on 25: Postfix's relay refusal, recorded in 25_relay_denied_foreign_domain",
)];

#[test]
fn every_quoted_reply_was_recorded_and_one_not_shown_names_its_source() {
    // Never an invented reply: each "NNN X.Y.Z" any text quotes is on an S: line of a lab
    // recording. In a step's explanation, a reply the journey does not show must name where it
    // comes from (the recording, Postfix, an RFC).
    let recorded: String = std::fs::read_dir(common::recording::conformance_dir())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .flat_map(|t| {
            t.lines()
                .filter(|l| l.starts_with("S: "))
                .map(|l| l.to_string() + "\n")
                .collect::<Vec<_>>()
        })
        .collect();
    let mut quoted = 0;
    for text in teaching_texts() {
        for reply in quoted_replies(&text) {
            quoted += 1;
            assert!(
                recorded.contains(&format!("S: {reply}")),
                "{reply} was never recorded: {text}"
            );
        }
    }
    assert!(quoted >= 10, "only {quoted} quoted replies found");
    let mut unsourced = Vec::new();
    for setup in setups().into_iter().step_by(7) {
        let j = journey(setup);
        let shown: Vec<&str> = j.events(j.steps.len()).map(|e| e.text.as_str()).collect();
        for step in &j.steps {
            for reply in quoted_replies(&step.explanation) {
                let in_transcript = shown.iter().any(|l| l.starts_with(&reply));
                let known = KNOWN_UNSOURCED.iter().any(|(r, _)| *r == reply);
                if !in_transcript && !known && !sourced(&step.explanation) {
                    unsourced.push(format!(
                        "{reply} in {:?}: {}",
                        step.lesson, step.explanation
                    ));
                }
            }
        }
    }
    unsourced.dedup();
    assert!(unsourced.is_empty(), "{}", unsourced.join("\n"));
}

#[test]
fn explanations_that_quote_a_program_name_it() {
    // A quotation of three words or more ("Host did not advertise STARTTLS") is what some
    // program or document says: the same text must say which.
    let mut unsourced = Vec::new();
    for text in teaching_texts() {
        let quotes = text
            .split('"')
            .skip(1)
            .step_by(2)
            .any(|q| q.split_whitespace().count() >= 3);
        if quotes && !sourced(&text) && !unsourced.contains(&text) {
            unsourced.push(text);
        }
    }
    assert!(
        unsourced.is_empty(),
        "names no source:\n{}",
        unsourced.join("\n")
    );
}

#[test]
fn the_port_table_and_the_networks_name_their_sources() {
    for port in Port::ALL {
        let info = port.info();
        assert!(sourced(info.purpose), "{port:?} purpose: {}", info.purpose);
        if let Some(myth) = info.myth {
            assert!(sourced(myth), "{port:?} myth: {myth}");
        }
        for network in Network::ALL {
            assert!(sourced(network.story()), "{network:?}: {}", network.story());
            if network.blocks(port).is_some() {
                let advice = network.advice(port);
                assert!(sourced(&advice), "{network:?} {port:?}: {advice}");
            }
        }
    }
}

#[test]
fn commands_to_try_run_the_tool_and_mode_the_setting_names() {
    assert!(sourced(BROWSER_NOTE));
    for port in Port::ALL {
        for client in ClientTls::ALL {
            let setup = Setup {
                client: Some(client),
                ..Setup::new(port)
            };
            let lines: Vec<String> = commands(&setup).into_iter().map(|c| c.line).collect();
            let target = format!("mail.example.test {}", port.number());
            assert_eq!(lines[0], format!("nc -vz -w 10 {target}"));
            // The interactive tool: s_client with -starttls smtp for STARTTLS, without it for
            // implicit TLS; netcat for plaintext. swaks with the matching TLS flag.
            // The tools check the certificate when the journey's program does: a mail program
            // unless told not to; a relay on 25 (default policy) only when it requires TLS with
            // checks (Postfix `verify`), never at `may` (Postfix TLS_README).
            let checks = if port == Port::P25 {
                client == ClientTls::Starttls
            } else {
                true
            };
            let verify = if checks {
                " -verify_return_error -verify_hostname mail.example.test"
            } else {
                ""
            };
            let (talk, flag) = match client {
                ClientTls::Starttls => (
                    format!("openssl s_client -quiet{verify} -starttls smtp -crlf -connect "),
                    " --tls ",
                ),
                ClientTls::Opportunistic => (
                    format!("openssl s_client -quiet{verify} -starttls smtp -crlf -connect "),
                    " --tls-optional-strict",
                ),
                ClientTls::Implicit => (
                    format!("openssl s_client -quiet{verify} -crlf -connect "),
                    " --tls-on-connect",
                ),
                ClientTls::Plain => ("nc -C ".to_string(), " --from "),
            };
            let address = if client == ClientTls::Plain {
                target.clone()
            } else {
                format!("mail.example.test:{}", port.number())
            };
            assert_eq!(lines[1], format!("{talk}{address}"), "{port:?} {client:?}");
            assert!(
                lines[2].starts_with(&format!(
                    "swaks --server mail.example.test --port {}",
                    port.number()
                )) && lines[2].contains(flag)
                    && (client == ClientTls::Plain || lines[2].contains("--tls-verify") == checks),
                "{port:?} {client:?}: {}",
                lines[2]
            );
            assert_eq!(lines.len(), 3);
        }
    }
}
