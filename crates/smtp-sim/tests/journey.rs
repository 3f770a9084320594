//! The walkthrough of each port against the lab's recorded happy paths: every command the
//! scripted client sends must get the reply the real server gave to the same command at the
//! same point of a recorded session (queue IDs aside). Blocked ports against the TCP captures.

mod common;

use common::recording::{conformance_dir, Event as Recorded, Recording};
use common::{normalise_queue_id, BAD_SYNTAX, BAD_UTF8, BYE, GREETING, MUST_STARTTLS, TLS_READY};
use smtp_sim::compare::Comparison;
use smtp_sim::path::network::{CONNECT_TIMEOUT_MS, SYN_RETRANSMITS_MS};
use smtp_sim::{journey, Block, ClientTls, Network, Port, Setup};
use smtp_sim::{Event, Tag};

/// (command, reply lines) pairs of a recording, the greeting under the command "".
fn recorded_exchanges(file: &str) -> Vec<(String, Vec<String>)> {
    let rec = Recording::load(&conformance_dir().join(file));
    let mut exchanges: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
    for event in rec.events {
        match event {
            Recorded::Client(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                // A message is sent as one chunk ending in CRLF.CRLF: key it by its last line.
                let key = text.trim_end().lines().last().unwrap_or("").to_string();
                exchanges.push((key, Vec::new()));
            }
            Recorded::Server(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                exchanges
                    .last_mut()
                    .unwrap()
                    .1
                    .extend(text.lines().map(str::to_string));
            }
            _ => {}
        }
    }
    exchanges
}

/// The journey's (command, reply lines) pairs, the same way.
fn journey_exchanges(events: &[&Event]) -> Vec<(String, Vec<String>)> {
    let mut exchanges: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
    let mut open = true;
    for event in events {
        match event.tag {
            Tag::Client if open => exchanges.last_mut().unwrap().0 = event.text.clone(),
            Tag::Client => {
                exchanges.push((event.text.clone(), Vec::new()));
                open = true;
            }
            Tag::Server => {
                exchanges.last_mut().unwrap().1.push(event.text.clone());
                open = false;
            }
            _ => {}
        }
    }
    exchanges
}

fn verb(command: &str) -> String {
    command
        .split([' ', ':'])
        .next()
        .unwrap_or("")
        .to_uppercase()
}

#[test]
fn each_port_journey_matches_a_recorded_session() {
    for (port, file) in [
        (Port::P25, "25_starttls_happy.txt"),
        (Port::P587, "587_starttls_auth_plain_happy.txt"),
        (Port::P465, "465_implicit_tls_auth_plain_happy.txt"),
        (Port::P2525, "2525_starttls_auth_plain_happy.txt"),
        // 588 and 80 are simulated as copies of the submission service.
        (Port::P588, "587_starttls_auth_plain_happy.txt"),
        (Port::P80, "587_starttls_auth_plain_happy.txt"),
    ] {
        let j = journey(Setup::new(port));
        let events: Vec<&Event> = j.events(j.steps.len()).collect();
        let ours = journey_exchanges(&events);
        let mut theirs = recorded_exchanges(file).into_iter();
        for (command, replies) in &ours {
            // The recordings sometimes send more (a second RCPT); match the next same verb.
            let (_, recorded) = theirs
                .find(|(c, _)| verb(c) == verb(command))
                .unwrap_or_else(|| panic!("{port:?}: no recorded {command:?} in {file}"));
            let want: Vec<String> = recorded.iter().map(|l| normalise_queue_id(l)).collect();
            let got: Vec<String> = replies.iter().map(|l| normalise_queue_id(l)).collect();
            assert_eq!(got, want, "{port:?}: reply to {command:?}");
        }
        assert!(ours.len() >= 8, "{port:?}: only {} exchanges", ours.len());
    }
}

#[test]
fn encryption_marks_follow_the_port() {
    // 465: no SMTP line in the clear. 587/25: greeting, first EHLO and STARTTLS in the clear only.
    let j = journey(Setup::new(Port::P465));
    assert!(j
        .events(j.steps.len())
        .filter(|e| matches!(e.tag, Tag::Client | Tag::Server))
        .all(|e| e.encrypted));
    for port in [Port::P587, Port::P25] {
        let j = journey(Setup::new(port));
        let clear: Vec<&str> = j
            .events(j.steps.len())
            .filter(|e| matches!(e.tag, Tag::Client | Tag::Server) && !e.encrypted)
            .filter(|e| !e.text.starts_with("250-"))
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(clear.first(), Some(&GREETING));
        assert_eq!(clear.last(), Some(&TLS_READY), "{port:?}");
        assert!(clear
            .iter()
            .all(|l| !l.starts_with("AUTH") && !l.starts_with("MAIL")));
    }
}

