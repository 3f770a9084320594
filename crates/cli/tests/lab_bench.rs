//! The lab's benchmark, run by hand (not a timed test): sessions per second and the lab's memory
//! with 100 and 1,000 clients connected at once, plain (relay port) and with implicit TLS and a
//! login (smtps port). Figures go to the README's lab section.
//!
//! ```text
//! cargo build --release -p smtp-sim-cli
//! SMTP_SIM_BIN=target/release/smtp-sim cargo test --release -p smtp-sim-cli --test lab_bench -- --ignored --nocapture
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

const RUN: Duration = Duration::from_secs(5);

struct Lab {
    child: Child,
    smtps: u16,
    relay: u16,
    ca: std::path::PathBuf,
}

impl Drop for Lab {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(max_sessions: usize) -> Lab {
    let bin = std::env::var("SMTP_SIM_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_smtp-sim").to_string());
    let ca = std::env::temp_dir().join(format!("smtpsimbench-{}.pem", std::process::id()));
    let mut child = Command::new(bin)
        .args([
            "lab",
            "--json",
            "--submission",
            "0",
            "--smtps",
            "0",
            "--relay",
            "0",
        ])
        .args([
            "--live-port",
            "0",
            "--max-sessions",
            &max_sessions.to_string(),
        ])
        .arg("--ca-out")
        .arg(&ca)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let (mut smtps, mut relay) = (0, 0);
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 && !line.starts_with("Ctrl-C") {
        let port = || {
            line[line.find("127.0.0.1:").unwrap() + 10..]
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        if line.trim_start().starts_with("smtps ") {
            smtps = port();
        } else if line.trim_start().starts_with("relay ") {
            relay = port();
        }
        line.clear();
    }
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    Lab {
        child,
        smtps,
        relay,
        ca,
    }
}

/// One session on a stream; whether the message was queued.
fn session(stream: &mut (impl Read + Write), login: bool) -> bool {
    let mut buf = Vec::new();
    let mut reply = |s: &mut dyn ReadWrite| -> Option<String> {
        buf.clear();
        let mut byte = [0u8; 4096];
        loop {
            let text = String::from_utf8_lossy(&buf).into_owned();
            if let Some(last) = text.trim_end_matches("\r\n").rsplit("\r\n").next() {
                if text.ends_with("\r\n") && last.as_bytes().get(3) == Some(&b' ') {
                    return Some(text);
                }
            }
            let n = s.read(&mut byte).ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&byte[..n]);
        }
    };
    let s: &mut dyn ReadWrite = stream;
    let mut queued = false;
    if reply(s).is_none() {
        return false;
    }
    let mut cmds = vec!["EHLO bench".to_string()];
    if login {
        // base64("\0alice@example.test\0correct horse")
        cmds.push("AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl".into());
    }
    cmds.extend(
        [
            "MAIL FROM:<alice@example.test>",
            "RCPT TO:<bob@example.test>",
            "DATA",
        ]
        .map(String::from),
    );
    for cmd in cmds {
        if s.write_all(format!("{cmd}\r\n").as_bytes()).is_err() || reply(s).is_none() {
            return false;
        }
    }
    let _ = s.write_all(b"Subject: bench\r\n\r\nhello\r\n.\r\n");
    queued |= reply(s).is_some_and(|r| r.contains("queued as"));
    let _ = s.write_all(b"QUIT\r\n");
    reply(s);
    queued
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

fn rss_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn measure(clients: usize, tls: bool) {
    let lab = start(clients);
    let tls_config = tls.then(|| {
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_file_iter(&lab.ca).unwrap() {
            roots.add(cert.unwrap()).unwrap();
        }
        Arc::new(
            rustls::ClientConfig::builder_with_provider(Arc::new(
                #[allow(deprecated)]
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
        )
    });
    let port = if tls { lab.smtps } else { lab.relay };
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let refused = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (done, failed, refused, stop, tls_config) = (
                done.clone(),
                failed.clone(),
                refused.clone(),
                stop.clone(),
                tls_config.clone(),
            );
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let Ok(tcp) = TcpStream::connect(("127.0.0.1", port)) else {
                            refused.fetch_add(1, Ordering::Relaxed);
                            std::thread::sleep(Duration::from_millis(10));
                            continue;
                        };
                        let _ = tcp.set_read_timeout(Some(Duration::from_secs(30)));
                        let ok = match &tls_config {
                            Some(config) => {
                                let name = ServerName::try_from("localhost").unwrap();
                                let conn =
                                    rustls::ClientConnection::new(config.clone(), name).unwrap();
                                session(&mut rustls::StreamOwned::new(conn, tcp), true)
                            }
                            None => session(&mut { tcp }, false),
                        };
                        let counter = if ok { &done } else { &failed };
                        counter.fetch_add(1, Ordering::Relaxed);
                    }
                })
                .unwrap()
        })
        .collect();
    std::thread::sleep(RUN / 2);
    let rss_mid = rss_kib(lab.child.id(), "VmRSS:");
    std::thread::sleep(RUN / 2);
    stop.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed();
    for w in workers {
        let _ = w.join();
    }
    let peak = rss_kib(lab.child.id(), "VmHWM:");
    let sessions = done.load(Ordering::Relaxed);
    println!(
        "{clients:>5} clients, {}: {:>6.0} sessions/s ({sessions} delivered, {} cut, {} connects refused), lab RSS {:.1} MiB mid-run, peak {:.1} MiB",
        if tls { "implicit TLS + AUTH" } else { "plain relay        " },
        sessions as f64 / elapsed.as_secs_f64(),
        failed.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed),
        rss_mid as f64 / 1024.0,
        peak as f64 / 1024.0,
    );
    assert!(sessions > 0);
}

#[test]
#[ignore = "benchmark: run by hand, see the module docs"]
fn sessions_per_second_and_memory() {
    for clients in [100, 1000] {
        measure(clients, false);
        measure(clients, true);
    }
}
