//! The port catalogue: what each port people meet in articles is for, how TLS starts on it,
//! who standardised it, and the myth that often comes with it (facts.md §1 and §14).

use crate::server::Config;

/// A port a sending program may dial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Port {
    /// 25, SMTP: server-to-server relay to the recipient's MX (RFC 5321).
    P25,
    /// 465, "submissions": submission with implicit TLS (RFC 8314).
    P465,
    /// 587, "submission": submission that upgrades with STARTTLS (RFC 6409).
    P587,
    /// 2525: an unofficial spare submission port some providers open.
    P2525,
    /// 588: one provider's extra submission port, no mail registration.
    P588,
    /// 80: HTTP's port, which some providers also answer with SMTP.
    P80,
}

/// Who connects to the port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Server-to-server transfer to the recipient's MX (RFC 5321).
    Relay,
    /// A mail program handing a new message to its own provider (RFC 6409, RFC 8314).
    Submission,
}

/// How TLS starts on the port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsStart {
    /// STARTTLS is offered; a sender may go on in plaintext (RFC 3207).
    OpportunisticStarttls,
    /// STARTTLS must come before AUTH or mail (RFC 3207, RFC 6409 §4.3 policy).
    RequiredStarttls,
    /// TLS from the first byte, before the greeting (RFC 8314 §3.3).
    Implicit,
}

/// Whether the port is standardised for mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Registered with IANA for mail and defined by an RFC.
    Standard {
        /// The service name in IANA's port registry, e.g. `submissions`.
        iana_name: &'static str,
        /// The RFC that defines the port's use.
        rfc: &'static str,
    },
    /// Used by some providers; no RFC or IANA mail registration.
    VendorSpecific,
}

/// One row of the port catalogue.
pub struct PortInfo {
    /// The port this row describes.
    pub port: Port,
    /// The TCP port number.
    pub number: u16,
    /// Who connects to it.
    pub role: Role,
    /// How TLS starts on it.
    pub tls: TlsStart,
    /// Whether it is standardised for mail.
    pub standing: Standing,
    /// What it is for, in one sentence.
    pub purpose: &'static str,
    /// The common myth and its correction, where there is one.
    pub myth: Option<&'static str>,
}

impl Port {
    /// Every port in the catalogue, in the order the port table lists them.
    pub const ALL: [Port; 6] = [
        Port::P25,
        Port::P465,
        Port::P587,
        Port::P2525,
        Port::P588,
        Port::P80,
    ];

    /// The TCP port number.
    pub fn number(self) -> u16 {
        self.info().number
    }

    /// The catalogue's port with this number, if it has one.
    pub fn from_number(number: u16) -> Option<Port> {
        Port::ALL.into_iter().find(|p| p.number() == number)
    }

    /// The port's row in the catalogue.
    pub fn info(self) -> PortInfo {
        match self {
            Port::P25 => PortInfo {
                port: self,
                number: 25,
                role: Role::Relay,
                tls: TlsStart::OpportunisticStarttls,
                standing: Standing::Standard { iana_name: "smtp", rfc: "RFC 5321" },
                purpose: "Server-to-server relay: how mail reaches the recipient's MX (RFC 5321 §5.1). Not for your app or mail client (RFC 6409 §1).",
                myth: Some("\"Use 25 to send from your app.\" Many home ISPs and cloud providers block outbound 25 (\"Outbound Port 25 Blocking\", draft-akagiri-op25b-dynamicip, an expired individual draft; Amazon EC2 and Google Cloud documentation); apps submit on 587 or 465 (RFC 6409, RFC 8314). An MX normally offers no AUTH."),
            },
            Port::P465 => PortInfo {
                port: self,
                number: 465,
                role: Role::Submission,
                tls: TlsStart::Implicit,
                standing: Standing::Standard { iana_name: "submissions", rfc: "RFC 8314" },
                purpose: "Submission from your app with TLS from the first byte (RFC 8314 §3.3): no SMTP travels in plaintext; in TLS 1.3 only the ClientHello (with the server's name) and the ServerHello cross readable (RFC 8446 §2).",
                myth: Some("\"465 is deprecated.\" Outdated: 465 was briefly registered as smtps, revoked, then re-registered by RFC 8314 (2018) as \"submissions\" (§7.3); §3.3 asks servers to offer both 465 and 587 and finds implicit TLS desirable for mail programs."),
            },
            Port::P587 => PortInfo {
                port: self,
                number: 587,
                role: Role::Submission,
                tls: TlsStart::RequiredStarttls,
                standing: Standing::Standard { iana_name: "submission", rfc: "RFC 6409" },
                purpose: "Submission from your app (RFC 6409): starts in plaintext, then STARTTLS upgrades the connection before AUTH (RFC 3207).",
                myth: Some("\"587 is the unencrypted port.\" No: with STARTTLS required by the program, 587 is as safe as 465 if both implementations are correct (RFC 8314 §3.3). This lab server also refuses AUTH and mail until STARTTLS has run (530 5.7.0): that is its policy, not the port's."),
            },
            Port::P2525 => PortInfo {
                port: self,
                number: 2525,
                role: Role::Submission,
                tls: TlsStart::RequiredStarttls,
                standing: Standing::VendorSpecific,
                purpose: "A spare submission port email service providers open for networks that block 25, 587 or 465 (Mailjet's port guide among them). Same rules as 587.",
                myth: Some("\"2525 is an official SMTP port.\" It is a de-facto convention: no RFC, and IANA's port registry has no mail service on it."),
            },
            Port::P588 => PortInfo {
                port: self,
                number: 588,
                role: Role::Submission,
                tls: TlsStart::RequiredStarttls,
                standing: Standing::VendorSpecific,
                purpose: "An extra submission listener one provider documents (Mailjet's port guide). Simulated here as a copy of 587.",
                myth: Some("\"588 is a submission port.\" The registered ones are 587 (RFC 6409) and 465 (RFC 8314); 588 has no mail registration."),
            },
            Port::P80 => PortInfo {
                port: self,
                number: 80,
                role: Role::Submission,
                tls: TlsStart::RequiredStarttls,
                standing: Standing::VendorSpecific,
                purpose: "HTTP's port (IANA \"http\", not a mail port), which some providers also answer with SMTP to get through office firewalls. Simulated as a copy of 587.",
                myth: Some("\"80 is an SMTP port.\" It is HTTP's (IANA \"http\"); web proxies on the path often break SMTP there."),
            },
        }
    }

