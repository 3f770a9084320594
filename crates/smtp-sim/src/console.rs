//! The free-typing console: the learner is the client. Each typed line goes to the same `Server`
//! the walkthrough drives; the console adds what a terminal would show around it (the TCP
//! connection, a simulated TLS handshake after STARTTLS, the connection closing) and keeps the log
//! bounded without losing count of what it folded away.

use std::collections::VecDeque;

use crate::event::seconds;
use crate::event::Tag;
use crate::path::network::{ROUND_TRIP_MS, SERVER_IPV4};
use crate::path::port::{Port, TlsStart};
use crate::server::auth::decode_plain;
use crate::server::base64;
use crate::server::read::{read, Read};
use crate::server::reply::Reply;
use crate::server::session::Phase;
use crate::server::{Out, Server, HOSTNAME};
use crate::teach::diagnose::is_not_smtp;

/// Lines kept in the log; older ones are folded into a count.
pub const LOG_LIMIT: usize = 400;
/// Longest line shown in full; the rest is summarised (the server still gets all of it).
pub const SHOW_LIMIT: usize = 300;
/// Commands remembered for Up/Down recall, and the longest one kept.
pub const HISTORY_LIMIT: usize = 100;
/// The longest command kept for recall, in bytes; longer ones are sent but not remembered.
pub const HISTORY_LINE_LIMIT: usize = 4096;

/// One line of the console log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    /// Who speaks: client, server, or the TCP/TLS layer.
    pub tag: Tag,
    /// The text shown; a typed line has its control characters made visible and is cut if long.
    pub text: String,
    /// The line travelled inside TLS.
    pub encrypted: bool,
    /// Decoded base64, a delay, or what happened to the connection.
    pub note: Option<String>,
    /// On the last line of a server reply: the reply itself, typed.
    pub reply: Option<Reply>,
}

/// The console: one connection to the lab server on a port, with its log and command history.
#[derive(Clone, Debug)]
pub struct Console {
    port: Port,
    server: Server,
    log: VecDeque<ConsoleLine>,
    folded: usize,
    history: Vec<String>,
    /// The last reply was a 334: the next line is a SASL response, not a command.
    sasl_next: bool,
    connected: bool,
    /// The server's latest reply on this connection, for the hint.
    last_reply: Option<Reply>,
}

fn shown(text: &str) -> String {
    if text.chars().count() <= SHOW_LIMIT {
        return text.to_string();
    }
    let head: String = text.chars().take(SHOW_LIMIT).collect();
    format!(
        "{head}… ({} more characters)",
        text.chars().count() - SHOW_LIMIT
    )
}

/// Control characters would be invisible or break the layout: show them as `^X`.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => "    ".to_string(),
            '\u{7f}' => "^?".to_string(),
            c if (c as u32) < 0x20 => format!("^{}", char::from(c as u8 + b'@')),
            c if c.is_control() => format!("<U+{:04X}>", c as u32),
            c => c.to_string(),
        })
        .collect()
}

impl Console {
    /// Connects to `port` as `telnet`/`openssl s_client` would; on 465 the TLS handshake comes first.
    pub fn open(port: Port) -> Console {
        let (server, greeting) = Server::connect(port.server_config());
        let mut console = Console {
            port,
            server,
            log: VecDeque::new(),
            folded: 0,
            history: Vec::new(),
            sasl_next: false,
            connected: true,
            last_reply: None,
        };
        console.note(
            Tag::Tcp,
            format!(
                "Connected to {HOSTNAME} ({SERVER_IPV4}) port {}",
                port.number()
            ),
        );
        if port.info().tls == TlsStart::Implicit {
            console.handshake();
        } else {
            console.show(greeting);
        }
        console
    }

    /// A fresh connection to the same port; the log and history are kept.
    pub fn reconnect(&mut self) {
        let (log, folded, history) = (
            std::mem::take(&mut self.log),
            self.folded,
            std::mem::take(&mut self.history),
        );
        *self = Console::open(self.port);
        let fresh = std::mem::replace(&mut self.log, log);
        self.folded = folded;
        self.history = history;
        for line in fresh {
            self.push(line);
        }
    }

    /// The port the console connects to.
    pub fn port(&self) -> Port {
        self.port
    }

    /// The log lines kept, oldest first.
    pub fn lines(&self) -> impl Iterator<Item = &ConsoleLine> {
        self.log.iter()
    }

    /// How many older lines were folded away.
    pub fn folded(&self) -> usize {
        self.folded
    }

    /// The commands typed so far, oldest first, for Up/Down recall.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// Whether the connection is still open.
    pub fn connected(&self) -> bool {
        self.connected
    }

    /// The server's latest reply on this connection.
    pub fn last_reply(&self) -> Option<&Reply> {
        self.last_reply.as_ref()
    }

