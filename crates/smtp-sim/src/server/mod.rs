//! The server side of one SMTP connection, modelled on the lab's Postfix 3.7.11 + Dovecot SASL
//! (../shared/conformance). Bytes go in, replies and connection events come out; no clock, no I/O.
//! One state machine serves the scripted walkthrough and the free-typing console alike.

pub mod address;
pub mod auth;
pub mod base64;
mod command;
mod config;
mod envelope;
mod message;
pub mod read;
pub mod reply;
pub mod session;

pub use config::{BareNewline, Config};
use reply::Reply;
use session::{Phase, Session};

/// The server's `myhostname`, named in the greeting, the EHLO reply and some errors.
pub const HOSTNAME: &str = "mail.example.test";
/// The text of the `220` greeting (`smtpd_banner`), as the lab's Postfix sends it.
pub const GREETING: &str = "mail.example.test ESMTP Postfix (Debian/GNU)";
/// `message_size_limit`, advertised as `SIZE 10240000`.
pub const SIZE_LIMIT: u64 = 10_240_000;
/// `line_length_limit`: longer command lines are cut here and the rest is thrown away.
pub const LINE_LIMIT: usize = 2048;
/// AUTH responses are read with their own, larger limit.
pub const SASL_LINE_LIMIT: usize = 12288;
/// `smtpd_soft_error_limit`: from this many errors on, every reply waits `ERROR_SLEEP_MS`.
pub const SOFT_ERROR_LIMIT: u32 = 10;
/// `smtpd_error_sleep_time`: the wait before each reply line once the soft limit is reached.
pub const ERROR_SLEEP_MS: u32 = 1000;
/// `smtpd_hard_error_limit`: this many errors end the session with 421.
pub const HARD_ERROR_LIMIT: u32 = 20;
/// `smtpd_timeout` (RFC 5321 §4.5.3.2.7 asks for at least 5 minutes).
pub const IDLE_TIMEOUT_SECS: u64 = 300;

/// What one client line came to, for Postfix's error counter (smtpd.c `state->error_count++`):
/// handlers say, and `count` alone applies the rule. (How a whole journey ends is
/// `event::Outcome`; this is one line's tally.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tally {
    Accepted,
    /// Refused: one more error towards the soft and hard limits.
    Refused,
    /// Refused without counting, so that the client may go on: `452 4.5.3 Error: too many
    /// recipients` asks it to send the rest in another transaction.
    NotCounted,
}

/// What the server does, in order, in answer to input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Out {
    /// The server waits this long before what follows (error sleep, Dovecot's auth failure delay).
    Wait(u32),
    /// The server sends this reply.
    Reply(Reply),
    /// After `220 2.0.0 Ready to start TLS`: the next bytes must be a TLS ClientHello.
    AwaitTls,
    /// The server closes the connection cleanly (FIN).
    Close,
    /// The server aborts the connection (RST), e.g. plaintext where a TLS handshake was expected.
    Reset,
}

/// One SMTP connection as the server sees it: feed it the client's bytes, read what it does.
#[derive(Clone, Debug)]
pub struct Server {
    pub(crate) config: Config,
    pub(crate) session: Session,
    input: Vec<u8>,
    /// The rest of an over-long line is being thrown away.
    skipping: bool,
    pub(crate) out: Vec<Out>,
}

impl Server {
    /// A new connection: the greeting, or (implicit TLS) silence until the TLS handshake.
    pub fn connect(config: Config) -> (Server, Vec<Out>) {
        let mut server = Server {
            session: Session::new(config.wrapper_tls),
            config,
            input: Vec::new(),
            skipping: false,
            out: Vec::new(),
        };
        if !server.config.wrapper_tls {
            server.greet();
        }
        let out = std::mem::take(&mut server.out);
        (server, out)
    }

    /// A client that starts talking before the greeting (RFC 5321 §4.3.1 says wait for it):
    /// Postfix notes the protocol violation and, if told to, refuses to go on.
    pub fn connect_early(config: Config, early: &[u8]) -> (Server, Vec<Out>) {
        let (mut server, mut out) = Server::connect(config);
        // With implicit TLS early bytes are the ClientHello, not a protocol violation.
        if early.is_empty() || server.config.wrapper_tls {
            return (server, out);
        }
        server.session.ill_pipelining = true;
        if server.config.forbid_unauth_pipelining {
            out.clear();
            server.hang_up(Reply::new(
                554,
                "5.5.0",
                "Error: SMTP protocol synchronization",
            ));
            let out = std::mem::take(&mut server.out);
            return (server, out);
        }
        out.extend(server.receive(early));
        (server, out)
    }

