//! What other programs print for the events the simulator shows, each with where it was found
//! (research notes: /tmp/research/diagnose.md, from each program's source at a named commit, or
//! a reproduction against a loopback server), and each program's words for the fix.
//! Needles are lower-case; the input is lower-cased (ASCII) before matching.

use super::prints::{HINT, LIKELY, STRONG};
use super::{Cause, Hit};
use crate::path::network::Network;
use crate::path::port::Port;

use Cause::*;

const NM: &str = "Nodemailer lib/smtp-connection/index.js";
const NODE: &str = "Node.js net, dns and tls error texts";
const PM: &str = "PHPMailer src/PHPMailer.php, src/SMTP.php";
const PY: &str = "CPython Lib/smtplib.py";
const NET: &str = "dotnet/runtime System.Net.Mail Strings.resx";
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
const TB: &str = "Thunderbird composeMsgs.properties";
const SSL: &str = "OpenSSL crypto/x509/x509_txt.c, ssl_err.c";
const MS: &str = "Microsoft 365 reply (nodemailer#1484, mailR#107, MailKit#700)";
const RB: &str = "Ruby net/smtp (GitLab SMTP troubleshooting)";

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
    ("no supported authentication methods found", AuthBeforeStarttls, Some(AuthRequired), STRONG, PM),
    ("smtp: server doesn't support auth", AuthBeforeStarttls, Some(AuthRequired), STRONG, GO),
    ("unencrypted connection", AuthBeforeStarttls, Some(StarttlsStrippedOrMissing), STRONG, GO),
    ("does not support authentication (smtp-auth)", AuthBeforeStarttls, Some(AuthRequired), STRONG, TB),
    ("does not allow plaintext passwords", AuthBeforeStarttls, None, STRONG, TB),
    ("no authentication mechanisms supported by both server and client", AuthBeforeStarttls, Some(AuthRequired), STRONG, JM),
    ("mail failed: 530", AuthBeforeStarttls, Some(AuthRequired), LIKELY, CURL),
    ("requires a secure connection or the client was not authenticated", AuthBeforeStarttls, Some(AuthRequired), LIKELY, NET),
    ("client not authenticated", AuthRequired, None, STRONG, "Exchange Online 5.7.57 (OfficeDocs-Exchange#3124)"),
    ("missing credentials for", AuthRequired, None, STRONG, NM),
    ("authentication info was not provided", AuthRequired, None, STRONG, NM),
    ("client does not have permission to submit mail", AuthRequired, Some(RelayDenied), STRONG, NET),
    ("failed to find an authenticator supported by the smtp server", AuthRequired, Some(AuthBeforeStarttls), STRONG, SY),
    ("no suitable authentication method found", AuthRequired, Some(AuthBeforeStarttls), STRONG, PY),
    ("username and password not accepted", AuthFailed, None, STRONG, "Gmail's reply, as smtplib and Nodemailer print it"),
    ("invalid login", AuthFailed, None, STRONG, NM),
    ("login denied", AuthFailed, None, STRONG, CURL),
    ("could not authenticate", AuthFailed, None, STRONG, PM),
    ("authenticationfailedexception", AuthFailed, None, STRONG, JM),
    ("smtpauthenticationerror", AuthFailed, None, STRONG, PY),
    ("failed to authenticate on smtp server", AuthFailed, None, STRONG, SY),
    ("smtpclientauthentication is disabled", AuthFailed, None, STRONG, MS),
    ("basic authentication is disabled", AuthFailed, None, STRONG, MS),
    ("authentication unsuccessful", AuthFailed, None, STRONG, MS),
    ("unable to authenticate to outgoing server", AuthFailed, None, STRONG, TB),
    ("no authentication type succeeded", AuthFailed, None, STRONG, SW),
    ("system.security.authentication.authenticationexception", CertificateInvalid, None, STRONG, NET_TLS),
    ("mailkit.security.authenticationexception", AuthFailed, None, STRONG, NET),
    ("authentication failed", AuthFailed, None, LIKELY, NET),
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
    ("remote certificate is invalid", CertificateInvalid, None, STRONG, NET),
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
    ("refused to start tls", StarttlsStrippedOrMissing, None, STRONG, PF),
    ("server does not support secure connections", StarttlsStrippedOrMissing, None, STRONG, NET),
    ("error upgrading connection with starttls", StarttlsStrippedOrMissing, None, STRONG, NM),
    ("failed starttls upgrade", StarttlsStrippedOrMissing, None, STRONG, NM),
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
pub(crate) fn matches(lower: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for &(needle, cause, also, strength, source) in ENTRIES {
        if lower.contains(needle) {
            let score = strength + needle.len() as u32;
            for (cause, score) in [(cause, score)]
                .into_iter()
                .chain(also.map(|c| (c, score - 100)))
            {
                hits.push(Hit {
                    cause,
                    score,
                    needle: needle.into(),
                    source: source.into(),
                    at: None,
                });
            }
        }
    }
    hits
}

