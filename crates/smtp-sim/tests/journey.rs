//! The walkthrough of each port against the lab's recorded happy paths: every command the
//! scripted client sends must get the reply the real server gave to the same command at the
//! same point of a recorded session (queue IDs aside). Blocked ports against the TCP captures.

mod recording;

use recording::{conformance_dir, Event as Recorded, Recording};
use smtp_sim::dialogue::{Event, Tag};
use smtp_sim::network::{CONNECT_TIMEOUT_MS, SYN_RETRANSMITS_MS};
use smtp_sim::{journey, Block, Port};

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

fn strip_queue_id(line: &str) -> String {
    line.split(" queued as ").next().unwrap().to_string()
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
        let j = journey(port, None);
        let events: Vec<&Event> = j.events(j.steps.len()).collect();
        let ours = journey_exchanges(&events);
        let mut theirs = recorded_exchanges(file).into_iter();
        for (command, replies) in &ours {
            // The recordings sometimes send more (a second RCPT); match the next same verb.
            let (_, recorded) = theirs
                .find(|(c, _)| verb(c) == verb(command))
                .unwrap_or_else(|| panic!("{port:?}: no recorded {command:?} in {file}"));
            let want: Vec<String> = recorded.iter().map(|l| strip_queue_id(l)).collect();
            let got: Vec<String> = replies.iter().map(|l| strip_queue_id(l)).collect();
            assert_eq!(got, want, "{port:?}: reply to {command:?}");
        }
        assert!(ours.len() >= 8, "{port:?}: only {} exchanges", ours.len());
    }
}

#[test]
fn encryption_marks_follow_the_port() {
    // 465: no SMTP line in the clear. 587/25: greeting, first EHLO and STARTTLS in the clear only.
    let j = journey(Port::P465, None);
    assert!(j
        .events(j.steps.len())
        .filter(|e| matches!(e.tag, Tag::Client | Tag::Server))
        .all(|e| e.encrypted));
    for port in [Port::P587, Port::P25] {
        let j = journey(port, None);
        let clear: Vec<&str> = j
            .events(j.steps.len())
            .filter(|e| matches!(e.tag, Tag::Client | Tag::Server) && !e.encrypted)
            .filter(|e| !e.text.starts_with("250-"))
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(
            clear.first(),
            Some(&"220 mail.example.test ESMTP Postfix (Debian/GNU)")
        );
        assert_eq!(
            clear.last(),
            Some(&"220 2.0.0 Ready to start TLS"),
            "{port:?}"
        );
        assert!(clear
            .iter()
            .all(|l| !l.starts_with("AUTH") && !l.starts_with("MAIL")));
    }
}

#[test]
fn relay_looks_up_mx_and_never_authenticates() {
    let j = journey(Port::P25, None);
    let texts: Vec<&str> = j.events(j.steps.len()).map(|e| e.text.as_str()).collect();
    assert!(texts[0].starts_with("MX? example.test"));
    assert!(texts.iter().all(|t| !t.starts_with("AUTH")));
    let j = journey(Port::P587, None);
    assert!(j.events(j.steps.len()).all(|e| !e.text.starts_with("MX?")));
}

#[test]
fn a_dropped_port_retries_then_times_out_with_no_greeting() {
    for port in Port::ALL {
        let j = journey(port, Some(Block::Drop));
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
    let j = journey(Port::P25, Some(Block::Reject));
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
    let j = journey(Port::P587, None);
    let auth = j
        .events(j.steps.len())
        .find(|e| e.text.starts_with("AUTH PLAIN"))
        .unwrap();
    assert!(auth.note.as_deref().unwrap().contains("alice@example.test"));
    assert!(auth.note.as_deref().unwrap().contains("correct horse"));
}
