//! `smtp-sim probe`: the simulator's journey run for real against a host, from this network.
//!
//! For each port (in parallel, each step bounded by `--timeout`): the knock, the greeting,
//! EHLO, STARTTLS or implicit TLS, the certificate, EHLO again; then a verdict in the
//! simulator's words with a link to the same journey. `--relay` reads a mail domain instead:
//! MX, MTA-STS, TLS-RPT and DANE. Only EHLO, STARTTLS and QUIT are ever sent.

mod dns;
mod https;
mod mta_sts;
mod port;
mod relay;
mod report;
mod smtp;
mod tls;
mod verdict;

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use port::{Context, Target};

/// Arguments of `smtp-sim probe`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 a usable submission port was found (with --relay: an MX \
answered on port 25), 1 none was, 2 usage error.\n\nOnly EHLO, STARTTLS and QUIT are sent: no \
login, no mail."
)]
pub struct Args {
    /// The host to probe, optionally with one port (HOST:PORT, [IPv6]:PORT); with --relay, a
    /// mail domain.
    target: String,
    /// Ports to probe, comma-separated. `N:AS` probes port N as the simulator's port AS
    /// (e.g. 2465:465 for implicit TLS on 2465).
    #[arg(long, value_delimiter = ',', default_value = "25,465,587,2525")]
    ports: Vec<String>,
    /// Seconds each step may take (connect, greeting, each reply, TLS handshake).
    #[arg(long, default_value_t = 10.0)]
    timeout: f64,
    /// Trust only the PEM certificates in FILE (instead of the system's roots).
    #[arg(long, value_name = "FILE")]
    ca: Option<PathBuf>,
    /// DNS resolver to ask (IP or IP:PORT) instead of the system's.
    #[arg(long, value_name = "ADDR")]
    dns: Option<String>,
    /// One JSON object on stdout instead of text; no progress lines.
    #[arg(long)]
    json: bool,
    /// Where the simulator's links point.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080/")]
    base_url: String,
    /// Read TARGET as a mail domain: its MX hosts on port 25, MTA-STS, TLS-RPT, DANE.
    #[arg(long)]
    relay: bool,
    /// With --relay: the port the MX hosts are probed on (25; another one for a test server).
    #[arg(long, value_name = "PORT", default_value_t = 25)]
    mx_port: u16,
    /// With --relay: the port the MTA-STS policy is fetched from (443; another one for a test
    /// server).
    #[arg(long, value_name = "PORT", default_value_t = 443)]
    https_port: u16,
}

/// Progress lines on stderr while ports are probed (off with --json).
#[derive(Clone, Copy)]
pub struct Progress {
    on: bool,
}

impl Progress {
    pub fn say(&self, port: u16, text: String) {
        if self.on {
            use std::io::Write;
            // Not eprintln!: a closed stderr must not end the probe.
            let _ = writeln!(std::io::stderr().lock(), "  … {port:>5}  {text}");
        }
    }
}

/// Probes the host (or, with --relay, the domain).
pub fn run(args: Args) -> ExitCode {
    match check(&args) {
        Ok(()) => {}
        Err(e) => {
            eprintln!("smtp-sim probe: {e}");
            return ExitCode::from(2);
        }
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("smtp-sim probe: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(start(args)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("smtp-sim probe: {e}");
            ExitCode::from(2)
        }
    }
}

/// Usage errors that clap cannot see.
fn check(args: &Args) -> Result<(), String> {
    if !(args.timeout > 0.0 && args.timeout <= 300.0) {
        return Err("--timeout must be more than 0 and at most 300 seconds".into());
    }
    if args.target.is_empty() || args.target.len() > 253 {
        return Err("the host name is empty or too long".into());
    }
    if !args.base_url.starts_with("http://") && !args.base_url.starts_with("https://") {
        return Err("--base-url must start with http:// or https://".into());
    }
    Ok(())
}

/// HOST, HOST:PORT, [IPv6]:PORT or a bare IPv6 address.
fn split_target(target: &str) -> Result<(String, Option<u16>), String> {
    if let Ok(ip) = target.parse::<IpAddr>() {
        return Ok((ip.to_string(), None));
    }
    if let Some(rest) = target.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| format!("{target}: missing ]"))?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(parse_port(p)?),
            None if after.is_empty() => None,
            None => return Err(format!("{target}: expected :PORT after ]")),
        };
        return Ok((host.to_string(), port));
    }
    match target.rsplit_once(':') {
        Some((host, port)) => Ok((host.to_string(), Some(parse_port(port)?))),
        None => Ok((target.to_string(), None)),
    }
}

