//! `smtp-sim lab`: a real SMTP server on loopback that answers with the model's `Server`, on
//! three listeners (submission as 587, implicit TLS as 465, relay-style as 25), under the
//! simulator's attacker if asked, with each session graded and published on the live stream.

mod cert;
mod grade;
mod live;
mod narrate;
mod session;
mod transcript;

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use smtp_sim::path::attacker::Attack;
use smtp_sim::server::auth::{LAB_PASSWORD, LAB_USER};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use cert::Certificates;
use grade::{Graded, Mode, Row, CHECKS};
use live::Hub;
use transcript::Transcript;

/// Arguments of `smtp-sim lab`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit codes: 0 stopped with Ctrl-C, 2 usage error or a port that cannot be opened."
)]
pub struct Args {
    /// Address to listen on. Anything but loopback exposes the lab to the network.
    #[arg(long, default_value = "127.0.0.1")]
    listen: IpAddr,
    /// Submission port: STARTTLS required, AUTH only inside TLS (as 587). 0 picks a free port.
    #[arg(long, default_value_t = 2587, value_name = "PORT")]
    submission: u16,
    /// Implicit-TLS port (as 465). 0 picks a free port.
    #[arg(long, default_value_t = 2465, value_name = "PORT")]
    smtps: u16,
    /// Relay-style port: STARTTLS offered, no AUTH (as 25). 0 picks a free port.
    #[arg(long, default_value_t = 2025, value_name = "PORT")]
    relay: u16,
    /// Port of the live stream for the page's live view. 0 picks a free port.
    #[arg(long, default_value_t = 2580, value_name = "PORT")]
    live_port: u16,
    /// Where the page is served, for the printed live-view link.
    #[arg(long, default_value = "http://127.0.0.1:8080/", value_name = "URL")]
    base_url: String,
    /// Play the simulator's attacker on every connection.
    #[arg(long, value_parser = ["strip", "cert", "inject"], conflicts_with = "grade")]
    attack: Option<String>,
    /// Consecutive connections meet normal, strip, cert and inject in turn.
    #[arg(long)]
    grade: bool,
    /// One JSON summary line per finished session on stdout, instead of the narration.
    #[arg(long)]
    json: bool,
    /// Write the lab's certificate authority (PEM) here, for clients that verify.
    #[arg(long, value_name = "FILE")]
    ca_out: Option<PathBuf>,
    /// Connections served at once; more wait (Postfix's default_process_limit is 100).
    #[arg(long, default_value_t = 100, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    max_sessions: u32,
    /// Seconds of client silence before `421 4.4.2 … timeout exceeded` (Postfix smtpd_timeout);
    /// 10 when every session slot is taken, as Postfix under stress.
    #[arg(long, default_value_t = 300, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    idle_timeout: u64,
}

/// A message the lab accepted: kept in memory, never relayed.
pub struct Message {
    pub session: u64,
    pub from: String,
    pub to: Vec<String>,
    pub size: u64,
    pub subject: Option<String>,
}

/// Messages kept; older ones are forgotten.
const KEPT_MESSAGES: usize = 100;

/// What every session shares.
pub struct Lab {
    certs: Certificates,
    hub: Arc<Hub>,
    json: bool,
    grade: bool,
    attack: Option<Attack>,
    sessions: AtomicU64,
    active: AtomicUsize,
    max_sessions: usize,
    idle_timeout: Duration,
    messages: Mutex<VecDeque<Message>>,
    /// `--grade`: the card of each round of four sessions (by round number), one slot per
    /// check. Per round, not "the current one": connections overlap and end in any order.
    cards: Mutex<HashMap<u64, Vec<Option<Row>>>>,
}

/// The attacks of `--grade`, in turn.
const ROUND: [Option<Attack>; 4] = [
    None,
    Some(Attack::Strip),
    Some(Attack::Cert),
    Some(Attack::Inject),
];

impl Lab {
    fn idle_timeout(&self) -> Duration {
        if self.active.load(Ordering::Relaxed) >= self.max_sessions {
            Duration::from_secs(10)
        } else {
            self.idle_timeout
        }
    }

    fn attack_for(&self, session: u64) -> Option<Attack> {
        if self.grade {
            ROUND[((session - 1) % 4) as usize]
        } else {
            self.attack
        }
    }

