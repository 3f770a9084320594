//! Layer 5: the settings the text states: a Nodemailer `createTransport({...})`, PHPMailer
//! properties, smtplib code, a Laravel `.env`, a Symfony `MAILER_DSN`, Spring `spring.mail.*`,
//! Jakarta Mail properties, Go, swaks, curl, msmtp, WP Mail SMTP's debug output. Read as each
//! library really behaves: what starts TLS at once, what requires STARTTLS, what goes on in
//! plaintext, what checks no certificate. Pasted settings alone get a verdict before anything
//! fails; next to an error they decide which way a mismatch went.

use super::catalogue::Program;
use super::prints::{HINT, STRONG};
use super::{Cause, Hit};

/// What the settings do, each with the setting as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stated {
    pub port: Option<u16>,
    /// TLS from the first byte (`true`) or a plaintext start (`false`).
    pub implicit: Option<(bool, &'static str)>,
    /// STARTTLS is required: no plaintext if it is not offered.
    pub required: Option<&'static str>,
    /// STARTTLS only if offered.
    pub opportunistic: Option<&'static str>,
    /// The certificate is not checked.
    pub verify_off: Option<&'static str>,
    /// Laravel's `MAIL_ENCRYPTION=ssl`, whose meaning depends on the Laravel version.
    pub laravel_ssl: bool,
    /// Laravel's `MAIL_ENCRYPTION=tls` on port 465: implicit TLS in Laravel 9+, STARTTLS in ≤ 8.
    pub laravel_tls_465: bool,
    pub program: Option<Program>,
}

/// What a setting does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Does {
    Implicit,
    Plain,
    Required,
    Opportunistic,
    VerifyOff,
}

use Does::*;

/// `(needle in the compacted text, the setting as shown, what it does)`. The text is compacted
/// first: lower case, without spaces, tabs and quotes, so `secure: true`, `secure:true` and
/// `"secure": true` read alike. A needle must end where a word ends.
#[rustfmt::skip]
const SETTINGS: &[(&str, &str, Does)] = &[
    ("secure:true", "Nodemailer `secure: true`", Implicit),
    ("secure:false", "Nodemailer `secure: false`", Plain),
    ("requiretls:true", "Nodemailer `requireTLS: true`", Required),
    ("opportunistictls:true", "Nodemailer `opportunisticTLS: true`", Opportunistic),
    ("rejectunauthorized:false", "`rejectUnauthorized: false`", VerifyOff),
    ("smtpsecure:ssl", "PHPMailer `SMTPSecure: ssl`", Implicit),
    ("smtpsecure=ssl", "PHPMailer `SMTPSecure = 'ssl'`", Implicit),
    ("encryption_smtps", "PHPMailer `ENCRYPTION_SMTPS`", Implicit),
    ("smtpsecure:tls", "PHPMailer `SMTPSecure: tls`", Required),
    ("smtpsecure=tls", "PHPMailer `SMTPSecure = 'tls'`", Required),
    ("encryption_starttls", "PHPMailer `ENCRYPTION_STARTTLS`", Required),
    ("verify_peer=>false", "PHP `verify_peer => false`", VerifyOff),
    ("verify_peer=0", "`verify_peer=0`", VerifyOff),
    ("allow_self_signed=>true", "PHP `allow_self_signed => true`", VerifyOff),
    ("mail_scheme=smtps", "Laravel `MAIL_SCHEME=smtps`", Implicit),
    ("mail_scheme=smtp", "Laravel `MAIL_SCHEME=smtp`", Opportunistic),
    ("mail_encryption=tls", "Laravel `MAIL_ENCRYPTION=tls`", Plain),
    ("require_tls=true", "Symfony `require_tls=true`", Required),
    ("require_tls=1", "Symfony `require_tls=1`", Required),
    ("smtps://", "`smtps://`", Implicit),
    ("smtp_ssl(", "smtplib `SMTP_SSL(…)`", Implicit),
    ("starttls(", "smtplib `starttls(…)`", Required),
    ("email_use_ssl=true", "Django `EMAIL_USE_SSL = True`", Implicit),
    ("email_use_tls=true", "Django `EMAIL_USE_TLS = True`", Required),
    ("mail.smtp.ssl.enable=true", "`mail.smtp.ssl.enable=true`", Implicit),
    ("mail.smtp.starttls.required=true", "`mail.smtp.starttls.required=true`", Required),
    ("mail.smtp.starttls.enable=true", "`mail.smtp.starttls.enable=true`", Opportunistic),
    ("mail.smtp.ssl.trust=*", "`mail.smtp.ssl.trust=*`", VerifyOff),
    ("securesocketoptions.sslonconnect", "MailKit `SslOnConnect`", Implicit),
    ("securesocketoptions.starttls", "MailKit `SecureSocketOptions.StartTls`", Required),
    ("securesocketoptions.starttlswhenavailable", "MailKit `StartTlsWhenAvailable`", Opportunistic),
    ("enablessl=true", ".NET `EnableSsl = true`", Required),
    ("servercertificatevalidationcallback=", "`ServerCertificateValidationCallback`", VerifyOff),
    ("tls:true", "Rails `tls: true`", Implicit),
    ("ssl:true", "Rails `ssl: true`", Implicit),
    ("enable_starttls:true", "Rails `enable_starttls: true`", Required),
    ("enable_starttls_auto:true", "Rails `enable_starttls_auto: true`", Opportunistic),
    ("openssl_verify_mode:none", "Rails `openssl_verify_mode: 'none'`", VerifyOff),
    ("verify_none", "`VERIFY_NONE`", VerifyOff),
    ("insecureskipverify:true", "Go `InsecureSkipVerify: true`", VerifyOff),
    ("smtp.sendmail(", "Go `smtp.SendMail`", Opportunistic),
    ("tls_implicit:true", "`tls_implicit: true`", Implicit),
    ("tls_starttlsoff", "msmtp `tls_starttls off`", Implicit),
    ("tls_starttlson", "msmtp `tls_starttls on`", Required),
    ("tls_certcheckoff", "msmtp `tls_certcheck off`", VerifyOff),
    ("smtp_tls_wrappermode=yes", "Postfix `smtp_tls_wrappermode = yes`", Implicit),
    ("smtp_tls_security_level=encrypt", "Postfix `smtp_tls_security_level = encrypt`", Required),
    ("smtp_tls_security_level=may", "Postfix `smtp_tls_security_level = may`", Opportunistic),
    ("--tls-on-connect", "swaks `--tls-on-connect`", Implicit),
    ("--tls", "swaks `--tls`", Required),
    ("--tls-optional", "swaks `--tls-optional`", Opportunistic),
    ("--ssl-reqd", "curl `--ssl-reqd`", Required),
    ("--insecure", "curl `--insecure`", VerifyOff),
    ("check_hostname=false", "Python `check_hostname = False`", VerifyOff),
    ("cert_none", "Python `CERT_NONE`", VerifyOff),
    ("_create_unverified_context", "Python `_create_unverified_context`", VerifyOff),
    ("starttls_relay(", "lettre `starttls_relay`", Required),
];

