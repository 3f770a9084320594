//! One lab connection: real bytes from a real socket fed to the model's `Server`, its `Out`s
//! written back, TLS by rustls where the model awaits it, and the simulator's attacker played on
//! the wire (path/attacker.rs, journey/attack.rs): strip rewrites STARTTLS out of the EHLO reply
//! and relays to the server inside its own TLS; cert answers the handshake with a self-signed
//! certificate; inject appends RSET to the client's STARTTLS and the reply a server that ran it
//! would give after `220 Ready to start TLS`, then watches whether the client acts on it.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use smtp_sim::path::attacker::{strip, Attack, INJECTED};
use smtp_sim::server::auth::decode_plain;
use smtp_sim::server::{IDLE_TIMEOUT_SECS, SIZE_LIMIT};
use smtp_sim::teach::attack::AttackLesson;
use smtp_sim::teach::lesson::Lesson;
use smtp_sim::{Out, Reply, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use super::grade::{grade, Facts, Mode};
use super::transcript::{Party, Transcript};
use super::{Lab, Message};

/// A client that does not take a reply within this long is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);
/// No session lasts longer, whatever the client does.
const SESSION_LIMIT: Duration = Duration::from_secs(30 * 60);
/// Bytes one session may send: two messages at the size limit.
const BYTE_LIMIT: u64 = 2 * SIZE_LIMIT + (1 << 20);
/// How long the lab holds its answer to the first command inside TLS under `inject`: a client
/// that took the injected reply for it sends its next command without waiting.
const INJECTION_WINDOW: Duration = Duration::from_millis(400);
/// What a server that ran the injected RSET would have answered (Postfix: `250 2.0.0 Ok`).
const INJECTED_REPLY: &str = "250 2.0.0 Ok";

enum Conn {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
    Gone,
}

impl Conn {
    async fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(tcp) => tcp.read(buf).await,
            Conn::Tls(tls) => tls.read(buf).await,
            Conn::Gone => Ok(0),
        }
    }

    async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        let write = async {
            match self {
                Conn::Plain(tcp) => tcp.write_all(bytes).await,
                Conn::Tls(tls) => {
                    tls.write_all(bytes).await?;
                    tls.flush().await
                }
                Conn::Gone => Err(io::ErrorKind::NotConnected.into()),
            }
        };
        tokio::time::timeout(WRITE_TIMEOUT, write)
            .await
            .unwrap_or_else(|_| Err(io::ErrorKind::TimedOut.into()))
    }

    fn encrypted(&self) -> bool {
        matches!(self, Conn::Tls(_))
    }

    async fn close(&mut self) {
        let conn = std::mem::replace(self, Conn::Gone);
        let shut = async move {
            match conn {
                Conn::Plain(mut tcp) => {
                    let _ = tcp.shutdown().await;
                }
                Conn::Tls(mut tls) => {
                    let _ = tls.shutdown().await;
                }
                Conn::Gone => {}
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(2), shut).await;
    }

    /// An RST instead of a FIN, as Postfix's TLS layer gives plaintext where TLS was due.
    fn reset(&mut self) {
        if let Conn::Plain(tcp) = std::mem::replace(self, Conn::Gone) {
            #[allow(deprecated)]
            let _ = tcp.set_linger(Some(Duration::ZERO));
        }
    }
}

pub struct Session {
    lab: Arc<Lab>,
    id: u64,
    port: u16,
    mode: Mode,
    attack: Option<Attack>,
    server: Server,
    conn: Conn,
    facts: Facts,
    t: Transcript,
    /// The client's last EHLO name, for the attacker's own EHLO.
    helo: String,
    /// `strip`: the attacker still has to start TLS with the server itself.
    relay_due: bool,
    /// `inject`: the injected reply went out; the first command inside TLS is watched.
    injected: bool,
    watch_injection: bool,
    /// Client bytes already read, to be handled before reading more.
    pending: Vec<u8>,
    eof: bool,
    bytes: u64,
    /// The transaction as it stood before the last bytes, for the message list.
    envelope: Option<(String, Vec<String>)>,
}

impl Session {
    pub fn new(
        lab: Arc<Lab>,
        id: u64,
        port: u16,
        mode: Mode,
        attack: Option<Attack>,
        tcp: TcpStream,
        peer: SocketAddr,
    ) -> (Session, Vec<Out>) {
        let _ = tcp.set_nodelay(true);
        let (server, outs) = Server::connect(mode.model_port().server_config());
        let t = Transcript::new(id, lab.hub.clone());
        t.publish(json!({
            "type": "open", "session": id, "port": port, "model_port": mode.model_port().number(),
            "mode": mode.name(), "attack": super::grade::attack_name(attack), "peer": peer.to_string(),
        }));
        let session = Session {
            lab,
            id,
            port,
            mode,
            attack,
            server,
            conn: Conn::Plain(tcp),
            facts: Facts::default(),
            t,
            helo: String::new(),
            relay_due: false,
            injected: false,
            watch_injection: false,
            pending: Vec::new(),
            eof: false,
            bytes: 0,
            envelope: None,
        };
        (session, outs)
    }

