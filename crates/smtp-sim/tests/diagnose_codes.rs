//! The reply-code layer of the diagnosis, code by code: each reply code (RFC 5321 §4.2) and
//! enhanced status code (RFC 3463) the engine reads gives the cause its RFC or its server defines,
//! and is the evidence named first, ahead of any program's retelling of it. Where a message
//! carries two codes, or a code and a program's sentence naming another cause, the one that says
//! why comes first. Each expectation comes from the RFC text or the message's source (in the
//! comment beside it), never from the engine's output.

use smtp_sim::teach::diagnose::{diagnose, Cause};

/// `(text, cause id expected first, the code that first finding rests on)`.
type Row = (&'static str, &'static str, &'static str);

/// The first finding's cause id and the text it matched.
fn first(text: &str) -> (&'static str, String) {
    let d = diagnose(text);
    (d.findings[0].cause.id(), d.findings[0].matched.clone())
}

fn check(rows: &[Row]) {
    for &(text, id, code) in rows {
        assert_eq!(first(text), (id, code.to_string()), "{text}");
    }
}

/// Each code on its own, as a Postfix log's `dsn=` or a program's "got 535" gives it: the code
/// alone names its cause.
#[test]
fn each_code_alone_names_its_cause() {
    check(&[
        // Microsoft 365: SMTP AUTH turned off (aka.ms/smtp_auth_disabled).
        ("dsn=5.7.139, status=bounced", "login-disabled", "5.7.139"),
        // Exchange: "Client not authenticated to send mail" (OfficeDocs-Exchange#3124).
        ("dsn=5.7.57, status=bounced", "auth-required", "5.7.57"),
        // RFC 4954 §6: 538 5.7.11 Encryption required for requested authentication mechanism.
        (
            "dsn=5.7.11, status=bounced",
            "auth-before-starttls",
            "5.7.11",
        ),
        ("the server answered 538.", "auth-before-starttls", "538"),
        // RFC 4954 §6: 530 5.7.0 Authentication required; alone, 530 may also be RFC 3207's
        // "Must issue a STARTTLS command first", but a login is the likelier want.
        ("the server answered 530.", "auth-required", "530"),
        // RFC 4954 §6: 535 5.7.8 Authentication credentials invalid.
        ("dsn=5.7.8, status=bounced", "auth-failed", "5.7.8"),
        ("the server answered 535.", "auth-failed", "535"),
        // RFC 4954 §6: 534 5.7.9 Authentication mechanism is too weak.
        ("dsn=5.7.9, status=bounced", "auth-failed", "5.7.9"),
        ("the server answered 534.", "auth-failed", "534"),
        // RFC 3463 §3.4 X.3.4 Message too big for system; §3.3 X.2.3 Message length exceeds
        // administrative limit.
        ("dsn=5.3.4, status=bounced", "message-too-big", "5.3.4"),
        ("dsn=5.2.3, status=bounced", "message-too-big", "5.2.3"),
        // RFC 5321 §4.2.3: 552 Requested mail action aborted: exceeded storage allocation.
        ("the server answered 552.", "message-too-big", "552"),
        // RFC 3463 §3.2 X.1.1 Bad destination mailbox address.
        ("dsn=5.1.1, status=bounced", "recipient-rejected", "5.1.1"),
        // RFC 3463 §3.8 X.7.5 Cryptographic failure: Postfix's "Server certificate not
        // verified" (src/smtp/smtp_proto.c).
        ("dsn=4.7.5, status=deferred", "certificate-invalid", "4.7.5"),
        // RFC 5321 §4.2.3: 421 Service not available, closing transmission channel.
        ("the server answered 421.", "connection-closed", "421"),
    ]);
}

/// A code whose meaning depends on its words: the words decide, and the code stays the evidence.
#[test]
fn a_codes_words_decide_between_its_meanings() {
    check(&[
        // RFC 3207 §4's reply: STARTTLS must come first.
        ("530 Must issue a STARTTLS command first", "auth-before-starttls", "530"),
        // RFC 4954 §6's reply: a login is wanted.
        ("530 5.7.0 Authentication required", "auth-required", "530"),
        // Amazon SES, as a Postfix bounce quotes it (Billionmail/BillionMail#156).
        (
            "host email-smtp.ap-southeast-1.amazonaws.com[18.138.111.200] said: 530 Authentication required (in reply to MAIL FROM command)",
            "auth-required",
            "530",
        ),
        // RFC 3207 §4: 454 TLS not available due to temporary reason.
        ("454 TLS not available due to temporary reason", "starttls-stripped-or-missing", "454"),
        // Postfix as a relay (src/smtp/smtp_proto.c): 4.7.4 "TLS is required, but was not
        // offered by host …", in its log line.
        (
            "dsn=4.7.4, status=deferred (TLS is required, but was not offered by host mx.example.org[203.0.113.5])",
            "starttls-stripped-or-missing",
            "4.7.4",
        ),
        // Postfix smtpd's reply after too many errors.
        ("421 4.7.0 mail.example.org Error: too many errors", "too-many-errors", "421"),
        // Postfix's relay refusal (smtpd_check.c), and Sendmail's.
        ("554 5.7.1 <bob@example.net>: Relay access denied", "relay-denied", "554"),
        ("550 5.7.1 <bbb@qq.com>... Relaying denied. IP name lookup failed [222.66.4.242]", "relay-denied", "550"),
        // Postfix's reply to DATA's end (RFC 5321 §4.2.2: 250 Requested mail action okay).
        ("250 2.0.0 Ok: queued as 4B377E68F4", "delivered", "250"),
    ]);
    // The same codes without those words say nothing of that cause.
    let never = |text: &str, cause: Cause| {
        let d = diagnose(text);
        assert!(d.findings.iter().all(|f| f.cause != cause), "{text}");
    };
    // RFC 4954 §6: 454 4.7.0 Temporary authentication failure — no TLS in it.
    never(
        "454 4.7.0 Temporary authentication failure",
        Cause::StarttlsStrippedOrMissing,
    );
    // RFC 3463 §3.8 X.7.4 Security features not supported: TLS only when the line says so.
    never(
        "554 5.7.4 Security features not supported",
        Cause::StarttlsStrippedOrMissing,
    );
    // RFC 3463 §3.8 X.7.1 Delivery not authorized: relaying only when the line says so.
    never("dsn=5.7.1, status=bounced", Cause::RelayDenied);
    // RFC 3463 §3.3 X.2.2 Mailbox full: a 552 whose enhanced code says so is no message too big.
    never("552 5.2.2 Mailbox full", Cause::MessageTooBig);
    // A 250 to MAIL FROM (RFC 5321 §4.2.2) accepts the sender, not the message.
    never("250 2.1.0 Ok", Cause::Delivered);
    // Gmail's 5.7.26 (RFC 7372: multiple authentication checks failed) is about SPF and
    // DKIM, not a login: its MX takes none from senders. As Exim's bounce quotes it
    // (cloudflare/cloudflare-docs#11542) and in Postfix's log, whose relay= names the next hop,
    // not a refusal to relay (jtojnar/nixfiles#13).
    let exim = "SMTP error from remote mail server after pipelined end of data:\n    550-5.7.26 This mail has been blocked because the sender is unauthenticated.\n    550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.";
    never(exim, Cause::AuthRequired);
    let postfix = "postfix/smtp[1050192]: 251A3372458: to=<foo@gmail.com>, relay=gmail-smtp-in.l.google.com[2a00:1450:4013:c06::1b]:25, delay=0.79, delays=0.04/0.05/0.2/0.5, dsn=5.7.26, status=bounced (host gmail-smtp-in.l.google.com[2a00:1450:4013:c06::1b] said: 550-5.7.26 Your email has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.";
    never(postfix, Cause::RelayDenied);
    never(postfix, Cause::AuthRequired);
}

/// A program retells the server's code in its own words, which may name another cause: the code
/// says what the server did, and comes first.
#[test]
fn the_servers_code_outranks_the_programs_words() {
    check(&[
        // smtplib wraps every refused AUTH in SMTPAuthenticationError (Lib/smtplib.py), here a
        // STARTTLS-first refusal (ReviewNB/support#70).
        (
            "smtplib.SMTPAuthenticationError: (530, b'Must issue a STARTTLS command first')",
            "auth-before-starttls",
            "530",
        ),
        // Ruby's Net::SMTP does the same (dcparker/ruby-gmail#23).
        (
            "Net::SMTPAuthenticationError: 530 5.7.0 Must issue a STARTTLS command first. g4sm20621052ybh.7",
            "auth-before-starttls",
            "530",
        ),
        // .NET's either-or sentence, settled by Exchange's code (OfficeDocs-Exchange#3124).
        (
            "The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.57 Client not authenticated to send mail",
            "auth-required",
            "5.7.57",
        ),
        // Microsoft 365 turned SMTP AUTH off (535 5.7.139): the 5.7.57 follows from it
        // (OfficeDocs-Exchange#3124).
        (
            "Error Message: The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.57 Client not authenticated to send mail. Error: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.",
            "login-disabled",
            "535",
        ),
        // .NET's either-or sentence around Gmail's RFC 3207 reply, its enhanced code alone
        // (System.Net.Mail SmtpException).
        (
            "The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.0 Must issue a STARTTLS command first.",
            "auth-before-starttls",
            "5.7.0",
        ),
        // Nodemailer names no cause; Gmail's code does (dawidd6/action-send-mail#186).
        (
            "Mail command failed: 530-5.7.0 Authentication Required. Learn more at 530 5.7.0 https://support.google.com/mail/?p=WantAuthError j5-20020a05620a288500b0077d8526bcdesm2261723qkp.86 - gsmtp",
            "auth-required",
            "530",
        ),
        // smtplib reports refused recipients as one exception (Lib/smtplib.py sendmail); the
        // code says the mailbox does not exist, not that relaying was refused.
        (
            "smtplib.SMTPRecipientsRefused: {'bob@example.org': (550, b'5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table')}",
            "recipient-rejected",
            "550",
        ),
    ]);
}
