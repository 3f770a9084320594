//! What the probe prints: a block per port (or per MX) and the answer, as text for a person or
//! as one JSON object (`--json`). Nothing here decides anything: `verdict` and `relay` did.

use std::io::Write;
use std::net::IpAddr;

use serde_json::{json, Value};

use smtp_sim::path::attacker::Policy as SimPolicy;

use super::dns::Tlsa;
use super::port::{Seen, Target, Tcp};
use super::relay::{MxKind, RelayReport};
use super::smtp::Reply;
use super::tls::{CertInfo, CertStatus};
use super::verdict::{Overall, Verdict};

/// `println!` that does not panic when stdout is closed early (`smtp-sim probe … | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

pub struct Header<'a> {
    pub host: &'a str,
    pub addr: IpAddr,
    pub roots: &'a str,
}

fn tcp_name(t: Option<Tcp>) -> &'static str {
    match t {
        Some(Tcp::Open) => "open",
        Some(Tcp::Refused) => "refused",
        Some(Tcp::Unreachable) => "unreachable",
        Some(Tcp::Timeout) | None => "timeout",
    }
}

fn reply_text(r: &Option<Reply>) -> Value {
    r.as_ref()
        .map_or(Value::Null, |r| json!(r.wire().join("\n")))
}

fn caps(r: &Option<Reply>) -> Value {
    r.as_ref().map_or(Value::Null, |r| json!(r.capabilities()))
}

/// One port as JSON: the fields the README lists, and what backs them.
pub fn port_json(number: u16, as_port: u16, seen: &Seen, verdict: &Verdict) -> Value {
    json!({
        "port": number,
        "as_port": as_port,
        "tcp": tcp_name(seen.tcp),
        "connect_ms": seen.connect_ms,
        "tcp_error": seen.tcp_error,
        "greeting": reply_text(&seen.greeting),
        "greeting_ms": seen.greeting_ms,
        "speaks_tls_first": seen.speaks_tls_first,
        "implicit_tls": seen.implicit_tls,
        "plaintext_where_tls_expected": seen.plaintext_where_tls_expected,
        "not_smtp": seen.not_smtp,
        "ehlo_before_tls": caps(&seen.ehlo_before_tls),
        "starttls": seen.starttls_offered,
        "starttls_reply": reply_text(&seen.starttls_reply),
        "tls_version": seen.tls_version,
        "cipher": seen.cipher,
        "tls_ms": seen.tls_ms,
        "tls_error": seen.tls_error,
        "certificate": seen.cert.as_ref().map_or(CertStatus::None, |c| c.status).name(),
        "certificate_detail": seen.cert,
        "ehlo_after_tls": caps(&seen.ehlo_after_tls),
        "auth_before_tls": seen.auth_before_tls(),
        "auth_after_tls": seen.auth_after_tls(),
        "error": seen.error,
        "verdict": verdict.id,
        "summary": verdict.summary,
        "usable": verdict.usable,
        "simulator_outcome": verdict.simulator_outcome,
        "link": verdict.link,
    })
}

/// The submission probe's report.
pub fn ports(
    header: &Header,
    targets: &[Target],
    seen: &[Seen],
    judged: &[(u16, Verdict)],
    overall: &Overall,
    as_json: bool,
) {
    if as_json {
        let ports: Vec<Value> = targets
            .iter()
            .zip(seen)
            .zip(judged)
            .map(|((t, s), (_, v))| port_json(t.number, t.as_port, s, v))
            .collect();
        let out = json!({
            "host": header.host,
            "address": header.addr.to_string(),
            "roots": header.roots,
            "ports": ports,
            "overall": overall,
        });
        say!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return;
    }
    say!(
        "smtp-sim probe {} ({}), certificates checked against {}",
        header.host,
        header.addr,
        header.roots
    );
    for ((t, s), (_, v)) in targets.iter().zip(seen).zip(judged) {
        say!();
        port_text(t.number, s, v);
    }
    say!();
    say!("{}", overall.summary);
    say!("  In the simulator: {}", overall.link);
}

