//! The console layer: recorded sessions typed line by line must show the recorded replies, and
//! no input — huge pastes, control characters, hundreds of commands — may break it.

mod common;

use common::recording::{conformance_dir, Event, Recording};
use common::{normalise_queue_id, NOT_RECOGNIZED, PASS_B64, TOO_MANY_ERRORS, USER_B64};
use smtp_sim::console::{Console, LOG_LIMIT, SHOW_LIMIT};
use smtp_sim::Port;
use smtp_sim::Tag;

fn server_lines(console: &Console) -> Vec<String> {
    console
        .lines()
        .filter(|l| l.tag == Tag::Server)
        .map(|l| normalise_queue_id(&l.text))
        .collect()
}

/// swaks sessions use the lab's default listeners, a TLS handshake right after STARTTLS (the
/// console does it by itself) and plain text lines: exactly what a learner can type.
#[test]
fn recorded_swaks_sessions_typed_into_the_console() {
    let mut typed = 0;
    for entry in std::fs::read_dir(conformance_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("swaks_") {
            continue;
        }
        let rec = Recording::load(&path);
        let Some(port) = Port::from_number(rec.port) else {
            continue;
        };
        if rec.header.contains("127.0.0.5")
            || !rec.events.iter().any(|e| matches!(e, Event::Server(_)))
        {
            continue;
        }
        let mut console = Console::open(port);
        let mut expected = Vec::new();
        for event in &rec.events {
            match event {
                Event::Client(bytes) => {
                    console.send(String::from_utf8_lossy(bytes).trim_end_matches("\r\n"))
                }
                Event::Server(bytes) => expected.push(normalise_queue_id(
                    String::from_utf8_lossy(bytes).trim_end(),
                )),
                _ => {}
            }
        }
        assert_eq!(server_lines(&console), expected, "{name}");
        typed += 1;
    }
    // 23 of the 27 swaks recordings: the other four are the three client-side TLS failures,
    // which have no server line, and the relay attempt from the untrusted 127.0.0.5.
    assert_eq!(typed, 23, "swaks sessions typed");
}

#[test]
fn a_full_submission_typed_on_587_with_auth_login() {
    let mut c = Console::open(Port::P587);
    for line in [
        "EHLO laptop.example.org",
        "STARTTLS",
        "EHLO laptop.example.org",
        "AUTH LOGIN",
        USER_B64,
        PASS_B64,
        "MAIL FROM:<alice@example.test>",
        "RCPT TO:<bob@example.org>",
        "DATA",
        "Subject: hi",
        "",
        "..a dot-stuffed line",
        ".",
        "QUIT",
    ] {
        c.send(line);
    }
    let codes: Vec<String> = server_lines(&c)
        .iter()
        .filter(|l| !l.starts_with("250-"))
        .map(|l| l[..3].to_string())
        .collect();
    // Recorded in 587_starttls_auth_login_happy: 220 250 220 250 334 334 235 250 250 354 250 221.
    assert_eq!(
        codes,
        ["220", "250", "220", "250", "334", "334", "235", "250", "250", "354", "250", "221"]
    );
    assert!(!c.connected());
    let notes: Vec<&str> = c.lines().filter_map(|l| l.note.as_deref()).collect();
    assert!(notes.contains(&"base64 of \"Username:\""));
    assert!(notes.contains(&"base64 of \"correct horse\""));
    // Every C:/S: line up to and including "220 2.0.0 Ready to start TLS" crossed in the
    // clear, every one after the handshake inside TLS, 250- lines included.
    let smtp: Vec<_> = c
        .lines()
        .filter(|l| matches!(l.tag, Tag::Client | Tag::Server))
        .collect();
    let ready = smtp
        .iter()
        .position(|l| l.text == "220 2.0.0 Ready to start TLS")
        .unwrap();
    assert_eq!(
        ready, 14,
        "greeting, EHLO, 11 lines of reply, STARTTLS, 220"
    );
    for (i, line) in smtp.iter().enumerate() {
        assert_eq!(line.encrypted, i > ready, "{:?} {}", line.tag, line.text);
    }
}

#[test]
fn implicit_tls_console_greets_after_the_handshake() {
    let c = Console::open(Port::P465);
    let tags: Vec<Tag> = c.lines().map(|l| l.tag).collect();
    assert_eq!(tags, [Tag::Tcp, Tag::Tls, Tag::Tls, Tag::Server]);
    assert!(c.lines().last().unwrap().encrypted);
}

#[test]
fn a_closed_connection_can_be_reopened() {
    let mut c = Console::open(Port::P25);
    c.send("QUIT");
    c.send("NOOP");
    assert!(!c.connected());
    assert!(c.lines().last().unwrap().text.contains("Reconnect"));
    c.reconnect();
    assert!(c.connected());
    assert!(c.lines().last().unwrap().text.starts_with("220 "));
    assert!(c.history().contains(&"QUIT".to_string()));
}

