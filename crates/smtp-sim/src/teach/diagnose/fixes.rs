//! The fixes: safe ones (certificate checks stay on, TLS is required, never "turn checks off"),
//! in the program's own words, and for the library version where it matters.

use super::catalogue::Program;
use super::settings::Stated;
use super::Cause;
use super::Cause::*;
use crate::path::network::Network;
use crate::path::port::Port;

/// A program's words: its name, implicit TLS on 465, STARTTLS required on 587, logging in,
/// trusting the server's certificate.
type Words = [&'static str; 5];

impl Program {
    /// Every program the fixes know.
    pub const ALL: [Program; 15] = [
        Program::Nodemailer,
        Program::PhpMailer,
        Program::Smtplib,
        Program::DotNet,
        Program::JavaMail,
        Program::Symfony,
        Program::Rails,
        Program::Go,
        Program::Curl,
        Program::Swaks,
        Program::Postfix,
        Program::MailApp,
        Program::WpMailSmtp,
        Program::Msmtp,
        Program::Lettre,
    ];

    #[rustfmt::skip]
    fn words(self) -> Words {
        match self {
            Program::Nodemailer => ["Nodemailer", "`secure: true` with `port: 465`", "`secure: false` and `requireTLS: true` with `port: 587`", "`auth: { user, pass }`", "`tls: { ca: [yourCA] }` (never `rejectUnauthorized: false`)"],
            Program::PhpMailer => ["PHPMailer", "`SMTPSecure = PHPMailer::ENCRYPTION_SMTPS` with `Port = 465`", "`SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS` with `Port = 587` (PHPMailer then stops if STARTTLS fails; `SMTPAutoTLS` alone is opportunistic)", "`SMTPAuth = true`, `Username`, `Password`", "a CA bundle PHP can read (`openssl.cafile`); never `SMTPOptions` with `verify_peer` off"],
            Program::WpMailSmtp => ["WP Mail SMTP", "\"Encryption: SSL\" with \"SMTP Port\" 465", "\"Encryption: TLS\" with \"SMTP Port\" 587", "\"Authentication\" on, with the SMTP Username and Password", "the host's CA bundle (ask the host); leave certificate checks on"],
            Program::Smtplib => ["Python smtplib", "`smtplib.SMTP_SSL(host, 465, context=ssl.create_default_context())`", "`smtplib.SMTP(host, 587)`, then `starttls(context=ssl.create_default_context())` before `login()` (without a context smtplib checks no certificate)", "`login(user, password)`", "`ssl.create_default_context(cafile=…)`"],
            Program::DotNet => [".NET", "MailKit's `SecureSocketOptions.SslOnConnect` on 465 (`System.Net.Mail.SmtpClient` cannot do implicit TLS)", "`EnableSsl = true` with `Port = 587` (MailKit: `SecureSocketOptions.StartTls`, not `StartTlsWhenAvailable`)", "`Credentials = new NetworkCredential(user, password)`", "a certificate the system trusts; never a `ServerCertificateValidationCallback` that returns true"],
            Program::JavaMail => ["Jakarta Mail", "`mail.smtp.ssl.enable=true` and `mail.smtp.ssl.checkserveridentity=true` with port 465", "`mail.smtp.starttls.enable=true`, `mail.smtp.starttls.required=true` and `mail.smtp.ssl.checkserveridentity=true` with port 587", "`mail.smtp.auth=true` and an Authenticator", "the CA in the truststore, with `mail.smtp.ssl.checkserveridentity=true` (without it Jakarta Mail checks no host name; `mail.smtp.ssl.trust` checks nothing)"],
            Program::Symfony => ["Symfony Mailer / Laravel", "`smtps://…:465` (Laravel 11+: `MAIL_SCHEME=smtps`; Laravel 9–10: `MAIL_PORT=465`, which Symfony Mailer opens with implicit TLS; Laravel ≤ 8 with SwiftMailer: `MAIL_ENCRYPTION=ssl`)", "`smtp://…:587?require_tls=true` (symfony/mailer 7.3+, and 7.4.24 / 8.1.12+ for the require_tls bypass fix; older versions cannot require STARTTLS: use `smtps://…:465`)", "`smtp://user:pass@host:587`, URL-encoded (Laravel: `MAIL_USERNAME`, `MAIL_PASSWORD`)", "a certificate the system trusts; never `verify_peer=0`"],
            Program::Rails => ["Rails (ActionMailer)", "`tls: true` with `port: 465`", "`enable_starttls: true` with `port: 587` (not `enable_starttls_auto`, which is opportunistic)", "`user_name`, `password`, `authentication: :plain`", "`openssl_verify_mode: 'peer'` with the CA; never `'none'`"],
            Program::Go => ["Go net/smtp", "`tls.Dial(\"tcp\", host+\":465\", &tls.Config{ServerName: host})`, then `smtp.NewClient`", "`c.StartTLS(&tls.Config{ServerName: host})` before `c.Auth` on 587 (`smtp.SendMail` uses STARTTLS only if offered)", "`smtp.PlainAuth`", "`tls.Config{ServerName: host, RootCAs: pool}`; never `InsecureSkipVerify`"],
            Program::Curl => ["curl", "`smtps://host:465`", "`smtp://host:587 --ssl-reqd`", "`--user user:password`", "`--cacert`; never `-k`"],
            Program::Swaks => ["swaks", "`--tls-on-connect --tls-verify --port 465`", "`--tls --tls-verify --port 587` (swaks checks no certificate without `--tls-verify`)", "`--auth-user` and `--auth-password`", "`--tls-verify` with `--tls-ca-path`"],
            Program::Postfix => ["Postfix as a relay", "`relayhost = [host]:465` with `smtp_tls_wrappermode = yes` and `smtp_tls_security_level = secure`", "`relayhost = [host]:587` with `smtp_tls_security_level = secure` (`encrypt` requires TLS but checks no certificate)", "`smtp_sasl_auth_enable = yes` and `smtp_sasl_password_maps`", "`smtp_tls_CAfile` for a relayhost at `verify` or `secure`"],
            Program::MailApp => ["your mail program", "connection security \"SSL/TLS\" with port 465", "connection security \"STARTTLS\" with port 587", "authentication \"Normal password\" with your full address as the user name", "the server name exactly as your provider gives it"],
            Program::Msmtp => ["msmtp", "`tls on`, `tls_starttls off`, `port 465`", "`tls on`, `tls_starttls on`, `port 587`", "`auth on`, `user`, `passwordeval`", "`tls_trust_file`, with `tls_certcheck on`"],
            Program::Lettre => ["lettre", "`SmtpTransport::relay(host)` (port 465, implicit TLS)", "`SmtpTransport::starttls_relay(host)` (port 587, STARTTLS required)", "`.credentials(Credentials::new(user, password))`", "a certificate the system trusts; never `dangerous_accept_invalid_certs`"],
        }
    }

    /// The program's name as the fixes say it, e.g. "Python smtplib".
    pub fn name(self) -> &'static str {
        self.words()[0]
    }
}