/// The sending programs whose settings the fixes name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    Nodemailer,
    PhpMailer,
    Smtplib,
    DotNet,
    JavaMail,
    Symfony,
    Rails,
    Go,
    Curl,
    Swaks,
    Postfix,
    MailApp,
}

/// How to recognise a program; the first match wins (Ruby's `Net::SMTPAuthenticationError`
/// before Python's `SMTPAuthenticationError`).
#[rustfmt::skip]
const PROGRAMS: &[(&str, Program)] = &[
    ("nodemailer", Program::Nodemailer), ("greeting never received", Program::Nodemailer),
    ("invalid login:", Program::Nodemailer), ("mail command failed", Program::Nodemailer),
    ("error upgrading connection", Program::Nodemailer), ("all recipients were rejected", Program::Nodemailer),
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
    ("outlook", Program::MailApp), ("apple mail", Program::MailApp),
];

pub(crate) fn program(lower: &str) -> Option<Program> {
    PROGRAMS
        .iter()
        .find(|(n, _)| lower.contains(n))
        .map(|&(_, p)| p)
}

/// A program's words: its name, implicit TLS on 465, STARTTLS on 587, logging in, trusting the
/// server's certificate.
type Words = [&'static str; 5];

impl Program {
    fn words(self) -> Words {
        match self {
            Program::Nodemailer => ["Nodemailer", "`secure: true` with `port: 465`", "`secure: false` and `requireTLS: true` with `port: 587`", "`auth: { user, pass }`", "`tls: { ca }` (`tls.rejectUnauthorized: false` only to test)"],
            Program::PhpMailer => ["PHPMailer", "`SMTPSecure = PHPMailer::ENCRYPTION_SMTPS` with `Port = 465`", "`SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS` with `Port = 587` (keep `SMTPAutoTLS = true`)", "`SMTPAuth = true`, `Username`, `Password`", "a CA bundle PHP can read (`SMTPOptions` verify_peer off only to test)"],
            Program::Smtplib => ["Python smtplib", "`smtplib.SMTP_SSL(host, 465)`", "`smtplib.SMTP(host, 587)`, then `starttls()` before `login()`", "`login(user, password)`", "`ssl.create_default_context(cafile=…)`"],
            Program::DotNet => [".NET", "MailKit's `SecureSocketOptions.SslOnConnect` on 465 (`System.Net.Mail.SmtpClient` cannot do implicit TLS)", "`EnableSsl = true` with `Port = 587` (MailKit: `SecureSocketOptions.StartTls`)", "`Credentials = new NetworkCredential(user, password)`", "a valid certificate (`ServerCertificateValidationCallback` only to test)"],
            Program::JavaMail => ["Jakarta Mail", "`mail.smtp.ssl.enable=true` with port 465", "`mail.smtp.starttls.enable=true` and `mail.smtp.starttls.required=true` with port 587", "`mail.smtp.auth=true` and an Authenticator", "the CA in the truststore (`mail.smtp.ssl.trust` only to test)"],
            Program::Symfony => ["Symfony Mailer / Laravel", "`smtps://…:465` (Laravel: `MAIL_SCHEME=smtps`, `MAIL_PORT=465`)", "`smtp://…:587`, which starts TLS by itself (Laravel: `MAIL_SCHEME=smtp`, `MAIL_PORT=587`; not `MAIL_ENCRYPTION=ssl`)", "`smtp://user:pass@host:587`, URL-encoded (Laravel: `MAIL_USERNAME`, `MAIL_PASSWORD`)", "a valid certificate (`verify_peer=0` only to test)"],
            Program::Rails => ["Rails (ActionMailer)", "`tls: true` with `port: 465`", "`enable_starttls: true`, `ssl: false`, `tls: false` with `port: 587`", "`user_name`, `password`, `authentication: :plain`", "the CA (`openssl_verify_mode: 'none'` only to test)"],
            Program::Go => ["Go net/smtp", "`tls.Dial` to port 465, then `smtp.NewClient`", "`smtp.SendMail` to port 587 (or `c.StartTLS` before `c.Auth`)", "`smtp.PlainAuth`", "`tls.Config{ServerName, RootCAs}`"],
            Program::Curl => ["curl", "`smtps://host:465`", "`smtp://host:587 --ssl-reqd`", "`--user user:password`", "`--cacert` (`-k` only to test)"],
            Program::Swaks => ["swaks", "`--tls-on-connect --port 465`", "`-tls --port 587`", "`--auth-user` and `--auth-password`", "`--tls-verify` with the right CA"],
            Program::Postfix => ["Postfix as a relay", "`relayhost = [host]:465` with `smtp_tls_wrappermode = yes` and `smtp_tls_security_level = encrypt`", "`relayhost = [host]:587` with `smtp_tls_security_level = encrypt`", "`smtp_sasl_auth_enable = yes` and `smtp_sasl_password_maps`", "`smtp_tls_CAfile`"],
            Program::MailApp => ["your mail program", "connection security \"SSL/TLS\" with port 465", "connection security \"STARTTLS\" with port 587", "authentication \"Normal password\" with your full address as the user name", "the server name exactly as your provider gives it"],
        }
    }

    pub fn name(self) -> &'static str {
        self.words()[0]
    }
}

