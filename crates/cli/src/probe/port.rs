//! One port, probed as the simulator's journey runs: the knock (TCP), the greeting, EHLO,
//! STARTTLS or implicit TLS, EHLO again inside TLS, QUIT. Nothing else is ever sent: no AUTH,
//! no MAIL, no credentials. Every step has the same bounded wait.

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite, BufReader};
use tokio::net::TcpStream;
use tokio::time::timeout;

use super::smtp::{self, ReadError, Reply};
use super::tls::{self, CertInfo, Roots};

/// What to probe on one port.
#[derive(Clone, Debug)]
pub struct Target {
    /// The number connected to.
    pub number: u16,
    /// The catalogue port it is judged as (`--ports 2465:465`); the number itself by default.
    pub as_port: u16,
    /// Open with TLS at once (465, or what is judged as 465).
    pub tls_first: bool,
}

/// How the TCP connection attempt ended (JSON `tcp`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tcp {
    Open,
    /// Refused at once: a TCP reset (or ICMP port unreachable) came back.
    Refused,
    /// No route (EHOSTUNREACH, ENETUNREACH): an ICMP error, a firewall's "administratively
    /// prohibited" among them, or a neighbour that never answered on its own network.
    Unreachable,
    /// No answer at all: the SYN was dropped on the way (or the host is down).
    Timeout,
}

/// Everything seen on one port.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    pub tcp: Option<Tcp>,
    pub connect_ms: Option<u64>,
    pub tcp_error: Option<String>,
    /// The greeting, as sent (plaintext, or inside TLS on an implicit-TLS port).
    pub greeting: Option<Reply>,
    pub greeting_ms: Option<u64>,
    /// Connected, but no greeting came within the wait.
    pub silent: bool,
    /// A plaintext wait got no greeting, and a TLS handshake at once worked.
    pub speaks_tls_first: bool,
    /// TLS came first (at connect) and worked.
    pub implicit_tls: bool,
    /// TLS was tried first (the port expects it), but the port answered in plaintext.
    pub plaintext_where_tls_expected: bool,
    /// Answered, but not with SMTP: its first bytes.
    pub not_smtp: Option<String>,
    pub ehlo_before_tls: Option<Reply>,
    pub starttls_offered: bool,
    /// The reply to STARTTLS.
    pub starttls_reply: Option<Reply>,
    pub tls_version: Option<String>,
    pub cipher: Option<String>,
    pub tls_ms: Option<u64>,
    pub tls_error: Option<String>,
    pub cert: Option<CertInfo>,
    pub ehlo_after_tls: Option<Reply>,
    /// What went wrong after the connection opened, in a few words.
    pub error: Option<String>,
}

impl Seen {
    pub fn auth_before_tls(&self) -> Vec<String> {
        self.ehlo_before_tls
            .as_ref()
            .map(|r| smtp::auth_mechanisms(&r.capabilities()))
            .unwrap_or_default()
    }

    pub fn auth_after_tls(&self) -> Vec<String> {
        self.ehlo_after_tls
            .as_ref()
            .map(|r| smtp::auth_mechanisms(&r.capabilities()))
            .unwrap_or_default()
    }

    pub fn tls_ok(&self) -> bool {
        self.tls_version.is_some()
    }
}

/// Where to connect and how long each step may take.
#[derive(Clone)]
pub struct Context {
    pub addr: std::net::IpAddr,
    /// The name the certificate must carry: the host as typed (or the MX name).
    pub tls_name: String,
    pub roots: Roots,
    pub wait: Duration,
    pub progress: super::Progress,
}

/// How often a long wait says it is still waiting.
const TICK: Duration = Duration::from_secs(3);

/// `fut` within the wait, with a progress line every few seconds while nothing comes.
async fn waiting<F: std::future::Future>(
    ctx: &Context,
    port: u16,
    what: &str,
    fut: F,
) -> Result<F::Output, tokio::time::error::Elapsed> {
    tokio::pin!(fut);
    let start = Instant::now();
    loop {
        let left = ctx.wait.saturating_sub(start.elapsed());
        match timeout(left.min(TICK), &mut fut).await {
            Ok(done) => return Ok(done),
            Err(elapsed) if left <= TICK => return Err(elapsed),
            Err(_) => ctx.progress.say(
                port,
                format!("{what} after {} s", start.elapsed().as_secs()),
            ),
        }
    }
}

fn ms(since: Instant) -> u64 {
    since.elapsed().as_millis() as u64
}

