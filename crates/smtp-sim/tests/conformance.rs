//! Replays every recording of the lab's real Postfix in ../shared/conformance against the model:
//! the client's bytes go in, and the model's replies must equal the recorded server bytes,
//! queue IDs aside. Recordings of other layers (TCP-level `net_*`, `openssl s_client` sessions
//! whose SMTP part is inside TLS, `nc` terminal captures) are checked elsewhere or skipped.

mod common;

use common::normalise_queue_id;
use common::recording::{conformance_dir, Event, Recording};
use smtp_sim::path::network::{CONNECT_TIMEOUT_MS, SYN_RETRANSMITS_MS};
use smtp_sim::{Out, Server};

/// The wire bytes with every queue ID normalised, line by line.
fn normalise(wire: &str) -> String {
    wire.split_inclusive("\r\n")
        .map(|line| match line.strip_suffix("\r\n") {
            Some(text) => normalise_queue_id(text) + "\r\n",
            None => normalise_queue_id(line),
        })
        .collect()
}

struct Outcome {
    wire: String,
    closed: bool,
    reset: bool,
}

fn collect(outs: Vec<Out>, outcome: &mut Outcome) {
    for out in outs {
        match out {
            Out::Reply(reply) => outcome.wire.push_str(&reply.to_wire()),
            Out::Close => outcome.closed = true,
            Out::Reset => outcome.reset = true,
            Out::Wait(_) | Out::AwaitTls => {}
        }
    }
}

/// Runs one recording; `Err` describes the first difference.
fn replay(rec: &Recording) -> Result<(), String> {
    let config = rec.config();
    let early = if config.wrapper_tls {
        Vec::new()
    } else {
        rec.early_input()
    };
    let (mut server, greeting) = Server::connect_early(config, &early);
    let mut model = Outcome {
        wire: String::new(),
        closed: false,
        reset: false,
    };
    collect(greeting, &mut model);
    let mut expected = String::new();
    // Client chunks already given to connect_early.
    let mut early_left = rec
        .events
        .iter()
        .take_while(|e| !matches!(e, Event::Server(_) | Event::TlsHandshake))
        .filter(|e| matches!(e, Event::Client(_)))
        .count()
        * usize::from(!early.is_empty());
    let mut last_client = 0.0;
    for event in &rec.events {
        match event {
            Event::Time(t) if t - last_client >= 299.0 => {
                collect(server.idle((t - last_client) as u64), &mut model);
            }
            Event::Time(_) => {}
            Event::Client(_) if early_left > 0 => early_left -= 1,
            Event::Client(bytes) => collect(server.receive(bytes), &mut model),
            Event::Server(bytes) => expected.push_str(&String::from_utf8_lossy(bytes)),
            Event::TlsHandshake => collect(server.tls_handshake(), &mut model),
        }
        if let Event::Client(_) = event {
            last_client = rec
                .events
                .iter()
                .take_while(|e| !std::ptr::eq(*e, event))
                .filter_map(|e| match e {
                    Event::Time(t) => Some(*t),
                    _ => None,
                })
                .last()
                .unwrap_or(0.0);
        }
    }
    let (want, mut got) = (normalise(&expected), normalise(&model.wire));
    // A binary client chunk (a TLS ClientHello) whose middle the recording omits cannot be
    // rebuilt, and how many LF bytes it held decides how many replies follow: compare a prefix.
    if rec.binary_omission && want.starts_with(&got) {
        got = want.clone();
    }
    if want != got {
        let want_lines: Vec<_> = want.lines().collect();
        let got_lines: Vec<_> = got.lines().collect();
        let at = want_lines
            .iter()
            .zip(&got_lines)
            .position(|(a, b)| a != b)
            .unwrap_or(want_lines.len().min(got_lines.len()));
        return Err(format!(
            "reply line {at}: recorded {:?}, model {:?}",
            want_lines.get(at),
            got_lines.get(at)
        ));
    }
    // A close with unread client bytes in the buffer goes out as RST: either is a hang-up.
    if rec.server_reset && !model.reset && !model.closed {
        return Err("the server reset the connection; the model did not".into());
    }
    if rec.server_closed && !model.closed && !rec.server_reset {
        return Err("the server closed the connection; the model did not".into());
    }
    Ok(())
}

/// Which recordings a byte-level replay applies to.
fn replayable(name: &str) -> bool {
    let raw_socket = name.starts_with(|c: char| c.is_ascii_digit());
    raw_socket || name.starts_with("swaks_")
}

/// swaks sessions that fail inside the client's TLS library have no SMTP exchange to replay;
/// the model covers them as client-setting symptoms instead.
fn client_side_failure(rec: &Recording) -> bool {
    rec.name.starts_with("swaks_") && !rec.events.iter().any(|e| matches!(e, Event::Server(_)))
}

#[test]
fn every_recorded_session_replays_against_the_model() {
    let mut files: Vec<_> = std::fs::read_dir(conformance_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let (mut matched, mut skipped, mut failures) = (0, Vec::new(), Vec::new());
    for path in files {
        let rec = Recording::load(&path);
        if !replayable(&rec.name) || client_side_failure(&rec) {
            skipped.push(rec.name);
            continue;
        }
        match replay(&rec) {
            Ok(()) => matched += 1,
            Err(why) => failures.push(format!("{}: {why}", rec.name)),
        }
    }
    println!(
        "conformance: {matched} recordings matched, {} skipped: {}",
        skipped.len(),
        skipped.join(", ")
    );
    assert!(matched >= 80, "only {matched} recordings were replayed");
    assert!(
        failures.is_empty(),
        "{} recordings differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// The TCP timings of the model against the lab's packet captures (facts.md §12).

/// `HH:MM:SS.micro` offsets of the SYN packets in a capture, in ms.
fn syn_times(file: &str) -> Vec<u64> {
    let text = std::fs::read_to_string(conformance_dir().join(file)).unwrap();
    text.lines()
        .filter(|l| l.contains("Flags [S]"))
        .map(|l| {
            let stamp = l.split_whitespace().next().unwrap();
            let parts: Vec<f64> = stamp.split(':').map(|p| p.parse().unwrap()).collect();
            ((parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]) * 1000.0).round() as u64
        })
        .collect()
}

#[test]
fn syn_retransmissions_match_the_dropped_port_capture() {
    let times = syn_times("net_dropped_port_os_default_timeout.txt");
    assert_eq!(times[0], 0, "the first SYN opens the capture");
    assert_eq!(times.len() - 1, SYN_RETRANSMITS_MS.len());
    for (recorded, model) in times[1..].iter().zip(SYN_RETRANSMITS_MS) {
        assert!(recorded.abs_diff(model) <= 1, "{recorded} vs {model}");
    }
}

#[test]
fn connect_times_out_when_the_recorded_client_did() {
    let text =
        std::fs::read_to_string(conformance_dir().join("net_dropped_port_os_default_timeout.txt"))
            .unwrap();
    let secs: f64 = text
        .split("connect() failed after ")
        .nth(1)
        .and_then(|rest| rest.split('s').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert_eq!((secs * 1000.0).round() as u64, CONNECT_TIMEOUT_MS);
}