    /// Runs the session to its end and reports it.
    pub async fn run(mut self, greeting: Vec<Out>, peer: SocketAddr) {
        let _ = tokio::time::timeout(SESSION_LIMIT, self.converse(greeting)).await;
        self.conn.close().await;
        let graded = grade(self.id, self.port, self.mode, self.attack, &self.facts);
        self.t.publish_text(graded.record());
        self.lab.report(&self.t, &graded, peer);
    }

    async fn converse(&mut self, greeting: Vec<Out>) {
        if self.mode == Mode::Smtps {
            if let Some(attack @ (Attack::Strip | Attack::Inject)) = self.attack {
                self.attacker(
                    "sees a TLS ClientHello as the first bytes: nothing readable to rewrite",
                );
                self.t.lesson(AttackLesson::NothingInClear(attack));
            }
        }
        self.deliver(greeting).await;
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            if self.server.is_closed() || matches!(self.conn, Conn::Gone) || self.eof {
                return;
            }
            if self.server.awaits_tls() {
                if !self.handshake().await {
                    return;
                }
                let outs = self.server.tls_handshake();
                self.deliver(outs).await;
                continue;
            }
            let bytes = if self.pending.is_empty() {
                let timeout = self.lab.idle_timeout();
                match tokio::time::timeout(timeout, self.conn.read(&mut buf)).await {
                    Err(_) => {
                        // The model says what Postfix says at smtpd_timeout.
                        let outs = self.server.idle(IDLE_TIMEOUT_SECS);
                        self.deliver(outs).await;
                        return;
                    }
                    Ok(Ok(0)) | Ok(Err(_)) => return,
                    Ok(Ok(n)) => buf[..n].to_vec(),
                }
            } else {
                std::mem::take(&mut self.pending)
            };
            self.bytes += bytes.len() as u64;
            if self.bytes > BYTE_LIMIT {
                return;
            }
            self.client_bytes(&bytes).await;
            if self.t.overlong() {
                return;
            }
        }
    }

    fn attacker(&mut self, text: &str) {
        let encrypted = self.conn.encrypted();
        self.t
            .line(Party::Attacker, Party::Attacker, text, encrypted, None);
    }

    async fn client_bytes(&mut self, bytes: &[u8]) {
        let encrypted = self.conn.encrypted();
        let commands = self.t.client(bytes, encrypted);
        let mut starttls = false;
        for (line, sasl) in &commands {
            let verb = line
                .split_ascii_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            if verb == "AUTH" || *sasl {
                let first = self.facts.auth_encrypted.is_none();
                self.facts.auth_encrypted.get_or_insert(encrypted);
                self.facts.auth_in_clear |= !encrypted;
                if first {
                    self.attacker_reads_login(line, encrypted);
                }
            }
            if !encrypted && matches!(verb.as_str(), "MAIL" | "RCPT" | "DATA" | "BDAT") {
                self.facts.mail_in_clear = true;
            }
            if verb == "EHLO" || verb == "HELO" {
                self.helo = line[4..].trim().chars().take(255).collect();
            }
            if verb == "STARTTLS" && !encrypted {
                self.facts.sent_starttls = true;
                starttls = true;
            }
        }
        let mut feed = bytes.to_vec();
        if starttls && self.attack == Some(Attack::Strip) {
            // As the stripping middlebox does: the command is rewritten too, and the server
            // answers the command it does not know.
            feed = rewrite_starttls(&feed, |_| b"XXXXXXXA\r\n".to_vec());
            self.attacker("rewrites STARTTLS to XXXXXXXA on its way to the server");
        } else if starttls && self.attack == Some(Attack::Inject) {
            feed = rewrite_starttls(&feed, |line| {
                let mut with = line.to_vec();
                with.extend_from_slice(format!("{INJECTED}\r\n").as_bytes());
                with
            });
            self.attacker(&format!(
                "appends \"{INJECTED}\" to the same TCP packet, in plaintext (CVE-2011-0411)"
            ));
            self.t.lesson(AttackLesson::Injected);
            self.injected = true;
        }
        if let Some(mail) = &self.server.session().mail {
            self.envelope = Some((mail.sender.clone(), mail.recipients.clone()));
        }
        let outs = self.server.receive(&feed);
        if std::mem::take(&mut self.watch_injection) && encrypted {
            self.watch(commands.len()).await;
        }
        self.deliver(outs).await;
        if self.relay_due && !self.server.tls_active() && !self.server.is_closed() {
            self.relay_to_server();
        }
    }

    /// Where the attacker sits on the client's side of TLS, the login is its to read
    /// (journey/attack.rs `login`).
    fn attacker_reads_login(&mut self, line: &str, encrypted: bool) {
        let reads = match self.attack {
            Some(Attack::Strip) => !encrypted,
            Some(Attack::Cert) => self.facts.forged_accepted,
            _ => false,
        };
        if !reads {
            return;
        }
        let what = line
            .get(..11)
            .filter(|p| p.eq_ignore_ascii_case("AUTH PLAIN "))
            .and_then(|_| decode_plain(line[11..].trim()))
            .map_or("the login".to_string(), |(_, user, pass)| {
                format!("the login: {user} / \"{pass}\"")
            });
        let how = if encrypted { "decrypts" } else { "reads" };
        self.attacker(&format!("{how} {what}, and passes it on"));
        self.t.lesson(if encrypted {
            AttackLesson::PasswordDecrypted
        } else {
            AttackLesson::PasswordStolen
        });
    }

    /// `inject`: the first command inside TLS. A client that kept the injected reply has its
    /// "answer" already and goes on at once; one that discarded it waits for the server's.
    async fn watch(&mut self, commands: usize) {
        let acted = if commands > 1 {
            true
        } else {
            let mut extra = vec![0u8; 16 * 1024];
            match tokio::time::timeout(INJECTION_WINDOW, self.conn.read(&mut extra)).await {
                Err(_) => false,
                Ok(Ok(0)) | Ok(Err(_)) => {
                    self.eof = true;
                    true
                }
                Ok(Ok(n)) => {
                    extra.truncate(n);
                    self.pending = extra;
                    true
                }
            }
        };
        self.facts.acted_on_injection = Some(acted);
    }

    /// `strip` on a port whose server needs TLS: the attacker starts TLS with the server itself
    /// and passes on what the client sends in plaintext (journey/attack.rs `attacker_relays`).
    fn relay_to_server(&mut self) {
        self.relay_due = false;
        self.t
            .line(Party::Attacker, Party::Server, "STARTTLS", false, None);
        let outs = self.server.receive(b"STARTTLS\r\n");
        self.replies_to_attacker(outs, false);
        let _ = self.server.tls_handshake();
        self.attacker("completes TLS with the server: encrypted on its side, plaintext on yours");
        let ehlo = format!("EHLO {}", self.helo);
        self.t
            .line(Party::Attacker, Party::Server, &ehlo, true, None);
        let outs = self.server.receive(format!("{ehlo}\r\n").as_bytes());
        self.replies_to_attacker(outs, true);
        self.t.lesson(AttackLesson::AttackerRelays);
    }

    fn replies_to_attacker(&mut self, outs: Vec<Out>, encrypted: bool) {
        for out in outs {
            if let Out::Reply(reply) = out {
                self.t
                    .reply(Party::Server, Party::Attacker, &reply, encrypted);
            }
        }
    }

    /// Writes the model's answers, waiting where it waits.
    async fn deliver(&mut self, outs: Vec<Out>) {
        let mut wire = String::new();
        for out in outs {
            match out {
                Out::Wait(ms) => {
                    if !self.flush(&mut wire).await {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(u64::from(ms))).await;
                }
                Out::Reply(reply) => self.reply(reply, &mut wire),
                Out::AwaitTls => {}
                Out::Close => {
                    self.flush(&mut wire).await;
                    self.conn.close().await;
                    return;
                }
                Out::Reset => {
                    self.flush(&mut wire).await;
                    self.conn.reset();
                    return;
                }
            }
        }
        self.flush(&mut wire).await;
    }

    async fn flush(&mut self, wire: &mut String) -> bool {
        if wire.is_empty() {
            return true;
        }
        let ok = self.conn.write_all(wire.as_bytes()).await.is_ok();
        wire.clear();
        if !ok {
            self.eof = true;
        }
        ok
    }

    fn reply(&mut self, reply: Reply, wire: &mut String) {
        let encrypted = self.conn.encrypted();
        let mut reply = reply;
        if self.attack == Some(Attack::Strip)
            && !encrypted
            && reply.lines.iter().any(|l| l == "STARTTLS")
        {
            self.t.reply(Party::Server, Party::Attacker, &reply, false);
            let offer_auth = self.mode != Mode::Relay;
            reply = strip(&reply, offer_auth);
            self.attacker(if offer_auth {
                "passes the reply on with 250-XXXXXXXA in place of 250-STARTTLS, and 250-AUTH PLAIN LOGIN added"
            } else {
                "passes the reply on with 250-XXXXXXXA in place of 250-STARTTLS"
            });
            self.t.reply(Party::Attacker, Party::Client, &reply, false);
            self.t.lesson(AttackLesson::Stripped { relay: !offer_auth });
            self.facts.stripped = true;
            self.relay_due = self.server.config().tls_required;
        } else {
            self.t
                .reply(Party::Server, Party::Client, &reply, encrypted);
        }
        if reply.code == 250 && reply.lines.last().is_some_and(|l| l.contains("queued as")) {
            self.facts.delivered += 1;
            self.keep_message();
        }
        wire.push_str(&reply.to_wire());
        if self.injected && !encrypted && reply.code == 220 && self.server.awaits_tls() {
            // The same packet as the 220: a client that reads ahead has it in its buffer.
            wire.push_str(INJECTED_REPLY);
            wire.push_str("\r\n");
            self.t.line(
                Party::Attacker,
                Party::Client,
                INJECTED_REPLY,
                false,
                Some(format!("injected by the attacker after the 220, in the same packet: the reply a server that ran \"{INJECTED}\" would send")),
            );
        }
    }

    fn keep_message(&mut self) {
        let (from, to) = self.envelope.clone().unwrap_or_default();
        self.lab.keep(Message {
            session: self.id,
            from,
            to,
            size: self.t.content_size,
            subject: self.t.subject.clone(),
        });
    }

    /// The TLS handshake the model awaits: the lab's certificate, or the attacker's.
    async fn handshake(&mut self) -> bool {
        let implicit = !self.server.session().greeted;
        let how = if implicit { "implicit" } else { "starttls" };
        let Conn::Plain(tcp) = &self.conn else {
            return false;
        };
        let mut first = [0u8; 1];
        let peeked = tokio::time::timeout(self.lab.idle_timeout(), tcp.peek(&mut first)).await;
        let injected = std::mem::take(&mut self.injected);
        let no_hello = match peeked {
            Err(_) => {
                if implicit {
                    self.facts.plaintext_on_tls_port = Some("It sent nothing and waited for a plaintext greeting: port 465 starts with TLS.");
                }
                let outs = self.server.idle(IDLE_TIMEOUT_SECS);
                self.deliver(outs).await;
                "no ClientHello came within the idle timeout"
            }
            Ok(Ok(0)) | Ok(Err(_)) => {
                if implicit {
                    self.facts.plaintext_on_tls_port = Some("It closed the connection without a TLS ClientHello: port 465 starts with TLS.");
                }
                self.facts.stopped_at_injection = injected;
                "the client closed the connection without a ClientHello"
            }
            // 0x16: a TLS handshake record (RFC 8446 §5.1).
            Ok(Ok(_)) if first[0] != 0x16 => {
                let mut buf = vec![0u8; 4096];
                let n = self.conn.read(&mut buf).await.unwrap_or(0);
                self.t.client(&buf[..n], false);
                if implicit {
                    self.facts.plaintext_on_tls_port = Some("Its first bytes were plaintext, not a TLS ClientHello: the server reset the connection.");
                }
                self.facts.stopped_at_injection = injected;
                let outs = self.server.receive(&buf[..n]);
                self.deliver(outs).await;
                "plaintext where a ClientHello was due: the server resets the connection"
            }
            Ok(Ok(_)) => "",
        };
        if !no_hello.is_empty() {
            let certificate = if self.attack == Some(Attack::Cert) {
                "forged"
            } else {
                "lab"
            };
            self.t.tls(
                format!("{how} handshake failed: {no_hello}"),
                json!({"type": "tls", "session": self.id, "how": how, "version": null,
                       "cipher": null, "certificate": certificate, "result": "failed", "detail": no_hello}),
            );
            return false;
        }
        let forged = self.attack == Some(Attack::Cert);
        let config = if forged {
            self.lab.certs.forged.clone()
        } else {
            self.lab.certs.lab.clone()
        };
        let Conn::Plain(tcp) = std::mem::replace(&mut self.conn, Conn::Gone) else {
            return false;
        };
        let started = Instant::now();
        let accepted =
            tokio::time::timeout(HANDSHAKE_TIMEOUT, TlsAcceptor::from(config).accept(tcp)).await;
        let certificate = if forged { "forged" } else { "lab" };
        if forged {
            self.t.line(
                Party::Attacker,
                Party::Client,
                "answers in the server's place: ServerHello, and a certificate for the lab's names it signed itself",
                false,
                None,
            );
        }
        match accepted {
            Ok(Ok(tls)) => {
                self.t.step(if implicit {
                    Lesson::ImplicitTls
                } else {
                    Lesson::TlsHandshake
                });
                let (_, conn) = tls.get_ref();
                let version = conn
                    .protocol_version()
                    .and_then(|v| v.as_str())
                    .map(|v| v.replace("TLSv1_", "TLSv1."));
                let cipher = conn
                    .negotiated_cipher_suite()
                    .and_then(|c| c.suite().as_str());
                self.t.tls(
                    format!(
                        "{how} handshake done: {} {}, {certificate} certificate ({} ms)",
                        version.as_deref().unwrap_or("?"),
                        cipher.unwrap_or("?"),
                        started.elapsed().as_millis()
                    ),
                    json!({"type": "tls", "session": self.id, "how": how, "version": version,
                           "cipher": cipher, "certificate": certificate, "result": "ok", "detail": null}),
                );
                self.facts.tls = Some(how);
                self.conn = Conn::Tls(Box::new(tls));
                self.watch_injection = injected;
                if forged {
                    self.facts.forged_accepted = true;
                    self.attacker("opens its own TLS session to the server: it decrypts what you send and re-encrypts it");
                    self.t.lesson(AttackLesson::CertAccepted {
                        relay: self.mode == Mode::Relay,
                    });
                }
                true
            }
            Ok(Err(e)) => {
                let (detail, about_certificate) = failure(&e);
                self.t.tls(
                    format!("{how} handshake failed, {certificate} certificate: {detail}"),
                    json!({"type": "tls", "session": self.id, "how": how, "version": null,
                           "cipher": null, "certificate": certificate, "result": "failed", "detail": detail}),
                );
                // A hang-up in the middle of the handshake is how some programs refuse it.
                let hung_up = e.kind() == io::ErrorKind::UnexpectedEof;
                self.facts.cert_rejected = about_certificate || (forged && hung_up);
                self.facts.stopped_at_injection = injected;
                self.facts.tls_failed = Some(detail);
                if forged && self.facts.cert_rejected {
                    self.t.lesson(AttackLesson::CertRejected {
                        relay: self.mode == Mode::Relay,
                    });
                }
                false
            }
            Err(_) => {
                self.facts.tls_failed = Some("the handshake timed out".into());
                false
            }
        }
    }
}

