//! `smtp-sim lab` against real clients on 127.0.0.1 (ports chosen free at runtime): Python
//! smtplib, curl and swaks under normal, strip, cert and inject, each session's JSON summary and
//! report card checked; 100 concurrent sessions; junk, floods and slow clients; the live stream.
//!
//! What each client must do under each attack comes from the clients' documented behaviour and
//! the RFCs, not from the lab: smtplib's `starttls()` refuses a server without STARTTLS
//! (SMTPNotSupportedError) and verifies only with a context that says so; curl's `--ssl-reqd`
//! stops when STARTTLS is missing ("STARTTLS not supported.", lib/smtp.c) and verifies against
//! `--cacert`; an attacker that strips STARTTLS reads a login sent in the clear (RFC 3207 §6).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

struct Lab {
    child: Child,
    submission: u16,
    smtps: u16,
    relay: u16,
    live: u16,
    dir: PathBuf,
    stdout: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("smtpsimlab-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary under test; `SMTP_SIM_BIN` overrides it where a target directory shared between
/// checkouts may hold another checkout's build.
fn binary() -> String {
    std::env::var("SMTP_SIM_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_smtp-sim").to_string())
}

fn port_in(line: &str) -> u16 {
    let at = line.find("127.0.0.1:").expect(line) + "127.0.0.1:".len();
    line[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

impl Lab {
    fn start(name: &str, extra: &[&str]) -> Lab {
        let dir = scratch_dir(name);
        let ca = dir.join("ca.pem");
        let mut child = Command::new(binary())
            .args(["lab", "--submission", "0", "--smtps", "0", "--relay", "0"])
            .args(["--live-port", "0", "--ca-out", ca.to_str().unwrap()])
            .args(extra)
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let (mut submission, mut smtps, mut relay, mut live) = (0, 0, 0, 0);
        let mut line = String::new();
        while stderr.read_line(&mut line).unwrap() > 0 {
            let l = line.trim_start();
            if l.starts_with("submission ") {
                submission = port_in(l);
            } else if l.starts_with("smtps ") {
                smtps = port_in(l);
            } else if l.starts_with("relay ") {
                relay = port_in(l);
            } else if l.starts_with("live ") {
                live = port_in(&l[l.find("stream:").unwrap()..]);
            } else if l.starts_with("Ctrl-C") {
                break;
            }
            line.clear();
        }
        assert!(
            [submission, smtps, relay, live].iter().all(|&p| p != 0),
            "banner incomplete"
        );
        let out = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // The rest of stderr, kept to look for panics (and so that its pipe never fills).
        let errors = Arc::new(Mutex::new(String::new()));
        let kept = errors.clone();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                kept.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        Lab {
            child,
            submission,
            smtps,
            relay,
            live,
            dir,
            stdout: rx,
            stderr: errors,
        }
    }

    fn ca(&self) -> String {
        self.dir.join("ca.pem").to_str().unwrap().to_string()
    }

    /// The next `n` JSON summary lines (`--json`), by session number.
    fn summaries(&self, n: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut got = Vec::new();
        while got.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .stdout
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("only {} of {n} summaries: {got:?}", got.len()));
            got.push(serde_json::from_str::<Value>(&line).expect(&line));
        }
        got.sort_by_key(|v| v["session"].as_u64());
        got
    }

    /// Stdout text up to the end of the paragraph where `marker` is seen `times` times (the
    /// narration: a blank line ends each session).
    fn text_until(&self, marker: &str, times: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut text = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.is_empty() && text.matches(marker).count() >= times => {
                    return text
                }
                Ok(line) => text.push_str(&(line + "\n")),
                Err(_) => panic!("no {marker:?} x{times} in:\n{text}"),
            }
        }
    }

    /// The live stream's answer head and the records it replays, read for a moment.
    fn events(&self, origin: &str) -> (String, Vec<Value>) {
        let (head, body) = self.events_raw(origin);
        let records = body
            .split("\n\n")
            .filter_map(|m| m.strip_prefix("data: "))
            .map(|d| serde_json::from_str(d).expect(d))
            .collect();
        (head, records)
    }

    /// The live stream's answer head and body as text.
    fn events_raw(&self, origin: &str) -> (String, String) {
        let mut tcp = TcpStream::connect(("127.0.0.1", self.live)).unwrap();
        write!(
            tcp,
            "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {origin}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        tcp.set_read_timeout(Some(Duration::from_millis(400)))
            .unwrap();
        let mut raw = Vec::new();
        let mut buf = [0u8; 65536];
        while let Ok(n) = tcp.read(&mut buf) {
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
        }
        let text = String::from_utf8(raw).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").expect(&text);
        (head.to_string(), body.to_string())
    }

    /// Report-card rows of a session as (check, result), from its close record.
    fn report(records: &[Value], session: u64) -> Vec<(String, String)> {
        let close = records
            .iter()
            .find(|r| r["type"] == "close" && r["session"] == session)
            .unwrap_or_else(|| panic!("no close record for session {session}"));
        close["report"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["check"].as_str().unwrap().to_string(),
                    r["result"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// smtplib the ways programs use it; prints `sent` or `error: <exception> <message>`.
const SMTPLIB: &str = r#"
import smtplib, socket, ssl, sys
kind, port, ca = sys.argv[1], int(sys.argv[2]), sys.argv[3]
user, password = "alice@example.test", "correct horse"
msg = "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: lab test\r\n\r\nHello from smtplib\r\n"
def verifying():
    return ssl.create_default_context(cafile=ca)
def readahead():
    # A client that reads replies into its own buffer and keeps it across STARTTLS.
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    buf = b""
    def reply():
        nonlocal buf
        while True:
            lines = buf.split(b"\r\n")
            for i, line in enumerate(lines[:-1]):
                if len(line) >= 4 and line[3:4] == b" ":
                    buf = b"\r\n".join(lines[i + 1:])
                    return line
            buf += sock.recv(65536)
    reply()
    sock.sendall(b"EHLO readahead\r\n"); reply()
    sock.sendall(b"STARTTLS\r\n"); reply()
    sock = verifying().wrap_socket(sock, server_hostname="localhost")
    sock.sendall(b"EHLO readahead\r\n"); reply()
    sock.sendall(b"QUIT\r\n")
    sock.recv(65536)
    sock.close()
    print("sent")
try:
    if kind == "readahead":
        readahead(); sys.exit(0)
    if kind == "required":
        s = smtplib.SMTP("127.0.0.1", port, timeout=5); s.starttls(context=verifying())
    elif kind == "opportunistic":
        s = smtplib.SMTP("127.0.0.1", port, timeout=5); s.ehlo()
        if s.has_extn("starttls"):
            s.starttls(context=verifying()); s.ehlo()
    elif kind == "implicit":
        s = smtplib.SMTP_SSL("127.0.0.1", port, timeout=5, context=verifying())
    elif kind == "nocontext":
        s = smtplib.SMTP("127.0.0.1", port, timeout=5); s.starttls()
    elif kind == "wrongpass":
        s = smtplib.SMTP("127.0.0.1", port, timeout=5); s.starttls(context=verifying())
        password = "battery staple"
    s.login(user, password)
    s.sendmail(user, ["bob@example.test"], msg); s.quit(); print("sent")
except Exception as e:
    print("error:", type(e).__name__, e)
"#;

fn smtplib(lab: &Lab, kind: &str, port: u16) -> String {
    let script = lab.dir.join("client.py");
    if !script.exists() {
        std::fs::write(&script, SMTPLIB).unwrap();
    }
    let out = Command::new("python3")
        .arg(&script)
        .args([kind, &port.to_string(), &lab.ca()])
        .output()
        .expect("python3 runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// curl's exit code: 0 sent, 8 weird server reply, 60 certificate, 64 STARTTLS missing.
fn curl(lab: &Lab, url: &str, flags: &[&str]) -> i32 {
    let mail = lab.dir.join("mail.txt");
    std::fs::write(&mail, "Subject: lab test\r\n\r\nHello from curl\r\n").unwrap();
    Command::new("curl")
        .args(["-sS", "--max-time", "10", url])
        .args(flags)
        .args([
            "--mail-from",
            "alice@example.test",
            "--mail-rcpt",
            "bob@example.test",
        ])
        .args(["--user", "alice@example.test:correct horse", "-T"])
        .arg(&mail)
        .stderr(Stdio::null())
        .status()
        .expect("curl runs")
        .code()
        .unwrap_or(-1)
}

/// swaks, where the machine has it (scripts/setup.sh installs it): exit code, 0 sent.
fn swaks(lab: &Lab, port: u16, flags: &[&str]) -> Option<i32> {
    let status = Command::new("swaks")
        .args(["--server", &format!("127.0.0.1:{port}"), "--timeout", "10"])
        .args(["--from", "alice@example.test", "--to", "bob@example.test"])
        .args(["--auth", "PLAIN", "--auth-user", "alice@example.test"])
        .args(["--auth-password", "correct horse"])
        .args(flags)
        .current_dir(&lab.dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.code()
}

type Expect = (&'static str, &'static str, Option<bool>, &'static str);

/// Checks a summary's tls, auth, certificate_checked and outcome.
fn check(summary: &Value, what: &str, (tls, auth, checked, outcome): Expect) {
    let got = (
        summary["tls"].as_str().unwrap(),
        summary["auth"].as_str().unwrap(),
        summary["certificate_checked"].as_bool(),
        summary["outcome"].as_str().unwrap(),
    );
    assert_eq!(got, (tls, auth, checked, outcome), "{what}: {summary}");
}

fn rows(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, r)| (c.to_string(), r.to_string()))
        .collect()
}

const PRIVATE_STARTTLS: Expect = ("starttls", "in-tls", None, "sent-private");
const PRIVATE_IMPLICIT: Expect = ("implicit", "in-tls", None, "sent-private");
const STOPPED: Expect = ("none", "none", None, "refused-safe");
const STOPPED_AT_CERT: Expect = ("none", "none", Some(true), "refused-safe");

#[test]
fn clients_without_an_attacker_send_privately() {
    let lab = Lab::start("normal", &["--json"]);
    let (p, s) = (lab.submission, lab.smtps);
    for kind in ["required", "opportunistic", "nocontext"] {
        assert_eq!(smtplib(&lab, kind, p), "sent", "{kind}");
    }
    assert_eq!(smtplib(&lab, "implicit", s), "sent");
    let ca = lab.ca();
    let submission = format!("smtp://127.0.0.1:{p}");
    assert_eq!(curl(&lab, &submission, &["--ssl-reqd", "--cacert", &ca]), 0);
    assert_eq!(
        curl(&lab, &format!("smtps://127.0.0.1:{s}"), &["--cacert", &ca]),
        0
    );
    // Without the lab's CA a verifying client refuses the certificate: it checks.
    assert_eq!(curl(&lab, &submission, &["--ssl-reqd"]), 60);
    // Plaintext to the implicit-TLS port: the server resets; curl gets no greeting.
    assert_ne!(curl(&lab, &format!("smtp://127.0.0.1:{s}"), &[]), 0);

    let got = lab.summaries(8);
    for (i, what) in ["required", "opportunistic", "nocontext"]
        .iter()
        .enumerate()
    {
        check(&got[i], what, PRIVATE_STARTTLS);
        assert_eq!(got[i]["port"], p);
        assert_eq!(got[i]["model_port"], 587);
        assert_eq!(got[i]["messages"], 1);
    }
    check(&got[3], "implicit", PRIVATE_IMPLICIT);
    assert_eq!(
        (got[3]["port"].as_u64(), got[3]["model_port"].as_u64()),
        (Some(s.into()), Some(465))
    );
    check(&got[4], "curl --ssl-reqd", PRIVATE_STARTTLS);
    check(&got[5], "curl smtps", PRIVATE_IMPLICIT);
    check(
        &got[6],
        "curl without the CA",
        ("none", "none", Some(true), "rejected"),
    );
    check(
        &got[7],
        "curl plaintext to 465",
        ("none", "none", None, "rejected"),
    );

    let (_, records) = lab.events("http://127.0.0.1:8080");
    let auth_tls = rows(&[("auth-only-in-tls", "pass")]);
    assert_eq!(Lab::report(&records, 1), auth_tls);
    assert_eq!(
        Lab::report(&records, 4),
        rows(&[
            ("requires-tls", "pass"),
            ("implicit-tls-on-465", "pass"),
            ("auth-only-in-tls", "pass")
        ])
    );
    assert_eq!(
        Lab::report(&records, 7),
        rows(&[("checks-certificate", "pass")])
    );
    assert_eq!(
        Lab::report(&records, 8),
        rows(&[("implicit-tls-on-465", "fail")])
    );
}

#[test]
fn a_stripped_starttls_shows_who_falls_back_to_plaintext() {
    let lab = Lab::start("strip", &["--json", "--attack", "strip"]);
    let (p, s) = (lab.submission, lab.smtps);
    let refused = "error: SMTPNotSupportedError STARTTLS extension not supported by server.";
    assert_eq!(smtplib(&lab, "required", p), refused);
    assert_eq!(smtplib(&lab, "opportunistic", p), "sent");
    assert_eq!(smtplib(&lab, "nocontext", p), refused);
    assert_eq!(smtplib(&lab, "implicit", s), "sent");
    let ca = lab.ca();
    let submission = format!("smtp://127.0.0.1:{p}");
    // CURLE_USE_SSL_FAILED: "STARTTLS not supported." (curl lib/smtp.c).
    assert_eq!(
        curl(&lab, &submission, &["--ssl-reqd", "--cacert", &ca]),
        64
    );
    // --ssl: TLS if offered, else plaintext; the login crosses in the clear.
    assert_eq!(curl(&lab, &submission, &["--ssl", "--cacert", &ca]), 0);
    assert_eq!(
        curl(&lab, &format!("smtps://127.0.0.1:{s}"), &["--cacert", &ca]),
        0
    );

    let got = lab.summaries(7);
    let exposed: Expect = ("none", "in-clear", None, "password-exposed");
    check(&got[0], "required", STOPPED);
    check(&got[1], "opportunistic", exposed);
    assert_eq!(
        got[1]["messages"], 1,
        "the attacker relays: the message arrives"
    );
    check(&got[2], "nocontext", STOPPED);
    check(&got[3], "implicit", PRIVATE_IMPLICIT);
    check(&got[4], "curl --ssl-reqd", STOPPED);
    check(&got[5], "curl --ssl", exposed);
    check(&got[6], "curl smtps", PRIVATE_IMPLICIT);

    let (_, records) = lab.events("http://localhost:8080");
    assert_eq!(Lab::report(&records, 1), rows(&[("requires-tls", "pass")]));
    let fell_back = rows(&[("requires-tls", "fail"), ("auth-only-in-tls", "fail")]);
    assert_eq!(Lab::report(&records, 2), fell_back);
    assert_eq!(Lab::report(&records, 6), fell_back);
    // What crossed: the client saw 250-XXXXXXXA (as Cisco ASA rewrote it) and AUTH offered.
    let seen: Vec<&str> = records
        .iter()
        .filter(|r| r["session"] == 2 && r["type"] == "line" && r["to"] == "client")
        .filter_map(|r| r["text"].as_str())
        .collect();
    assert!(seen.contains(&"250-XXXXXXXA"), "{seen:?}");
    assert!(seen.contains(&"250-AUTH PLAIN LOGIN"), "{seen:?}");
    assert!(!seen.iter().any(|l| l.contains("STARTTLS")), "{seen:?}");
}

#[test]
fn a_forged_certificate_stops_only_the_clients_that_check() {
    let lab = Lab::start("cert", &["--json", "--attack", "cert"]);
    let (p, s) = (lab.submission, lab.smtps);
    for kind in ["required", "opportunistic"] {
        let got = smtplib(&lab, kind, p);
        assert!(
            got.starts_with("error: SSLCertVerificationError"),
            "{kind}: {got}"
        );
    }
    assert_eq!(smtplib(&lab, "nocontext", p), "sent");
    assert!(smtplib(&lab, "implicit", s).starts_with("error: SSLCertVerificationError"));
    let ca = lab.ca();
    let submission = format!("smtp://127.0.0.1:{p}");
    // CURLE_PEER_FAILED_VERIFICATION.
    assert_eq!(
        curl(&lab, &submission, &["--ssl-reqd", "--cacert", &ca]),
        60
    );
    assert_eq!(
        curl(&lab, &format!("smtps://127.0.0.1:{s}"), &["--cacert", &ca]),
        60
    );
    assert_eq!(curl(&lab, &submission, &["--ssl-reqd", "--insecure"]), 0);

    let got = lab.summaries(7);
    let decrypted: Expect = ("starttls", "in-tls", Some(false), "password-exposed");
    check(&got[0], "required", STOPPED_AT_CERT);
    check(&got[1], "opportunistic", STOPPED_AT_CERT);
    check(&got[2], "nocontext", decrypted);
    check(&got[3], "implicit", STOPPED_AT_CERT);
    check(&got[4], "curl --cacert", STOPPED_AT_CERT);
    check(&got[5], "curl smtps", STOPPED_AT_CERT);
    check(&got[6], "curl --insecure", decrypted);

    let (_, records) = lab.events("http://[::1]:8080");
    assert_eq!(
        Lab::report(&records, 1),
        rows(&[("checks-certificate", "pass")])
    );
    // Its login crossed inside TLS, but TLS to the attacker: no pass for that either.
    assert_eq!(
        Lab::report(&records, 3),
        rows(&[("checks-certificate", "fail"), ("auth-only-in-tls", "fail")])
    );
    let tls = records
        .iter()
        .find(|r| r["type"] == "tls" && r["session"] == 1)
        .unwrap();
    assert_eq!(
        (tls["certificate"].as_str(), tls["result"].as_str()),
        (Some("forged"), Some("failed"))
    );
}

#[test]
fn injected_bytes_after_starttls_catch_a_client_that_reads_ahead() {
    let lab = Lab::start("inject", &["--json", "--attack", "inject"]);
    let p = lab.submission;
    assert_eq!(smtplib(&lab, "required", p), "sent");
    assert_eq!(smtplib(&lab, "readahead", p), "sent");
    // curl refuses a reply pipelined behind 220 (CVE-2021-22947): CURLE_WEIRD_SERVER_REPLY.
    let ca = lab.ca();
    assert_eq!(
        curl(
            &lab,
            &format!("smtp://127.0.0.1:{p}"),
            &["--ssl-reqd", "--cacert", &ca]
        ),
        8
    );
    let got = lab.summaries(3);
    check(&got[0], "smtplib", PRIVATE_STARTTLS);
    check(&got[2], "curl", STOPPED);
    let (_, records) = lab.events("http://127.0.0.1:5173");
    assert!(Lab::report(&records, 1).contains(&("discards-pre-tls-data".into(), "pass".into())));
    assert_eq!(
        Lab::report(&records, 2),
        rows(&[("discards-pre-tls-data", "fail")])
    );
    assert_eq!(
        Lab::report(&records, 3),
        rows(&[("discards-pre-tls-data", "pass")])
    );
}

#[test]
fn swaks_meets_each_attack() {
    if Command::new("swaks").arg("--version").output().is_err() {
        eprintln!("swaks is not installed (scripts/setup.sh installs it): skipped");
        return;
    }
    let lab = Lab::start("swaks", &["--json", "--grade"]);
    let (p, ca) = (lab.submission, lab.ca());
    let tls = ["--tls", "--tls-verify", "--tls-ca-path", &ca];
    // --grade: normal, strip, cert, inject in turn. swaks exits 0 even where it stops
    // ("*** Host did not advertise STARTTLS"): the lab's record says what happened.
    for _ in 0..4 {
        assert!(swaks(&lab, p, &tls).is_some());
    }
    let got = lab.summaries(4);
    check(&got[0], "normal", PRIVATE_STARTTLS);
    check(&got[1], "strip", STOPPED);
    check(&got[2], "cert", STOPPED_AT_CERT);
    // swaks 20201014 reads ahead: it takes the injected "250 2.0.0 Ok" for its EHLO reply
    // inside TLS, finds no AUTH there ("Host did not advertise authentication") and quits.
    check(&got[3], "inject", ("starttls", "none", None, "rejected"));
    let (_, records) = lab.events("http://127.0.0.1:8080");
    assert_eq!(Lab::report(&records, 2), rows(&[("requires-tls", "pass")]));
    assert_eq!(
        Lab::report(&records, 3),
        rows(&[("checks-certificate", "pass")])
    );
    assert_eq!(
        Lab::report(&records, 4),
        rows(&[("discards-pre-tls-data", "fail")])
    );
}

/// Nodemailer the ways its documentation sets it up; prints `sent` or `error: <code> <message>`.
const NODEMAILER: &str = r#"
const nodemailer = require("nodemailer");
const fs = require("fs");
const [kind, port, ca] = process.argv.slice(2);
const options = { host: "127.0.0.1", port: Number(port), auth: { user: "alice@example.test", pass: "correct horse" },
  tls: { ca: fs.readFileSync(ca), servername: "localhost" }, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 5000 };
if (kind === "required") options.requireTLS = true;
if (kind === "implicit") options.secure = true;
nodemailer.createTransport(options)
  .sendMail({ from: "alice@example.test", to: "bob@example.test", subject: "lab test", text: "Hello from Nodemailer" })
  .then(() => console.log("sent"), (e) => console.log("error:", e.code, e.message));
"#;

/// Nodemailer from the npm packages scripts/setup.sh installs (e2e/node_modules), if there.
fn nodemailer(lab: &Lab, kind: &str, port: u16) -> Option<String> {
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e/node_modules");
    if !modules.join("nodemailer").exists() {
        return None;
    }
    let script = lab.dir.join("client.cjs");
    std::fs::write(&script, NODEMAILER).unwrap();
    let out = Command::new("node")
        .arg(&script)
        .args([kind, &port.to_string(), &lab.ca()])
        .env("NODE_PATH", modules)
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn nodemailer_sends_privately_unless_told_to_require_tls() {
    let lab = Lab::start("nodemailer", &["--json", "--grade"]);
    let (p, s) = (lab.submission, lab.smtps);
    // --grade: normal, strip, cert, inject in turn, for each setting.
    let Some(first) = nodemailer(&lab, "default", p) else {
        eprintln!("nodemailer is not installed (scripts/setup.sh installs it): skipped");
        return;
    };
    assert_eq!(first, "sent");
    // Without requireTLS Nodemailer uses STARTTLS only when offered (its README: "If false
    // (the default) then TLS is used if server supports the STARTTLS extension").
    assert_eq!(nodemailer(&lab, "default", p).unwrap(), "sent");
    let forged = nodemailer(&lab, "default", p).unwrap();
    assert!(forged.starts_with("error:"), "{forged}");
    nodemailer(&lab, "default", p).unwrap();
    // requireTLS: STARTTLS even when not offered, and no message without it.
    assert_eq!(nodemailer(&lab, "required", p).unwrap(), "sent");
    let stripped = nodemailer(&lab, "required", p).unwrap();
    assert!(stripped.starts_with("error:"), "{stripped}");
    let forged = nodemailer(&lab, "required", p).unwrap();
    assert!(forged.starts_with("error:"), "{forged}");
    nodemailer(&lab, "required", p).unwrap();
    assert_eq!(nodemailer(&lab, "implicit", s).unwrap(), "sent");

    let got = lab.summaries(9);
    check(&got[0], "default", PRIVATE_STARTTLS);
    check(
        &got[1],
        "default, stripped",
        ("none", "in-clear", None, "password-exposed"),
    );
    check(&got[2], "default, forged certificate", STOPPED_AT_CERT);
    check(&got[4], "requireTLS", PRIVATE_STARTTLS);
    check(&got[5], "requireTLS, stripped", STOPPED);
    check(&got[6], "requireTLS, forged certificate", STOPPED_AT_CERT);
    check(&got[8], "secure: true on the smtps port", PRIVATE_IMPLICIT);
    // Nodemailer reads each reply as it comes: the injected one is not taken, and it logs in
    // inside TLS.
    let (_, records) = lab.events("http://127.0.0.1:8080");
    for session in [4, 8] {
        assert_eq!(
            Lab::report(&records, session),
            rows(&[
                ("auth-only-in-tls", "pass"),
                ("discards-pre-tls-data", "pass")
            ]),
            "session {session}"
        );
    }
}

#[test]
fn grade_mode_fills_the_report_card_in_four_runs() {
    let lab = Lab::start("grade", &["--grade"]);
    let p = lab.submission;
    // A verifying program that requires STARTTLS: every check it meets passes.
    let results: Vec<String> = (0..4).map(|_| smtplib(&lab, "required", p)).collect();
    assert_eq!(results[0], "sent");
    let text = lab.text_until("Report card so far", 4);
    let last = &text[text.rfind("Report card so far").unwrap()..];
    for line in [
        "✓ Requires TLS: STARTTLS was stripped from the EHLO reply, and it stopped",
        "✓ Checks the certificate: It refused the attacker's self-signed certificate",
        "? Uses implicit TLS on 465: not decided yet; connect your program to the smtps port",
        "✓ Sends AUTH only inside TLS",
        "✓ Discards what it read before TLS",
    ] {
        assert!(last.contains(line), "{line:?} not in:\n{last}");
    }
    assert!(text.contains("attack: strip"));
    assert!(text.contains("S:   220 mail.example.test ESMTP Postfix (Debian/GNU)"));
    assert!(text.contains("A→C: 250-XXXXXXXA"));
    assert!(text.contains("Outcome: refused-safe."));
    // The walkthrough's steps, each with its rule.
    assert!(text.contains("▸ Ask for encryption: STARTTLS (RFC 3207 §4)"));
    assert!(text.contains("▸ Introduce yourself again: EHLO (RFC 3207 §4.2)"));

    // An opportunistic one: it logs in in the clear when stripped, and that stays on the card
    // although it logs in inside TLS under inject.
    let results: Vec<String> = (0..4).map(|_| smtplib(&lab, "opportunistic", p)).collect();
    assert_eq!(results[1], "sent", "stripped: it goes on in plaintext");
    let text = lab.text_until("Report card so far", 4);
    let last = &text[text.rfind("Report card so far").unwrap()..];
    for line in [
        "✗ Requires TLS: STARTTLS was stripped from the EHLO reply, and it went on in plaintext.",
        "Fix: Make TLS required",
        "✓ Checks the certificate",
        "✗ Sends AUTH only inside TLS: AUTH crossed in plaintext",
        "Fix: Start TLS before logging in",
        "✓ Discards what it read before TLS",
    ] {
        assert!(last.contains(line), "{line:?} not in:\n{last}");
    }
    assert!(text.contains("Outcome: password-exposed."));
    assert!(text.contains(
        "ATK  reads the login: alice@example.test / \"correct horse\", and passes it on"
    ));
    assert!(text.contains("⚠ The attacker reads the login (RFC 4616 §1)"));
    assert!(text.contains(
        "(base64 of \"\\0alice@example.test\\0correct horse\": base64 is not encryption)"
    ));
}

#[test]
fn grade_mode_keeps_a_rounds_failures_whatever_order_its_sessions_end_in() {
    let lab = Lab::start("overlap", &["--grade"]);
    let p = lab.submission;
    // Session 1 (no attack) stays open while sessions 2-4 (strip, cert, inject) come and go,
    // as with a connection pool or a retry.
    let mut first = TcpStream::connect(("127.0.0.1", p)).unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut greeting = [0u8; 256];
    let _ = first.read(&mut greeting).unwrap();
    for _ in 0..3 {
        smtplib(&lab, "nocontext", p);
    }
    lab.text_until("Report card so far", 3);
    first.write_all(b"QUIT\r\n").unwrap();
    let text = lab.text_until("Report card so far", 1);
    let last = &text[text.rfind("Report card so far").unwrap()..];
    assert!(
        last.starts_with("Report card so far (--grade, sessions 1–4)"),
        "{last}"
    );
    for line in [
        "✗ Checks the certificate: It finished TLS with the attacker's self-signed certificate",
        "Fix: Turn the certificate check back on",
        "✗ Sends AUTH only inside TLS",
    ] {
        assert!(last.contains(line), "{line:?} not in:\n{last}");
    }
}

#[test]
fn a_wrong_password_gets_the_real_535() {
    let lab = Lab::start("login", &["--json"]);
    let got = smtplib(&lab, "wrongpass", lab.submission);
    // Dovecot's answer through Postfix (conformance facts §4).
    assert!(
        got.starts_with(
            "error: SMTPAuthenticationError (535, b'5.7.8 Error: authentication failed:"
        ),
        "{got}"
    );
    let summary = &lab.summaries(1)[0];
    check(
        summary,
        "wrong password",
        ("starttls", "in-tls", None, "rejected"),
    );
}

/// One plain session on the relay-style port to a local mailbox; whether it was queued.
fn relay_session(port: u16) -> bool {
    let Ok(tcp) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    tcp.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut reader = BufReader::new(tcp.try_clone().unwrap());
    let mut w = tcp;
    let mut reply = || -> String {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return all;
            }
            all.push_str(&line);
            if line.as_bytes().get(3) == Some(&b' ') {
                return all;
            }
        }
    };
    reply();
    let mut queued = false;
    for cmd in [
        "EHLO load",
        "MAIL FROM:<load@example.net>",
        "RCPT TO:<bob@example.test>",
        "DATA",
    ] {
        let _ = write!(w, "{cmd}\r\n");
        reply();
    }
    let _ = write!(w, "Subject: load\r\n\r\nhello\r\n.\r\n");
    queued |= reply().contains("queued as");
    let _ = write!(w, "QUIT\r\n");
    reply();
    queued
}

#[test]
fn a_hundred_concurrent_sessions_are_all_delivered() {
    let lab = Lab::start("load", &["--json"]);
    let port = lab.relay;
    let started = Instant::now();
    let threads: Vec<_> = (0..100)
        .map(|_| std::thread::spawn(move || relay_session(port)))
        .collect();
    let delivered = threads
        .into_iter()
        .map(|t| t.join().unwrap())
        .filter(|queued| *queued)
        .count();
    assert_eq!(delivered, 100);
    let summaries = lab.summaries(100);
    assert!(summaries
        .iter()
        .all(|s| s["outcome"] == "sent-exposed" && s["messages"] == 1));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn junk_floods_and_slow_clients_never_stop_the_lab() {
    let lab = Lab::start("junk", &["--json", "--max-sessions", "30"]);
    let (p, s, r) = (lab.submission, lab.smtps, lab.relay);
    // Binary junk, TLS garbage on the implicit-TLS port, a line that never ends.
    let mut junk: Vec<TcpStream> = Vec::new();
    for (port, bytes) in [
        (r, (0..=255u8).cycle().take(70_000).collect::<Vec<u8>>()),
        (
            s,
            [&[0x16u8, 0x03, 0x01, 0xff, 0xff][..], &[0xAA; 4000]].concat(),
        ),
        (p, vec![b'A'; 300_000]),
        (
            p,
            b"EHLO x\r\nSTARTTLS\r\n\x16\x03\x01\x00\x05hello".to_vec(),
        ),
    ] {
        let mut tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let _ = tcp.write_all(&bytes);
        junk.push(tcp);
    }
    // A connection flood: 300 connects that close at once.
    for _ in 0..300 {
        let _ = TcpStream::connect(("127.0.0.1", r));
    }
    // A slow client: one byte at a time.
    let mut slow = TcpStream::connect(("127.0.0.1", r)).unwrap();
    for b in b"EHLO slow" {
        slow.write_all(&[*b]).unwrap();
        std::thread::sleep(Duration::from_millis(20));
    }
    // Still answering, and delivering.
    let started = Instant::now();
    assert!(relay_session(r));
    assert_eq!(smtplib(&lab, "required", p), "sent");
    assert!(started.elapsed() < Duration::from_secs(10));
    drop(junk);
    drop(slow);

    // Message content of every byte value and broken UTF-8, after DATA.
    let mut tcp = TcpStream::connect(("127.0.0.1", r)).unwrap();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut noise = Vec::new();
    for _ in 0..20_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        noise.push((seed >> 32) as u8);
    }
    let session = [
        &b"EHLO x\r\nMAIL FROM:<a@example.net>\r\n"[..],
        b"RCPT TO:<bob@example.test>\r\nDATA\r\n",
    ];
    for part in session {
        tcp.write_all(part).unwrap();
        std::thread::sleep(Duration::from_millis(50));
    }
    tcp.write_all(&noise).unwrap();
    tcp.write_all("\r\nSubjecté: ü\r\n".as_bytes()).unwrap();
    tcp.write_all(b"\xff\xfe\r\n.\r\nQUIT\r\n").unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut answer = String::new();
    let _ = BufReader::new(tcp).read_to_string(&mut answer);
    assert!(answer.contains("queued as"), "{answer}");
    assert!(relay_session(r));
    let errors = lab.stderr.lock().unwrap().clone();
    assert!(!errors.contains("panicked"), "{errors}");
}

#[test]
fn the_live_stream_replays_past_sessions_with_cors_for_loopback_only() {
    let lab = Lab::start("live", &["--json"]);
    assert_eq!(smtplib(&lab, "required", lab.submission), "sent");
    assert!(relay_session(lab.relay));
    let lines: Vec<String> = (0..2)
        .map(|_| lab.stdout.recv_timeout(Duration::from_secs(10)).unwrap())
        .collect();
    // The close record's summary is the --json line, byte for byte.
    let (_, body) = lab.events_raw("http://127.0.0.1:8080");
    for line in &lines {
        assert!(
            body.contains(&format!("\"summary\":{line},")),
            "{line} not in {body}"
        );
    }

    let (head, records) = lab.events("http://127.0.0.1:8080");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("Content-Type: text/event-stream"), "{head}");
    assert!(head.contains("Cache-Control: no-store"), "{head}");
    assert!(
        head.contains("Access-Control-Allow-Origin: http://127.0.0.1:8080"),
        "{head}"
    );
    // Oldest first: session 1 opens, crosses, closes; then session 2.
    assert_eq!(records[0]["type"], "open");
    assert_eq!(records[0]["session"], 1);
    assert_eq!(records[0]["mode"], "submission");
    assert_eq!(records[0]["attack"], "none");
    let order: Vec<(u64, &str)> = records
        .iter()
        .map(|r| (r["session"].as_u64().unwrap(), r["type"].as_str().unwrap()))
        .filter(|(_, t)| *t != "line")
        .collect();
    assert_eq!(
        order,
        [
            (1, "open"),
            (1, "tls"),
            (1, "close"),
            (2, "open"),
            (2, "close")
        ]
    );
    let greeting = &records[1];
    assert_eq!(
        greeting["text"],
        "220 mail.example.test ESMTP Postfix (Debian/GNU)"
    );
    assert_eq!(
        (greeting["from"].as_str(), greeting["code"].as_u64()),
        (Some("server"), Some(220))
    );
    let auth = records
        .iter()
        .find(|r| {
            r["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("AUTH PLAIN"))
        })
        .unwrap();
    assert_eq!(auth["encrypted"], true);
    assert!(auth["note"]
        .as_str()
        .unwrap()
        .contains("alice@example.test"));
    let close = records.iter().find(|r| r["type"] == "close").unwrap();
    assert_eq!(close["summary"]["outcome"], "sent-private");

    let (head, _) = lab.events("https://evil.example");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(!head.contains("Access-Control-Allow-Origin"), "{head}");

    let mut tcp = TcpStream::connect(("127.0.0.1", lab.live)).unwrap();
    write!(
        tcp,
        "OPTIONS /events HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:8080\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
    assert!(
        answer.contains("Access-Control-Allow-Origin: http://localhost:8080"),
        "{answer}"
    );
}

#[test]
fn ctrl_c_stops_the_lab_cleanly_and_only_the_ca_is_written() {
    let mut lab = Lab::start("stop", &["--json"]);
    assert_eq!(smtplib(&lab, "required", lab.submission), "sent");
    lab.summaries(1);
    let status = Command::new("kill")
        .args(["-INT", &lab.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let code = loop {
        if let Some(status) = lab.child.try_wait().unwrap() {
            break status.code();
        }
        assert!(Instant::now() < deadline, "still running after SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code, Some(0));
    // The messages it held, listed as it stops; nothing was relayed anywhere.
    std::thread::sleep(Duration::from_millis(200));
    let said = lab.stderr.lock().unwrap().clone();
    assert!(said.contains("stopped after 1 session(s); 1 message(s) held in memory (now discarded, never relayed)"), "{said}");
    assert!(
        said.contains("session 1: from <alice@example.test> to <bob@example.test> · "),
        "{said}"
    );
    assert!(said.contains(" bytes · lab test"), "{said}");
    let mut files: Vec<String> = std::fs::read_dir(&lab.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    // The test's own client script beside the CA; the lab wrote nothing else.
    assert_eq!(files, ["ca.pem", "client.py"]);
}

#[test]
fn a_silent_client_meets_postfixs_timeout() {
    let lab = Lab::start("idle", &["--json", "--idle-timeout", "1"]);
    let tcp = TcpStream::connect(("127.0.0.1", lab.submission)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut answer = String::new();
    let _ = BufReader::new(tcp).read_to_string(&mut answer);
    // As recorded from the lab's Postfix (conformance 25_idle_timeout_after_banner).
    assert_eq!(
        answer,
        "220 mail.example.test ESMTP Postfix (Debian/GNU)\r\n421 4.4.2 mail.example.test Error: timeout exceeded\r\n"
    );
    // On the implicit-TLS port a silent client is waiting for a greeting that TLS must come
    // before: the TLS layer gives up without a word.
    let mut tcp = TcpStream::connect(("127.0.0.1", lab.smtps)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut bytes = Vec::new();
    let _ = tcp.read_to_end(&mut bytes);
    assert!(bytes.is_empty());
    let got = lab.summaries(2);
    assert_eq!(got[0]["outcome"], "rejected");
    let (_, records) = lab.events("http://127.0.0.1:8080");
    assert_eq!(
        Lab::report(&records, 2),
        rows(&[("implicit-tls-on-465", "fail")])
    );
    let tls = records
        .iter()
        .find(|r| r["type"] == "tls" && r["session"] == 2)
        .unwrap();
    assert_eq!(
        (tls["how"].as_str(), tls["result"].as_str()),
        (Some("implicit"), Some("failed"))
    );
}

#[test]
fn sessions_beyond_the_limit_wait_and_listeners_beyond_sixteen_are_turned_away() {
    let lab = Lab::start("limits", &["--json", "--max-sessions", "2"]);
    let greeting = |tcp: &TcpStream| {
        tcp.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut line = String::new();
        let _ = BufReader::new(tcp).read_line(&mut line);
        line
    };
    let first = TcpStream::connect(("127.0.0.1", lab.relay)).unwrap();
    let second = TcpStream::connect(("127.0.0.1", lab.relay)).unwrap();
    assert!(greeting(&first).starts_with("220 "));
    assert!(greeting(&second).starts_with("220 "));
    // The third waits in the listen queue, as at a busy Postfix, until a slot frees.
    let third = TcpStream::connect(("127.0.0.1", lab.relay)).unwrap();
    assert_eq!(greeting(&third), "");
    drop(first);
    assert!(greeting(&third).starts_with("220 "));

    let listeners: Vec<TcpStream> = (0..16)
        .map(|_| {
            let mut tcp = TcpStream::connect(("127.0.0.1", lab.live)).unwrap();
            write!(tcp, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            assert!(greeting(&tcp).starts_with("HTTP/1.1 200"));
            tcp
        })
        .collect();
    let mut extra = TcpStream::connect(("127.0.0.1", lab.live)).unwrap();
    write!(extra, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    assert!(greeting(&extra).starts_with("HTTP/1.1 503"));
    drop(listeners);
}