const GENERIC: Words = [
    "",
    "implicit TLS (\"SSL/TLS\") on port 465",
    "\"STARTTLS\" set as required on port 587",
    "SMTP authentication with your user name and password",
    "install that CA on this machine; keep the certificate check on",
];

/// The fix, in the program's words when it is known.
pub(crate) fn fix(cause: Cause, program: Option<Program>, port: u16, stated: &Stated) -> String {
    let [_, tls, starttls, login, trust] = program.map_or(GENERIC, Program::words);
    let sim_port = Port::from_number(port).unwrap_or(Port::P587);
    // The submission settings that do not use the port that just failed.
    let elsewhere = match port {
        587 => tls.to_string(),
        465 => starttls.to_string(),
        _ => format!("{starttls}, or {tls}"),
    };
    let mut fix = match cause {
        PortBlockedDrop => format!("{} The settings: {elsewhere}.", Network::Open.advice(sim_port)),
        NoRoute => format!("Check the host and port, and whether a firewall (yours or the server's) rejects port {port}: ask whoever runs it to open the port, or use {elsewhere}. If the address is IPv6 and your network has none, connect over IPv4."),
        PortRefused => format!("Check the host and port: nothing accepts port {port} there, or a firewall rejects it. Submission elsewhere: {elsewhere}."),
        ImplicitTlsOnStarttlsPort if port == 25 => "Port 25 starts in plaintext: turn implicit TLS off and use STARTTLS on port 25. If this is your app sending mail (not a server relaying to an MX), submit on 587 with STARTTLS required or on 465 with implicit TLS instead.".into(),
        ImplicitTlsOnStarttlsPort => format!("Port {port} starts in plaintext: use {starttls}. Or keep implicit TLS and connect to 465: {tls}."),
        StarttlsOnImplicitPort => format!("Use {tls}. Or connect to 587 instead: {starttls}."),
        AuthBeforeStarttls => format!("Start TLS before logging in: {starttls}, or {tls}. If the password went out before TLS, change it."),
        AuthRequired => format!("Log in before sending: {login}, over TLS ({starttls}, or {tls})."),
        LoginDisabled => "Nothing in your program fixes this: an administrator turns SMTP AUTH on for this mailbox (Microsoft 365: the mailbox's \"Authenticated SMTP\" setting, or the organisation's SmtpClientAuthenticationDisabled set to false), or the program logs in with OAuth 2.0 (XOAUTH2) instead of a password, which Microsoft recommends.".into(),
        NoCommonMechanism => "Use a mechanism the EHLO reply lists: if it offers only XOAUTH2, log in with OAuth 2.0 (PHPMailer: `AuthType = 'XOAUTH2'` with an OAuth provider); if only NTLM or GSSAPI, use a library that speaks it, or ask for PLAIN or LOGIN over TLS.".into(),
        AuthFailed => format!("Check {login}; the usual causes are listed below."),
        RelayDenied => format!("Log in ({login}) and submit on 587 or 465; port 25 takes mail only for the server's own domains."),
        SenderAddressRefused if program == Some(Program::Postfix) => "Relay through your provider instead of delivering to the recipient's MX yourself: `relayhost = [smtp.provider.example]:587` with `smtp_sasl_auth_enable = yes`, `smtp_sasl_password_maps` and `smtp_tls_security_level = secure` (TLS required and the certificate checked). An address that should send directly needs a static IP, a matching reverse DNS name, and delisting.".into(),
        SenderAddressRefused => format!("Send through your provider's submission server instead of the recipient's MX: {starttls}, or {tls}, with {login}. A mail server of your own does the same with a relay host (Postfix: `relayhost = [smtp.provider.example]:587`)."),
        CertificateInvalid if port == 25 && program == Some(Program::Postfix) => "Keep the message queued (it is retried): check the recipient's TLSA records or MTA-STS policy against its certificate, and tell its postmaster. Do not lower `smtp_tls_security_level` or the policy for that domain. (`smtp_tls_CAfile` applies to a relayhost you configured at `verify` or `secure`.)".into(),
        CertificateInvalid => format!("Connect to a host name printed on the server's certificate, and trust the CA that issued it: {trust}. Turning checks off also lets an attacker in."),
        DnsFailure => "Check the server's host name for typos; a name that only resolves elsewhere (a container's service name, an internal DNS) fails here too. Then check this machine's DNS (`nslookup host`).".into(),
        StarttlsStrippedOrMissing if port == 25 && program != Some(Program::Postfix) => "Your program stopped before sending anything: the server on port 25 did not offer STARTTLS, or something on the path removed it. If this is your app sending mail, submit on 587 with STARTTLS required or 465 with implicit TLS.".into(),
        StarttlsStrippedOrMissing if port == 25 => "Nothing leaked: the message stays in the deferred queue and is retried. Find out why the MX did not offer STARTTLS (a middlebox rewriting it, such as Cisco ASA ESMTP inspection, or the receiving server's TLS setup); do not lower smtp_tls_security_level for that domain.".into(),
        StarttlsStrippedOrMissing => format!("Keep TLS required: use {tls}, or ask the provider why STARTTLS is missing (a 454 4.7.0 is the server's own TLS setup). Already on 465 with implicit TLS? Then drop the extra STARTTLS step."),
        OpportunisticTls => format!("Make TLS required: {starttls}; or {tls}. If a session already went on in plaintext, change the password."),
        CertificateNotVerified => format!("Turn the certificate check back on: {trust}; and connect with TLS required: {starttls}, or {tls}."),
        TooManyErrors => "Fix the first refused command in the transcript, then reconnect.".into(),
        MessageTooBig => "Send a smaller message (the EHLO reply's SIZE line gives the limit): shrink the attachments, or send a link.".into(),
        GreetingRejected => format!("The server turned the session away (often a blocked sending address, or a busy server): submit to your provider with {starttls}, or wait and retry."),
        RecipientRejected => "Check the recipient's address for typos.".into(),
        ConnectionClosed => "Look at the last server reply before the hang-up; paste the whole transcript here to find it.".into(),
        SettingsOk if port == 465 => "Nothing to change. Test it for real with a tool that checks the certificate too: `swaks --tls-on-connect --tls-verify --port 465` or `openssl s_client -verify_return_error -verify_hostname HOST -connect HOST:465`.".into(),
        SettingsOk => "Nothing to change. Test it for real with a tool that checks the certificate too: `swaks --tls --tls-verify` or `openssl s_client -starttls smtp -verify_return_error -verify_hostname HOST -connect HOST:587`.".into(),
        Delivered => "Nothing to fix here.".into(),
        NotMail => "Paste the error your mail program printed, or its mail settings.".into(),
        Unknown => match program {
            Some(Program::WpMailSmtp) => "Paste the whole debug output of WP Mail SMTP's Email Test (Tools → Email Test), from \"Versions:\" to the last \"SMTP Debug\" line.".into(),
            _ => "Paste the whole error your program printed, with the lines around it, or its SMTP conversation: lines starting C: and S:, swaks output, PHPMailer with SMTPDebug = 2, Nodemailer with logger: true and debug: true, smtplib with set_debuglevel(1). Or paste your program's mail settings.".into(),
        },
    };
    if stated.laravel_ssl
        && matches!(
            cause,
            ImplicitTlsOnStarttlsPort | OpportunisticTls | SettingsOk | StarttlsOnImplicitPort
        )
    {
        fix.push_str(" Laravel and `MAIL_ENCRYPTION=ssl`: Laravel ≤ 8 (SwiftMailer) reads it as implicit TLS; Laravel 9–10 ignore it (only `tls` is read) and the port decides: 465 implicit TLS, other ports STARTTLS only if offered; Laravel 11+ reads `MAIL_SCHEME` (`smtps` or `smtp`) instead.");
    }
    if stated.laravel_tls_465
        && matches!(
            cause,
            ImplicitTlsOnStarttlsPort | OpportunisticTls | SettingsOk | StarttlsOnImplicitPort
        )
    {
        fix.push_str(" Laravel with `tls` on 465: Laravel 9+ (Symfony Mailer) opens 465 with implicit TLS whatever MAIL_ENCRYPTION says; Laravel ≤ 8 (SwiftMailer) reads `tls` as STARTTLS and waits for a plaintext greeting that never comes: there, set `MAIL_ENCRYPTION=ssl`.");
    }
    fix
}