    /// The server model behind the console (read-only).
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// What the learner typed or pasted: each line goes to the server with CRLF, in order.
    pub fn send(&mut self, input: &str) {
        let input = input.strip_suffix('\n').unwrap_or(input);
        for line in input.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !self.connected {
                self.note(
                    Tag::Tcp,
                    "Not connected: the server closed the connection. Reconnect to try again."
                        .into(),
                );
                return;
            }
            self.remember(line);
            if self.server.session().phase == Phase::Command && !self.sasl_next && is_not_smtp(line)
            {
                // An error message pasted here would only make the server hang up (221 2.7.0).
                self.note(Tag::Tcp, format!("Not sent: \"{}\" looks like an error message or a log line, not an SMTP command. Paste it into Diagnose (?view=diagnose) to find its cause.", shown(&printable(line.trim()))));
                continue;
            }
            let note = self.client_note(line);
            let encrypted = self.server.tls_active();
            self.push(ConsoleLine {
                tag: Tag::Client,
                text: shown(&printable(line)),
                encrypted,
                note,
                reply: None,
            });
            let outs = self.server.receive(format!("{line}\r\n").as_bytes());
            self.show(outs);
        }
    }

    /// Up/Down recall resends exactly what was typed, so a line too long to keep is not kept.
    fn remember(&mut self, line: &str) {
        let repeat = self.history.last().is_some_and(|l| l == line);
        if line.is_empty() || repeat || line.len() > HISTORY_LINE_LIMIT {
            return;
        }
        if self.history.len() == HISTORY_LIMIT {
            self.history.remove(0);
        }
        self.history.push(line.to_string());
    }

    /// Base64 on the wire, decoded for the learner (RFC 4954 §4).
    fn client_note(&self, line: &str) -> Option<String> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let sasl =
            if self.sasl_next && matches!(self.server.session().phase, Phase::AuthContinue(_)) {
                line.trim()
            } else if words.len() == 3 && words[0].eq_ignore_ascii_case("AUTH") {
                words[2]
            } else {
                return None;
            };
        if let Some((authzid, user, pass)) = decode_plain(sasl) {
            return Some(format!("base64 of \"{authzid}\\0{user}\\0{pass}\""));
        }
        let bytes = base64::decode(sasl)?;
        let text = String::from_utf8(bytes).ok()?;
        Some(format!("base64 of \"{}\"", printable(&text)))
    }

    fn show(&mut self, outs: Vec<Out>) {
        for seen in read(outs) {
            match seen {
                Read::Reply {
                    reply,
                    lines,
                    after_ms,
                } => {
                    self.sasl_next = reply.code == 334;
                    let decoded = (reply.code == 334)
                        .then(|| base64::decode(&reply.lines[0]))
                        .flatten()
                        .and_then(|b| String::from_utf8(b).ok())
                        .filter(|t| !t.is_empty())
                        .map(|t| format!("base64 of \"{t}\""));
                    let encrypted = self.server.tls_active();
                    let last = lines.len() - 1;
                    for (i, line) in lines.into_iter().enumerate() {
                        let note = match (i, after_ms) {
                            (0, 0) => decoded.clone(),
                            (0, ms) => Some(format!("after {}", seconds(u64::from(ms), 1))),
                            _ => None,
                        };
                        self.push(ConsoleLine {
                            tag: Tag::Server,
                            text: line,
                            encrypted,
                            note,
                            reply: (i == last).then(|| reply.clone()),
                        });
                    }
                    self.last_reply = Some(reply);
                }
                Read::Idle(_) => {}
                Read::AwaitTls => self.handshake(),
                Read::Close => self.closed("Connection closed by foreign host."),
                Read::Reset => self.closed("Connection reset by peer."),
            }
        }
    }

    /// The console's TLS library does a real-looking handshake whenever the server expects one.
    fn handshake(&mut self) {
        self.note(
            Tag::Tls,
            format!("ClientHello (TLS 1.3, SNI {HOSTNAME}) → ServerHello, certificate, Finished"),
        );
        self.note(Tag::Tls, format!("Handshake done in {} ms: TLSv1.3 TLS_AES_256_GCM_SHA384. From now on the line is encrypted.", ROUND_TRIP_MS));
        let outs = self.server.tls_handshake();
        self.show(outs);
    }

    fn closed(&mut self, text: &str) {
        self.connected = false;
        self.sasl_next = false;
        self.note(Tag::Tcp, text.to_string());
    }

    fn note(&mut self, tag: Tag, text: String) {
        let encrypted = tag == Tag::Tls && self.server.tls_active();
        self.push(ConsoleLine {
            tag,
            text,
            encrypted,
            note: None,
            reply: None,
        });
    }

    fn push(&mut self, line: ConsoleLine) {
        if self.log.len() == LOG_LIMIT {
            self.log.pop_front();
            self.folded += 1;
        }
        self.log.push_back(line);
    }
}
