//! The causes a diagnosis can name: stable ids (documented in the README, `data-cause` in the
//! page, `id` in the terminal's JSON), a heading and what happened, in plain words.

/// What went wrong, or what the settings will do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// A firewall silently drops packets to the port: the connection times out.
    PortBlockedDrop,
    /// The connection is refused at once: nothing listens, or a firewall resets it.
    PortRefused,
    /// No route to the host or network, or a firewall that answers as if there were none.
    NoRoute,
    /// Implicit TLS spoken to a port that starts in plaintext and upgrades with STARTTLS.
    ImplicitTlsOnStarttlsPort,
    /// Plaintext or STARTTLS on 465, which wants TLS from the first byte.
    StarttlsOnImplicitPort,
    /// Login or mail before STARTTLS, where AUTH is offered only inside TLS.
    AuthBeforeStarttls,
    /// Sending without logging in where the server wants a login.
    AuthRequired,
    /// SMTP AUTH is turned off for the mailbox or the organisation.
    LoginDisabled,
    /// The server offers AUTH, but no mechanism the program knows.
    NoCommonMechanism,
    /// The user name or password was refused (535).
    AuthFailed,
    /// The server will not relay to another domain for this client.
    RelayDenied,
    /// The receiving server refuses mail sent directly from this address (a DNS blocklist, or
    /// a home or cloud range it takes no direct delivery from).
    SenderAddressRefused,
    /// The program does not trust the server's certificate.
    CertificateInvalid,
    /// The server's host name does not resolve.
    DnsFailure,
    /// STARTTLS is required but was not offered, or was refused or stripped on the path.
    StarttlsStrippedOrMissing,
    /// STARTTLS only if offered: the session can go on in plaintext.
    OpportunisticTls,
    /// TLS without a certificate check.
    CertificateNotVerified,
    /// The server hung up (421) after too many errors.
    TooManyErrors,
    /// The message is larger than the server accepts (552).
    MessageTooBig,
    /// The server refused the session instead of greeting with 220.
    GreetingRejected,
    /// The server does not know the recipient address.
    RecipientRejected,
    /// The connection was closed mid-session.
    ConnectionClosed,
    /// The stated settings require TLS and keep certificate checks on.
    SettingsOk,
    /// Nothing failed: the message was accepted and queued.
    Delivered,
    /// The text is not about sending mail.
    NotMail,
    /// No known failure matches the text.
    Unknown,
}

impl Cause {
    /// Every cause, in declaration order.
    pub const ALL: [Cause; 26] = [
        Cause::PortBlockedDrop,
        Cause::PortRefused,
        Cause::NoRoute,
        Cause::ImplicitTlsOnStarttlsPort,
        Cause::StarttlsOnImplicitPort,
        Cause::AuthBeforeStarttls,
        Cause::AuthRequired,
        Cause::LoginDisabled,
        Cause::NoCommonMechanism,
        Cause::AuthFailed,
        Cause::RelayDenied,
        Cause::SenderAddressRefused,
        Cause::CertificateInvalid,
        Cause::DnsFailure,
        Cause::StarttlsStrippedOrMissing,
        Cause::OpportunisticTls,
        Cause::CertificateNotVerified,
        Cause::TooManyErrors,
        Cause::MessageTooBig,
        Cause::GreetingRejected,
        Cause::RecipientRejected,
        Cause::ConnectionClosed,
        Cause::SettingsOk,
        Cause::Delivered,
        Cause::NotMail,
        Cause::Unknown,
    ];