/// Words that name the program the settings are for.
const PROGRAMS: &[(&str, Program)] = &[
    ("createtransport", Program::Nodemailer),
    ("mailer_dsn", Program::Symfony),
    ("mail_mailer", Program::Symfony),
    ("mail_host", Program::Symfony),
    ("spring.mail.", Program::JavaMail),
    ("tls.config{", Program::Go),
];

/// The compacted text: lower case, no spaces, tabs or quotes.
fn compact(lower: &str) -> String {
    lower
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\'' | '"' | '`'))
        .collect()
}

/// `needle` in `text`, ending where a word ends.
fn has(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let last = needle.as_bytes()[needle.len() - 1];
        let next = text.as_bytes().get(at + needle.len());
        !last.is_ascii_alphanumeric() && last != b'-'
            || next.is_none_or(|c| {
                !(c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-' || *c == b'.')
            })
    })
}

/// Reads the settings the text states.
pub(crate) fn read(input: &str, lower: &str, port: Option<u16>) -> Stated {
    let text = compact(lower);
    let mut stated = Stated {
        port,
        program: PROGRAMS
            .iter()
            .find(|(w, _)| text.contains(w))
            .map(|&(_, p)| p),
        laravel_ssl: has(&text, "mail_encryption=ssl"),
        ..Stated::default()
    };
    for &(needle, shown, does) in SETTINGS {
        if !has(&text, needle) {
            continue;
        }
        match does {
            Implicit => {
                stated.implicit.get_or_insert((true, shown));
            }
            Plain => {
                stated.implicit.get_or_insert((false, shown));
            }
            Required => {
                stated.required.get_or_insert(shown);
                stated.implicit.get_or_insert((false, shown));
            }
            Opportunistic => {
                stated.opportunistic.get_or_insert(shown);
            }
            VerifyOff => {
                stated.verify_off.get_or_insert(shown);
            }
        }
    }
    // Libraries whose defaults decide: smtplib checks no certificate without a context;
    // Jakarta Mail checks no host name without checkserveridentity; Nodemailer's `secure:
    // false` and Symfony's `smtp://` use STARTTLS only if offered.
    let smtplib = lower.contains("smtplib") || text.contains("smtp_ssl(");
    if smtplib
        && (text.contains(".starttls()")
            || (text.contains("smtp_ssl(") && !text.contains("context=")))
        && !text.contains("starttls(context=")
    {
        stated
            .verify_off
            .get_or_insert("smtplib without `context=ssl.create_default_context()`");
    }
    // A property (`mail.smtp.port`, lower case), not a class in a stack trace
    // (`org.eclipse.angus.mail.smtp.SMTPTransport`).
    let jakarta = input.match_indices("mail.smtp.").any(|(at, key)| {
        input[at + key.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase())
    });
    if jakarta
        && stated.implicit.is_some()
        && !text.contains("mail.smtp.ssl.checkserveridentity=true")
    {
        stated
            .verify_off
            .get_or_insert("Jakarta Mail without `mail.smtp.ssl.checkserveridentity=true`");
    }
    if text.contains("mail.smtp.starttls.required=true") {
        stated.opportunistic = None;
    }
    // Symfony's EsmtpTransport starts TLS at once on port 465, whatever the scheme.
    if text.contains("smtp://") && port == Some(465) {
        stated.implicit = Some((
            true,
            "Symfony `smtp://…:465`, which Symfony Mailer opens with implicit TLS",
        ));
    }
    // Laravel 9+ turns `MAIL_ENCRYPTION=tls` on port 465 into `smtps` (MailManager's
    // createSmtpTransport), and EsmtpTransport starts TLS at once on 465 anyway; only Laravel
    // ≤ 8 (SwiftMailer) reads `tls` as STARTTLS there, and waits for a plaintext greeting.
    stated.laravel_tls_465 = has(&text, "mail_encryption=tls") && port == Some(465);
    if stated.laravel_tls_465 {
        stated.implicit = Some((
            true,
            "Laravel 9+ `MAIL_ENCRYPTION=tls` with `MAIL_PORT=465`, which Symfony Mailer opens with implicit TLS",
        ));
    }
    // What starts TLS only if offered; dropped below when TLS is required or starts at once.
    if has(&text, "secure:false") && !text.contains("ignoretls:true") {
        stated
            .opportunistic
            .get_or_insert("Nodemailer `secure: false` without `requireTLS: true`");
    }
    if text.contains("smtp://") && !text.contains("require_tls") {
        stated
            .opportunistic
            .get_or_insert("Symfony `smtp://` without `require_tls=true`");
    }
    if stated.laravel_ssl || has(&text, "mail_encryption=tls") {
        stated
            .opportunistic
            .get_or_insert("Laravel 9+ (Symfony Mailer): STARTTLS only if offered on this port");
    }
    if text.contains("smtpautotls") && !text.contains("smtpsecure") {
        stated
            .opportunistic
            .get_or_insert("PHPMailer `SMTPAutoTLS` without `SMTPSecure`");
    }
    let implicit = matches!(stated.implicit, Some((true, _))) || port == Some(465);
    if stated.required.is_some() || implicit {
        stated.opportunistic = None;
    }
    stated
}

