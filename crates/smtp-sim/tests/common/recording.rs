//! Reading the lab recordings in ../shared/conformance: the header (port, client address,
//! configuration variant) and the exchange, as bytes for raw-socket recordings and as lines for
//! the swaks ones.

// Shared by several test crates, each of which uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use smtp_sim::server::{BareNewline, Config};
use smtp_sim::Port;

pub fn conformance_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance");
    assert!(
        dir.is_dir(),
        "the conformance recordings are expected at {}",
        dir.display()
    );
    dir
}

/// One event of a recording, in order.
#[derive(Debug)]
pub enum Event {
    Client(Vec<u8>),
    Server(Vec<u8>),
    TlsHandshake,
    /// Seconds since the start of the connection (raw recordings only).
    Time(f64),
}

pub struct Recording {
    pub name: String,
    pub port: u16,
    pub header: String,
    pub events: Vec<Event>,
    pub server_closed: bool,
    pub server_reset: bool,
    /// A client chunk of binary bytes was partly omitted from the recording.
    pub binary_omission: bool,
}

impl Recording {
    pub fn load(path: &Path) -> Recording {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let header: String = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let port = header
            .lines()
            .find_map(|l| l.strip_prefix("# Server: "))
            .and_then(|l| l.split(" at ").nth(1))
            .and_then(|l| l.split_whitespace().next())
            .and_then(|addr| addr.rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no server port in {}", path.display()));
        let raw = text.contains("# ---------------- RAW");
        let events = if raw {
            raw_events(&text)
        } else {
            line_events(&text)
        };
        Recording {
            name: path.file_stem().unwrap().to_string_lossy().into_owned(),
            port,
            server_closed: text.contains("[server closed the connection (EOF)]"),
            server_reset: text.contains("Connection reset by peer"),
            binary_omission: text
                .lines()
                .any(|l| l.contains(" C: (") && l.contains("bytes omitted") && l.contains("\\x")),
            header,
            events,
        }
    }

    /// The listener's configuration: the port's lab service, the client's trust (127.0.0.5 is
    /// outside mynetworks) and the one-off `VARIANT main.cf:` settings.
    /// Client bytes sent before the server's first bytes (an early talker), if any.
    pub fn early_input(&self) -> Vec<u8> {
        let mut early = Vec::new();
        for event in &self.events {
            match event {
                Event::Server(_) | Event::TlsHandshake => break,
                Event::Client(bytes) => early.extend_from_slice(bytes),
                Event::Time(_) => {}
            }
        }
        early
    }

    pub fn config(&self) -> Config {
        let mut config = Port::from_number(self.port)
            .map(Port::server_config)
            .unwrap_or_else(Config::submission);
        config.client_trusted = !self.header.contains("127.0.0.5");
        let variant = self
            .header
            .lines()
            .find_map(|l| l.strip_prefix("# VARIANT main.cf: "))
            .unwrap_or("");
        if variant.starts_with("smtpd_helo_required = yes") {
            config.helo_required = true;
        }
        if variant.contains("defer_unauth_destination") {
            config.defer_unauth_destination = true;
        }
        if variant.starts_with("strict_smtputf8 = yes") {
            config.strict_smtputf8 = true;
        }
        if variant.starts_with("disable_vrfy_command = yes") {
            config.disable_vrfy = true;
        }
        if variant.starts_with("smtpd_forbid_bare_newline = normalize") {
            config.bare_newline = BareNewline::Normalize;
        }
        if variant.starts_with("smtpd_forbid_bare_newline = reject") {
            config.bare_newline = BareNewline::Reject;
        }
        if variant.starts_with("smtpd_forbid_unauth_pipelining = yes") {
            config.forbid_unauth_pipelining = true;
        }
        if variant.contains("reject_unauth_pipelining") {
            config.reject_unauth_pipelining = true;
        }
        if variant.starts_with("smtpd_sasl_auth_enable = yes") {
            config.sasl = true;
            config.tls_auth_only = true;
        }
        config
    }
}

fn raw_events(text: &str) -> Vec<Event> {
    let mut events = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("t=")) {
        let (time, rest) = line[2..].trim_start().split_once(' ').unwrap();
        events.push(Event::Time(time.parse().unwrap()));
        let rest = rest.trim_start();
        if let Some(payload) = rest.strip_prefix("C: ") {
            events.push(Event::Client(bytes_literal(payload)));
        } else if let Some(payload) = rest.strip_prefix("S: ") {
            events.push(Event::Server(bytes_literal(payload)));
        } else if rest.contains("[TLS handshake complete") {
            events.push(Event::TlsHandshake);
        }
    }
    events
}

fn line_events(text: &str) -> Vec<Event> {
    let body = text.split("\n# ----").next().unwrap();
    let mut events = Vec::new();
    for line in body.lines() {
        if let Some(all) = line.strip_prefix("C: [all at once] ") {
            // `printf ... | nc -C`: every line in one write, each ended with CR LF by nc.
            let lines = all.strip_suffix("\\n").unwrap_or(all).split("\\n");
            events.push(Event::Client(
                lines
                    .flat_map(|l| [l, "\r\n"])
                    .collect::<String>()
                    .into_bytes(),
            ));
        } else if let Some(c) = line.strip_prefix("C: ") {
            events.push(Event::Client(format!("{c}\r\n").into_bytes()));
        } else if let Some(s) = line.strip_prefix("S: ") {
            events.push(Event::Server(format!("{s}\r\n").into_bytes()));
        } else if line.starts_with("* [swaks] TLS started") {
            events.push(Event::TlsHandshake);
        }
    }
    events
}

/// `(N bytes) b'..' ...[K bytes omitted]... b'..'`: Python bytes literals. Omitted stretches
/// are rebuilt by repeating the byte before them (the recordings omit runs of filler).
fn bytes_literal(payload: &str) -> Vec<u8> {
    let total: usize = payload[1..payload.find(' ').unwrap()].parse().unwrap();
    let mut out = Vec::new();
    let mut rest = &payload[payload.find(") ").unwrap() + 2..];
    while !rest.is_empty() {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("...[") {
            let (n, tail) = after.split_once(" bytes omitted]...").unwrap();
            let fill = *out.last().unwrap_or(&b'x');
            out.extend(std::iter::repeat_n(fill, n.parse().unwrap()));
            rest = tail;
            continue;
        }
        let quote = rest.as_bytes()[1];
        let bytes = rest.as_bytes();
        let mut i = 2;
        while bytes[i] != quote {
            if bytes[i] == b'\\' {
                let (byte, len) = match bytes[i + 1] {
                    b'n' => (b'\n', 2),
                    b'r' => (b'\r', 2),
                    b't' => (b'\t', 2),
                    b'x' => (u8::from_str_radix(&rest[i + 2..i + 4], 16).unwrap(), 4),
                    other => (other, 2),
                };
                out.push(byte);
                i += len;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        rest = &rest[i + 1..];
    }
    assert_eq!(out.len(), total, "payload length of {payload:.80}");
    out
}
