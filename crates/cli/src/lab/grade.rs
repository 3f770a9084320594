//! What one lab session showed about the client: the facts the session driver notes on the wire,
//! the outcome in the simulator's vocabulary, the `--json` summary, and the report-card rows the
//! session could decide, each with its RFC and the fix in Diagnose's words.

use serde::Serialize;
use smtp_sim::path::attacker::Attack;
use smtp_sim::teach::diagnose::{fix, Cause};
use smtp_sim::Outcome;

/// The three listeners, named after the model's ports they copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// 587: STARTTLS required, AUTH only inside TLS.
    Submission,
    /// 465: implicit TLS.
    Smtps,
    /// 25: STARTTLS offered, no AUTH.
    Relay,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Submission => "submission",
            Mode::Smtps => "smtps",
            Mode::Relay => "relay",
        }
    }

    pub fn model_port(self) -> smtp_sim::Port {
        match self {
            Mode::Submission => smtp_sim::Port::P587,
            Mode::Smtps => smtp_sim::Port::P465,
            Mode::Relay => smtp_sim::Port::P25,
        }
    }
}

pub fn attack_name(attack: Option<Attack>) -> &'static str {
    attack.map_or("none", Attack::name)
}

/// What the client did, as seen on the wire.
#[derive(Debug, Default)]
pub struct Facts {
    /// A TLS handshake completed: "starttls" or "implicit".
    pub tls: Option<&'static str>,
    /// Why a handshake failed.
    pub tls_failed: Option<String>,
    /// The client refused the certificate it was shown (an alert about it, or a hang-up).
    pub cert_rejected: bool,
    /// The client finished TLS with the attacker's certificate.
    pub forged_accepted: bool,
    /// The first AUTH: whether it crossed inside TLS.
    pub auth_encrypted: Option<bool>,
    /// Some AUTH line crossed in plaintext.
    pub auth_in_clear: bool,
    /// MAIL, RCPT or DATA crossed in plaintext.
    pub mail_in_clear: bool,
    pub sent_starttls: bool,
    /// STARTTLS was stripped from an EHLO reply the client received.
    pub stripped: bool,
    /// On the implicit-TLS port: the first bytes were plaintext, or none came at all.
    pub plaintext_on_tls_port: Option<&'static str>,
    /// `inject`: whether the client acted on the reply injected after `220 Ready to start TLS`.
    pub acted_on_injection: Option<bool>,
    /// `inject`: the client stopped at the injected bytes (no TLS after them).
    pub stopped_at_injection: bool,
    /// Messages the server queued.
    pub delivered: u32,
}

/// The `--json` line, and `summary` in the live stream's close record.
#[derive(Serialize)]
pub struct Summary {
    pub session: u64,
    pub port: u16,
    pub model_port: u16,
    pub mode: &'static str,
    pub attack: &'static str,
    pub tls: &'static str,
    pub auth: &'static str,
    pub certificate_checked: Option<bool>,
    pub outcome: &'static str,
    pub messages: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub check: &'static str,
    /// "pass" or "fail": a session only reports what it decided.
    pub result: &'static str,
    pub title: &'static str,
    pub why: String,
    pub source: &'static str,
    pub fix: String,
}

/// The order of the report card.
pub const CHECKS: [(&str, &str); 5] = [
    ("requires-tls", "Requires TLS"),
    ("checks-certificate", "Checks the certificate"),
    ("implicit-tls-on-465", "Uses implicit TLS on 465"),
    ("auth-only-in-tls", "Sends AUTH only inside TLS"),
    ("discards-pre-tls-data", "Discards what it read before TLS"),
];

pub struct Graded {
    pub outcome: Outcome,
    pub summary: Summary,
    pub report: Vec<Row>,
}

impl Graded {
    /// The `--json` line.
    pub fn summary_json(&self) -> String {
        serde_json::to_string(&self.summary).unwrap_or_default()
    }

    /// The close record, its `summary` byte for byte the `--json` line.
    pub fn record(&self) -> String {
        let report = serde_json::to_string(&self.report).unwrap_or_else(|_| "[]".into());
        format!(
            r#"{{"type":"close","session":{},"summary":{},"report":{report}}}"#,
            self.summary.session,
            self.summary_json()
        )
    }
}

