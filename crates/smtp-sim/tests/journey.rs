//! The walkthrough of each port against the lab's recorded happy paths: every command the
//! scripted client sends must get the reply the real server gave to the same command at the
//! same point of a recorded session (queue IDs aside). Blocked ports against the TCP captures.

mod common;

use common::recording::{conformance_dir, Event as Recorded, Recording};
use common::{
    normalise_queue_id, BAD_SYNTAX, BAD_UTF8, BYE, EHLO_PLAIN, GREETING, MUST_STARTTLS, TLS_READY,
};
use smtp_sim::compare::Comparison;
use smtp_sim::path::attacker::{Attack, Policy};
use smtp_sim::path::network::ROUND_TRIP_MS;
use smtp_sim::{journey, Block, ClientTls, Mx, Network, Port, Setup};
use smtp_sim::{Event, Lane, Tag};

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
fn each_port_journey_performs_a_recorded_session_reply_for_reply() {
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
        let mut theirs = recorded_exchanges(file);
        // The one named difference: the submission recordings send a second RCPT, which the
        // journey does not (one recipient is enough to teach).
        let rcpts: Vec<usize> = (0..theirs.len())
            .filter(|&i| verb(&theirs[i].0) == "RCPT")
            .collect();
        if rcpts.len() == 2 {
            assert_eq!(
                rcpts[1],
                rcpts[0] + 1,
                "{file}: the RCPTs follow each other"
            );
            theirs.remove(rcpts[1]);
        }
        let verbs = |x: &[(String, Vec<String>)]| -> Vec<String> {
            x.iter().map(|(c, _)| verb(c)).collect()
        };
        assert_eq!(
            verbs(&ours),
            verbs(&theirs),
            "{port:?}: the commands, in order"
        );
        for ((command, replies), (_, recorded)) in ours.iter().zip(&theirs) {
            let want: Vec<String> = recorded.iter().map(|l| normalise_queue_id(l)).collect();
            let got: Vec<String> = replies.iter().map(|l| normalise_queue_id(l)).collect();
            assert_eq!(got, want, "{port:?}: reply to {command:?}");
        }
    }
}

/// Whether each event crossed inside TLS, by the rule: DNS and TCP never; of TLS 1.3's
/// handshake only ClientHello and ServerHello are in the clear (RFC 8446 §2), the server's
/// certificate flight and both Finished are encrypted, the program's own messages are not; SMTP lines are encrypted from the end
/// of the handshake (the client's Finished) on, and in the clear before it.
fn expected_encryption(events: &[&Event]) -> Vec<bool> {
    let mut inside = false;
    events
        .iter()
        .map(|e| match e.tag {
            Tag::Dns | Tag::Tcp | Tag::Attacker => false,
            // The program's own verdicts (App to App) never cross the wire.
            Tag::Tls if e.from == Lane::App && e.to == Lane::App => false,
            Tag::Tls => match e.text.as_str() {
                "Finished" => {
                    inside = true;
                    true
                }
                "EncryptedExtensions, Certificate, CertificateVerify, Finished" => true,
                t if t.starts_with("ClientHello") || t.starts_with("ServerHello") => false,
                t => panic!("unexpected TLS line {t:?}"),
            },
            Tag::Client | Tag::Server => inside,
        })
        .collect()
}

