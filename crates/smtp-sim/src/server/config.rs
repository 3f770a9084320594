//! The settings of one listener, named after Postfix's parameters, and the three the lab runs.

/// `smtpd_forbid_bare_newline` (Postfix 3.7.10+).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BareNewline {
    /// The 3.7 default: a bare LF ends a line, and `<LF>.<LF>` ends DATA (SMTP smuggling).
    Allow,
    /// A bare LF ends a command line, but only `<CR><LF>.<CR><LF>` ends DATA.
    Normalize,
    /// A bare LF is an error (for clients outside `mynetworks`).
    Reject,
}

/// The settings of one listener. Field names follow Postfix's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `smtpd_tls_wrappermode=yes`: TLS before the greeting (port 465).
    pub wrapper_tls: bool,
    /// `smtpd_tls_security_level=encrypt`: everything but EHLO/HELO/STARTTLS/NOOP/QUIT needs TLS.
    pub tls_required: bool,
    /// `smtpd_sasl_auth_enable`.
    pub sasl: bool,
    /// `smtpd_tls_auth_only`: AUTH only inside TLS.
    pub tls_auth_only: bool,
    /// `smtpd_recipient_restrictions=permit_sasl_authenticated,reject` (the submission template).
    pub auth_required_for_rcpt: bool,
    /// `smtpd_reject_unlisted_recipient` (yes on 25, no on the submission ports).
    pub reject_unlisted_recipient: bool,
    /// The client's address is in `mynetworks`, so it may relay.
    pub client_trusted: bool,
    /// `defer_unauth_destination` instead of `reject_unauth_destination`: 454 instead of 554.
    pub defer_unauth_destination: bool,
    /// `smtpd_helo_required`: HELO/EHLO must come before MAIL, ETRN and AUTH.
    pub helo_required: bool,
    /// `strict_smtputf8`: a non-ASCII address needs the SMTPUTF8 keyword.
    pub strict_smtputf8: bool,
    /// `disable_vrfy_command`: VRFY is refused and not announced in EHLO.
    pub disable_vrfy: bool,
    /// `smtpd_forbid_bare_newline`: what a line ending in a bare LF is worth.
    pub bare_newline: BareNewline,
    /// `smtpd_forbid_unauth_pipelining`: a client that talks out of turn is disconnected.
    pub forbid_unauth_pipelining: bool,
    /// `smtpd_data_restrictions = reject_unauth_pipelining`.
    pub reject_unauth_pipelining: bool,
}

impl Config {
    /// Port 25, the MX: STARTTLS offered, no AUTH.
    pub fn mx() -> Self {
        Config {
            wrapper_tls: false,
            tls_required: false,
            sasl: false,
            tls_auth_only: false,
            auth_required_for_rcpt: false,
            reject_unlisted_recipient: true,
            client_trusted: false,
            defer_unauth_destination: false,
            helo_required: false,
            strict_smtputf8: false,
            disable_vrfy: false,
            bare_newline: BareNewline::Allow,
            forbid_unauth_pipelining: false,
            reject_unauth_pipelining: false,
        }
    }

    /// Port 587 (and the lab's 2525): STARTTLS required, AUTH only inside TLS.
    pub fn submission() -> Self {
        Config {
            tls_required: true,
            sasl: true,
            tls_auth_only: true,
            auth_required_for_rcpt: true,
            reject_unlisted_recipient: false,
            ..Config::mx()
        }
    }

    /// Port 465: implicit TLS, AUTH at once.
    pub fn submissions() -> Self {
        Config {
            wrapper_tls: true,
            tls_required: false,
            tls_auth_only: false,
            ..Config::submission()
        }
    }
}
