//! An active attacker on the path (URL `attack`): it sees and may rewrite every plaintext byte,
//! and can answer a TLS handshake with a certificate of its own. What it achieves depends on the
//! program's TLS setting, not on the port alone.

use crate::server::reply::Reply;

/// What the attacker on the path does to the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attack {
    /// Rewrites STARTTLS out of the plaintext EHLO reply, as middleboxes did (`250-XXXXXXXA`:
    /// Cisco PIX/ASA SMTP inspection, "The STARTTLS indication is removed"), and offers AUTH.
    Strip,
    /// Intercepts the TLS handshake with its own certificate.
    Cert,
    /// Appends plaintext commands to the client's STARTTLS packet (CVE-2011-0411).
    Inject,
    /// Breaks the TLS handshake (resets the connection after the ClientHello): no stripping
    /// needed, since a relay at Postfix's `may` level then retries without TLS.
    Break,
}

/// The command the attacker appends to the STARTTLS packet, as in the lab's
/// `25_starttls_plaintext_injection` recording.
pub const INJECTED: &str = "RSET";

/// What Node.js reports (and Nodemailer passes on, code ECONNRESET) when the connection is
/// reset during the TLS handshake (lib/_tls_wrap.js).
pub const TLS_RESET: &str =
    "Client network socket disconnected before secure TLS connection was established";

/// What a program that checks the certificate reports for the attacker's self-made one: OpenSSL 3's
/// error line (ERR_LIB_SSL reason 0x0A000086, crypto/err/openssl.txt); its verify result,
/// "self-signed certificate", is told in the lesson.
pub const CERT_VERIFY_FAILED: &str = "error:0A000086:SSL routines::certificate verify failed";

impl Attack {
    /// Every attack, in the order the picker lists them.
    pub const ALL: [Attack; 4] = [Attack::Strip, Attack::Cert, Attack::Inject, Attack::Break];

    /// The attack's value in the URL (`attack=`).
    pub fn name(self) -> &'static str {
        match self {
            Attack::Strip => "strip",
            Attack::Cert => "cert",
            Attack::Inject => "inject",
            Attack::Break => "break",
        }
    }

    /// The attack a URL value names, if any.
    pub fn from_name(name: &str) -> Option<Attack> {
        Attack::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What the attacker does, in one line.
    pub fn label(self) -> &'static str {
        match self {
            Attack::Strip => "Strips STARTTLS from the server's reply",
            Attack::Cert => "Intercepts TLS with its own certificate",
            Attack::Inject => "Injects commands after STARTTLS",
            Attack::Break => "Breaks the TLS handshake",
        }
    }
}

/// The sending MTA's TLS policy for relaying on port 25 (URL `policy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// Postfix `smtp_tls_security_level = may`: STARTTLS if offered, no certificate check.
    Opportunistic,
    /// An MTA-STS policy in `enforce` mode (RFC 8461 §5): TLS with a valid certificate or no delivery.
    MtaSts,
    /// DANE TLSA records (RFC 7672 §2.2): TLS with a certificate matching them or no delivery.
    Dane,
}

impl Policy {
    /// Every policy, in the order the picker lists them.
    pub const ALL: [Policy; 3] = [Policy::Opportunistic, Policy::MtaSts, Policy::Dane];

    /// The policy's value in the URL (`policy=`).
    pub fn name(self) -> &'static str {
        match self {
            Policy::Opportunistic => "none",
            Policy::MtaSts => "mta-sts",
            Policy::Dane => "dane",
        }
    }

    /// The policy a URL value names, if any.
    pub fn from_name(name: &str) -> Option<Policy> {
        Policy::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The policy as the picker names it.
    pub fn label(self) -> &'static str {
        match self {
            Policy::Opportunistic => "None: STARTTLS if offered (Postfix \"may\")",
            Policy::MtaSts => "MTA-STS enforce (RFC 8461)",
            Policy::Dane => "DANE (RFC 7672)",
        }
    }

    /// The policy requires TLS with a verified certificate.
    pub fn enforced(self) -> bool {
        self != Policy::Opportunistic
    }
}

/// The EHLO reply as the attacker passes it on: STARTTLS overwritten with the same number of
/// `X`s (so lengths and line counts still add up), and, to a mail program that has a login to
/// give, AUTH offered so that it logs in.
pub fn strip(reply: &Reply, offer_auth: bool) -> Reply {
    let mut lines: Vec<String> = reply
        .lines
        .iter()
        .map(|l| {
            if l == "STARTTLS" {
                "XXXXXXXA".to_string()
            } else {
                l.clone()
            }
        })
        .collect();
    if offer_auth && !lines.iter().any(|l| l.starts_with("AUTH")) {
        // Where Postfix lists AUTH: before ENHANCEDSTATUSCODES.
        let at = lines
            .iter()
            .position(|l| l == "ENHANCEDSTATUSCODES")
            .unwrap_or(lines.len());
        lines.insert(at, "AUTH PLAIN LOGIN".into());
    }
    Reply::multi(reply.code, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripping_hides_starttls_and_offers_auth() {
        let ehlo = Reply::multi(
            250,
            [
                "mail.example.test",
                "PIPELINING",
                "STARTTLS",
                "ENHANCEDSTATUSCODES",
            ]
            .map(String::from)
            .to_vec(),
        );
        let seen = strip(&ehlo, true);
        assert!(!seen.lines.iter().any(|l| l == "STARTTLS"));
        assert!(seen.lines.iter().any(|l| l == "XXXXXXXA"));
        assert!(seen.lines.iter().any(|l| l == "AUTH PLAIN LOGIN"));
        assert_eq!(
            seen.lines[0], "mail.example.test",
            "the greeting line stays first"
        );
        assert!(!strip(&ehlo, false)
            .lines
            .iter()
            .any(|l| l.starts_with("AUTH")));
        for a in Attack::ALL {
            assert_eq!(Attack::from_name(a.name()), Some(a));
        }
        for p in Policy::ALL {
            assert_eq!(Policy::from_name(p.name()), Some(p));
        }
    }
}