#[test]
fn relay_looks_up_mx_and_never_authenticates() {
    let j = journey(Setup::new(Port::P25));
    let texts: Vec<&str> = j.events(j.steps.len()).map(|e| e.text.as_str()).collect();
    assert!(texts[0].starts_with("MX? example.test"));
    assert!(texts.iter().all(|t| !t.starts_with("AUTH")));
    let j = journey(Setup::new(Port::P587));
    assert!(j.events(j.steps.len()).all(|e| !e.text.starts_with("MX?")));
}

#[test]
fn a_dropped_port_retries_then_times_out_with_no_greeting() {
    for port in Port::ALL {
        let j = journey(Setup {
            block: Some(Block::Drop),
            ..Setup::new(port)
        });
        let events: Vec<&Event> = j.events(j.steps.len()).collect();
        let syns: Vec<u64> = events
            .iter()
            .filter(|e| e.text.starts_with("SYN"))
            .map(|e| e.at_ms)
            .collect();
        assert_eq!(syns.len(), 1 + SYN_RETRANSMITS_MS.len());
        let first = syns[0];
        let gaps: Vec<u64> = syns[1..].iter().map(|t| t - first).collect();
        assert_eq!(gaps, SYN_RETRANSMITS_MS);
        let last = events.last().unwrap();
        assert!(last.text.contains("Connection timed out"));
        assert_eq!(last.at_ms - first, CONNECT_TIMEOUT_MS);
        assert!(events
            .iter()
            .all(|e| !matches!(e.tag, Tag::Server | Tag::Client)));
    }
}

#[test]
fn a_rejected_port_is_refused_at_once() {
    let j = journey(Setup {
        block: Some(Block::Reject),
        ..Setup::new(Port::P25)
    });
    let events: Vec<&Event> = j.events(j.steps.len()).collect();
    let syn = events.iter().find(|e| e.text.starts_with("SYN")).unwrap();
    let rst = events.iter().find(|e| e.text.starts_with("RST")).unwrap();
    assert!(rst.at_ms - syn.at_ms < 1000);
    assert!(events.last().unwrap().text.contains("Connection refused"));
    assert!(events
        .iter()
        .all(|e| !matches!(e.tag, Tag::Server | Tag::Client)));
}

#[test]
fn auth_line_is_decoded_for_the_learner() {
    let j = journey(Setup::new(Port::P587));
    let auth = j
        .events(j.steps.len())
        .find(|e| e.text.starts_with("AUTH PLAIN"))
        .unwrap();
    assert!(auth.note.as_deref().unwrap().contains("alice@example.test"));
    assert!(auth.note.as_deref().unwrap().contains("correct horse"));
}

#[test]
fn networks_drop_what_they_block_and_pass_the_rest() {
    // Home ISP: 25 dropped; 587 passes. Office: only 80 passes.
    let home25 = journey(Setup {
        network: Network::Home,
        ..Setup::new(Port::P25)
    });
    assert!(home25.steps.last().unwrap().events[0]
        .text
        .contains("timed out"));
    let home587 = journey(Setup {
        network: Network::Home,
        ..Setup::new(Port::P587)
    });
    assert!(home587.events(home587.steps.len()).any(|e| e.text == BYE));
    let office80 = journey(Setup {
        network: Network::Office,
        ..Setup::new(Port::P80)
    });
    assert!(office80.events(office80.steps.len()).any(|e| e.text == BYE));
    let office465 = journey(Setup {
        network: Network::Office,
        ..Setup::new(Port::P465)
    });
    assert!(office465.steps.last().unwrap().explanation.contains("80"));
}

fn texts(j: &smtp_sim::Journey) -> Vec<String> {
    j.events(j.steps.len()).map(|e| e.text.clone()).collect()
}

#[test]
fn starttls_or_plain_client_on_465_never_gets_a_greeting() {
    // swaks_465_starttls_client / swaks_465_plaintext_client: timeout waiting, then the server
    // resets the plaintext QUIT (465_plaintext_* recordings: RST, no bytes).
    for client in [ClientTls::Starttls, ClientTls::Plain] {
        let j = journey(Setup {
            client: Some(client),
            ..Setup::new(Port::P465)
        });
        let t = texts(&j);
        assert!(t.iter().all(|l| !l.starts_with("220")), "{client:?}");
        assert!(t.iter().any(|l| l.starts_with("Timeout")));
        assert!(t.iter().any(|l| l.starts_with("RST")));
    }
}