/// What the settings will do; next to a failure, only as second causes.
pub(crate) fn hits(stated: &Stated, failed: bool) -> Vec<Hit> {
    let mut hits = Vec::new();
    // What the settings do is sure, and ranks by what it breaks (`alone`: a port mismatch, then
    // no certificate check, then optional TLS); after anything the text says failed, it comes
    // below every failure a program's sentence or more names (`LIKELY` and up).
    let score = |alone: u32| {
        if failed {
            HINT + alone
        } else {
            STRONG + alone
        }
    };
    let port = stated.port;
    let plain_port = port.is_some_and(|p| p != 465);
    let source = |shown: &str| source_of(shown);
    match stated.implicit {
        Some((true, shown)) if plain_port => hits.push(Hit::new(
            Cause::ImplicitTlsOnStarttlsPort,
            score(100),
            shown,
            source(shown),
            format!("Your settings: {shown} starts TLS at once, but port {} starts in plaintext.", port.unwrap_or(587)),
        )),
        Some((false, shown)) if port == Some(465) => hits.push(Hit::new(
            Cause::StarttlsOnImplicitPort,
            score(100),
            shown,
            source(shown),
            format!("Your settings: {shown} waits for a plaintext greeting, but port 465 speaks TLS from the first byte."),
        )),
        _ => {}
    }
    if let Some(shown) = stated.verify_off {
        hits.push(Hit::new(
            Cause::CertificateNotVerified,
            score(90),
            shown,
            source(shown),
            format!("Your settings: {shown}: the server's certificate is not checked."),
        ));
    }
    if let Some(shown) = stated.opportunistic {
        hits.push(Hit::new(
            Cause::OpportunisticTls,
            score(80),
            shown,
            source(shown),
            format!("Your settings: {shown}: TLS only if the server offers it."),
        ));
    }
    let safe = stated.verify_off.is_none()
        && stated.opportunistic.is_none()
        && hits.is_empty()
        && (stated.required.is_some() || matches!(stated.implicit, Some((true, _))));
    if safe && !failed {
        let shown = stated
            .required
            .or(stated.implicit.map(|(_, s)| s))
            .unwrap_or("");
        hits.push(Hit::new(
            Cause::SettingsOk,
            score(70),
            shown,
            source(shown),
            format!("Your settings: {shown}: TLS is required, and nothing turns the certificate check off."),
        ));
    }
    hits
}