    /// The stable id: `data-cause` in the page, `id` in the terminal's JSON.
    pub fn id(self) -> &'static str {
        match self {
            Cause::PortBlockedDrop => "port-blocked-drop",
            Cause::PortRefused => "port-refused",
            Cause::NoRoute => "no-route",
            Cause::ImplicitTlsOnStarttlsPort => "implicit-tls-on-starttls-port",
            Cause::StarttlsOnImplicitPort => "starttls-on-implicit-port",
            Cause::AuthBeforeStarttls => "auth-before-starttls",
            Cause::AuthRequired => "auth-required",
            Cause::LoginDisabled => "login-disabled",
            Cause::NoCommonMechanism => "no-common-mechanism",
            Cause::AuthFailed => "auth-failed",
            Cause::RelayDenied => "relay-denied",
            Cause::SenderAddressRefused => "sender-address-refused",
            Cause::CertificateInvalid => "certificate-invalid",
            Cause::DnsFailure => "dns-failure",
            Cause::StarttlsStrippedOrMissing => "starttls-stripped-or-missing",
            Cause::OpportunisticTls => "opportunistic-tls",
            Cause::CertificateNotVerified => "certificate-not-verified",
            Cause::TooManyErrors => "too-many-errors",
            Cause::MessageTooBig => "message-too-big",
            Cause::GreetingRejected => "greeting-rejected",
            Cause::RecipientRejected => "recipient-rejected",
            Cause::ConnectionClosed => "connection-closed",
            Cause::SettingsOk => "settings-ok",
            Cause::Delivered => "delivered",
            Cause::NotMail => "not-mail",
            Cause::Unknown => "unknown",
        }
    }

    /// Did something fail (as against settings read, a success, or nothing known)?
    pub fn is_failure(self) -> bool {
        !matches!(
            self,
            Cause::OpportunisticTls
                | Cause::CertificateNotVerified
                | Cause::SettingsOk
                | Cause::Delivered
                | Cause::NotMail
                | Cause::Unknown
        )
    }

    /// A heading for the cause.
    pub fn title(self) -> &'static str {
        match self {
            Cause::PortBlockedDrop => "The port is blocked on the way (no answer)",
            Cause::PortRefused => "The connection is refused",
            Cause::NoRoute => "No route to the server (or a firewall says so)",
            Cause::ImplicitTlsOnStarttlsPort => "TLS spoken to a port that starts in plaintext",
            Cause::StarttlsOnImplicitPort => "Plaintext or STARTTLS on the implicit-TLS port 465",
            Cause::AuthBeforeStarttls => "Login or mail before STARTTLS",
            Cause::AuthRequired => "Sending without logging in",
            Cause::LoginDisabled => "SMTP login is turned off for this account",
            Cause::NoCommonMechanism => "No login method in common",
            Cause::AuthFailed => "The login was refused",
            Cause::RelayDenied => "The server will not relay for you",
            Cause::SenderAddressRefused => "The receiving server refuses mail from your IP address",
            Cause::CertificateInvalid => "The server's certificate was not accepted",
            Cause::DnsFailure => "The server's name does not resolve",
            Cause::StarttlsStrippedOrMissing => "STARTTLS is required but missing",
            Cause::OpportunisticTls => "TLS is optional: the session can go on in plaintext",
            Cause::CertificateNotVerified => "The server's certificate is not checked",
            Cause::TooManyErrors => "Too many errors: the server hung up",
            Cause::MessageTooBig => "The message is too big",
            Cause::GreetingRejected => "The server turned the session away",
            Cause::RecipientRejected => "The recipient was refused",
            Cause::ConnectionClosed => "The connection was closed mid-session",
            Cause::SettingsOk => "These settings are safe",
            Cause::Delivered => "Nothing failed",
            Cause::NotMail => "This is not about sending mail",
            Cause::Unknown => "No known cause",
        }
    }

    /// What happened, in plain words.
    pub fn what(self) -> &'static str {
        match self {
            Cause::PortBlockedDrop => "The connection never opened: a firewall on the way silently drops packets to this port, so the program waited until it timed out. No SMTP was spoken.",
            Cause::PortRefused => "The connection was refused at once: nothing listens on that port at that address, or a firewall answers with a reset. No SMTP was spoken.",
            Cause::NoRoute => "The connection never opened: the system found no way to the server. \"No route to host\" (EHOSTUNREACH) follows an ICMP error or a host that never answered on its own network, and it is also what Linux reports when a firewall rejects the port with ICMP \"administratively prohibited\" (net/ipv4/icmp.c), so the route may be fine; \"Network is unreachable\" (ENETUNREACH) means this computer has no route to that address at all, often an IPv6 address on a network without IPv6. No SMTP was spoken.",
            Cause::ImplicitTlsOnStarttlsPort => "Your program started TLS at once (implicit TLS, \"SSL/TLS\"), but this port starts in plaintext and upgrades with STARTTLS: the server's plaintext 220 greeting reached the TLS library, which could not read it as TLS (OpenSSL calls it a wrong version number).",
            Cause::StarttlsOnImplicitPort => "Your program waited for the server's 220 greeting in plaintext, but port 465 speaks TLS from the first byte: the server waits for a TLS ClientHello, nobody speaks, and the program times out (or, after 5 minutes, the server hangs up: recording 465_silent_client_no_clienthello_timeout).",
            Cause::AuthBeforeStarttls => "Your program tried to log in or send before starting TLS. This server offers AUTH only after STARTTLS, so the program found no login to use and stopped (smtplib, swaks, Go, PHPMailer's \"Authentication is not allowed at this stage\"), or went on and the server refused with 530 5.7.0 (RFC 3207 §4).",
            Cause::AuthRequired => "The server wants a login before it accepts mail from you, and your program did not log in (or the server offered no login it could use).",
            Cause::LoginDisabled => "The server refused the login whatever the password: SMTP AUTH (basic authentication) is turned off for this mailbox or the whole organisation. Microsoft 365 says so with 535 5.7.139.",
            Cause::NoCommonMechanism => "The server offers AUTH, but none of the mechanisms your program knows (PHPMailer: CRAM-MD5, LOGIN, PLAIN, XOAUTH2): an XOAUTH2-only or NTLM-only server, for example.",
            Cause::AuthFailed => "The server refused the login: the user name or password (535), or the kind of password, as when Gmail asks for an app password (534 5.7.9).",
            Cause::RelayDenied => "The server refused to pass the message on to another domain: it relays only for clients that logged in (or for its own network).",
            Cause::SenderAddressRefused => "Port 25 was open and the recipient's server answered, but it refuses mail delivered straight from your IP address: the address is on a DNS blocklist (blocklists such as Spamhaus's PBL list home and dynamic ranges), or it is a range the receiver takes no direct delivery from. Nothing in your program's settings changes that: mail from home or a cloud VM goes out through a provider's submission server.",
            Cause::CertificateInvalid => "TLS started, but your program does not trust the server's certificate: a self-signed or unknown CA, a missing intermediate, an expired certificate, or a name that does not match the host you connected to.",
            Cause::DnsFailure => "The server's host name could not be looked up, so no connection was attempted.",
            Cause::StarttlsStrippedOrMissing => "Your program (or relay) requires STARTTLS, but the server's EHLO reply did not offer it, or the server refused it: the server has no TLS on this port, or something on the path removed the offer. Your program stopped rather than send in the clear; a relay keeps the message and retries.",
            Cause::OpportunisticTls => "Your program does not require TLS: it uses STARTTLS only when the server offers it (or not at all) and goes on in plaintext when it does not (or when the upgrade fails), login included. It works, but anyone on the path who removes the STARTTLS offer gets the password and the message.",
            Cause::CertificateNotVerified => "Your program encrypts, but does not check whose certificate it got: anyone on the path can present their own certificate, read the password and the message, and pass them on.",
            Cause::TooManyErrors => "The server hung up (421) after too many rejected or unknown commands.",
            Cause::MessageTooBig => "The message is larger than the server accepts (552).",
            Cause::GreetingRejected => "The server refused the session instead of greeting with 220.",
            Cause::RecipientRejected => "The server does not know the recipient address.",
            Cause::ConnectionClosed => "The connection was closed in the middle of the session; the last server reply before it usually says why.",
            Cause::SettingsOk => "These settings make TLS required and keep certificate checks on: nothing on the path can read the password or the message on this hop.",
            Cause::Delivered => "Nothing failed: the server accepted the message and queued it. (TLS protects this hop only; the provider relays it on, and stores it.)",
            Cause::NotMail => "Nothing in this text is about sending mail: it names another service (a database, for example) and no SMTP step. Diagnose reads mail errors and mail settings.",
            Cause::Unknown => "Nothing in this text matches a failure the simulator knows, so there is no guess here.",
        }
    }
}
