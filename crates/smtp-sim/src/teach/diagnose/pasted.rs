//! Telling a pasted error message from SMTP, for the console: a line that is not a command gets
//! a pointer to the diagnosis instead of reaching the server.

/// A line typed into the console that is not SMTP: an error message, a log line, a stack trace
/// or a server reply pasted back. The console can point to the diagnosis instead of sending it
/// (a server would hang up on it with `221 2.7.0`). Commands and base64 answers are never caught.
/// Words only, no catalogue: the console is on the first view, the catalogue is not.
pub fn is_not_smtp(line: &str) -> bool {
    let line = line.trim();
    let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
    const VERBS: [&str; 16] = [
        "EHLO", "HELO", "LHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "NOOP", "QUIT", "VRFY",
        "EXPN", "HELP", "ETRN", "AUTH", "STARTTLS",
    ];
    if line.is_empty()
        || VERBS.contains(&verb.as_str())
        || line
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=*".contains(&b))
    {
        return false;
    }
    let lower = line.to_ascii_lowercase();
    // A server line: three digits, then a space or a dash (`250 2.0.0 Ok`, `250-SIZE 10240000`).
    let reply = line
        .as_bytes()
        .get(..4)
        .is_some_and(|b| b[..3].iter().all(u8::is_ascii_digit) && b" -".contains(&b[3]));
    reply
        || [
            "error",
            "exception",
            "traceback",
            "failed",
            "refused",
            "timed out",
            "timeout",
            "denied",
            "warning",
        ]
        .iter()
        .any(|w| has_word(line, &lower, w))
}

/// `word` (lower case) where a word starts in `line`: "Error:", "connect failed" and the
/// "Error" of "SMTPAuthenticationError", not the "error" of "onerror".
fn has_word(line: &str, lower: &str, word: &str) -> bool {
    lower.match_indices(word).any(|(at, _)| {
        let after_letter = lower[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        !after_letter || line[at..].starts_with(|c: char| c.is_ascii_uppercase())
    })
}
