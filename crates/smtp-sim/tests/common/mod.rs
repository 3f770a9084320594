//! What the test crates share: the lab server's replies and the client lines that draw them
//! (../shared/conformance/facts.md §2–§10, copied from the recordings), the one queue-ID
//! normaliser, and the reader of the recordings.

// Shared by several test crates, each of which uses only part of it.
#![allow(dead_code)]

pub mod recording;

use smtp_sim::Outcome;

/// Every way a journey can end, in the order the README's outcome table lists them.
pub const OUTCOMES: [Outcome; 8] = Outcome::ALL;

// ------------------------------------------------------------------------------------------------
// Client lines
// ------------------------------------------------------------------------------------------------

/// `AUTH PLAIN` with base64("\0alice@example.test\0correct horse"), the lab's one account.
pub const AUTH_OK: &str = "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl";
/// base64("\0alice@example.test\0correct horse") for a continuation line.
pub const PLAIN_B64: &str = "AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl";
/// base64("\0alice@example.test\0wrong horse") (587_wrong_password_535).
pub const AUTH_WRONG: &str = "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdAB3cm9uZyBob3JzZQ==";
/// base64("alice@example.test") and base64("correct horse"), for AUTH LOGIN.
pub const USER_B64: &str = "YWxpY2VAZXhhbXBsZS50ZXN0";
pub const PASS_B64: &str = "Y29ycmVjdCBob3JzZQ==";

// ------------------------------------------------------------------------------------------------
// Server replies (as sent, without CRLF)
// ------------------------------------------------------------------------------------------------

pub const GREETING: &str = "220 mail.example.test ESMTP Postfix (Debian/GNU)";
pub const OK: &str = "250 2.0.0 Ok";
pub const MAIL_OK: &str = "250 2.1.0 Ok";
pub const RCPT_OK: &str = "250 2.1.5 Ok";
pub const GO_AHEAD: &str = "354 End data with <CR><LF>.<CR><LF>";
/// A queued message, its queue ID normalised by [`normalise_queue_id`].
pub const QUEUED: &str = "250 2.0.0 Ok: queued as <ID>";
pub const BYE: &str = "221 2.0.0 Bye";
pub const TLS_READY: &str = "220 2.0.0 Ready to start TLS";
pub const AUTH_SUCCESS: &str = "235 2.7.0 Authentication successful";
pub const AUTH_FAILED: &str = "535 5.7.8 Error: authentication failed: (reason unavailable)";
pub const MUST_STARTTLS: &str = "530 5.7.0 Must issue a STARTTLS command first";
pub const NOT_RECOGNIZED: &str = "500 5.5.2 Error: command not recognized";
pub const BAD_SYNTAX: &str = "500 5.5.2 Error: bad syntax";
pub const BAD_UTF8: &str = "500 5.5.2 Error: bad UTF-8 syntax";
pub const BREAK_RULES: &str = "221 2.7.0 Error: I can break rules, too. Goodbye.";
pub const NEED_MAIL: &str = "503 5.5.1 Error: need MAIL command";
pub const NEED_RCPT: &str = "503 5.5.1 Error: need RCPT command";
pub const NO_VALID_RCPT: &str = "554 5.5.1 Error: no valid recipients";
pub const TOO_MANY_ERRORS: &str = "421 4.7.0 mail.example.test Error: too many errors";
pub const TIMEOUT: &str = "421 4.4.2 mail.example.test Error: timeout exceeded";
pub const BARE_LF: &str = "550 5.5.2 mail.example.test Error: bare <LF> received";
pub const UNKNOWN_USER: &str = "550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table";

/// facts §2: the EHLO reply on port 25, and on 587/2525 before TLS.
pub const EHLO_PLAIN: &[&str] = &[
    "250-mail.example.test",
    "250-PIPELINING",
    "250-SIZE 10240000",
    "250-VRFY",
    "250-ETRN",
    "250-STARTTLS",
    "250-ENHANCEDSTATUSCODES",
    "250-8BITMIME",
    "250-DSN",
    "250-SMTPUTF8",
    "250 CHUNKING",
];
/// facts §2 / 25_ehlo_caps_before_after_starttls: port 25 after STARTTLS (no STARTTLS, no AUTH).
pub const EHLO_25_TLS: &[&str] = &[
    "250-mail.example.test",
    "250-PIPELINING",
    "250-SIZE 10240000",
    "250-VRFY",
    "250-ETRN",
    "250-ENHANCEDSTATUSCODES",
    "250-8BITMIME",
    "250-DSN",
    "250-SMTPUTF8",
    "250 CHUNKING",
];
/// facts §2: 587/2525 after STARTTLS, and 465 from the start.
pub const EHLO_AUTH: &[&str] = &[
    "250-mail.example.test",
    "250-PIPELINING",
    "250-SIZE 10240000",
    "250-VRFY",
    "250-ETRN",
    "250-AUTH PLAIN LOGIN",
    "250-ENHANCEDSTATUSCODES",
    "250-8BITMIME",
    "250-DSN",
    "250-SMTPUTF8",
    "250 CHUNKING",
];

// ------------------------------------------------------------------------------------------------
// Queue IDs
// ------------------------------------------------------------------------------------------------

/// One reply line with its queue ID replaced by `<ID>`, so that a recorded reply, the model's
/// reply and an expected line compare equal: `250 2.0.0 Ok: queued as 2C1B4E68EA` (facts §5)
/// becomes [`QUEUED`]. A Postfix queue ID (short form) is upper-case hex; anything else after
/// "queued as " fails the test.
pub fn normalise_queue_id(line: &str) -> String {
    match line.find("queued as ") {
        Some(at) => {
            let id = &line[at + "queued as ".len()..];
            assert!(
                (6..=16).contains(&id.len())
                    && id
                        .chars()
                        .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)),
                "a Postfix queue ID is upper-case hex: {line:?}"
            );
            format!("{}queued as <ID>", &line[..at])
        }
        None => line.to_string(),
    }
}