/// Replaces each STARTTLS command line (CRLF included) in a chunk of client bytes.
fn rewrite_starttls(bytes: &[u8], with: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 16);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let text = line.strip_suffix(b"\n").unwrap_or(line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if line.ends_with(b"\n") && text.eq_ignore_ascii_case(b"STARTTLS") {
            out.extend(with(line));
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

/// Why a handshake failed, in words, and whether the client complained about the certificate.
fn failure(e: &io::Error) -> (String, bool) {
    use rustls::AlertDescription as A;
    if let Some(rustls::Error::AlertReceived(alert)) = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        let about = matches!(
            alert,
            A::BadCertificate
                | A::UnsupportedCertificate
                | A::CertificateRevoked
                | A::CertificateExpired
                | A::CertificateUnknown
                | A::UnknownCA
                | A::AccessDenied
        );
        return (format!("client sent alert: {}", alert_words(*alert)), about);
    }
    if e.kind() == io::ErrorKind::UnexpectedEof {
        return (
            "the client closed the connection during the handshake".into(),
            false,
        );
    }
    (e.to_string(), false)
}

/// `UnknownCA` → "unknown ca", as OpenSSL words alerts.
fn alert_words(alert: rustls::AlertDescription) -> String {
    let name = format!("{alert:?}");
    let mut words = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let prev_lower = i > 0 && chars[i - 1].is_lowercase();
        if i > 0 && c.is_uppercase() && (prev_lower || next_lower) {
            words.push(' ');
        }
        words.push(c.to_ascii_lowercase());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_read_as_openssl_words_them() {
        assert_eq!(
            alert_words(rustls::AlertDescription::UnknownCA),
            "unknown ca"
        );
        assert_eq!(
            alert_words(rustls::AlertDescription::BadCertificate),
            "bad certificate"
        );
    }

    #[test]
    fn only_whole_starttls_lines_are_rewritten() {
        let out = rewrite_starttls(b"NOOP\r\nstarttls\r\nSTARTTLSX\r\n", |_| b"X\r\n".to_vec());
        assert_eq!(out, b"NOOP\r\nX\r\nSTARTTLSX\r\n");
    }
}