fn line(label: &str, text: impl AsRef<str>) {
    say!("       {label:<10}{}", text.as_ref());
}

/// One port's block: what was seen, step by step, then the verdict and its link.
pub fn port_text(number: u16, seen: &Seen, v: &Verdict) {
    let tcp = match seen.tcp {
        Some(Tcp::Open) => format!("open in {} ms", seen.connect_ms.unwrap_or(0)),
        Some(Tcp::Unreachable) => format!(
            "no route in {} ms ({})",
            seen.connect_ms.unwrap_or(0),
            seen.tcp_error.as_deref().unwrap_or("")
        ),
        Some(Tcp::Refused) => format!(
            "refused in {} ms ({})",
            seen.connect_ms.unwrap_or(0),
            seen.tcp_error.as_deref().unwrap_or("")
        ),
        _ => format!(
            "no answer in {} (dropped)",
            smtp_sim::event::seconds(seen.connect_ms.unwrap_or(0), 1)
        ),
    };
    say!("  {number:>5}  {:<10}{tcp}", "TCP");
    if seen.implicit_tls {
        tls_lines(
            seen,
            if seen.speaks_tls_first {
                "TLS first (no plaintext greeting came)"
            } else {
                "TLS first"
            },
        );
    }
    if let Some(g) = &seen.greeting {
        let when = seen
            .greeting_ms
            .map(|ms| format!(" ({ms} ms)"))
            .unwrap_or_default();
        line("greeting", format!("{}{when}", g.wire().join(" / ")));
    } else if seen.silent && !seen.implicit_tls {
        line(
            "greeting",
            "none came (a port that waits for TLS first, or a silent listener)",
        );
    }
    if let Some(bytes) = &seen.not_smtp {
        line("answer", format!("not SMTP: {bytes}"));
    }
    if let Some(e) = &seen.ehlo_before_tls {
        line("EHLO", e.capabilities().join(" "));
    }
    if let Some(r) = &seen.starttls_reply {
        line("STARTTLS", r.wire().join(" / "));
    }
    if !seen.implicit_tls && (seen.tls_version.is_some() || seen.starttls_reply.is_some()) {
        tls_lines(seen, "after STARTTLS");
    }
    if let Some(e) = &seen.ehlo_after_tls {
        line("after TLS", e.capabilities().join(" "));
    }
    if seen.ehlo_before_tls.is_some() || seen.ehlo_after_tls.is_some() {
        let list = |m: Vec<String>| {
            if m.is_empty() {
                "none".to_string()
            } else {
                m.join(" ")
            }
        };
        line(
            "login",
            format!(
                "before TLS: {} · after TLS: {}",
                list(seen.auth_before_tls()),
                if seen.ehlo_after_tls.is_some() {
                    list(seen.auth_after_tls())
                } else {
                    "(no TLS)".into()
                }
            ),
        );
    }
    if let Some(e) = &seen.error {
        line("note", e);
    }
    say!("    =>  {}", v.summary);
    say!(
        "       {:<10}{}  (ends: {})",
        "simulator",
        v.link,
        v.simulator_outcome
    );
}

fn tls_lines(seen: &Seen, label: &str) {
    match (&seen.tls_version, &seen.tls_error) {
        (Some(version), _) => {
            let ms = seen
                .tls_ms
                .map(|ms| format!(" ({ms} ms)"))
                .unwrap_or_default();
            line(
                "TLS",
                format!(
                    "{label}: {version} {}{ms}",
                    seen.cipher.as_deref().unwrap_or("")
                ),
            );
            if let Some(c) = &seen.cert {
                line("cert", cert_text(c));
            }
        }
        (None, Some(e)) => line("TLS", format!("failed: {e}")),
        _ => {}
    }
}