    /// The listener settings this connection runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What the server knows about the connection (read-only), e.g. for hints.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Whether the connection has ended (QUIT, a hang-up or a reset).
    pub fn is_closed(&self) -> bool {
        self.session.phase == Phase::Closed
    }

    /// Whether the server is waiting for a TLS handshake (465 before the greeting, or after STARTTLS).
    pub fn awaits_tls(&self) -> bool {
        self.session.phase == Phase::TlsHandshake
    }

    /// Whether the connection is inside TLS (after STARTTLS or, on 465, from the start).
    pub fn tls_active(&self) -> bool {
        self.session.tls
    }

    /// The client completed a TLS handshake. Per RFC 3207 §4.2 the server forgets what the client
    /// told it before (EHLO); on 465 the greeting is sent now, inside TLS.
    pub fn tls_handshake(&mut self) -> Vec<Out> {
        if self.session.phase == Phase::TlsHandshake {
            self.session.tls = true;
            self.session.auth_user = None;
            self.session.phase = Phase::Command;
            if self.config.wrapper_tls && !self.session.greeted {
                self.greet();
            }
        }
        std::mem::take(&mut self.out)
    }

    /// The client has been silent this long (RFC 5321 §4.5.3.2.7).
    pub fn idle(&mut self, secs: u64) -> Vec<Out> {
        if secs >= IDLE_TIMEOUT_SECS && self.session.phase != Phase::Closed {
            if self.session.phase == Phase::TlsHandshake {
                // smtpd_starttls_timeout: the TLS layer gives up without a word.
                self.close(Out::Close);
            } else {
                self.hang_up(Reply::new(
                    421,
                    "4.4.2",
                    format!("{HOSTNAME} Error: timeout exceeded"),
                ));
            }
        }
        std::mem::take(&mut self.out)
    }

    /// Bytes from the client, in any chunking: whole sessions, partial lines, BDAT chunks.
    pub fn receive(&mut self, bytes: &[u8]) -> Vec<Out> {
        match self.session.phase {
            Phase::Closed => return Vec::new(),
            Phase::TlsHandshake => {
                // Anything but a ClientHello breaks the handshake: OpenSSL reports
                // "wrong version number" and Postfix drops the connection (facts.md §3, §11).
                if !bytes.is_empty() {
                    self.close(Out::Reset);
                }
                return std::mem::take(&mut self.out);
            }
            _ => {}
        }
        self.input.extend_from_slice(bytes);
        self.drain_input();
        std::mem::take(&mut self.out)
    }

    fn drain_input(&mut self) {
        loop {
            match self.session.phase {
                Phase::Closed | Phase::TlsHandshake => {
                    // Postfix discards what was pipelined behind STARTTLS (CVE-2011-0411 class).
                    self.input.clear();
                    return;
                }
                Phase::Chunk { .. } => {
                    if !self.take_chunk() {
                        return;
                    }
                }
                _ => {
                    let Some((line, crlf)) = self.take_line() else {
                        return;
                    };
                    // Did the client send more without waiting for this reply?
                    let pending = !self.input.is_empty();
                    self.line(&line, crlf, pending);
                }
            }
            self.enforce_error_limit();
        }
    }

    /// Feeds BDAT octets; returns false when more are needed.
    fn take_chunk(&mut self) -> bool {
        let Phase::Chunk {
            remaining, refusal, ..
        } = &mut self.session.phase
        else {
            return false;
        };
        if *remaining > 0 && self.input.is_empty() {
            return false;
        }
        let n = (*remaining).min(self.input.len() as u64);
        *remaining -= n;
        let done = *remaining == 0;
        let chunk: Vec<u8> = self.input.drain(..n as usize).collect();
        if refusal.is_none() {
            if let Some(mail) = self.session.mail.as_mut() {
                mail.count_chunk(&chunk);
            }
        }
        if done {
            // The chunk ends here, and with it what the phase kept about it.
            let ended = std::mem::replace(&mut self.session.phase, Phase::Command);
            if let Phase::Chunk { size, refusal, .. } = ended {
                let tally = self.chunk_complete(size, refusal);
                self.count(tally);
            }
        }
        true
    }