#[test]
fn implicit_tls_client_on_a_starttls_port_reads_a_plaintext_greeting() {
    // 587_tls_clienthello_to_starttls_port: 220 greeting, then 500 bad UTF-8 / 500 bad syntax;
    // the client reports "wrong version number" (openssl_587_implicit_tls_against_starttls_port).
    for port in [Port::P587, Port::P25, Port::P2525] {
        let j = journey(Setup {
            client: Some(ClientTls::Implicit),
            ..Setup::new(port)
        });
        let t = texts(&j);
        let from_greeting: Vec<&String> = t.iter().skip_while(|l| !l.starts_with("220 ")).collect();
        assert_eq!(from_greeting[0], GREETING);
        assert_eq!(from_greeting[1], BAD_UTF8);
        assert_eq!(from_greeting[2], BAD_SYNTAX);
        assert!(t.last().unwrap().contains("wrong version number"));
    }
}

#[test]
fn plain_client_on_587_is_offered_no_login_and_refused_at_mail() {
    // facts.md §2: no AUTH on 587 before TLS (smtpd_tls_auth_only); §4: MAIL before TLS on 587 →
    // 530 5.7.0 Must issue a STARTTLS command first. swaks_587_auth_without_tls: a client that
    // finds no AUTH does not send its password.
    let j = journey(Setup {
        client: Some(ClientTls::Plain),
        ..Setup::new(Port::P587)
    });
    let events: Vec<_> = j.events(j.steps.len()).collect();
    assert!(events.iter().all(|e| !e.text.starts_with("AUTH")));
    let mail = events
        .iter()
        .position(|e| e.text.starts_with("MAIL FROM"))
        .unwrap();
    assert_eq!(events[mail + 1].text, MUST_STARTTLS);
    assert!(events.iter().all(|e| !e.encrypted));
}

#[test]
fn plain_client_on_25_delivers_everything_in_the_clear() {
    let j = journey(Setup {
        client: Some(ClientTls::Plain),
        ..Setup::new(Port::P25)
    });
    let t = texts(&j);
    assert!(t.iter().all(|l| l != "STARTTLS"));
    assert!(t.iter().any(|l| l.starts_with("250 2.0.0 Ok: queued as")));
    assert!(j.events(j.steps.len()).all(|e| !e.encrypted));
}

#[test]
fn compared_journeys_line_up_by_kind_of_step() {
    let j587 = journey(Setup::new(Port::P587));
    let j465 = journey(Setup::new(Port::P465));
    let c = Comparison::new(&j587, &j465);
    let at = |title: &str| {
        let step = j587
            .steps
            .iter()
            .position(|s| s.title.contains(title))
            .unwrap();
        c.taken(c.rows_for_left(step + 1))
    };
    let (_, other) = at("MAIL FROM");
    assert!(j465.steps[other - 1].title.contains("MAIL FROM"));
    // 465 has no STARTTLS: at 587's STARTTLS step, 465 stays at its last common step (EHLO).
    let (_, other) = at("STARTTLS");
    assert!(j465.steps[other - 1].title.contains("EHLO"));
    assert_eq!(c.taken(0), (0, 0));
}

#[test]
fn every_combination_the_ui_offers_makes_a_journey() {
    // Every port × network × firewall rule × client setting: no panic, and each journey ends in
    // a verdict — delivered (221), or the client's error.
    let blocks = [None, Some(Block::Drop), Some(Block::Reject)];
    let clients = [None].into_iter().chain(ClientTls::ALL.map(Some));
    for port in Port::ALL {
        for network in Network::ALL {
            for block in blocks {
                for client in clients.clone() {
                    let j = journey(Setup {
                        network,
                        block,
                        client,
                        ..Setup::new(port)
                    });
                    let last = j.steps.last().expect("a journey has steps");
                    let ending = &last.events.last().expect("a step has events").text;
                    let known = [
                        "221 ",
                        "FIN",
                        "timed out",
                        "refused",
                        "wrong version",
                        "closed connection",
                    ];
                    assert!(
                        known.iter().any(|k| ending.contains(k)),
                        "{port:?} {network:?} {block:?} {client:?} ends with {ending:?}"
                    );
                    assert!(last.rfc.starts_with("RFC "));
                }
            }
        }
    }
}
