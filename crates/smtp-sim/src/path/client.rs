//! How the sending program is set up to start TLS, as mail clients offer it:
//! "STARTTLS", "SSL/TLS" (implicit TLS) or "None" (URL `client`).

use crate::path::port::{Port, TlsStart};

/// The sending program's TLS setting: when, and whether, it starts TLS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientTls {
    /// Read the plaintext greeting, then upgrade with STARTTLS, and stop if it is not offered
    /// (Nodemailer `requireTLS: true`, swaks `--tls`).
    Starttls,
    /// STARTTLS if the server offers it, plaintext if not: Nodemailer's default (`secure: false`
    /// without `requireTLS`) and PHPMailer's `SMTPAutoTLS`.
    Opportunistic,
    /// Send a TLS ClientHello at once (RFC 8314 §3.3); "SSL/TLS" in mail clients.
    Implicit,
    /// Never start TLS.
    Plain,
}

impl ClientTls {
    /// Every setting, in the order the picker lists them.
    pub const ALL: [ClientTls; 4] = [
        ClientTls::Starttls,
        ClientTls::Opportunistic,
        ClientTls::Implicit,
        ClientTls::Plain,
    ];

    /// The setting's value in the URL (`client=`).
    pub fn name(self) -> &'static str {
        match self {
            ClientTls::Starttls => "starttls",
            ClientTls::Opportunistic => "opportunistic",
            ClientTls::Implicit => "tls",
            ClientTls::Plain => "plain",
        }
    }

    /// The setting a URL value names, if any.
    pub fn from_name(name: &str) -> Option<ClientTls> {
        ClientTls::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The setting as mail programs' settings name it, for the picker.
    pub fn label(self) -> &'static str {
        match self {
            ClientTls::Starttls => "STARTTLS (required)",
            ClientTls::Opportunistic => "STARTTLS if offered (opportunistic)",
            ClientTls::Implicit => "SSL/TLS (implicit TLS)",
            ClientTls::Plain => "None (plaintext)",
        }
    }

    /// Both start TLS the same way: at once, or by STARTTLS (required or opportunistic) or not at
    /// all after a plaintext greeting.
    pub fn same_kind(self, other: ClientTls) -> bool {
        (self == ClientTls::Implicit) == (other == ClientTls::Implicit)
    }

    /// The setting the port expects; the default when the learner has not chosen one. A relay on
    /// 25 uses STARTTLS if offered: a public MX must not require it (RFC 3207 §4), and the
    /// sending MTA's own policy (`policy`) decides whether it insists.
    pub fn expected_by(port: Port) -> ClientTls {
        match port.info().tls {
            TlsStart::Implicit => ClientTls::Implicit,
            TlsStart::OpportunisticStarttls => ClientTls::Opportunistic,
            TlsStart::RequiredStarttls => ClientTls::Starttls,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_port_expects_its_own_setting() {
        assert_eq!(ClientTls::expected_by(Port::P465), ClientTls::Implicit);
        assert_eq!(ClientTls::expected_by(Port::P25), ClientTls::Opportunistic);
        for port in [Port::P587, Port::P2525, Port::P588, Port::P80] {
            assert_eq!(ClientTls::expected_by(port), ClientTls::Starttls);
        }
        for c in ClientTls::ALL {
            assert_eq!(ClientTls::from_name(c.name()), Some(c));
        }
    }
}