/// Where a setting's behaviour is written down: the library's source or manual.
fn source_of(shown: &str) -> &'static str {
    const SOURCES: &[(&str, &str)] = &[
        (
            "Nodemailer",
            "Nodemailer lib/smtp-connection/index.js (secure, requireTLS, opportunisticTLS, tls)",
        ),
        (
            "PHPMailer",
            "PHPMailer src/PHPMailer.php smtpConnect() (SMTPSecure, SMTPAutoTLS)",
        ),
        (
            "PHP",
            "PHP ext/openssl stream context options (verify_peer)",
        ),
        (
            "smtplib",
            "CPython Lib/smtplib.py (no context: ssl._create_stdlib_context, which checks nothing)",
        ),
        ("Python", "CPython Lib/ssl.py"),
        (
            "Django",
            "Django core/mail/backends/smtp.py (EMAIL_USE_TLS, EMAIL_USE_SSL)",
        ),
        (
            "Symfony",
            "symfony/mailer Transport/Smtp/EsmtpTransport.php (port 465, require_tls)",
        ),
        (
            "Laravel",
            "Laravel Illuminate/Mail/MailManager.php createSmtpTransport()",
        ),
        (
            "Jakarta",
            "Angus Mail SSLNOTES.txt (checkserveridentity) and SMTPTransport.java",
        ),
        (
            "`mail.smtp",
            "Angus Mail SMTPTransport.java and SSLNOTES.txt",
        ),
        ("MailKit", "MailKit SecureSocketOptions"),
        (
            ".NET",
            "dotnet/runtime System.Net.Mail.SmtpClient (EnableSsl is STARTTLS)",
        ),
        (
            "`ServerCertificateValidationCallback",
            "dotnet/runtime System.Net.Security",
        ),
        (
            "Rails",
            "Rails ActionMailer smtp_settings (mail gem Mail::SMTP)",
        ),
        (
            "Go",
            "golang/go src/net/smtp (SendMail uses STARTTLS if offered), crypto/tls",
        ),
        ("msmtp", "msmtp manual (tls, tls_starttls, tls_certcheck)"),
        (
            "Postfix",
            "Postfix postconf(5) (smtp_tls_security_level, smtp_tls_wrappermode)",
        ),
        (
            "swaks",
            "swaks doc/base.pod (--tls, --tls-on-connect, --tls-optional, --tls-verify)",
        ),
        ("curl", "curl manual (--ssl-reqd, --insecure)"),
        ("lettre", "lettre SmtpTransport (relay, starttls_relay)"),
        (
            "`smtps://",
            "symfony/mailer and curl URL schemes (smtps: implicit TLS)",
        ),
        (
            "`rejectUnauthorized",
            "Node.js tls.connect (rejectUnauthorized)",
        ),
        (
            "`tls_implicit",
            "the program's own setting name: TLS from the first byte",
        ),
        ("`VERIFY_NONE", "OpenSSL SSL_VERIFY_NONE"),
        (
            "`verify_peer",
            "PHP ext/openssl stream context options (verify_peer)",
        ),
    ];
    SOURCES
        .iter()
        .find(|(p, _)| shown.starts_with(p))
        .map_or("the library's documentation for this setting", |&(_, s)| s)
}

/// Does the text name a cloud VM (where port 25 out is blocked by the provider)?
pub(crate) fn cloud_host(lower: &str) -> bool {
    [
        "compute.internal",
        "googleusercontent",
        "google cloud",
        "compute engine",
        "amazonaws.com",
        "ec2-",
        "cloudapp.net",
        "cloudapp.azure",
        "digitalocean",
        "cloud vm",
    ]
    .iter()
    .any(|w| lower.contains(w))
}
