//! Layer 6, the last: what programs print for the events the simulator shows, sentence by
//! sentence, each with where it was found (the program's source or issue tracker, or a
//! reproduction against a loopback server), and how to recognise the program.
//! Needles are lower-case; the input is lower-cased (ASCII) before matching.

use super::prints::{HINT, LIKELY, STRONG};
use super::{line_at, Cause, Hit};

use Cause::*;

const NM: &str = "Nodemailer lib/smtp-connection/index.js";
const NODE: &str = "Node.js net, dns and tls error texts";
const PM: &str = "PHPMailer src/PHPMailer.php, src/SMTP.php";
const PY: &str = "CPython Lib/smtplib.py";
const NET: &str = "dotnet/runtime System.Net.Mail Strings.resx";
const MK: &str = "MailKit (jstedfast/MailKit) MailKit/Security";
/// .NET's TLS handshake failure (SslStream), not an SMTP login failure.
const NET_TLS: &str = "dotnet/runtime System.Net.Security (SslStream: AuthenticationException)";
/// Words many programs print, from no one program in particular.
const GENERIC_PHRASE: &str = "a phrase many programs print (operating system and socket libraries)";
const JM: &str = "Angus Mail SMTPTransport.java; the JDK's javax.net.ssl";
const SY: &str = "symfony/mailer Transport/Smtp";
const GO: &str = "golang/go src/net/smtp, crypto/tls";
const CURL: &str = "curl lib/smtp.c, lib/vtls/openssl.c";
const SW: &str = "swaks (jetmore/swaks)";
const PF: &str = "Postfix src/smtp/smtp_proto.c, smtp_trouble.c";
/// Postfix's one-line TLS summary: Anonymous, Untrusted, Trusted or Verified.
const PF_TLS: &str = "Postfix src/tls/tls_client.c (\"%s TLS connection established to %s\")";
const TB: &str = "Thunderbird composeMsgs.properties";
const SSL: &str = "OpenSSL crypto/x509/x509_txt.c, ssl_err.c";
const MS: &str = "Microsoft 365 reply (nodemailer#1484, mailR#107, MailKit#700)";
const RB: &str = "Ruby net/smtp (GitLab SMTP troubleshooting)";
const RBL: &str =
    "Postfix src/smtpd/smtpd_check.c (reject_rbl_client), src/postscreen/postscreen_early.c";
const GMAIL_IP: &str = "Gmail reply 550 5.7.1 (support.google.com/mail/?p=NotAuthorizedError)";

/// `(needle, cause, second cause it may also be, strength, source)`.
type Entry = (&'static str, Cause, Option<Cause>, u32, &'static str);