fn cert_text(c: &CertInfo) -> String {
    let life = if c.days_left < 0 {
        format!("expired {} days ago", -c.days_left)
    } else {
        format!("{} days left", c.days_left)
    };
    let why = c
        .error
        .as_ref()
        .map(|e| format!(" — {e}"))
        .unwrap_or_default();
    format!(
        "{}{why}; for {}; issued by {}; until {} ({life})",
        c.status.name(),
        if c.names.is_empty() {
            c.subject.clone()
        } else {
            c.names.join(", ")
        },
        c.issuer,
        c.not_after
    )
}

/// The host name did not resolve.
pub fn unresolved(host: &str, error: &str, as_json: bool) {
    if as_json {
        let out = json!({"host": host, "error": error, "ports": [], "overall": {"port": null, "summary": format!("{host} did not resolve")}});
        say!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        say!("smtp-sim probe {host}: the name did not resolve ({error}); nothing was probed.");
    }
}

fn tlsa_json(t: &Result<(Vec<Tlsa>, bool), String>) -> Value {
    match t {
        Ok((records, authentic)) => json!({"records": records, "dnssec_validated": authentic}),
        Err(e) => json!({"error": e}),
    }
}

/// What each relay policy protects against, in one line each.
const PROTECTS: [(&str, &str); 4] = [
    ("Null MX", "says the domain takes no mail: senders fail at once instead of queueing and retrying (RFC 7505)"),
    ("MTA-STS", "in enforce mode, senders that honour it deliver only over TLS with a valid certificate to a listed MX, so an attacker who strips STARTTLS or shows its own certificate gets a deferral, not the mail (RFC 8461); testing mode only reports"),
    ("TLS-RPT", "protects nothing by itself: senders that support it send you aggregate reports of their TLS successes and failures, so you learn of stripping, bad certificates or policy mistakes (RFC 8460)"),
    ("DANE", "the certificate must match TLSA records in DNSSEC-signed DNS, so stripping and forged certificates fail even without a public CA; senders use it only when their resolver validated the answer (RFC 7672)"),
];