const GENERIC: Words = [
    "",
    "implicit TLS (\"SSL/TLS\") on port 465",
    "\"STARTTLS\" on port 587",
    "SMTP authentication with your user name and password",
    "install that CA on this machine",
];

/// The fix, in the program's words when it is known (the lab's report card uses it too).
pub fn fix(cause: Cause, program: Option<Program>, port: u16) -> String {
    let [_, tls, starttls, login, trust] = program.map_or(GENERIC, Program::words);
    let sim_port = Port::from_number(port).unwrap_or(Port::P587);
    match cause {
        PortBlockedDrop => format!("{} The settings: {starttls}; or {tls}.", Network::Open.advice(sim_port)),
        PortRefused => format!("Check the host and port: nothing accepts port {port} there, or a firewall rejects it. Submission is {starttls}, or {tls}."),
        ImplicitTlsOnStarttlsPort if port == 25 => "Port 25 starts in plaintext: turn implicit TLS off and use STARTTLS on port 25. If this is your app sending mail (not a server relaying to an MX), submit on 587 with STARTTLS or on 465 with implicit TLS instead.".into(),
        ImplicitTlsOnStarttlsPort => format!("Port {port} starts in plaintext: use {starttls}. Or keep implicit TLS and connect to 465: {tls}."),
        StarttlsOnImplicitPort => format!("Use {tls}. Or connect to 587 instead: {starttls}."),
        AuthBeforeStarttls => format!("Start TLS before logging in: {starttls}, or {tls}. If the password went out before TLS, change it."),
        AuthRequired => format!("Log in before sending: {login}, over TLS ({starttls}, or {tls})."),
        AuthFailed => format!("Check {login}; the usual causes are listed below."),
        RelayDenied => format!("Log in ({login}) and submit on 587 or 465; port 25 takes mail only for the server's own domains."),
        CertificateInvalid => format!("Connect to the host name printed on the server's certificate, and trust the CA that issued it: {trust}. Turning checks off also hides an attacker."),
        DnsFailure => "Check the server's host name for typos; a name that only resolves elsewhere (a container's service name, an internal DNS) fails here too.".into(),
        StarttlsStrippedOrMissing if port == 25 && program != Some(Program::Postfix) => "Your program stopped before sending anything: the server on port 25 did not offer STARTTLS, or something on the path removed it. If this is your app sending mail, submit on 587 with STARTTLS or 465 with implicit TLS.".into(),
        StarttlsStrippedOrMissing if port == 25 => "Nothing leaked: the message stays in the deferred queue and is retried. Find out why the MX did not offer STARTTLS (a middlebox rewriting it, such as Cisco ASA ESMTP inspection, or the receiving server's TLS setup); do not lower smtp_tls_security_level for that domain.".into(),
        StarttlsStrippedOrMissing => format!("Do not fall back to plaintext: use {tls}, or ask the provider why STARTTLS is missing. Already on 465 with implicit TLS? Then drop the extra STARTTLS step."),
        TooManyErrors => "Fix the first refused command in the transcript, then reconnect.".into(),
        MessageTooBig => "Send a smaller message (the EHLO reply's SIZE line gives the limit): shrink the attachments, or send a link.".into(),
        GreetingRejected => format!("The server turned the session away (often a blocked sending address, or a busy server): submit to your provider with {starttls}, or wait and retry."),
        RecipientRejected => "Check the recipient's address for typos.".into(),
        ConnectionClosed => "Look at the last server reply before the hang-up; paste the whole transcript here to find it.".into(),
        Delivered => "Nothing to fix here.".into(),
        Unknown => "Paste the whole error your program printed, with the lines around it, or its SMTP conversation: lines starting C: and S:, swaks output, PHPMailer with SMTPDebug = 2, Nodemailer with logger: true and debug: true, smtplib with set_debuglevel(1).".into(),
    }
}