    fn keep(&self, message: Message) {
        let mut messages = self.messages.lock().unwrap_or_else(|e| e.into_inner());
        messages.push_back(message);
        if messages.len() > KEPT_MESSAGES {
            messages.pop_front();
        }
    }

    /// A finished session: its JSON line, or its narration.
    fn report(&self, t: &Transcript, graded: &Graded, peer: SocketAddr) {
        let text = if self.json {
            graded.summary_json() + "\n"
        } else {
            let mut text = narrate::session(t, graded, &peer.to_string());
            if self.grade {
                let mut cards = self.cards.lock().unwrap_or_else(|e| e.into_inner());
                let round = (graded.summary.session - 1) / 4;
                // Rounds long finished are dropped: the card shown is always this session's.
                cards.retain(|r, _| r + 4 > round);
                let card = cards
                    .entry(round)
                    .or_insert_with(|| vec![None; CHECKS.len()]);
                // A failure in any session of the round stands: the program does that.
                for row in &graded.report {
                    if let Some(i) = CHECKS.iter().position(|(c, _)| *c == row.check) {
                        if card[i].as_ref().is_none_or(|had| had.result == "pass") {
                            card[i] = Some(row.clone());
                        }
                    }
                }
                // The next connection to arrive, whichever sessions are still open.
                let next = self
                    .attack_for(self.sessions.load(Ordering::SeqCst) + 1)
                    .map_or("normal", Attack::name);
                text.push_str(&narrate::card(card, round, next));
            }
            text + "\n"
        };
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
    }
}

/// Runs the lab until Ctrl-C.
pub fn run(args: Args) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("smtp-sim lab: cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(serve(args))
}

/// A listener with a queue deep enough for a burst of connections (tokio's default is 1,024;
/// the kernel caps it at net.core.somaxconn).
async fn bind(addr: IpAddr, port: u16, what: &str) -> Result<TcpListener, String> {
    let at = SocketAddr::new(addr, port);
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()
    } else {
        tokio::net::TcpSocket::new_v6()
    };
    socket
        .and_then(|s| {
            s.set_reuseaddr(true)?;
            s.bind(at)?;
            s.listen(4096)
        })
        .map_err(|e| format!("smtp-sim lab: cannot listen on {at} for the {what} port: {e}"))
}

