//! `smtp-sim probe DOMAIN --relay`: the receiving side of a mail domain, as a sending MTA meets
//! it. Its MX hosts (RFC 5321 §5.1: no MX means the domain's own address; RFC 7505: a Null MX
//! means no mail at all), each probed on 25; MTA-STS (RFC 8461), TLS-RPT (RFC 8460) and DANE
//! TLSA (RFC 7672), each with what it protects against.

use std::net::IpAddr;
use std::time::Duration;

use smtp_sim::path::attacker::{Attack, Policy as SimPolicy};
use smtp_sim::teach::diagnose::Shown;
use smtp_sim::{Port, Setup};

use super::dns::{Answer, Dns, Tlsa};
use super::mta_sts::{self, Mode, Policy, StsRecord, TlsRpt};
use super::port::{self, Context, Seen, Target};
use super::tls::{CertInfo, CertStatus, Roots};
use super::verdict::{self, Verdict};
use super::{https, Progress};

pub struct Options {
    pub resolver: Dns,
    pub roots: Roots,
    pub wait: Duration,
    pub progress: Progress,
    pub mx_port: u16,
    pub https_port: u16,
    pub base: String,
}

/// How the domain names its mail servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MxKind {
    /// MX records.
    Mx,
    /// `0 .`: the domain accepts no mail (RFC 7505 §3).
    NullMx,
    /// No MX: the domain's own A/AAAA records act as an MX of preference 0 (RFC 5321 §5.1).
    ImplicitA,
    /// Neither MX nor an address: no mail can be delivered.
    None,
}

/// One mail server of the domain.
pub struct MxHost {
    pub host: String,
    pub preference: u16,
    pub address: Option<IpAddr>,
    pub seen: Option<Seen>,
    pub verdict: Option<Verdict>,
    pub tlsa: Result<(Vec<Tlsa>, bool), String>,
    /// Whether the MTA-STS policy lists it (None without a policy).
    pub sts_match: Option<bool>,
}

/// What MTA-STS says.
pub struct Sts {
    pub record: Result<StsRecord, String>,
    pub url: String,
    pub policy: Option<Result<Policy, String>>,
    pub policy_cert: Option<CertInfo>,
}

pub struct RelayReport {
    pub domain: String,
    /// The port the MX hosts were probed on (25 unless `--mx-port`).
    pub mx_port: u16,
    pub kind: MxKind,
    pub dns_error: Option<String>,
    pub hosts: Vec<MxHost>,
    pub sts: Sts,
    pub tls_rpt: Result<TlsRpt, String>,
    /// The simulator's relay journey with the domain's strongest policy, under the attack it stops.
    pub link: String,
}

impl RelayReport {
    /// An MX answered on port 25 with a 220 greeting.
    pub fn receives_mail(&self) -> bool {
        self.hosts.iter().any(|h| {
            h.seen
                .as_ref()
                .and_then(|s| s.greeting.as_ref())
                .is_some_and(|g| g.code == 220)
        })
    }

    /// The strongest policy the domain publishes, for the simulator's link: DANE where
    /// validated TLSA records exist, else MTA-STS in enforce mode, else none.
    pub fn policy(&self) -> SimPolicy {
        let dane = self
            .hosts
            .iter()
            .any(|h| matches!(&h.tlsa, Ok((records, true)) if !records.is_empty()));
        let enforce = matches!(&self.sts.policy, Some(Ok(p)) if p.mode == Mode::Enforce);
        if dane {
            SimPolicy::Dane
        } else if enforce {
            SimPolicy::MtaSts
        } else {
            SimPolicy::Opportunistic
        }
    }
}

pub async fn probe(domain: &str, opts: &Options) -> RelayReport {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let say = |text: String| opts.progress.say(opts.mx_port, text);
    say(format!("MX? {domain}"));
    let (kind, mut names, dns_error) = match opts.resolver.mx(&domain).await {
        Ok(Answer::Records(mx)) if mx.iter().any(|(_, h)| h == ".") => {
            (MxKind::NullMx, vec![], None)
        }
        Ok(Answer::Records(mx)) => (MxKind::Mx, mx, None),
        Ok(Answer::NoData) => (MxKind::ImplicitA, vec![(0, domain.clone())], None),
        Ok(Answer::NxDomain) => (
            MxKind::None,
            vec![],
            Some(format!("{domain} does not exist (NXDOMAIN)")),
        ),
        Err(e) => (MxKind::None, vec![], Some(e)),
    };
    names.truncate(8);
    let sts_future = sts(&domain, opts);
    let rpt_future = async {
        match opts.resolver.txt(&format!("_smtp._tls.{domain}")).await {
            Ok(a) => mta_sts::tls_rpt(a.records()),
            Err(e) => Err(e),
        }
    };
    let hosts_future = async {
        let mut tasks = Vec::new();
        for (preference, host) in names {
            let opts_dns = opts.resolver.clone();
            let ctx_parts = (opts.roots.clone(), opts.wait, opts.progress, opts.mx_port);
            tasks.push(tokio::spawn(async move {
                mx_host(host, preference, opts_dns, ctx_parts).await
            }));
        }
        let mut hosts = Vec::new();
        for t in tasks {
            if let Ok(h) = t.await {
                hosts.push(h);
            }
        }
        hosts
    };
    let (sts, tls_rpt, mut hosts) = tokio::join!(sts_future, rpt_future, hosts_future);
    let mut kind = kind;
    if kind == MxKind::ImplicitA && hosts.iter().all(|h| h.address.is_none()) {
        kind = MxKind::None;
    }
    for host in &mut hosts {
        if let Some(Ok(policy)) = &sts.policy {
            host.sts_match = Some(mta_sts::mx_matches(&policy.mx, &host.host));
        }
    }
    let mut report = RelayReport {
        domain,
        mx_port: opts.mx_port,
        kind,
        dns_error,
        hosts,
        sts,
        tls_rpt,
        link: String::new(),
    };
    let policy = report.policy();
    for host in &mut report.hosts {
        if let Some(seen) = &host.seen {
            let mut v = verdict::judge(opts.mx_port, 25, seen, smtp_sim::Network::Open, &opts.base);
            v.link = with_policy(&v.link, policy);
            if v.id == "relay-only" {
                v.summary = receiving(opts.mx_port, seen);
            }
            host.verdict = Some(v);
        }
    }
    // What the policy buys: the simulator's relay on 25 with it, under the attack it stops.
    let setup = Setup {
        policy,
        attack: Some(if policy == SimPolicy::Opportunistic {
            Attack::Strip
        } else {
            Attack::Cert
        }),
        ..Setup::new(Port::P25)
    };
    report.link = crate::page::link(&opts.base, &setup, Shown::Steps(0));
    report
}