#[test]
fn every_event_of_every_ports_journey_is_marked_encrypted_exactly_when_it_was() {
    let before_tls = |helo: &str| -> Vec<String> {
        [GREETING.to_string(), format!("EHLO {helo}")]
            .into_iter()
            .chain(EHLO_PLAIN.iter().map(|l| l.to_string()))
            .chain(["STARTTLS".to_string(), TLS_READY.to_string()])
            .collect()
    };
    for port in Port::ALL {
        let j = journey(Setup::new(port));
        let events: Vec<&Event> = j.events(j.steps.len()).collect();
        let want = expected_encryption(&events);
        for (e, want) in events.iter().zip(want) {
            assert_eq!(e.encrypted, want, "{port:?}: {:?} {:?}", e.tag, e.text);
        }
        // The clear SMTP lines, all of them: none on 465 (RFC 8314 §3.3); on the STARTTLS
        // ports the greeting, the first EHLO and its whole reply, STARTTLS and its 220.
        let clear: Vec<String> = events
            .iter()
            .filter(|e| matches!(e.tag, Tag::Client | Tag::Server) && !e.encrypted)
            .map(|e| e.text.clone())
            .collect();
        let want_clear = match port {
            Port::P465 => Vec::new(),
            Port::P25 => before_tls("mx.example.org"),
            _ => before_tls("laptop.example.org"),
        };
        assert_eq!(clear, want_clear, "{port:?}");
        let inside = events
            .iter()
            .filter(|e| matches!(e.tag, Tag::Client | Tag::Server) && e.encrypted)
            .count();
        assert!(inside >= 20, "{port:?}: only {inside} lines inside TLS");
    }
    // The same rule holds under every client setting, attacker and certificate check.
    let clients = [None].into_iter().chain(ClientTls::ALL.map(Some));
    let attacks = [None].into_iter().chain(Attack::ALL.map(Some));
    for port in Port::ALL {
        for client in clients.clone() {
            for attack in attacks.clone() {
                for verify in [true, false] {
                    let setup = Setup {
                        client,
                        attack,
                        verify,
                        ..Setup::new(port)
                    };
                    let j = journey(setup);
                    let events: Vec<&Event> = j.events(j.steps.len()).collect();
                    let want = expected_encryption(&events);
                    for (e, want) in events.iter().zip(want) {
                        assert_eq!(e.encrypted, want, "{setup:?}: {:?} {:?}", e.tag, e.text);
                    }
                }
            }
        }
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
fn every_network_drops_exactly_the_ports_its_story_names() {
    // Home ISPs and cloud VMs drop outbound 25 (Network::story); the office lets only 80 and
    // 443 out. A dropped port times out; any other port delivers.
    for network in Network::ALL {
        for port in Port::ALL {
            let dropped = match network {
                Network::Open => false,
                Network::Home | Network::Cloud => port == Port::P25,
                Network::Office => port != Port::P80,
            };
            let j = journey(Setup {
                network,
                ..Setup::new(port)
            });
            let t = texts(&j);
            if dropped {
                assert_eq!(
                    t.last().unwrap(),
                    "connect(): Connection timed out (ETIMEDOUT)",
                    "{network:?} {port:?}"
                );
                // The advice shown with the verdict first names a port this network lets out.
                let advice = network.advice(port);
                assert!(
                    j.steps.last().unwrap().explanation.contains(&advice),
                    "{network:?} {port:?}"
                );
                let first_port = advice
                    .split(|c: char| !c.is_ascii_digit())
                    .find_map(|n| n.parse().ok().and_then(Port::from_number))
                    .unwrap_or_else(|| panic!("{network:?} {port:?}: no port in {advice:?}"));
                let lets_out = match network {
                    Network::Office => first_port == Port::P80,
                    _ => first_port != Port::P25,
                };
                assert!(lets_out, "{network:?} {port:?}: {advice}");
                // On 25 the advice must also say that an MX is reached on 25 only: MX records
                // carry no port (RFC 8314 §7.3), so a relay cannot move.
                if port == Port::P25 && network != Network::Office {
                    assert!(advice.contains("MX"), "{network:?}: {advice}");
                }
            } else {
                assert!(t.iter().any(|l| l == BYE), "{network:?} {port:?}");
                assert!(t.iter().any(|l| l.starts_with("250 2.0.0 Ok: queued as ")));
            }
        }
    }
}

fn texts(j: &smtp_sim::Journey) -> Vec<String> {
    j.events(j.steps.len()).map(|e| e.text.clone()).collect()
}

#[test]
fn starttls_or_plain_client_on_465_times_out_then_is_reset_at_quit() {
    // swaks_465_plaintext_client / swaks_465_starttls_client: "Timeout (N secs) waiting for
    // server response", then swaks sends QUIT in plaintext and the server resets
    // ("Remote host closed connection unexpectedly."); 465_plaintext_*: RST, no bytes.
    for client in [
        ClientTls::Starttls,
        ClientTls::Opportunistic,
        ClientTls::Plain,
    ] {
        let j = journey(Setup {
            client: Some(client),
            ..Setup::new(Port::P465)
        });
        let events: Vec<&Event> = j.events(j.steps.len()).collect();
        let from_ack = events
            .iter()
            .position(|e| e.text == "ACK → server")
            .unwrap();
        let after: Vec<&str> = events[from_ack + 1..]
            .iter()
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(
            after,
            [
                "Timeout (30 secs) waiting for server response",
                "QUIT",
                "RST ← server",
                "Remote host closed connection unexpectedly.",
            ],
            "{client:?}"
        );
        // swaks's default --timeout, 30 s, between the open connection and the give-up.
        assert_eq!(events[from_ack + 1].at_ms - events[from_ack].at_ms, 30_000);
    }
}

#[test]
fn implicit_tls_client_on_a_starttls_port_reads_a_plaintext_greeting() {
    // 587_tls_clienthello_to_starttls_port: 220 greeting, then 500 bad UTF-8 / 500 bad syntax;
    // the client reports "wrong version number" (openssl_587_implicit_tls_against_starttls_port).
    for port in Port::ALL.into_iter().filter(|&p| p != Port::P465) {
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
fn every_combination_the_ui_offers_ends_as_its_setup_says() {
    // Every port × network × firewall rule × client setting ends in the one way its setup
    // decides: blocked (a rule chosen by hand wins over the network), a TLS setting of the wrong
    // kind (facts.md §11), a plaintext program refused at MAIL on a submission port (facts.md
    // §4), or delivered: queued, QUIT, 221, and both sides close.
    let blocks = [
        None,
        Some(Block::Drop),
        Some(Block::Reject),
        Some(Block::Prohibit),
    ];
    let clients = [None].into_iter().chain(ClientTls::ALL.map(Some));
    for port in Port::ALL {
        for network in Network::ALL {
            for block in blocks {
                for client in clients.clone() {
                    let setup = Setup {
                        network,
                        block,
                        client,
                        ..Setup::new(port)
                    };
                    let dropped_by_network = match network {
                        Network::Open => false,
                        Network::Home | Network::Cloud => port == Port::P25,
                        Network::Office => port != Port::P80,
                    };
                    let implicit_client =
                        client.map_or(port == Port::P465, |c| c == ClientTls::Implicit);
                    let plain_submission = client == Some(ClientTls::Plain) && port != Port::P25;
                    let ending: &[&str] = match block {
                        Some(Block::Reject) => &["connect(): Connection refused (ECONNREFUSED)"],
                        Some(Block::Drop) => &["connect(): Connection timed out (ETIMEDOUT)"],
                        // strerror(EHOSTUNREACH), what Linux makes of ICMP "prohibited".
                        Some(Block::Prohibit) => &[
                            "ICMP destination unreachable (administratively prohibited) ← firewall",
                            "connect(): No route to host (EHOSTUNREACH)",
                        ],
                        None if dropped_by_network => {
                            &["connect(): Connection timed out (ETIMEDOUT)"]
                        }
                        None if implicit_client && port != Port::P465 => {
                            &["error:0A00010B:SSL routines::wrong version number"]
                        }
                        None if !implicit_client && port == Port::P465 => &[
                            "QUIT",
                            "RST ← server",
                            "Remote host closed connection unexpectedly.",
                        ],
                        None if plain_submission => &[MUST_STARTTLS, "QUIT", BYE],
                        None => &["QUIT", BYE, "FIN, ACK ← server", "FIN, ACK → server"],
                    };
                    let t = texts(&journey(setup));
                    assert_eq!(&t[t.len() - ending.len()..], ending, "{setup:?}");
                    if ending.len() == 4 {
                        let queued = &t[t.len() - 5];
                        assert!(queued.starts_with("250 2.0.0 Ok: queued as "), "{setup:?}");
                    }
                }
            }
        }
    }
}

/// How long after the event before it each event happens, by the time axis's one rule: a
/// request and its answer are one round trip apart (RFC 9293 §3.5's handshake in two halves),
/// everything a side does in reply to nothing new happens at once. The attacker's own STARTTLS
/// and EHLO with the server take two round trips; the program waits 30 s for a greeting.
fn expected_gap(prev: &Event, cur: &Event) -> u64 {
    let rtt = ROUND_TRIP_MS;
    if prev.tag == Tag::Attacker && prev.to == Lane::Server && prev.text.contains("STARTTLS") {
        return 2 * rtt;
    }
    let text = cur.text.as_str();
    match cur.tag {
        Tag::Dns if cur.from == Lane::Dns => rtt,
        Tag::Tcp if text.starts_with("SYN, ACK") || text == "ACK → server" => rtt / 2,
        Tag::Tcp if text.starts_with("RST") || text == "FIN, ACK → server" => rtt,
        Tag::Tcp if text.starts_with("Timeout (30 secs)") => 30_000,
        Tag::Tls if text.starts_with("ServerHello") || text == "Finished" => rtt / 2,
        // The attacker answers from halfway along the path (in the server's place, or a reset).
        Tag::Attacker if text.starts_with("answers ") => rtt / 2,
        Tag::Server if prev.tag != Tag::Server => rtt,
        _ => 0,
    }
}

#[test]
fn every_event_happens_one_round_trip_after_what_it_answers() {
    let clients = [None].into_iter().chain(ClientTls::ALL.map(Some));
    let attacks = [None].into_iter().chain(Attack::ALL.map(Some));
    for port in Port::ALL {
        for client in clients.clone() {
            for attack in attacks.clone() {
                for verify in [true, false] {
                    for policy in Policy::ALL {
                        let setup = Setup {
                            client,
                            attack,
                            verify,
                            policy,
                            ..Setup::new(port)
                        };
                        let j = journey(setup);
                        let events: Vec<&Event> = j.events(j.steps.len()).collect();
                        assert_eq!(
                            events[0].at_ms, 0,
                            "{setup:?}: the first DNS query opens the clock"
                        );
                        for pair in events.windows(2) {
                            assert_eq!(
                                pair[1].at_ms - pair[0].at_ms,
                                expected_gap(pair[0], pair[1]),
                                "{setup:?}: {:?} after {:?}",
                                pair[1].text,
                                pair[0].text
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_recipient_domains_mx_answer_decides_where_a_relay_connects() {
    let relay = |mx| {
        journey(Setup {
            mx,
            ..Setup::new(Port::P25)
        })
    };
    // No MX: the domain's own A/AAAA record is the implicit MX (RFC 5321 §5.1), and the
    // relay goes on to deliver there as usual.
    let missing = relay(Mx::Missing);
    let t = texts(&missing);
    assert_eq!(t[0], "MX? example.test");
    assert!(t[1].contains("no MX record"), "{}", t[1]);
    assert_eq!(
        t[2], "A? AAAA? example.test",
        "the domain itself, not an MX host"
    );
    assert_eq!(missing.outcome, relay(Mx::Listed).outcome);
    assert!(t.iter().any(|l| l.starts_with("250 2.0.0 Ok: queued as ")));
    // A null MX, "0 ." (RFC 7505 §3): no address lookup, no connection; Postfix bounces with
    // "Domain %s does not accept mail (nullMX)" (dns_lookup.c) and status 5.1.0 (smtp_addr.c).
    let null = relay(Mx::Null);
    let t = texts(&null);
    assert_eq!(t.len(), 3, "{t:#?}");
    assert_eq!(t[1], "example.test MX 0 .");
    assert!(t[2].contains("Domain example.test does not accept mail (nullMX)"));
    assert!(t[2].contains("5.1.0"));
    assert_eq!(null.outcome, smtp_sim::Outcome::Bounced);
    assert!(null.events(null.steps.len()).all(|e| e.tag == Tag::Dns));
    // The preferred MX does not answer: Postfix gives up on it after smtp_connect_timeout (30 s)
    // with "connect to %s[%s]:%d: %m" (smtp_connect.c), then tries MX 20 (RFC 5321 §5.1).
    let backup = relay(Mx::Backup);
    let events: Vec<&Event> = backup.events(backup.steps.len()).collect();
    let t = texts(&backup);
    assert_eq!(
        t[1],
        "example.test MX 10 mx1.example.test., MX 20 mail.example.test."
    );
    let gave_up = t
        .iter()
        .position(|l| l == "connect to mx1.example.test[192.0.2.26]:25: Connection timed out")
        .expect("Postfix's log line for the first MX");
    let first_syn = t.iter().position(|l| l == "SYN → 192.0.2.26:25").unwrap();
    assert_eq!(events[gave_up].at_ms - events[first_syn].at_ms, 30_000);
    assert_eq!(
        t[gave_up + 1],
        "A? AAAA? mail.example.test",
        "then the next MX"
    );
    assert_eq!(backup.outcome, relay(Mx::Listed).outcome);
    // A submission client never looks up an MX: the answer changes nothing there.
    for port in [Port::P587, Port::P465, Port::P2525] {
        for mx in Mx::ALL {
            let with = journey(Setup {
                mx,
                ..Setup::new(port)
            });
            assert_eq!(
                texts(&with),
                texts(&journey(Setup::new(port))),
                "{port:?} {mx:?}"
            );
        }
    }
}