async fn serve(args: Args) -> ExitCode {
    let certs = match Certificates::generate() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let ports = [
        (Mode::Submission, args.submission),
        (Mode::Smtps, args.smtps),
        (Mode::Relay, args.relay),
    ];
    let mut listeners = Vec::new();
    for (mode, port) in ports {
        match bind(args.listen, port, mode.name()).await {
            Ok(l) => listeners.push((mode, l)),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    let live = match bind(args.listen, args.live_port, "live").await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Some(path) = &args.ca_out {
        if let Err(e) = std::fs::write(path, &certs.ca_pem) {
            eprintln!("smtp-sim lab: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    let attack = args.attack.as_deref().and_then(Attack::from_name);
    let lab = Arc::new(Lab {
        certs,
        hub: Arc::new(Hub::new()),
        json: args.json,
        grade: args.grade,
        attack,
        sessions: AtomicU64::new(0),
        active: AtomicUsize::new(0),
        max_sessions: args.max_sessions as usize,
        idle_timeout: Duration::from_secs(args.idle_timeout),
        messages: Mutex::new(VecDeque::new()),
        cards: Mutex::new(HashMap::new()),
    });
    let live_addr = live.local_addr().ok();
    banner(&args, &listeners, live_addr, attack);

    let slots = Arc::new(Semaphore::new(lab.max_sessions));
    for (mode, listener) in listeners {
        tokio::spawn(accept(lab.clone(), slots.clone(), mode, listener));
    }
    tokio::spawn(live::serve(live, lab.hub.clone()));
    let _ = tokio::signal::ctrl_c().await;
    stop(&lab);
    ExitCode::SUCCESS
}

fn banner(
    args: &Args,
    listeners: &[(Mode, TcpListener)],
    live: Option<SocketAddr>,
    attack: Option<Attack>,
) {
    let mut out = String::from(
        "smtp-sim lab: a real SMTP server that answers as the simulator's server (the lab's Postfix 3.7.11); it never relays mail.\n",
    );
    if !args.listen.is_loopback() {
        out.push_str(&format!(
            "\n  WARNING: listening on {}, not loopback: other machines can reach this lab,\n  its login and its messages. Use --listen 127.0.0.1 unless you mean it.\n\n",
            args.listen
        ));
    }
    for (mode, listener) in listeners {
        let addr = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        let what = match mode {
            Mode::Submission => "STARTTLS required, AUTH only inside TLS (as 587)",
            Mode::Smtps => "implicit TLS from the first byte (as 465)",
            Mode::Relay => "STARTTLS offered, no AUTH (as 25)",
        };
        out.push_str(&format!("  {:<11} {addr}  {what}\n", mode.name()));
    }
    out.push_str(&format!("  login       {LAB_USER} / {LAB_PASSWORD}\n"));
    match &args.ca_out {
        Some(path) => out.push_str(&format!(
            "  CA          {} (trust it to verify the lab's certificate for localhost and 127.0.0.1)\n",
            path.display()
        )),
        None => out.push_str("  CA          not written: add --ca-out FILE so that a verifying client can trust the lab\n"),
    }
    let attacker = match (args.grade, attack) {
        (true, _) => "--grade: connections meet normal, strip, cert and inject in turn".to_string(),
        (false, Some(a)) => format!("{}: {}", a.name(), a.label()),
        (false, None) => "none".to_string(),
    };
    out.push_str(&format!("  attacker    {attacker}\n"));
    if let Some(mut live) = live {
        // Listening on every address: the page on this machine reaches it on loopback.
        if live.ip().is_unspecified() {
            live.set_ip(IpAddr::from([127, 0, 0, 1]));
        }
        let base = if args.base_url.ends_with('/') {
            args.base_url.clone()
        } else {
            format!("{}/", args.base_url)
        };
        out.push_str(&format!(
            "  live        {base}?view=live&lab=http://{live}  (stream: http://{live}/events)\n"
        ));
    }
    out.push_str("Ctrl-C stops the lab.\n");
    eprint!("{out}");
}

async fn accept(lab: Arc<Lab>, slots: Arc<Semaphore>, mode: Mode, listener: TcpListener) {
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    loop {
        let (tcp, peer) = match listener.accept().await {
            Ok(c) => c,
            Err(_) => {
                // Out of file descriptors and the like: wait, never spin.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // Beyond the limit this connection waits for a slot, ungreeted, and the ones after it
        // wait in the kernel's queue, as at a busy Postfix. (A slot taken before `accept` would
        // sit idle on a quiet port while another port's clients wait.)
        let Ok(permit) = slots.clone().acquire_owned().await else {
            return;
        };
        let id = lab.sessions.fetch_add(1, Ordering::SeqCst) + 1;
        let attack = lab.attack_for(id);
        let lab = lab.clone();
        tokio::spawn(async move {
            let _active = Active::count(&lab.active);
            let (session, greeting) =
                session::Session::new(lab.clone(), id, port, mode, attack, tcp, peer);
            session.run(greeting, peer).await;
            drop(permit);
        });
    }
}

/// Counts a session for as long as it runs, however it ends.
struct Active<'a>(&'a AtomicUsize);

impl<'a> Active<'a> {
    fn count(active: &'a AtomicUsize) -> Active<'a> {
        active.fetch_add(1, Ordering::Relaxed);
        Active(active)
    }
}

impl Drop for Active<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Ctrl-C: what the lab held, then out. Nothing is written anywhere.
fn stop(lab: &Lab) {
    let messages = lab.messages.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = format!(
        "\nsmtp-sim lab: stopped after {} session(s); {} message(s) held in memory (now discarded, never relayed)",
        lab.sessions.load(Ordering::SeqCst),
        messages.len()
    );
    out.push_str(if messages.is_empty() { ".\n" } else { ":\n" });
    for m in messages.iter() {
        out.push_str(&format!(
            "  session {}: from <{}> to {} · {} bytes · {}\n",
            m.session,
            m.from,
            m.to.iter()
                .map(|t| format!("<{t}>"))
                .collect::<Vec<_>>()
                .join(", "),
            m.size,
            m.subject.as_deref().unwrap_or("(no subject)")
        ));
    }
    eprint!("{out}");
}