/// Probes one port; never fails, everything it learns is in `Seen`.
pub async fn probe(ctx: &Context, target: &Target) -> Seen {
    let mut seen = Seen::default();
    let say = |text: String| ctx.progress.say(target.number, text);
    say("knocking (TCP connect)".into());
    let Some(stream) = knock(ctx, target.number, &mut seen).await else {
        return seen;
    };
    say(format!(
        "connected in {} ms; {}",
        seen.connect_ms.unwrap_or(0),
        if target.tls_first {
            "starting TLS at once"
        } else {
            "waiting for the greeting"
        }
    ));
    if target.tls_first {
        if implicit(ctx, stream, &mut seen).await {
            return seen;
        }
        // TLS first failed: does the port speak plaintext instead?
        let failed = seen.tls_error.take();
        say("TLS failed; listening for a plaintext greeting".into());
        let Some(stream) = reconnect(ctx, target.number).await else {
            seen.tls_error = failed;
            return seen;
        };
        plaintext(ctx, stream, &mut seen).await;
        if seen.greeting.is_some() {
            seen.plaintext_where_tls_expected = true;
        } else {
            seen.tls_error = failed;
        }
        return seen;
    }
    plaintext(ctx, stream, &mut seen).await;
    if seen.silent {
        say("no greeting; trying TLS first".into());
        if let Some(stream) = reconnect(ctx, target.number).await {
            let mut tried = Seen::default();
            if implicit(ctx, stream, &mut tried).await {
                seen = Seen {
                    tcp: seen.tcp,
                    connect_ms: seen.connect_ms,
                    speaks_tls_first: true,
                    ..tried
                };
            } else {
                seen.tls_error = tried.tls_error;
            }
        }
    }
    seen
}

/// The knock: connect within the wait, telling refused from dropped.
async fn knock(ctx: &Context, port: u16, seen: &mut Seen) -> Option<TcpStream> {
    let start = Instant::now();
    let connect = TcpStream::connect(SocketAddr::new(ctx.addr, port));
    match waiting(ctx, port, "no answer to the SYN yet", connect).await {
        Ok(Ok(stream)) => {
            seen.tcp = Some(Tcp::Open);
            seen.connect_ms = Some(ms(start));
            Some(stream)
        }
        Ok(Err(e)) => {
            // ECONNREFUSED (a RST), or EHOSTUNREACH/ENETUNREACH (an ICMP error): both at once.
            seen.tcp = Some(match e.kind() {
                ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => Tcp::Unreachable,
                _ => Tcp::Refused,
            });
            seen.connect_ms = Some(ms(start));
            seen.tcp_error = Some(e.to_string());
            None
        }
        Err(_) => {
            seen.tcp = Some(Tcp::Timeout);
            seen.connect_ms = Some(ms(start));
            None
        }
    }
}

async fn reconnect(ctx: &Context, port: u16) -> Option<TcpStream> {
    timeout(
        ctx.wait,
        TcpStream::connect(SocketAddr::new(ctx.addr, port)),
    )
    .await
    .ok()?
    .ok()
}

/// EHLO with the client's own address literal (RFC 5321 §4.1.3, §4.1.4).
fn ehlo_name(stream: &TcpStream) -> String {
    match stream.local_addr().map(|a| a.ip()) {
        Ok(std::net::IpAddr::V4(ip)) => format!("EHLO [{ip}]"),
        Ok(std::net::IpAddr::V6(ip)) => format!("EHLO [IPv6:{ip}]"),
        Err(_) => "EHLO [127.0.0.1]".into(),
    }
}

/// TLS at connect, then the greeting, EHLO and QUIT inside it. True when TLS worked.
async fn implicit(ctx: &Context, stream: TcpStream, seen: &mut Seen) -> bool {
    let ehlo = ehlo_name(&stream);
    let start = Instant::now();
    let shake = timeout(
        ctx.wait,
        tls::handshake(stream, &ctx.tls_name, &ctx.roots, &[]),
    )
    .await;
    let (tls_stream, info) = match shake {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => {
            seen.tls_error = Some(e);
            return false;
        }
        Err(_) => {
            seen.tls_error = Some(format!("no TLS handshake in {} s", ctx.wait.as_secs_f32()));
            return false;
        }
    };
    seen.tls_ms = Some(ms(start));
    seen.implicit_tls = true;
    seen.tls_version = Some(info.version);
    seen.cipher = Some(info.cipher);
    seen.cert = info.cert;
    let mut io = BufReader::new(tls_stream);
    let start = Instant::now();
    match smtp::read_reply(&mut io, ctx.wait).await {
        Ok(greeting) => {
            seen.greeting_ms = Some(ms(start));
            let ok = greeting.code == 220;
            seen.greeting = Some(greeting);
            if ok {
                seen.ehlo_after_tls = say_ehlo(ctx, &mut io, &ehlo, seen).await;
                quit(ctx, &mut io).await;
            }
        }
        Err(e) => seen.error = Some(read_error("the greeting inside TLS", e, ctx)),
    }
    true
}