#[rustfmt::skip]
const ENTRIES: &[Entry] = &[
    ("connection timeout", PortBlockedDrop, None, STRONG, NM),
    ("connect timed out", PortBlockedDrop, None, STRONG, JM),
    ("i/o timeout", PortBlockedDrop, None, STRONG, GO),
    ("net::opentimeout", PortBlockedDrop, None, STRONG, RB),
    ("timed out", PortBlockedDrop, Some(StarttlsOnImplicitPort), HINT, GENERIC_PHRASE),
    ("couldn't connect to server", PortRefused, None, STRONG, CURL),
    ("refusing smtp connections", PortRefused, Some(PortBlockedDrop), LIKELY, TB),
    ("wrong_version_number", ImplicitTlsOnStarttlsPort, None, STRONG, PY),
    ("unsupported or unrecognized ssl message", ImplicitTlsOnStarttlsPort, None, STRONG, JM),
    ("first record does not look like a tls handshake", ImplicitTlsOnStarttlsPort, None, STRONG, GO),
    ("unknown protocol", ImplicitTlsOnStarttlsPort, None, LIKELY, RB),
    ("port 587 is typically reserved for plain-text", ImplicitTlsOnStarttlsPort, None, STRONG, "MailKit SslHandshakeException"),
    ("greeting never received", StarttlsOnImplicitPort, None, STRONG, NM),
    ("while receiving the initial server greeting", StarttlsOnImplicitPort, Some(GreetingRejected), STRONG, PF),
    ("read timed out", StarttlsOnImplicitPort, None, STRONG, JM),
    ("net::readtimeout", StarttlsOnImplicitPort, None, STRONG, RB),
    ("with 0 bytes received", StarttlsOnImplicitPort, None, STRONG, CURL),
    ("stream timed-out", StarttlsOnImplicitPort, None, STRONG, PM),
    ("select timed-out", StarttlsOnImplicitPort, None, STRONG, PM),
    ("connection unexpectedly closed", StarttlsOnImplicitPort, Some(ConnectionClosed), LIKELY, PY),
    ("unable to read data from the transport connection", StarttlsOnImplicitPort, Some(ConnectionClosed), LIKELY, NET),
    ("smtp auth extension not supported by server", AuthBeforeStarttls, Some(AuthRequired), STRONG, PY),
    ("host did not advertise authentication", AuthBeforeStarttls, Some(AuthRequired), STRONG, SW),
    ("no supported authentication methods found", NoCommonMechanism, Some(AuthBeforeStarttls), STRONG, PM),
    ("authentication is not allowed at this stage", AuthBeforeStarttls, None, STRONG, PM),
    ("smtp: server doesn't support auth", AuthBeforeStarttls, Some(AuthRequired), STRONG, GO),
    ("unencrypted connection", AuthBeforeStarttls, Some(StarttlsStrippedOrMissing), STRONG, GO),
    ("does not support authentication (smtp-auth)", AuthBeforeStarttls, Some(AuthRequired), STRONG, TB),
    ("does not allow plaintext passwords", AuthBeforeStarttls, None, STRONG, TB),
    ("no authentication mechanisms supported by both server and client", AuthBeforeStarttls, Some(AuthRequired), STRONG, JM),
    ("mail failed: 530", AuthBeforeStarttls, Some(AuthRequired), LIKELY, CURL),
    ("requires a secure connection or the client was not authenticated", AuthBeforeStarttls, Some(AuthRequired), LIKELY, NET),
    ("client not authenticated", AuthRequired, None, STRONG, "Exchange Online 5.7.57 (OfficeDocs-Exchange#3124)"),
    ("missing credentials for", AuthRequired, None, STRONG, NM),
    ("you must authenticate", AuthRequired, None, LIKELY, "a server's reply, as .NET SmtpClient prints it (andrewdavey/postal#127)"),
    ("authentication info was not provided", AuthRequired, None, STRONG, NM),
    ("client does not have permission to submit mail", AuthRequired, Some(RelayDenied), STRONG, NET),
    ("failed to find an authenticator supported by the smtp server", AuthRequired, Some(AuthBeforeStarttls), STRONG, SY),
    ("no suitable authentication method found", AuthRequired, Some(AuthBeforeStarttls), STRONG, PY),
    ("username and password not accepted", AuthFailed, None, STRONG, "Gmail's reply, as smtplib and Nodemailer print it"),
    ("invalid login", AuthFailed, None, STRONG, NM),
    ("login denied", AuthFailed, None, STRONG, CURL),
    ("could not authenticate", AuthFailed, Some(AuthBeforeStarttls), LIKELY, PM),
    ("authenticationfailedexception", AuthFailed, None, STRONG, JM),
    ("smtpauthenticationerror", AuthFailed, None, STRONG, PY),
    ("failed to authenticate on smtp server", AuthFailed, None, STRONG, SY),
    ("smtpclientauthentication is disabled", LoginDisabled, None, STRONG, MS),
    ("basic authentication is disabled", LoginDisabled, None, STRONG, MS),
    ("authentication unsuccessful", AuthFailed, None, STRONG, MS),
    ("unable to authenticate to outgoing server", AuthFailed, None, STRONG, TB),
    ("no authentication type succeeded", AuthFailed, None, STRONG, SW),
    ("system.security.authentication.authenticationexception", CertificateInvalid, None, STRONG, NET_TLS),
    ("mailkit.security.authenticationexception", AuthFailed, None, STRONG, MK),
    ("authentication failed", AuthFailed, None, LIKELY, NET),
    ("blocked using", SenderAddressRefused, None, STRONG, RBL),
    ("the ip you're using to send mail", SenderAddressRefused, None, STRONG, GMAIL_IP),
    ("unable to relay", RelayDenied, None, STRONG, "Exchange reply, as .NET SmtpClient prints it"),
    ("rcpt failed: 554", RelayDenied, None, STRONG, CURL),
    ("all recipients were rejected", RelayDenied, Some(RecipientRejected), LIKELY, NM),
    ("the following recipients failed", RelayDenied, Some(RecipientRejected), LIKELY, PM),
    ("smtprecipientsrefused", RelayDenied, Some(RecipientRejected), LIKELY, PY),
    ("certificate verify failed", CertificateInvalid, None, STRONG, SSL),
    ("self-signed certificate", CertificateInvalid, None, STRONG, SSL),
    ("self signed certificate", CertificateInvalid, None, STRONG, SSL),
    ("unable to verify the first certificate", CertificateInvalid, None, STRONG, SSL),
    ("unable to get local issuer certificate", CertificateInvalid, None, STRONG, SSL),
    ("certificate has expired", CertificateInvalid, None, STRONG, SSL),
    ("certificate is not yet valid", CertificateInvalid, None, STRONG, SSL),
    ("does not match certificate's altnames", CertificateInvalid, None, STRONG, NODE),
    ("hostname mismatch", CertificateInvalid, None, STRONG, PY),
    ("ip address mismatch", CertificateInvalid, None, STRONG, PY),
    ("does not match target host name", CertificateInvalid, None, STRONG, CURL),
    ("pkix path building failed", CertificateInvalid, None, STRONG, JM),
    ("no subject alternative", CertificateInvalid, None, STRONG, JM),
    ("remote certificate is invalid", CertificateInvalid, None, STRONG, NET_TLS),
    ("x509: certificate", CertificateInvalid, None, STRONG, GO),
    ("server certificate not", CertificateInvalid, None, STRONG, PF),
    ("ssl certificate problem", CertificateInvalid, None, STRONG, CURL),
    ("did not match expected cn", CertificateInvalid, None, STRONG, "PHP stream_socket_enable_crypto (PHPMailer#196)"),
    ("enotfound", DnsFailure, None, STRONG, NODE),
    ("eai_again", DnsFailure, None, STRONG, NODE),
    ("getaddrinfo", DnsFailure, None, LIKELY, NODE),
    ("name or service not known", DnsFailure, None, STRONG, PY),
    ("nodename nor servname provided", DnsFailure, None, STRONG, PY),
    ("unknownhostexception", DnsFailure, None, STRONG, JM),
    ("unknown smtp host", DnsFailure, None, STRONG, JM),
    ("could not resolve host", DnsFailure, None, STRONG, CURL),
    ("no such host", DnsFailure, None, STRONG, GO),
    ("is unknown. the server may be incorrectly configured", DnsFailure, None, STRONG, TB),
    ("the smtp host was not found", DnsFailure, None, STRONG, NET),
    ("starttls extension not supported by server", StarttlsStrippedOrMissing, None, STRONG, PY),
    ("starttls not supported", StarttlsStrippedOrMissing, None, STRONG, CURL),
    ("host did not advertise starttls", StarttlsStrippedOrMissing, None, STRONG, SW),
    ("host does not support starttls", StarttlsStrippedOrMissing, None, STRONG, JM),
    ("tls is required, but was not offered", StarttlsStrippedOrMissing, None, STRONG, PF),
    // Encrypted, but to a certificate nobody checked: what `may` and `encrypt` accept.
    ("untrusted tls connection established", CertificateNotVerified, None, LIKELY, PF_TLS),
    ("anonymous tls connection established", CertificateNotVerified, None, LIKELY, PF_TLS),
    ("refused to start tls", StarttlsStrippedOrMissing, None, STRONG, PF),
    ("server does not support secure connections", StarttlsStrippedOrMissing, None, STRONG, NET),
    ("error upgrading connection with starttls", StarttlsStrippedOrMissing, None, STRONG, NM),
    ("failed starttls upgrade, continuing unencrypted", OpportunisticTls, None, STRONG, NM),
    ("starttls command failed", StarttlsStrippedOrMissing, None, STRONG, PM),
    ("doesn't advertise that feature", StarttlsStrippedOrMissing, None, STRONG, TB),
    ("message size larger than allowed", MessageTooBig, None, STRONG, NM),
    ("exceeds the global size limit", MessageTooBig, None, STRONG, TB),
    ("exceeded storage allocation", MessageTooBig, None, STRONG, NET),
    ("invalid greeting", GreetingRejected, None, STRONG, NM),
    ("got bad greeting", GreetingRejected, None, STRONG, JM),
    ("incorrect greeting", GreetingRejected, None, STRONG, TB),
    ("smtpconnecterror", GreetingRejected, None, STRONG, PY),
    ("refused to talk to me", GreetingRejected, None, STRONG, PF),
    ("connection closed unexpectedly", ConnectionClosed, None, LIKELY, NM),
    ("has been closed unexpectedly", ConnectionClosed, None, LIKELY, SY),
    ("remote host closed connection unexpectedly", ConnectionClosed, Some(StarttlsOnImplicitPort), LIKELY, SW),
    ("lost in the middle of the transaction", ConnectionClosed, None, LIKELY, TB),
    ("lost connection with", ConnectionClosed, None, LIKELY, PF),
];