#[test]
fn a_huge_line_control_bytes_and_a_noop_flood_are_shown_and_answered() {
    let mut c = Console::open(Port::P25);
    // A 200 000-character paste on one line: one reply, the line shown shortened.
    c.send(&"x".repeat(200_000));
    let shown = c.lines().filter(|l| l.tag == Tag::Client).last().unwrap();
    assert!(shown.text.chars().count() < SHOW_LIMIT + 40);
    assert_eq!(server_lines(&c).last().unwrap(), NOT_RECOGNIZED);
    // Control characters, NUL, emoji: shown printable, and answered with one reply.
    c.send("NOOP \u{1b}[31m\u{0}😀");
    let shown = c.lines().filter(|l| l.tag == Tag::Client).last().unwrap();
    assert_eq!(shown.text, "NOOP ^[[31m^@😀");
    let after: Vec<&str> = c
        .lines()
        .skip_while(|l| l != &shown)
        .skip(1)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(after.len(), 1, "{after:?}");
    assert!(after[0].len() > 4 && after[0].as_bytes()[3] == b' ');
    // Hundreds of commands in a row: junk commands beyond smtpd_junk_command_limit count as
    // errors, so the server ends the session with 421; the console stops sending.
    c.send(&"NOOP\n".repeat(600));
    assert!(c.lines().any(|l| l.text.starts_with("421 4.7.0")));
    assert!(!c.connected());
}

#[test]
fn a_long_paste_is_folded_not_lost() {
    let mut c = Console::open(Port::P25);
    c.send("MAIL FROM:<bob@example.org>\nRCPT TO:<alice@example.test>\nDATA");
    c.send(&"a body line\n".repeat(1000));
    c.send(".");
    assert_eq!(c.lines().count(), LOG_LIMIT);
    // Every line is either shown or counted.
    assert_eq!(c.lines().count() + c.folded(), 1 + 1 + 2 * 3 + 1000 + 2);
    assert!(server_lines(&c).last().unwrap().starts_with("250 2.0.0 Ok"));
}

#[test]
fn the_error_limit_ends_the_session_after_the_twentieth_error() {
    let mut c = Console::open(Port::P25);
    for _ in 0..19 {
        c.send("BOGUS");
    }
    assert!(c.connected());
    c.send("BOGUS");
    let last: Vec<String> = server_lines(&c).into_iter().rev().take(2).collect();
    assert_eq!(last[0], TOO_MANY_ERRORS);
    assert_eq!(last[1], NOT_RECOGNIZED);
    assert!(!c.connected());
}

mod fuzz {
    use proptest::prelude::*;
    use smtp_sim::console::{Console, LOG_LIMIT};
    use smtp_sim::{Port, Tag};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Whatever is typed or pasted, on any port: a bounded log, well-formed reply lines,
        /// and no connection left open after the server said goodbye.
        #[test]
        fn any_typing_keeps_the_console_sound(
            port in prop::sample::select(Port::ALL.to_vec()),
            inputs in prop::collection::vec(".{0,80}|[A-Z]{4} .{0,20}|\\PC{0,300}", 1..40),
            reconnect_at in 0usize..40,
        ) {
            let mut c = Console::open(port);
            for (i, input) in inputs.iter().enumerate() {
                if i == reconnect_at {
                    c.reconnect();
                }
                c.send(input);
                prop_assert!(c.lines().count() <= LOG_LIMIT);
                // Every reply line shown is "NNN-text" or "NNN text" (RFC 5321 §4.2), and a
                // 221 or 421 ends the connection (facts.md §5).
                for line in c.lines().filter(|l| l.tag == Tag::Server) {
                    let b = line.text.as_bytes();
                    prop_assert!(
                        b.len() >= 4 && b[..3].iter().all(u8::is_ascii_digit) && (b[3] == b' ' || b[3] == b'-'),
                        "{:?}", line.text
                    );
                }
                let last_reply = c.lines().filter(|l| l.tag == Tag::Server).last();
                if let Some(last) = last_reply {
                    if last.text.starts_with("221 ") || last.text.starts_with("421 ") {
                        prop_assert!(!c.connected(), "still connected after {:?}", last.text);
                    }
                }
            }
        }
    }
}

#[test]
fn a_pasted_error_message_points_to_the_diagnosis_instead_of_the_server() {
    let mut c = Console::open(Port::P587);
    c.send("Error: connect ETIMEDOUT 203.0.113.9:25");
    assert!(
        c.connected(),
        "the server never saw it, so it did not hang up"
    );
    let last = c.lines().last().unwrap();
    assert!(last.text.contains("Diagnose"), "{}", last.text);
    // Markup is no error message: the server answers it as Postfix does (221 2.7.0).
    c.send("<img src=x onerror=\"alert(1)\">");
    assert!(!c.connected());
    // Message text after DATA is the message, whatever it says.
    let mut c = Console::open(Port::P25);
    c.send("EHLO x\nMAIL FROM:<bob@example.org>\nRCPT TO:<alice@example.test>\nDATA");
    c.send("Subject: Error: connection refused");
    assert!(!c.lines().last().unwrap().text.contains("Diagnose"));
}
