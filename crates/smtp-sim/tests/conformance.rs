//! Replays every recording of the lab's real Postfix in ../shared/conformance against the model:
//! the client's bytes go in, and the model's replies must equal the recorded server bytes,
//! queue IDs aside. The recordings it cannot replay are named in `SKIPPED`, each with its reason;
//! the TCP-level `net_*` captures are checked against the network model at the end.

mod common;

use common::normalise_queue_id;
use common::recording::{conformance_dir, Event, Recording};
use smtp_sim::path::network::{CONNECT_TIMEOUT_MS, ROUND_TRIP_MS, SYN_RETRANSMITS_MS};
use smtp_sim::{journey, Block, Out, Port, Server, Setup};

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
    // The model's part must still hold the greeting and at least one 500 5.5.2 reply to the
    // ClientHello's bytes (facts.md §11): an empty or greeting-only output is no match.
    if rec.binary_omission && want.starts_with(&got) {
        let lines: Vec<&str> = got.lines().collect();
        if !(lines.len() >= 2
            && lines[0].starts_with("220 ")
            && lines[1..].iter().all(|l| l.starts_with("500 5.5.2 ")))
        {
            return Err(format!(
                "too little to compare with a ClientHello recording: {got:?}"
            ));
        }
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

/// Every recording the replay leaves out, and why. Anything else that is not replayed fails.
const SKIPPED: &[(&str, &str)] = &[
    (
        "nc_465_plaintext_against_implicit_tls",
        "no server bytes at all: the client waited, then Postfix dropped the TLS accept (journey.rs covers the symptom)",
    ),
    ("net_closed_port_connection_refused_ipv4", NET),
    ("net_closed_port_connection_refused_ipv6", NET),
    ("net_closed_port_swaks", NET),
    ("net_dropped_port_client_timeout_10s", NET),
    ("net_dropped_port_os_default_timeout", NET),
    ("net_dropped_port_swaks", NET),
    ("net_dropped_port_tcp_syncnt_2", NET),
    ("net_rejected_port_icmp_unreachable", NET),
    ("net_rejected_port_tcp_reset", NET),
    ("openssl_25_starttls_delivery", OPENSSL),
    ("openssl_465_implicit_tls_auth_plain", OPENSSL),
    ("openssl_465_starttls_against_implicit_tls_port", OPENSSL),
    ("openssl_587_implicit_tls_against_starttls_port", OPENSSL),
    ("openssl_587_interactive_command_letter_gotcha", OPENSSL),
    ("openssl_587_starttls_auth_login", OPENSSL),
    ("openssl_587_starttls_auth_plain", OPENSSL),
    ("swaks_465_plaintext_client", CLIENT_TLS),
    ("swaks_465_starttls_client", CLIENT_TLS),
    ("swaks_587_tls_on_connect_wrong_port", CLIENT_TLS),
];
const NET: &str = "a TCP-level capture with no SMTP: checked against the network model below";
const OPENSSL: &str =
    "s_client does STARTTLS or TLS itself: the transcript starts inside TLS, its plaintext part is only in the pcap";
const CLIENT_TLS: &str =
    "swaks failed in its TLS library before any S: line (symptoms in journey.rs)";

/// Recordings that must replay: every raw-socket recording, every swaks run with server
/// lines, and the two `nc` sessions on 25. The other 20 are the named skips.
const MATCHED: usize = 90;

fn skip_reason(rec: &Recording) -> Option<&'static str> {
    let (_, why) = SKIPPED.iter().find(|(name, _)| *name == rec.name)?;
    if *why == CLIENT_TLS {
        assert!(
            !rec.events.iter().any(|e| matches!(e, Event::Server(_))),
            "{}: skipped as a client-side TLS failure, but it has server lines",
            rec.name
        );
    }
    Some(why)
}