/// The relay verdict from the receiving side: what a sending server gets here.
fn receiving(port: u16, seen: &Seen) -> String {
    let cert = seen.cert.as_ref().map_or(CertStatus::None, |c| c.status);
    if cert == CertStatus::Valid {
        format!("{port}: takes mail with STARTTLS and a certificate valid for its name: senders can deliver encrypted, and MTA-STS or DANE senders can check who they reach")
    } else {
        format!(
            "{port}: takes mail with STARTTLS, but its certificate is {}: opportunistic senders deliver encrypted anyway, MTA-STS senders in enforce mode defer",
            cert.name()
        )
    }
}

/// Adds `policy=` to a relay link (the verdict's own setup has the sender's default, `none`).
fn with_policy(link: &str, policy: SimPolicy) -> String {
    if policy == SimPolicy::Opportunistic {
        link.to_string()
    } else {
        format!("{link}&policy={}", policy.name())
    }
}

async fn mx_host(
    host: String,
    preference: u16,
    dns: Dns,
    (roots, wait, progress, mx_port): (Roots, Duration, Progress, u16),
) -> MxHost {
    let address = host
        .parse::<IpAddr>()
        .ok()
        .or(dns.address(&host).await.ok());
    let mut tlsa = dns
        .tlsa(&format!("_25._tcp.{host}"))
        .await
        .map(|a| (a.answer.records().to_vec(), a.authentic));
    let seen = match address {
        Some(addr) => {
            progress.say(mx_port, format!("{host} ({addr}): knocking"));
            let ctx = Context {
                addr,
                tls_name: host.clone(),
                roots,
                wait,
                progress: Progress { on: false },
            };
            let target = Target {
                number: mx_port,
                as_port: 25,
                tls_first: false,
            };
            let seen = port::probe(&ctx, &target).await;
            progress.say(mx_port, format!("{host}: done"));
            Some(seen)
        }
        None => None,
    };
    // What a DANE sender checks: does a record match the certificate this MX showed?
    let chain = seen
        .as_ref()
        .and_then(|s| s.cert.as_ref())
        .map(|c| c.chain.clone());
    if let (Ok((records, _)), Some(chain)) = (&mut tlsa, chain) {
        for record in records.iter_mut() {
            record.matches_certificate = Some(record.matches(&chain));
        }
    }
    MxHost {
        host,
        preference,
        address,
        seen,
        verdict: None,
        tlsa,
        sts_match: None,
    }
}

/// The `_mta-sts` record and, when there is one, the policy file over HTTPS.
async fn sts(domain: &str, opts: &Options) -> Sts {
    let policy_host = format!("mta-sts.{domain}");
    let url = format!("https://{policy_host}/.well-known/mta-sts.txt");
    let record = match opts.resolver.txt(&format!("_mta-sts.{domain}")).await {
        Ok(a) => mta_sts::sts_record(a.records()),
        Err(e) => Err(e),
    };
    if record.is_err() {
        return Sts {
            record,
            url,
            policy: None,
            policy_cert: None,
        };
    }
    let (policy, policy_cert) = match opts.resolver.address(&policy_host).await {
        Err(e) => (Err(e), None),
        Ok(ip) => match https::get(
            &policy_host,
            ip,
            opts.https_port,
            "/.well-known/mta-sts.txt",
            &opts.roots,
            opts.wait,
        )
        .await
        {
            Err(e) => (Err(e), None),
            Ok(got) => {
                let cert_ok = got
                    .cert
                    .as_ref()
                    .is_some_and(|c| c.status == CertStatus::Valid);
                let media = got
                    .content_type
                    .as_deref()
                    .and_then(|c| c.split(';').next())
                    .map(|c| c.trim().to_ascii_lowercase());
                let policy = if !cert_ok {
                    Err(format!(
                        "the policy host's certificate is {}: senders ignore the policy (RFC 8461 §3.3)",
                        got.cert.as_ref().map_or("missing", |c| c.status.name())
                    ))
                } else if (300..400).contains(&got.status) {
                    Err(format!(
                        "HTTP {}: senders do not follow redirects (RFC 8461 §3.3)",
                        got.status
                    ))
                } else if got.status != 200 {
                    Err(format!("HTTP {}", got.status))
                } else if media.as_deref() != Some("text/plain") {
                    Err(format!(
                        "served as {}, not text/plain (RFC 8461)",
                        got.content_type.as_deref().unwrap_or("no Content-Type")
                    ))
                } else {
                    mta_sts::policy(&got.body)
                };
                (policy, got.cert)
            }
        },
    };
    Sts {
        record,
        url,
        policy: Some(policy),
        policy_cert,
    }
}
