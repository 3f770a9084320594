//! The lab's live stream: Server-Sent Events over plain HTTP on loopback, for the page's live
//! view (`?view=live&lab=http://127.0.0.1:2580`). This is the contract between `smtp-sim lab`
//! and the page (it started as notes/live-contract.md; what is marked *added* came later and is
//! backward compatible).
//!
//! - `smtp-sim lab --live-port N` (default 2580; 0 = a free port) listens on the same address as
//!   the SMTP ports and prints the page link (`--base-url`, default `http://127.0.0.1:8080/`).
//! - `GET /events` → `200`, `Content-Type: text/event-stream`, `Cache-Control: no-store`, and
//!   `Access-Control-Allow-Origin: <Origin>` only when `Origin` is a loopback origin
//!   (`http(s)://127.0.0.1[:port]`, `localhost`, `[::1]`); others get no CORS header. First the
//!   records of the last 50 sessions (oldest first, sessions still open included), then new ones
//!   as they happen; `: keep-alive` every 15 s. One record = one `data: <json>` line and a blank
//!   line, no `event:` field.
//! - `OPTIONS` → 204 with the same CORS; anything else → a short plain-text page.
//! - At most 16 listeners at once (the 17th gets 503); a listener that cannot keep up is dropped.
//!
//! Records (every one has `type` and `session`, counting from 1 per lab run):
//! 1. `{"type":"open","session":7,"port":2587,"model_port":587,"mode":"submission"|"smtps"|"relay",
//!    "attack":"none"|"strip"|"cert"|"inject","peer":"127.0.0.1:53122"}`. `port` is the port the
//!    client connected to; *added*: `model_port`, the simulator's port whose server answered.
//! 2. `{"type":"line","session":7,"from":"client"|"server"|"attacker","to":…,"text":"EHLO laptop",
//!    "encrypted":false,"code":null,"enhanced":null,"note":null}`: one per wire line; `code` and
//!    `enhanced` on the last line of a reply only; AUTH lines keep the wire text and `note` says
//!    what the base64 decodes to; message content is cut to its first 5 lines and one
//!    `… (N more lines)` record; text at most 1,000 characters. The attacker's own actions
//!    (rewrites, injections) are lines `from` `attacker`.
//! 3. `{"type":"tls","session":7,"how":"starttls"|"implicit","version":"TLSv1.3",
//!    "cipher":"TLS13_AES_256_GCM_SHA384","certificate":"lab"|"forged","result":"ok"|"failed",
//!    "detail":"client sent alert: unknown ca"|null}` (`version`, `cipher` null when failed).
//! 4. `{"type":"close","session":7,"summary":{…},"report":[{"check","result","title","why",
//!    "source","fix"}]}`: `summary` is exactly the line `smtp-sim lab --json` prints
//!    (`port`, `tls`, `auth`, `certificate_checked`, `outcome`; *added*: `session`,
//!    `model_port`, `mode`, `attack`, `messages`), `report` the report-card rows this session
//!    decided (`check`: `requires-tls`, `checks-certificate`, `implicit-tls-on-465`,
//!    `auth-only-in-tls`, `discards-pre-tls-data`; `result`: `pass`, `fail`).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;

/// Sessions whose records a new listener receives first.
const KEPT_SESSIONS: usize = 50;
const MAX_LISTENERS: usize = 16;
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// A listener that takes longer than this to take one record is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
const HEAD_LIMIT: usize = 8192;

/// Where sessions publish their records and listeners pick them up.
pub struct Hub {
    kept: Mutex<VecDeque<(u64, Vec<Arc<str>>)>>,
    tx: broadcast::Sender<Arc<str>>,
    listeners: AtomicUsize,
}

impl Hub {
    pub fn new() -> Hub {
        Hub {
            kept: Mutex::new(VecDeque::new()),
            tx: broadcast::channel(4096).0,
            listeners: AtomicUsize::new(0),
        }
    }

    /// Keeps the record for replay and sends it to every listener. Under one lock with
    /// `subscribe`, so that a new listener sees each record exactly once.
    pub fn publish(&self, session: u64, record: &Value) {
        self.publish_text(session, record["type"] == "open", record.to_string());
    }

    /// A record already in JSON; `opens` says it is a session's first.
    pub fn publish_text(&self, session: u64, opens: bool, text: String) {
        let text: Arc<str> = text.into();
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        match kept.iter_mut().rev().find(|(id, _)| *id == session) {
            Some((_, records)) => records.push(text.clone()),
            None if opens => {
                kept.push_back((session, vec![text.clone()]));
                if kept.len() > KEPT_SESSIONS {
                    kept.pop_front();
                }
            }
            // A session too old to be kept goes on live only.
            None => {}
        }
        let _ = self.tx.send(text);
    }

    fn subscribe(&self) -> (Vec<Arc<str>>, broadcast::Receiver<Arc<str>>) {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let past = kept.iter().flat_map(|(_, r)| r.iter().cloned()).collect();
        (past, self.tx.subscribe())
    }
}

