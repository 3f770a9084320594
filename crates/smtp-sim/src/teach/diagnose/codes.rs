//! Layer 1: reply codes (RFC 5321 §4.2) and enhanced status codes (RFC 3463) wherever they
//! appear: a transcript line (`S: 552 5.3.4 …`), a log's `dsn=5.3.4`, an exception's
//! `(552, b'5.3.4 …')`, `got code "552"`, `Expected smtp code 250, got 552`.

use super::{line_at, Cause, Hit};

/// An enhanced status code `class.subject.detail` (RFC 3463 §2).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Enhanced(u8, u16, u16);

/// Reads every reply code and enhanced code in the text, each with what its line says.
pub(crate) fn hits(input: &str, lower: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let bytes = lower.as_bytes();
    for at in 0..bytes.len() {
        let code = reply_code(lower, at);
        let enhanced = enhanced_code(bytes, at);
        if code.is_none() && enhanced.is_none() {
            continue;
        }
        // The line the code is on: what its words say decides between causes.
        let head = lower[..at].rsplit('\n').next().unwrap_or_default();
        let tail = lower[at..].split('\n').next().unwrap_or_default();
        let line = [head, tail].concat();
        // A reply code's own enhanced code follows it on the line (`552 5.3.4`, `552-5.2.3`).
        let own = code.and_then(|_| {
            let after = tail[3..].trim_start_matches([' ', '-', '#', ',', '"', '\'', 'b']);
            enhanced_code(after.as_bytes(), 0)
        });
        if let Some((cause, tier, rule)) = read(code, enhanced.or(own), &line) {
            let shown = match (code, enhanced) {
                (Some(c), _) => c.to_string(),
                (None, Some(Enhanced(a, b, c))) => format!("{a}.{b}.{c}"),
                (None, None) => continue,
            };
            hits.push(Hit::new(
                cause,
                tier.weight(),
                &shown,
                rule.1,
                format!("{}: {} ({}).", line_at(input, at), rule.0, rule.1),
            ));
        }
    }
    hits
}

/// A three-digit number at `at` standing alone (not part of a number, a port, an address or a
/// version), and not a line number: a reply code if `read` knows it (RFC 5321 §4.2.1's shape,
/// 2xx to 5xx, is not checked here: `read` gives no meaning to a number that is no code).
fn reply_code(lower: &str, at: usize) -> Option<u16> {
    let b = lower.as_bytes();
    let digits = b.get(at..at + 3)?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let before = at.checked_sub(1).map(|i| b[i]);
    let after = b.get(at + 3).copied();
    let open = before.is_none_or(|c| b" \t\"'(<>[".contains(&c) || c == b'\n');
    // A full stop may end the sentence (`… got 535.`), but not a version (`535.2`).
    let close = after.is_none_or(|c| b" -\"',)]:;.\r\n".contains(&c));
    let decimal = after == Some(b'.') && b.get(at + 4).is_some_and(u8::is_ascii_digit);
    let numbered = lower[..at].trim_end().ends_with("line") || lower[..at].ends_with("#");
    (open && close && !decimal && !numbered).then(|| {
        (u16::from(digits[0] - b'0') * 100)
            + (u16::from(digits[1] - b'0') * 10)
            + u16::from(digits[2] - b'0')
    })
}

/// An enhanced status code `2|4|5 . 1–3 digits . 1–3 digits` at `at`, standing alone.
fn enhanced_code(b: &[u8], at: usize) -> Option<Enhanced> {
    if !b"245".contains(b.get(at)?) || b.get(at + 1) != Some(&b'.') {
        return None;
    }
    if at > 0 && (b[at - 1].is_ascii_digit() || b[at - 1] == b'.') {
        return None;
    }
    let digits = |from: usize| {
        let n = b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        (1..=3).contains(&n).then_some(n)
    };
    let n1 = digits(at + 2)?;
    if b.get(at + 2 + n1) != Some(&b'.') {
        return None;
    }
    let n2 = digits(at + 3 + n1)?;
    let end = at + 3 + n1 + n2;
    // The detail took every digit; a dot and more digits make it a version (`5.7.8.1`).
    if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let text = std::str::from_utf8(&b[at..end]).ok()?;
    let mut parts = text.split('.').map(|p| p.parse::<u16>().ok());
    Some(Enhanced(
        u8::try_from(parts.next()??).ok()?,
        parts.next()??,
        parts.next()??,
    ))
}

/// `(what the code says, where that is defined)`.
type Rule = (&'static str, &'static str);

const RFC3207: &str = "RFC 3207 §4";
const RFC4954: &str = "RFC 4954 §6";
const RFC3463: &str = "RFC 3463";
const RFC5321: &str = "RFC 5321 §4.2";
const MS: &str =
    "Microsoft 365 reply (aka.ms/smtp_auth_disabled; nodemailer#1484, email-oauth2-proxy#193)";