/// The relay probe's report.
pub fn relay(r: &RelayReport, as_json: bool) {
    if as_json {
        let hosts: Vec<Value> = r
            .hosts
            .iter()
            .map(|h| {
                json!({
                    "host": h.host,
                    "preference": h.preference,
                    "address": h.address.map(|a| a.to_string()),
                    "port25": match (&h.seen, &h.verdict) {
                        (Some(s), Some(v)) => port_json(r.mx_port, 25, s, v),
                        _ => Value::Null,
                    },
                    "tlsa": tlsa_json(&h.tlsa),
                    "mta_sts_match": h.sts_match,
                })
            })
            .collect();
        let out = json!({
            "domain": r.domain,
            "mx_kind": r.kind,
            "dns_error": r.dns_error,
            "mx": hosts,
            "mta_sts": {
                "record": r.sts.record.as_ref().ok(),
                "record_error": r.sts.record.as_ref().err(),
                "policy_url": r.sts.url,
                "policy": r.sts.policy.as_ref().and_then(|p| p.as_ref().ok()),
                "policy_error": r.sts.policy.as_ref().and_then(|p| p.as_ref().err()),
                "policy_certificate": r.sts.policy_cert,
            },
            "tls_rpt": {
                "rua": r.tls_rpt.as_ref().ok().map(|t| &t.rua),
                "error": r.tls_rpt.as_ref().err(),
            },
            "policy": r.policy().name(),
            "receives_mail": r.receives_mail(),
            "link": r.link,
        });
        say!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return;
    }
    say!(
        "smtp-sim probe {} --relay: the domain's receiving side, as a sending server meets it",
        r.domain
    );
    say!();
    match r.kind {
        MxKind::Mx => say!(
            "MX       {} host(s), lowest preference first (RFC 5321 §5.1)",
            r.hosts.len()
        ),
        MxKind::NullMx => say!(
            "MX       Null MX (\"0 .\"): {} accepts no mail (RFC 7505)",
            r.domain
        ),
        MxKind::ImplicitA => say!(
            "MX       none: the domain's own address is used as its mail server (RFC 5321 §5.1)"
        ),
        MxKind::None => say!(
            "MX       none, and no address: mail to {} cannot be delivered{}",
            r.domain,
            r.dns_error
                .as_ref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default()
        ),
    }
    for h in &r.hosts {
        say!();
        say!(
            "  MX {} {} ({})",
            h.preference,
            h.host,
            h.address
                .map_or("no address".to_string(), |a| a.to_string())
        );
        if let (Some(s), Some(v)) = (&h.seen, &h.verdict) {
            port_text(r.mx_port, s, v);
        }
        match &h.tlsa {
            Ok((records, authentic)) if !records.is_empty() => {
                let list: Vec<String> = records
                    .iter()
                    .map(|t| {
                        let m = match t.matches_certificate {
                            Some(true) => " (matches the certificate shown)",
                            Some(false) => " (does not match the certificate shown)",
                            None => "",
                        };
                        format!(
                            "{} {} {} {}…{m}",
                            t.usage,
                            t.selector,
                            t.matching,
                            &t.data[..t.data.len().min(16)]
                        )
                    })
                    .collect();
                line(
                    "DANE",
                    format!(
                        "TLSA _25._tcp.{}: {}; {}",
                        h.host,
                        list.join(", "),
                        match (*authentic, records.iter().any(|t| t.matches_certificate == Some(true))) {
                            (true, true) => "DNSSEC-validated (AD bit set), and a record matches: a DANE sender delivers here",
                            (true, false) => "DNSSEC-validated (AD bit set), but no record matches what the server showed: a DANE sender does not deliver here",
                            (false, _) => "NOT validated (no AD bit from this resolver): senders ignore unvalidated TLSA",
                        }
                    ),
                );
            }
            Ok(_) => line("DANE", format!("no TLSA at _25._tcp.{}", h.host)),
            Err(e) => line("DANE", format!("TLSA lookup failed: {e}")),
        }
        if let Some(m) = h.sts_match {
            line(
                "MTA-STS",
                if m {
                    "listed in the policy's mx: lines"
                } else {
                    "NOT listed in the policy: senders under enforce will not deliver here"
                },
            );
        }
    }
    say!();
    match (&r.sts.record, &r.sts.policy) {
        (Err(e), _) => say!("MTA-STS  none ({e})"),
        (Ok(rec), Some(Ok(p))) => say!(
            "MTA-STS  id={}; policy {}: mode {}, mx {}, max_age {} s",
            rec.id,
            r.sts.url,
            p.mode.name(),
            p.mx.join(" "),
            p.max_age
        ),
        (Ok(rec), Some(Err(e))) => say!(
            "MTA-STS  record id={} but no usable policy at {}: {e}",
            rec.id,
            r.sts.url
        ),
        (Ok(rec), None) => say!("MTA-STS  record id={}", rec.id),
    }
    match &r.tls_rpt {
        Ok(t) => say!("TLS-RPT  reports go to {}", t.rua.join(", ")),
        Err(e) => say!("TLS-RPT  none ({e})"),
    }
    say!();
    say!("What each protects against:");
    for (name, what) in PROTECTS {
        say!("  {name:<8} {what}");
    }
    say!();
    let what = match r.policy() {
        SimPolicy::Opportunistic => "No policy that senders enforce: they use STARTTLS if offered, so an attacker on the path who strips it reads the mail",
        SimPolicy::MtaSts => "MTA-STS in enforce mode: a sender that honours it defers the mail rather than hand it to an attacker's certificate",
        SimPolicy::Dane => "DANE with validated TLSA records: a sender that validates defers the mail rather than hand it to an attacker's certificate",
    };
    say!("{what}. See it step by step: {}", r.link);
}
