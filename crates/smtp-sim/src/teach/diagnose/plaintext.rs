//! A transcript whose login crossed in plaintext: the client sent AUTH before any TLS (no
//! STARTTLS accepted with 220, no TLS handshake, not on a swaks `~>` line, not `openssl
//! s_client`'s, not on 465) and the server took it (235). It may end in "queued", but the password was readable on the path.

use super::{Cause, Hit};

/// Above every reply code's reading but Microsoft 365's 5.7.139 (`codes::Tier`): a refusal
/// after the login (552, 550 …) does not hide that the password crossed in plaintext.
pub(crate) const SCORE: u32 = 3700;

/// Where a plaintext login of RFC 4954 §4 and RFC 3207 §4 is read from.
const SOURCE: &str = "RFC 4954 §4 (AUTH), RFC 3207 §4 (STARTTLS)";

/// A line's command or reply, without the transcript's direction marker: `C:`/`S:`, swaks'
/// `->`/`<-`, PHPMailer's `CLIENT -> SERVER:`, Nodemailer's `[id] C:`, smtplib's `send: '…'`
/// and `reply: b'…'`; after the simulator's own time column (`0.144 s C: …`). `Some(true)` is
/// the client.
fn said(line: &str) -> (Option<bool>, &str) {
    let line = line.trim();
    let line = match line.split_once(" s ") {
        Some((time, rest))
            if !time.is_empty() && time.chars().all(|c| c.is_ascii_digit() || c == '.') =>
        {
            rest.trim_start()
        }
        _ => line,
    };
    for (mark, client) in [
        ("C:", true),
        ("->", true),
        (">>>", true),
        ("S:", false),
        ("<-", false),
        ("<<<", false),
    ] {
        if let Some(rest) = line.strip_prefix(mark) {
            return (Some(client), rest.trim());
        }
    }
    let lower = line.to_ascii_lowercase();
    for (mark, client) in [
        ("client -> server:", true),
        ("server -> client:", false),
        ("] c: ", true),
        ("] s: ", false),
        ("send: '", true),
        ("send: b'", true),
        ("reply: b'", false),
        ("reply: '", false),
    ] {
        if let Some(at) = lower.find(mark) {
            return (Some(client), line[at + mark.len()..].trim());
        }
    }
    (None, line)
}

fn starts(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// What `openssl s_client` prints around a session whose TLS it did itself (before the typed
/// lines with `-starttls smtp`, from the first byte without): the C: lines are all inside TLS.
const S_CLIENT: [&str; 6] = [
    "s_client",
    "connected(0",
    "connection established",
    "ciphersuite:",
    "ssl handshake has read",
    "verification: ok",
];

/// A hit when a login crossed before TLS and the server accepted it.
pub(crate) fn hit(input: &str, lower: &str, port: Option<u16>) -> Option<Hit> {
    if port == Some(465) || S_CLIENT.iter().any(|n| lower.contains(n)) {
        return None;
    }
    let (mut tls, mut starttls_sent, mut offered) = (false, false, false);
    // Cisco's inspection and the attacker the simulator shows overwrite the offer with
    // 250-XXXXXXXA (RFC 3207 §6): what the client saw was no offer at all.
    let stripped = lower.contains("xxxxxxxa");
    let (mut auth, mut accepted): (Option<&str>, bool) = (None, false);
    for line in input.lines() {
        let lower = line.to_ascii_lowercase();
        // swaks' lines inside TLS (`~>`, `<~`) are never read as commands (`said`), so only
        // what says TLS began counts here.
        if lower.contains("tls handshake") || lower.contains("tls started") {
            tls = true;
        }
        let (client, text) = said(line);
        match (client, auth) {
            (Some(true), None) if starts(text, "STARTTLS") => starttls_sent = true,
            (Some(false), None) if starttls_sent && starts(text, "220") => tls = true,
            (Some(false), None) if starts(text, "250") && lower.contains("starttls") => {
                offered = true
            }
            (Some(true), None) if !tls && starts(text, "AUTH ") => auth = Some(text),
            (Some(false), Some(_)) if starts(text, "235") => {
                accepted = true;
                break;
            }
            (Some(false), Some(_)) if text.starts_with(['4', '5']) => return None,
            _ => {}
        }
        if tls && auth.is_none() {
            return None;
        }
    }
    // Only a 235 after the AUTH line says the server accepted it.
    let auth = auth.filter(|_| accepted)?;
    // Quote the command and its mechanism, not the credentials after it. Challenge-response
    // mechanisms (CRAM-MD5, SCRAM) never send the password itself: only these do.
    let mechanism = mechanism(auth);
    if !["PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER"].contains(&mechanism.as_str()) {
        return None;
    }
    let cut = if auth.split_whitespace().count() > 2 {
        " …"
    } else {
        ""
    };
    let why = if stripped {
        "something on the path overwrote the server's STARTTLS offer (250-XXXXXXXA, RFC 3207 §6), and the client, which used STARTTLS only if offered, logged in without it"
    } else if offered {
        "the server offered STARTTLS, but the client logged in without starting it"
    } else {
        "the server's EHLO reply offered no STARTTLS and the client logged in anyway"
    };
    Some(Hit::new(
        Cause::OpportunisticTls,
        SCORE,
        "auth",
        SOURCE,
        format!(
            "\u{201c}C: AUTH {mechanism}{cut}\u{201d} crossed before TLS (no STARTTLS answered by 220, no TLS handshake above it): {why}, and the server accepted the login (235). AUTH PLAIN and AUTH LOGIN are base64, not encryption: anyone on the path could read the password (with XOAUTH2, the token).",
        ),
    ))
}

/// The SASL mechanism an `AUTH …` line names, whole (RFC 4422 §3.1: letters, digits, `-` and
/// `_`), upper-cased: `SCRAM-SHA-256` is not `SCRAM`, and smtplib's `AUTH LOGIN\\r\\n'` is `LOGIN`.
fn mechanism(auth: &str) -> String {
    auth[5..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>()
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::mechanism;

    #[test]
    fn a_mechanism_is_read_whole() {
        for (line, name) in [
            ("AUTH plain AGFsaWNl", "PLAIN"),
            ("AUTH LOGIN\\r\\n'", "LOGIN"),
            ("AUTH SCRAM-SHA-256 biwsbj1hbGljZQ==", "SCRAM-SHA-256"),
            ("AUTH KERBEROS_V4", "KERBEROS_V4"),
        ] {
            assert_eq!(mechanism(line), name, "{line}");
        }
    }
}