/// The plaintext greeting, EHLO, and STARTTLS when offered.
async fn plaintext(ctx: &Context, stream: TcpStream, seen: &mut Seen) {
    let ehlo = ehlo_name(&stream);
    let port = stream.peer_addr().map_or(0, |a| a.port());
    let mut io = BufReader::new(stream);
    let start = Instant::now();
    let read = smtp::read_reply(&mut io, ctx.wait);
    let greeting = match waiting(ctx, port, "connected, no greeting yet", read)
        .await
        .unwrap_or(Err(ReadError::Silent))
    {
        Ok(g) => g,
        Err(ReadError::Silent) => {
            seen.silent = true;
            return;
        }
        Err(ReadError::NotSmtp(bytes)) => {
            seen.not_smtp = Some(bytes);
            return;
        }
        Err(e) => {
            seen.error = Some(read_error("the greeting", e, ctx));
            return;
        }
    };
    seen.greeting_ms = Some(ms(start));
    let ok = greeting.code == 220;
    seen.greeting = Some(greeting);
    if !ok {
        quit(ctx, &mut io).await;
        return;
    }
    let Some(reply) = say_ehlo(ctx, &mut io, &ehlo, seen).await else {
        return;
    };
    seen.starttls_offered = smtp::offers(&reply.capabilities(), "STARTTLS");
    seen.ehlo_before_tls = Some(reply);
    if !seen.starttls_offered {
        quit(ctx, &mut io).await;
        return;
    }
    if smtp::send(&mut io, "STARTTLS").await.is_err() {
        seen.error = Some("the connection broke at STARTTLS".into());
        return;
    }
    let reply = match smtp::read_reply(&mut io, ctx.wait).await {
        Ok(r) => r,
        Err(e) => {
            seen.error = Some(read_error("the reply to STARTTLS", e, ctx));
            return;
        }
    };
    let ready = reply.code == 220;
    seen.starttls_reply = Some(reply);
    if !ready {
        quit(ctx, &mut io).await;
        return;
    }
    if !io.buffer().is_empty() {
        // Bytes after "220 Ready to start TLS" and before our ClientHello: a plaintext response
        // injection (CVE-2011-0411 class). They are dropped with the plaintext reader.
        seen.error = Some("plaintext arrived after the STARTTLS reply: ignored".into());
    }
    let start = Instant::now();
    let stream = io.into_inner();
    match timeout(
        ctx.wait,
        tls::handshake(stream, &ctx.tls_name, &ctx.roots, &[]),
    )
    .await
    {
        Ok(Ok((tls_stream, info))) => {
            seen.tls_ms = Some(ms(start));
            seen.tls_version = Some(info.version);
            seen.cipher = Some(info.cipher);
            seen.cert = info.cert;
            let mut io = BufReader::new(tls_stream);
            // RFC 3207 §4.2: the client discards what it knew and sends EHLO again.
            seen.ehlo_after_tls = say_ehlo(ctx, &mut io, &ehlo, seen).await;
            quit(ctx, &mut io).await;
        }
        Ok(Err(e)) => seen.tls_error = Some(e),
        Err(_) => {
            seen.tls_error = Some(format!("no TLS handshake in {} s", ctx.wait.as_secs_f32()))
        }
    }
}

/// EHLO and its reply; `None` (with `seen.error` set) when it failed.
async fn say_ehlo<S: AsyncRead + AsyncWrite + Unpin>(
    ctx: &Context,
    io: &mut BufReader<S>,
    ehlo: &str,
    seen: &mut Seen,
) -> Option<Reply> {
    if smtp::send(io, ehlo).await.is_err() {
        seen.error = Some("the connection broke at EHLO".into());
        return None;
    }
    match smtp::read_reply(io, ctx.wait).await {
        Ok(r) if r.code == 250 => Some(r),
        Ok(r) => {
            seen.error = Some(format!("EHLO refused: {}", r.wire().join(" / ")));
            None
        }
        Err(e) => {
            seen.error = Some(read_error("the reply to EHLO", e, ctx));
            None
        }
    }
}

/// QUIT, and a short wait for the 221 (not needed for anything).
async fn quit<S: AsyncRead + AsyncWrite + Unpin>(ctx: &Context, io: &mut BufReader<S>) {
    if smtp::send(io, "QUIT").await.is_ok() {
        let _ = smtp::read_reply(io, ctx.wait.min(Duration::from_secs(2))).await;
    }
}

fn read_error(what: &str, e: ReadError, ctx: &Context) -> String {
    match e {
        ReadError::Silent => format!("no {what} in {} s", ctx.wait.as_secs_f32()),
        ReadError::Closed => format!("the server closed the connection before {what}"),
        ReadError::NotSmtp(b) => format!("{what} was not SMTP: {b}"),
        ReadError::Io(e) => format!("{what}: {e}"),
    }
}