/// How surely a code names its cause, least sure first. The weights place each tier among the
/// other layers' hits: a program's own sentence weighs `STRONG` plus its length (under 100), a
/// socket error 3200 (`socket::SURE`), a certificate family 3300, a TLS family 3400, a whole
/// journey pasted `STRONG` * 3. What a server answered outranks how a program retells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    /// 250 with "queued": the message went through. Any failure named beside it comes first.
    Accepted,
    /// A bare 530: authentication required (RFC 4954) or STARTTLS first (RFC 3207) alike.
    Either,
    /// 421 for no reason given: a TLS family named beside it says why.
    Closing,
    /// 552 with no enhanced code: storage exceeded, which may be the mailbox rather than the
    /// message; any enhanced code beside it says more.
    Storage,
    /// A mechanism too weak for the account (534 5.7.9): the password may be right.
    Mechanism,
    /// A code with one meaning: 535 5.7.8, 5.1.1, 454 TLS, 4.7.5, 421 "too many errors".
    Named,
    /// A code that names what must come first or what may never pass: STARTTLS before AUTH
    /// (530, 538), relaying, the size limit.
    Decisive,
    /// Exchange's 5.7.57: not authenticated, however the program words its advice.
    Exchange,
    /// Microsoft 365's 5.7.139: SMTP AUTH is off, which every 530 and 535 beside it follows from.
    Policy,
}

impl Tier {
    pub(crate) fn weight(self) -> u32 {
        match self {
            Tier::Accepted => 1100,
            Tier::Either => 2000,
            Tier::Closing => 3300,
            Tier::Storage => 3450,
            Tier::Mechanism => 3500,
            Tier::Named => 3550,
            Tier::Decisive => 3600,
            Tier::Exchange => 3650,
            Tier::Policy => 3900,
        }
    }
}

/// The cause a code gives, how sure it is, and the rule.
fn read(code: Option<u16>, enhanced: Option<Enhanced>, line: &str) -> Option<(Cause, Tier, Rule)> {
    let has = |w: &str| line.contains(w);
    let detail = enhanced.map(|Enhanced(_, s, d)| (s, d));
    let tls = has("tls") || has("ssl");
    // A refusal to relay, not the next hop a Postfix log names (`relay=mx.example.org[…]:25`).
    let relay = line
        .match_indices("relay")
        .any(|(at, _)| line.as_bytes().get(at + 5) != Some(&b'='));
    Some(match (code, detail) {
        (_, Some((7, 139))) => (Cause::LoginDisabled, Tier::Policy, ("5.7.139: SMTP AUTH is disabled for the mailbox or the organisation", MS)),
        (_, Some((7, 57))) => (Cause::AuthRequired, Tier::Exchange, ("5.7.57: the client is not authenticated to send mail (Exchange)", MS)),
        (Some(530), _) | (_, Some((7, 0))) if has("starttls command first") || (code == Some(530) && has("starttls")) => (Cause::AuthBeforeStarttls, Tier::Decisive, ("530 before STARTTLS: \"Must issue a STARTTLS command first\"", RFC3207)),
        (Some(538), _) | (_, Some((7, 11))) => (Cause::AuthBeforeStarttls, Tier::Decisive, ("538 5.7.11: encryption required for the requested authentication mechanism", RFC4954)),
        (Some(530), _) if has("auth") => (Cause::AuthRequired, Tier::Named, ("530 5.7.0: authentication required", RFC4954)),
        // RFC 4954 §6's words under another 5xx (not Gmail's 5.7.26 "unauthenticated" sender).
        (Some(550 | 553 | 554), _) if has("authentication required") => (Cause::AuthRequired, Tier::Named, ("a 5xx with RFC 4954's \"Authentication required\": log in first", RFC4954)),
        (Some(530), _) => (Cause::AuthRequired, Tier::Either, ("530: authentication required (RFC 4954), or STARTTLS first (RFC 3207)", RFC4954)),
        (_, Some((7, 8))) | (Some(535), _) => (Cause::AuthFailed, Tier::Named, ("535 5.7.8: authentication credentials invalid", RFC4954)),
        (_, Some((7, 9))) | (Some(534), _) => (Cause::AuthFailed, Tier::Mechanism, ("534 5.7.9: authentication mechanism too weak (Gmail: an app password is required)", RFC4954)),
        (_, Some((7, 1))) | (Some(550 | 554), _) if relay => (Cause::RelayDenied, Tier::Decisive, ("a 5.7.1 refusal to relay: delivery not authorized", RFC3463)),
        (_, Some((3, 4) | (2, 3))) => (Cause::MessageTooBig, Tier::Decisive, ("5.3.4 / 5.2.3: message too big for the system / length exceeds the administrative limit", RFC3463)),
        (Some(552), None) => (Cause::MessageTooBig, Tier::Storage, ("552: requested mail action aborted, exceeded storage allocation", RFC5321)),
        (_, Some((1, 1))) => (Cause::RecipientRejected, Tier::Named, ("5.1.1: bad destination mailbox address", RFC3463)),
        (Some(454), _) | (_, Some((7, 0))) if tls && !has("starttls command first") => (Cause::StarttlsStrippedOrMissing, Tier::Named, ("454 4.7.0: TLS not available", RFC3207)),
        (_, Some((7, 4))) if tls => (Cause::StarttlsStrippedOrMissing, Tier::Named, ("4.7.4: security features not supported (TLS required, not offered)", RFC3463)),
        (_, Some((7, 5))) => (Cause::CertificateInvalid, Tier::Named, ("4.7.5: cryptographic failure (the certificate was not verified)", RFC3463)),
        (Some(421), _) if has("too many errors") => (Cause::TooManyErrors, Tier::Named, ("421: the server closes the connection", RFC5321)),
        (Some(421), _) => (Cause::ConnectionClosed, Tier::Closing, ("421: the server closes the connection", RFC5321)),
        (Some(250), _) if has("queued") => (Cause::Delivered, Tier::Accepted, ("250 after DATA: the message was accepted", RFC5321)),
        _ => return None,
    })
}