fn parse_port(text: &str) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(format!("{text} is not a port (1-65535)")),
    }
}

/// `--ports` items: N, or N:AS.
fn targets(items: &[String], one: Option<u16>) -> Result<Vec<Target>, String> {
    let target = |number: u16, as_port: u16| Target {
        number,
        as_port,
        tls_first: smtp_sim::Port::from_number(as_port)
            .is_some_and(|p| p.info().tls == smtp_sim::path::port::TlsStart::Implicit),
    };
    if let Some(p) = one {
        return Ok(vec![target(p, p)]);
    }
    let mut out: Vec<Target> = Vec::new();
    for item in items {
        let (n, as_port) = match item.trim().split_once(':') {
            Some((n, a)) => (parse_port(n)?, parse_port(a)?),
            None => {
                let n = parse_port(item.trim())?;
                (n, n)
            }
        };
        if out.iter().any(|t| t.number == n) {
            continue;
        }
        out.push(target(n, as_port));
    }
    if out.is_empty() || out.len() > 16 {
        return Err("--ports takes 1 to 16 ports".into());
    }
    Ok(out)
}

async fn start(args: Args) -> Result<bool, String> {
    let roots = tls::Roots::load(args.ca.as_deref())?;
    let resolver = dns::Dns::new(args.dns.as_deref())?;
    let wait = Duration::from_secs_f64(args.timeout);
    let progress = Progress { on: !args.json };
    if args.relay {
        let (domain, _) = split_target(&args.target)?;
        let report = relay::probe(
            &domain,
            &relay::Options {
                resolver,
                roots,
                wait,
                progress,
                mx_port: args.mx_port,
                https_port: args.https_port,
                base: args.base_url.clone(),
            },
        )
        .await;
        report::relay(&report, args.json);
        return Ok(report.receives_mail());
    }
    let (host, one) = split_target(&args.target)?;
    let targets = targets(&args.ports, one)?;
    let addr = match host.parse::<IpAddr>() {
        Ok(ip) => ip,
        Err(_) => match resolver.address(&host).await {
            Ok(ip) => ip,
            Err(e) => {
                report::unresolved(&host, &e, args.json);
                return Ok(false);
            }
        },
    };
    let ctx = Context {
        addr,
        tls_name: host.clone(),
        roots,
        wait,
        progress,
    };
    let seen = probe_ports(&ctx, &targets).await;
    let pairs: Vec<(u16, &port::Seen)> = targets
        .iter()
        .zip(&seen)
        .map(|(t, s)| (t.as_port, s))
        .collect();
    let net = verdict::network(&pairs);
    let judged: Vec<(u16, verdict::Verdict)> = targets
        .iter()
        .zip(&seen)
        .map(|(t, s)| {
            (
                t.number,
                verdict::judge(t.number, t.as_port, s, net, &args.base_url),
            )
        })
        .collect();
    let overall = verdict::overall(&judged, net);
    report::ports(
        &report::Header {
            host: &host,
            addr,
            roots: &ctx.roots.source,
        },
        &targets,
        &seen,
        &judged,
        &overall,
        args.json,
    );
    Ok(overall.port.is_some())
}

/// All ports at once; results in the order asked.
pub async fn probe_ports(ctx: &Context, targets: &[Target]) -> Vec<port::Seen> {
    let mut tasks = Vec::new();
    for target in targets {
        let (ctx, target) = (ctx.clone(), target.clone());
        tasks.push(tokio::spawn(async move {
            let seen = port::probe(&ctx, &target).await;
            ctx.progress.say(target.number, "done".into());
            seen
        }));
    }
    let mut seen = Vec::new();
    for task in tasks {
        seen.push(task.await.unwrap_or_default());
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_ports_parse() {
        assert_eq!(
            split_target("mail.example.com").unwrap(),
            ("mail.example.com".into(), None)
        );
        assert_eq!(split_target("mail.example.com:587").unwrap().1, Some(587));
        assert_eq!(
            split_target("[::1]:465").unwrap(),
            ("::1".into(), Some(465))
        );
        assert_eq!(split_target("::1").unwrap(), ("::1".into(), None));
        assert!(split_target("host:0").is_err());
        assert!(split_target("host:99999").is_err());
        let t = targets(&["25".into(), "2465:465".into()], None).unwrap();
        assert_eq!(
            (t[1].number, t[1].as_port, t[1].tls_first),
            (2465, 465, true)
        );
        assert!(!t[0].tls_first);
        assert!(targets(&["x".into()], None).is_err());
    }
}