pub fn grade(session: u64, port: u16, mode: Mode, attack: Option<Attack>, facts: &Facts) -> Graded {
    let outcome = outcome(attack, facts);
    let checked = if facts.cert_rejected {
        Some(true)
    } else if facts.forged_accepted {
        Some(false)
    } else {
        None
    };
    let summary = Summary {
        session,
        port,
        model_port: mode.model_port().number(),
        mode: mode.name(),
        attack: attack_name(attack),
        tls: facts.tls.unwrap_or("none"),
        auth: match facts.auth_encrypted {
            None => "none",
            Some(_) if facts.auth_in_clear => "in-clear",
            Some(_) => "in-tls",
        },
        certificate_checked: checked,
        outcome: outcome.name(),
        messages: facts.delivered,
    };
    Graded {
        outcome,
        summary,
        report: report(mode, attack, facts),
    }
}

fn outcome(attack: Option<Attack>, facts: &Facts) -> Outcome {
    let password_read =
        facts.auth_in_clear || (facts.forged_accepted && facts.auth_encrypted.is_some());
    if password_read {
        Outcome::PasswordExposed
    } else if facts.delivered > 0 {
        if facts.tls.is_none() || facts.forged_accepted {
            Outcome::SentExposed
        } else {
            Outcome::SentPrivate
        }
    } else if attack.is_some()
        && (facts.cert_rejected
            || facts.stopped_at_injection
            || (facts.stripped && !facts.mail_in_clear))
    {
        Outcome::RefusedSafe
    } else {
        Outcome::Rejected
    }
}

fn row(
    check: &'static str,
    pass: bool,
    why: String,
    source: &'static str,
    fail_fix: String,
) -> Row {
    let title = CHECKS
        .iter()
        .find(|(c, _)| *c == check)
        .map_or(check, |(_, t)| t);
    Row {
        check,
        result: if pass { "pass" } else { "fail" },
        title,
        why,
        source,
        fix: if pass {
            fix(Cause::Delivered, None, 587)
        } else {
            fail_fix
        },
    }
}