    /// The next line without its line ending, and whether that ending was CRLF. Command lines
    /// longer than `LINE_LIMIT` are cut there; the rest up to LF is thrown away.
    fn take_line(&mut self) -> Option<(Vec<u8>, bool)> {
        loop {
            let in_data = self.session.phase == Phase::Data;
            let limit = match self.session.phase {
                Phase::AuthContinue(_) => SASL_LINE_LIMIT,
                _ => LINE_LIMIT,
            };
            match self.input.iter().position(|&b| b == b'\n') {
                Some(lf) if self.skipping => {
                    self.input.drain(..=lf);
                    self.skipping = false;
                }
                Some(lf) if in_data || lf < limit => {
                    let mut line: Vec<u8> = self.input.drain(..=lf).collect();
                    line.pop();
                    let crlf = line.last() == Some(&b'\r');
                    // Without bare-LF detection smtp_get() strips every trailing CR.
                    let strip_all = self.bare_newline() == BareNewline::Allow;
                    while line.last() == Some(&b'\r') {
                        line.pop();
                        if !strip_all {
                            break;
                        }
                    }
                    return Some((line, crlf));
                }
                _ if self.skipping => {
                    self.input.clear();
                    return None;
                }
                _ if !in_data && self.input.len() > limit => {
                    let mut line: Vec<u8> = self.input.drain(..limit).collect();
                    while line.last() == Some(&b'\r') {
                        line.pop();
                    }
                    // The rest of the line, bare LF or not, is thrown away unseen.
                    self.skipping = true;
                    return Some((line, true));
                }
                _ => return None,
            }
        }
    }

    fn line(&mut self, line: &[u8], crlf: bool, pending: bool) {
        let tally = match &self.session.phase {
            Phase::Data => self.data_line(line, crlf),
            Phase::AuthContinue(step) => {
                let step = step.clone();
                let text = String::from_utf8_lossy(line).into_owned();
                self.auth_continue(step, &text, line.len() >= SASL_LINE_LIMIT)
            }
            _ => self.command_line(line, crlf, pending),
        };
        self.count(tally);
    }

    /// Postfix's error rule in one place: a refusal counts, unless the server has already hung up.
    pub(crate) fn count(&mut self, tally: Tally) {
        if tally == Tally::Refused && !self.is_closed() {
            self.session.errors += 1;
        }
    }

    /// `smtpd_forbid_bare_newline_exclusions = $mynetworks`: trusted clients are never checked.
    pub(crate) fn bare_newline(&self) -> BareNewline {
        if self.config.client_trusted {
            BareNewline::Allow
        } else {
            self.config.bare_newline
        }
    }

    fn greet(&mut self) {
        self.session.greeted = true;
        self.reply(Reply::new(220, "", GREETING));
    }

    /// Sends a reply, slowed down once the client has made too many errors: Postfix sleeps
    /// before every reply line, successes included, until a message is queued.
    // Out of line for the same reason as `Reply::new`.
    #[inline(never)]
    pub(crate) fn reply(&mut self, reply: Reply) {
        if self.session.errors >= SOFT_ERROR_LIMIT {
            self.out
                .push(Out::Wait(ERROR_SLEEP_MS * reply.lines.len() as u32));
        }
        self.out.push(Out::Reply(reply));
    }

    /// A last reply, then the server closes the connection.
    pub(crate) fn hang_up(&mut self, reply: Reply) {
        self.reply(reply);
        self.close(Out::Close);
    }

    pub(crate) fn close(&mut self, how: Out) {
        self.session.phase = Phase::Closed;
        self.input.clear();
        self.out.push(how);
    }

    /// Checked before each command is read: at the hard limit the server says 421 and hangs up
    /// without waiting for more input.
    fn enforce_error_limit(&mut self) {
        if self.session.errors >= HARD_ERROR_LIMIT && self.session.phase == Phase::Command {
            self.hang_up(Reply::new(
                421,
                "4.7.0",
                format!("{HOSTNAME} Error: too many errors"),
            ));
        }
    }
}