/// Every entry the lower-cased input contains; a second cause scores a little less.
pub(crate) fn matches(input: &str, lower: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for &(needle, cause, also, strength, source) in ENTRIES {
        if let Some(at) = lower.find(needle) {
            let score = strength + needle.len() as u32;
            let evidence = format!(
                "{}: the words this program prints for it ({source}).",
                line_at(input, at)
            );
            for (cause, score) in [(cause, score)]
                .into_iter()
                .chain(also.map(|c| (c, score - 100)))
            {
                hits.push(Hit::new(cause, score, needle, source, evidence.clone()));
            }
        }
    }
    hits
}

/// The sending programs whose settings the fixes name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// Nodemailer (Node.js).
    Nodemailer,
    /// PHPMailer (PHP).
    PhpMailer,
    /// Python's smtplib.
    Smtplib,
    /// .NET: System.Net.Mail's SmtpClient or MailKit.
    DotNet,
    /// Jakarta Mail, formerly JavaMail.
    JavaMail,
    /// Symfony Mailer, and Laravel's mail settings.
    Symfony,
    /// Rails' ActionMailer over Ruby's Net::SMTP.
    Rails,
    /// Go's net/smtp.
    Go,
    /// curl's SMTP support.
    Curl,
    /// swaks, the SMTP test tool.
    Swaks,
    /// Postfix relaying through a `relayhost`.
    Postfix,
    /// A mail program such as Thunderbird, Outlook or Apple Mail.
    MailApp,
    /// The WP Mail SMTP plugin for WordPress.
    WpMailSmtp,
    /// msmtp.
    Msmtp,
    /// lettre (Rust).
    Lettre,
}