#[test]
fn every_recording_replays_except_the_named_skips() {
    let mut files: Vec<_> = std::fs::read_dir(conformance_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let (mut matched, mut skipped, mut failures) = (0, Vec::new(), Vec::new());
    let mut by_prefix = Vec::new();
    for path in files {
        let rec = Recording::load(&path);
        if let Some(why) = skip_reason(&rec) {
            skipped.push(rec.name);
            println!("skipped {}: {why}", skipped.last().unwrap());
            continue;
        }
        match replay(&rec) {
            Ok(()) if rec.binary_omission => {
                matched += 1;
                by_prefix.push(rec.name);
            }
            Ok(()) => matched += 1,
            Err(why) => failures.push(format!("{}: {why}", rec.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} recordings differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let named: Vec<&str> = SKIPPED.iter().map(|(name, _)| *name).collect();
    assert_eq!(skipped, named, "the skipped recordings are the named ones");
    assert_eq!(matched, MATCHED, "recordings replayed identically");
    // Only the two ClientHello recordings, whose middle bytes were not recorded, are compared
    // as a prefix (greeting and 500 5.5.2 replies at least).
    assert_eq!(
        by_prefix,
        [
            "25_tls_clienthello_to_plain_port",
            "587_tls_clienthello_to_starttls_port"
        ]
    );
}

// The TCP-level captures (`net_*`, facts.md §12) against the network model: when the SYNs of a
// dropped port go out and when the client gives up, and how a refused port answers.

/// A capture's packet lines: (ms since the first packet, the rest of the line).
fn packets(file: &str) -> Vec<(f64, String)> {
    let text = std::fs::read_to_string(conformance_dir().join(file)).unwrap();
    let capture = text
        .split("# ---------------- Packet capture")
        .nth(1)
        .unwrap();
    capture
        .lines()
        .filter(|l| l.starts_with(" 00:"))
        .map(|l| {
            let (stamp, rest) = l.trim_start().split_once(' ').unwrap();
            let parts: Vec<f64> = stamp.split(':').map(|p| p.parse().unwrap()).collect();
            let ms = (parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]) * 1000.0;
            (ms, rest.to_string())
        })
        .collect()
}

/// When the client gave up, in ms: "connect() failed after 134.882906s", "client-side timeout
/// ... after 10.006632s", "[swaks exit status 2 after 10.073s]".
fn gave_up_after_ms(file: &str) -> f64 {
    let text = std::fs::read_to_string(conformance_dir().join(file)).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("* [") && l.contains(" after "))
        .unwrap();
    let secs: f64 = line
        .split(" after ")
        .nth(1)
        .and_then(|rest| rest.split('s').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    secs * 1000.0
}

/// The model's SYNs for a dropped port: the first at 0, then the retransmissions.
fn model_syns() -> Vec<u64> {
    [0].into_iter().chain(SYN_RETRANSMITS_MS).collect()
}

#[test]
fn dropped_port_captures_send_their_syns_when_the_model_does() {
    // The Linux retransmission timer fires on a jiffy-rounded schedule: the four captures differ
    // from each other by up to 20 ms, so each SYN must fall within 25 ms of the model's, and the
    // capture must hold exactly the model's SYNs that go out before the client gave up.
    for file in [
        "net_dropped_port_os_default_timeout.txt",
        "net_dropped_port_client_timeout_10s.txt",
        "net_dropped_port_swaks.txt",
        "net_dropped_port_tcp_syncnt_2.txt",
    ] {
        let syns: Vec<f64> = packets(file)
            .iter()
            .filter(|(_, p)| p.contains("Flags [S],"))
            .map(|(t, _)| *t)
            .collect();
        assert_eq!(
            packets(file).len(),
            syns.len(),
            "{file}: only SYNs, no answer"
        );
        let gave_up = gave_up_after_ms(file);
        let expected: Vec<u64> = model_syns()
            .into_iter()
            .filter(|&t| (t as f64) < gave_up)
            .collect();
        assert_eq!(
            syns.len(),
            expected.len(),
            "{file}: SYNs before {gave_up} ms"
        );
        for (recorded, model) in syns.iter().zip(&expected) {
            assert!(
                (recorded - *model as f64).abs() <= 25.0,
                "{file}: SYN at {recorded} ms, model {model} ms"
            );
        }
    }
}

#[test]
fn the_os_default_capture_pins_the_syn_schedule_to_the_millisecond() {
    let file = "net_dropped_port_os_default_timeout.txt";
    let syns: Vec<u64> = packets(file)
        .iter()
        .map(|(t, _)| t.round() as u64)
        .collect();
    assert_eq!(syns.len(), model_syns().len());
    for (recorded, model) in syns.iter().zip(model_syns()) {
        assert!(recorded.abs_diff(model) <= 1, "{recorded} vs {model}");
    }
    assert_eq!(gave_up_after_ms(file).round() as u64, CONNECT_TIMEOUT_MS);
}

#[test]
fn refused_captures_answer_the_one_syn_at_once_and_the_model_does_too() {
    // A closed port and both REJECT rules (tcp-reset, icmp-port-unreachable): one SYN, one
    // answer within a millisecond on loopback, no retransmission, and ECONNREFUSED either way.
    for (file, answer) in [
        ("net_closed_port_connection_refused_ipv4.txt", "Flags [R.]"),
        ("net_closed_port_connection_refused_ipv6.txt", "Flags [R.]"),
        ("net_closed_port_swaks.txt", "Flags [R.]"),
        ("net_rejected_port_tcp_reset.txt", "Flags [R.]"),
        ("net_rejected_port_icmp_unreachable.txt", "unreachable"),
    ] {
        let p = packets(file);
        assert_eq!(p.len(), 2, "{file}: SYN and its answer only");
        assert!(p[0].1.contains("Flags [S],"), "{file}");
        assert!(p[1].1.contains(answer), "{file}: {}", p[1].1);
        assert!(
            p[1].0 - p[0].0 < 1.0,
            "{file}: answered after {} ms",
            p[1].0
        );
        let text = std::fs::read_to_string(conformance_dir().join(file)).unwrap();
        assert!(
            text.contains("errno=111 ECONNREFUSED") || text.contains("connect: Connection refused"),
            "{file}"
        );
    }
    // The model's refused port, on every port: one SYN, one RST within one round trip, and the
    // same errno; the lab's loopback answer takes no time, a real path one round trip.
    for port in Port::ALL {
        let j = journey(Setup {
            block: Some(Block::Reject),
            ..Setup::new(port)
        });
        let tcp: Vec<&smtp_sim::Event> = j.events(j.steps.len()).collect();
        let texts: Vec<&str> = tcp.iter().map(|e| e.text.as_str()).collect();
        let first_syn = texts.iter().position(|t| t.starts_with("SYN")).unwrap();
        assert_eq!(
            texts[first_syn..],
            [
                format!("SYN → 192.0.2.25:{}", port.number()).as_str(),
                "RST, ACK ← firewall",
                "connect(): Connection refused (ECONNREFUSED)",
            ],
            "{port:?}"
        );
        assert_eq!(
            tcp[first_syn + 1].at_ms - tcp[first_syn].at_ms,
            ROUND_TRIP_MS,
            "{port:?}: the RST comes back one round trip after the SYN"
        );
        assert_eq!(tcp[first_syn + 2].at_ms, tcp[first_syn + 1].at_ms);
    }
}

#[test]
fn a_dropped_port_journey_sends_the_models_syns_and_gives_up_with_etimedout() {
    for port in Port::ALL {
        let j = journey(Setup {
            block: Some(Block::Drop),
            ..Setup::new(port)
        });
        let events: Vec<&smtp_sim::Event> = j.events(j.steps.len()).collect();
        let first = events
            .iter()
            .position(|e| e.text.starts_with("SYN"))
            .unwrap();
        let start = events[first].at_ms;
        let syns: Vec<u64> = events[first..]
            .iter()
            .filter(|e| e.text.starts_with("SYN"))
            .map(|e| e.at_ms - start)
            .collect();
        assert_eq!(syns, model_syns(), "{port:?}");
        let last = events.last().unwrap();
        assert_eq!(last.text, "connect(): Connection timed out (ETIMEDOUT)");
        assert_eq!(last.at_ms - start, CONNECT_TIMEOUT_MS, "{port:?}");
        assert_eq!(
            events.len() - first,
            syns.len() + 1,
            "{port:?}: SYNs, then the verdict"
        );
    }
}