/// Answers HTTP on the live port until the lab stops.
pub async fn serve(listener: TcpListener, hub: Arc<Hub>) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        tokio::spawn(answer(tcp, hub.clone()));
    }
}

struct Request {
    method: String,
    path: String,
    origin: Option<String>,
}

async fn read_head(tcp: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = tcp.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                let origin = req
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("origin"))
                    .map(|h| String::from_utf8_lossy(h.value).into_owned());
                return Some(Request {
                    method: req.method?.to_string(),
                    path: req.path?.to_string(),
                    origin,
                });
            }
            Ok(httparse::Status::Partial) if buf.len() < HEAD_LIMIT => {}
            _ => return None,
        }
    }
}

/// `http(s)://127.0.0.1`, `localhost` or `[::1]`, with or without a port, and nothing else.
pub fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    ["127.0.0.1", "localhost", "[::1]"].iter().any(|host| {
        rest.strip_prefix(host).is_some_and(|port| {
            port.is_empty()
                || port.strip_prefix(':').is_some_and(|p| {
                    !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
                })
        })
    })
}

fn cors(origin: Option<&str>) -> String {
    match origin.filter(|o| is_loopback_origin(o)) {
        Some(o) => format!("Access-Control-Allow-Origin: {o}\r\nVary: Origin\r\n"),
        None => "Vary: Origin\r\n".into(),
    }
}

const ABOUT: &str = "smtp-sim lab: live stream of the lab's SMTP sessions.\n\
GET /events is a Server-Sent Events stream (one JSON record per message) for the simulator's\n\
live view, ?view=live&lab=<this address>. Nothing else is served here.\n";

async fn answer(mut tcp: TcpStream, hub: Arc<Hub>) {
    let Ok(Some(req)) = tokio::time::timeout(Duration::from_secs(10), read_head(&mut tcp)).await
    else {
        return;
    };
    let cors = cors(req.origin.as_deref());
    let path = req.path.split('?').next().unwrap_or("");
    let head = match (req.method.as_str(), path) {
        ("OPTIONS", _) => format!(
            "HTTP/1.1 204 No Content\r\n{cors}Access-Control-Allow-Methods: GET, OPTIONS\r\n\
             Access-Control-Allow-Headers: Last-Event-ID, Cache-Control\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        ("GET", "/events") => return stream(tcp, hub, cors).await,
        _ => format!(
            "HTTP/1.1 200 OK\r\n{cors}Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{ABOUT}",
            ABOUT.len()
        ),
    };
    let _ = tokio::time::timeout(WRITE_TIMEOUT, tcp.write_all(head.as_bytes())).await;
    let _ = tcp.shutdown().await;
}

/// Counts a listener for as long as it lives.
struct Listener<'a>(&'a AtomicUsize);

impl Drop for Listener<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn stream(mut tcp: TcpStream, hub: Arc<Hub>, cors: String) {
    if hub.listeners.fetch_add(1, Ordering::SeqCst) >= MAX_LISTENERS {
        hub.listeners.fetch_sub(1, Ordering::SeqCst);
        let busy = "too many listeners\n";
        let head = format!(
            "HTTP/1.1 503 Service Unavailable\r\n{cors}Content-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{busy}",
            busy.len()
        );
        let _ = tokio::time::timeout(WRITE_TIMEOUT, tcp.write_all(head.as_bytes())).await;
        return;
    }
    let _counted = Listener(&hub.listeners);
    let (past, mut rx) = hub.subscribe();
    let mut out = format!(
        "HTTP/1.1 200 OK\r\n{cors}Content-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n"
    );
    for record in past {
        out.push_str(&format!("data: {record}\n\n"));
    }
    if !send(&mut tcp, &out).await {
        return;
    }
    let mut tick = tokio::time::interval(KEEP_ALIVE);
    tick.tick().await;
    loop {
        let text = tokio::select! {
            got = rx.recv() => match got {
                Ok(record) => format!("data: {record}\n\n"),
                // Lagged: too slow to keep up; Closed: the lab stops.
                Err(_) => return,
            },
            _ = tick.tick() => ": keep-alive\n\n".to_string(),
        };
        if !send(&mut tcp, &text).await {
            return;
        }
    }
}

async fn send(tcp: &mut TcpStream, text: &str) -> bool {
    matches!(
        tokio::time::timeout(WRITE_TIMEOUT, tcp.write_all(text.as_bytes())).await,
        Ok(Ok(()))
    )
}

#[cfg(test)]
mod tests {
    use super::is_loopback_origin;

    #[test]
    fn only_loopback_origins_get_cors() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "https://localhost",
            "http://[::1]:3000",
        ] {
            assert!(is_loopback_origin(ok), "{ok}");
        }
        for bad in [
            "http://127.0.0.1.evil.test",
            "http://localhost.evil.test:80",
            "https://example.com",
            "null",
            "http://127.0.0.1:",
            "http://127.0.0.1:80/path",
            "file://",
        ] {
            assert!(!is_loopback_origin(bad), "{bad}");
        }
    }
}