/// How to recognise a program; the first match wins (Ruby's `Net::SMTPAuthenticationError`
/// before Python's `SMTPAuthenticationError`).
#[rustfmt::skip]
const PROGRAMS: &[(&str, Program)] = &[
    ("wp mail smtp", Program::WpMailSmtp), ("msmtp", Program::Msmtp), ("lettre", Program::Lettre),
    ("nodemailer", Program::Nodemailer), ("greeting never received", Program::Nodemailer), ("invalid greeting. response=", Program::Nodemailer),
    ("invalid login:", Program::Nodemailer), ("mail command failed", Program::Nodemailer),
    ("error upgrading connection", Program::Nodemailer), ("all recipients were rejected", Program::Nodemailer),
    // Nodemailer's error fields, as Node prints the error object (lib/smtp-connection).
    ("code: 'esocket'", Program::Nodemailer), ("command: 'conn'", Program::Nodemailer),
    ("phpmailer", Program::PhpMailer), ("smtp connect() failed", Program::PhpMailer),
    ("smtp error: ", Program::PhpMailer), ("smtpsecure", Program::PhpMailer),
    ("net::smtp", Program::Rails), ("openssl::ssl", Program::Rails), ("actionmailer", Program::Rails),
    ("ssl_connect returned", Program::Rails),
    ("smtplib", Program::Smtplib), ("smtpauthenticationerror", Program::Smtplib),
    ("smtpnotsupportederror", Program::Smtplib), ("smtpserverdisconnected", Program::Smtplib),
    ("smtpsenderrefused", Program::Smtplib), ("smtprecipientsrefused", Program::Smtplib), ("_ssl.c:", Program::Smtplib),
    ("system.net.mail", Program::DotNet), ("smtpexception", Program::DotNet), ("mailkit", Program::DotNet),
    ("the smtp server requires a secure connection", Program::DotNet), ("enablessl", Program::DotNet),
    ("javax.mail", Program::JavaMail), ("jakarta.mail", Program::JavaMail), ("com.sun.mail", Program::JavaMail),
    ("org.eclipse.angus", Program::JavaMail), ("mail.smtp.", Program::JavaMail), ("javax.net.ssl", Program::JavaMail),
    ("could not connect to smtp host", Program::JavaMail), ("couldn't connect to host, port", Program::JavaMail),
    ("symfony", Program::Symfony), ("laravel", Program::Symfony), ("transportexception", Program::Symfony),
    ("connection could not be established with host", Program::Symfony), ("expected response code", Program::Symfony),
    ("net/smtp", Program::Go), ("dial tcp", Program::Go), ("tls: first record", Program::Go),
    ("smtp: server doesn't", Program::Go),
    ("curl: (", Program::Curl),
    ("swaks", Program::Swaks), ("waiting for server response", Program::Swaks), ("host did not advertise", Program::Swaks),
    ("postfix/smtp", Program::Postfix), ("status=deferred", Program::Postfix), ("relayhost", Program::Postfix),
    ("tls is required, but", Program::Postfix),
    ("outgoing server (smtp)", Program::MailApp), ("thunderbird", Program::MailApp),
    ("microsoft outlook", Program::MailApp), ("apple mail", Program::MailApp),
    ("mail_scheme", Program::Symfony), ("mail_encryption", Program::Symfony), ("mailer_dsn", Program::Symfony),
];

pub(crate) fn program(lower: &str) -> Option<Program> {
    PROGRAMS
        .iter()
        .find(|(n, _)| lower.contains(n))
        .map(|&(_, p)| p)
}