    /// The server that listens on this port in the lab (README of ../shared/conformance):
    /// port 25 is the MX, 465 the implicit-TLS submission service, the others copies of 587.
    pub fn server_config(self) -> Config {
        match self {
            Port::P25 => Config::mx(),
            Port::P465 => Config::submissions(),
            _ => Config::submission(),
        }
    }
}

impl PortInfo {
    /// What the port is for, as the port table's "For" column says it: the role on the ports
    /// standardised for it, and what the others really are (facts.md §1, §14: 2525 and 588 are
    /// unofficial alternatives, 80 is HTTP's port; none is IANA-assigned for SMTP).
    pub fn role_label(&self) -> &'static str {
        match self.port {
            Port::P2525 => "Alternative submission port (unofficial, offered by some providers)",
            Port::P588 => "Alternative submission port (unofficial, one provider's extra)",
            Port::P80 => "Web port (HTTP) that some providers also accept SMTP on",
            Port::P25 | Port::P465 | Port::P587 => self.role.label(),
        }
    }
}

impl TlsStart {
    /// How TLS starts, as the port table says it.
    pub fn label(self) -> &'static str {
        match self {
            TlsStart::OpportunisticStarttls => "STARTTLS if both sides can (opportunistic)",
            TlsStart::RequiredStarttls => "STARTTLS, required before AUTH",
            TlsStart::Implicit => "Implicit TLS from the first byte",
        }
    }
}

impl Role {
    /// The role in general. The port table says [`PortInfo::role_label`], which differs for the
    /// ports that are not the standard ones for their role.
    pub fn label(self) -> &'static str {
        match self {
            Role::Relay => "Relay (server to server)",
            Role::Submission => "Submission (your app to your provider)",
        }
    }
}

impl Standing {
    /// The standing as the port table says it: IANA name and RFC, or vendor-specific.
    pub fn label(self) -> String {
        match self {
            Standing::Standard { iana_name, rfc } => format!("IANA \"{iana_name}\", {rfc}"),
            Standing::VendorSpecific => "Vendor-specific, not standardised".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_port_round_trips_through_its_number() {
        for port in Port::ALL {
            assert_eq!(Port::from_number(port.number()), Some(port));
        }
        assert_eq!(Port::from_number(443), None);
    }

    #[test]
    fn standing_matches_the_rfcs() {
        // RFC 8314 §7.3 registers 465 as "submissions"; RFC 6409 defines 587; 2525/588/80 have no mail RFC.
        for (port, standard) in [
            (Port::P25, true),
            (Port::P465, true),
            (Port::P587, true),
            (Port::P2525, false),
            (Port::P588, false),
            (Port::P80, false),
        ] {
            let is_standard = matches!(port.info().standing, Standing::Standard { .. });
            assert_eq!(is_standard, standard, "{port:?}");
        }
        assert!(Port::P465.info().myth.unwrap().contains("RFC 8314"));
        assert_eq!(Port::P465.info().tls, TlsStart::Implicit);
        assert_eq!(Port::P25.info().role, Role::Relay);
    }

    #[test]
    fn only_standard_ports_carry_the_standard_role_labels() {
        // 587 is submission (RFC 6409), 465 submission over implicit TLS (RFC 8314), 25 relay.
        for port in [Port::P25, Port::P465, Port::P587] {
            let info = port.info();
            assert_eq!(info.role_label(), info.role.label(), "{port:?}");
        }
        let standard: Vec<&str> = [Port::P25, Port::P465, Port::P587]
            .iter()
            .map(|p| p.info().role_label())
            .collect();
        // 2525, 588 and 80 are not IANA-assigned for SMTP: their label must not read like 587's.
        for port in [Port::P2525, Port::P588, Port::P80] {
            let info = port.info();
            assert_eq!(info.standing, Standing::VendorSpecific, "{port:?}");
            let label = info.role_label();
            assert!(
                !standard.contains(&label),
                "{port:?} shares a standard label: {label}"
            );
            assert!(!label.starts_with("Submission"), "{port:?}: {label}");
        }
        assert!(Port::P2525.info().role_label().contains("unofficial"));
        assert!(Port::P588.info().role_label().contains("unofficial"));
        assert!(Port::P80.info().role_label().starts_with("Web port (HTTP)"));
        // The walkthrough still treats them as submission listeners (copies of 587 in the lab).
        for port in [Port::P2525, Port::P588, Port::P80] {
            assert_eq!(port.info().role, Role::Submission, "{port:?}");
        }
    }
}