fn report(mode: Mode, attack: Option<Attack>, f: &Facts) -> Vec<Row> {
    let mut rows = Vec::new();
    let went_on = f.auth_in_clear || f.mail_in_clear;
    let no_fallback = || fix(Cause::OpportunisticTls, None, 587);
    if mode == Mode::Smtps && f.tls == Some("implicit") {
        rows.push(row(
            "requires-tls",
            true,
            "Implicit TLS: nothing crossed before the handshake.".into(),
            "RFC 8314 §3.3",
            no_fallback(),
        ));
    } else if f.stripped {
        let why = if went_on {
            "STARTTLS was stripped from the EHLO reply, and it went on in plaintext."
        } else {
            "STARTTLS was stripped from the EHLO reply, and it stopped without sending its login or a message."
        };
        rows.push(row(
            "requires-tls",
            !went_on,
            why.into(),
            "RFC 3207 §6, RFC 8314 §3.3",
            no_fallback(),
        ));
    } else if mode != Mode::Smtps && !f.sent_starttls && went_on {
        rows.push(row(
            "requires-tls",
            false,
            "STARTTLS was offered, and it went on in plaintext without it.".into(),
            "RFC 3207 §6, RFC 8314 §3.3",
            no_fallback(),
        ));
    }

    let port = mode.model_port().number();
    let cert_fix = fix(Cause::CertificateInvalid, None, port);
    if f.forged_accepted {
        // The program checks nothing: the fix is to turn the check on, not to trust a CA.
        let unchecked = fix(Cause::CertificateNotVerified, None, port);
        rows.push(row("checks-certificate", false, "It finished TLS with the attacker's self-signed certificate, so the attacker decrypts everything.".into(), "RFC 8314 §3.3, RFC 7817 §3", unchecked));
    } else if f.cert_rejected {
        let detail = f.tls_failed.as_deref().unwrap_or("the handshake failed");
        let why = if attack == Some(Attack::Cert) {
            format!("It refused the attacker's self-signed certificate ({detail}).")
        } else {
            format!("It refused the lab's certificate ({detail}): it checks, but does not trust the lab's CA. Give it the file written by --ca-out.")
        };
        rows.push(row(
            "checks-certificate",
            true,
            why,
            "RFC 8314 §3.3, RFC 7817 §3",
            cert_fix,
        ));
    }

    if mode == Mode::Smtps {
        let implicit_fix = fix(Cause::StarttlsOnImplicitPort, None, 465);
        if let Some(what) = f.plaintext_on_tls_port {
            rows.push(row(
                "implicit-tls-on-465",
                false,
                what.into(),
                "RFC 8314 §3.3",
                implicit_fix,
            ));
        } else if f.tls.is_some() || f.cert_rejected {
            rows.push(row(
                "implicit-tls-on-465",
                true,
                "Its first bytes were a TLS ClientHello.".into(),
                "RFC 8314 §3.3",
                implicit_fix,
            ));
        }
    }

    if let Some(encrypted) = f.auth_encrypted {
        // Inside TLS that ended at the attacker's certificate is not inside TLS to the server.
        let pass = encrypted && !f.auth_in_clear && !f.forged_accepted;
        let why = if pass {
            "AUTH crossed inside TLS."
        } else if encrypted && !f.auth_in_clear {
            "AUTH crossed inside TLS, but that TLS ended at the attacker, who decrypts the password."
        } else {
            "AUTH crossed in plaintext: the base64 decodes to the password."
        };
        rows.push(row(
            "auth-only-in-tls",
            pass,
            why.into(),
            "RFC 4954 §4, RFC 4616 §5",
            if f.forged_accepted {
                fix(Cause::CertificateNotVerified, None, 587)
            } else {
                fix(Cause::AuthBeforeStarttls, None, 587)
            },
        ));
    }

    let inject_fix = "Update the SMTP library: after \"220 Ready to start TLS\" it must throw away whatever it read before the handshake (RFC 3207 §6: \"clients and servers MUST discard any knowledge obtained prior to the start of the TLS handshake\").".to_string();
    if let Some(acted) = f.acted_on_injection {
        let why = if acted {
            "It took the reply injected after \"220 Ready to start TLS\" as the answer to its first command inside TLS: it did not wait for the server's."
        } else {
            "It ignored the reply injected after \"220 Ready to start TLS\" and waited for the server's answer inside TLS."
        };
        rows.push(row(
            "discards-pre-tls-data",
            !acted,
            why.into(),
            "RFC 3207 §6",
            inject_fix,
        ));
    } else if f.stopped_at_injection {
        rows.push(row("discards-pre-tls-data", true, "It stopped when a reply was injected after \"220 Ready to start TLS\": nothing it read before TLS was used.".into(), "RFC 3207 §6", inject_fix));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stripped_client_that_logs_in_loses_its_password() {
        let facts = Facts {
            stripped: true,
            auth_encrypted: Some(false),
            auth_in_clear: true,
            mail_in_clear: true,
            delivered: 1,
            ..Facts::default()
        };
        let g = grade(1, 2587, Mode::Submission, Some(Attack::Strip), &facts);
        assert_eq!(g.summary.outcome, "password-exposed");
        assert_eq!(g.summary.auth, "in-clear");
        let results: Vec<_> = g.report.iter().map(|r| (r.check, r.result)).collect();
        assert_eq!(
            results,
            [("requires-tls", "fail"), ("auth-only-in-tls", "fail")]
        );
    }

    #[test]
    fn a_login_inside_tls_to_the_attacker_is_no_pass() {
        let facts = Facts {
            tls: Some("starttls"),
            sent_starttls: true,
            forged_accepted: true,
            auth_encrypted: Some(true),
            delivered: 1,
            ..Facts::default()
        };
        let g = grade(3, 2587, Mode::Submission, Some(Attack::Cert), &facts);
        assert_eq!(g.summary.outcome, "password-exposed");
        let results: Vec<_> = g.report.iter().map(|r| (r.check, r.result)).collect();
        assert_eq!(
            results,
            [("checks-certificate", "fail"), ("auth-only-in-tls", "fail")]
        );
        // The fix turns the check on; it does not ask to trust another CA.
        assert!(
            g.report[0]
                .fix
                .starts_with("Turn the certificate check back on"),
            "{}",
            g.report[0].fix
        );
    }

    #[test]
    fn a_client_that_stops_at_a_forged_certificate_is_safe() {
        let facts = Facts {
            cert_rejected: true,
            tls_failed: Some("client sent alert: unknown ca".into()),
            ..Facts::default()
        };
        let g = grade(2, 2465, Mode::Smtps, Some(Attack::Cert), &facts);
        assert_eq!(g.summary.outcome, "refused-safe");
        assert_eq!(g.summary.certificate_checked, Some(true));
        assert_eq!(g.report[0].check, "checks-certificate");
        assert_eq!(g.report[0].result, "pass");
    }
}
