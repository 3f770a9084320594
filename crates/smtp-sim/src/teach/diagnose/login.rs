//! When the login fails (535): the usual reasons, and the AUTH lines a user name and password
//! make, byte by byte, so that a stray newline or a missing domain shows.

use crate::server::base64;

/// The usual reasons for `535` when the password "is right".
pub const USUAL_CAUSES: [&str; 5] = [
    "The user name: most providers want the full address (alice@example.com), some only the part before @.",
    "Two-factor login: Gmail and iCloud refuse the account password for SMTP and want an app password (Google: \"Sign in with app passwords\"; Apple: \"app-specific passwords\"); Microsoft 365 needs SMTP AUTH enabled for the mailbox, or OAuth 2.0 (XOAUTH2), which Microsoft recommends (Exchange Online: \"Enable or disable authenticated client SMTP submission (SMTP AUTH)\").",
    "SMTP login turned off for the account or the whole organisation (Microsoft 365: \"SmtpClientAuthentication is disabled\"; basic authentication disabled).",
    "A trailing newline or space copied with the password, or special characters mangled by a URL or a config file (a password in a URL must be URL-encoded).",
    "The mechanism: AUTH PLAIN and AUTH LOGIN carry the same secret; CRAM-MD5 needs a server that stores the plain password. Let the program pick one the EHLO reply lists.",
];

/// The lines a client sends to log in with `user` and `password`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthLines {
    /// `AUTH PLAIN <base64 of "\0user\0password">` (RFC 4616 §2).
    pub plain: String,
    /// `AUTH LOGIN`, then the user name and the password, each in base64.
    pub login: [String; 3],
    /// The bytes AUTH PLAIN encodes, one per item: `\0`, `a`, `\n`, `\xC3`…
    pub bytes: Vec<String>,
    /// What in the input often explains a 535.
    pub warnings: Vec<&'static str>,
}

/// The AUTH PLAIN and AUTH LOGIN lines for `user` and `password`, with their bytes and warnings.
pub fn auth_lines(user: &str, password: &str) -> AuthLines {
    let secret = format!("\0{user}\0{password}");
    let bytes = secret
        .bytes()
        .map(|b| match b {
            0 => "\\0".to_string(),
            b'\n' => "\\n".into(),
            b'\r' => "\\r".into(),
            b'\t' => "\\t".into(),
            b' ' => "space".into(),
            0x21..=0x7e => char::from(b).to_string(),
            _ => format!("\\x{b:02X}"),
        })
        .collect();
    let mut warnings = Vec::new();
    let ends = |s: &str| s.ends_with(['\n', '\r', ' ', '\t']) || s.starts_with([' ', '\t']);
    if ends(user) || ends(password) {
        warnings.push("A space or line break at the start or end: it is part of what is sent.");
    }
    if !user.contains('@') {
        warnings.push("The user name has no @domain: many providers want the full address.");
    }
    if !(user.is_ascii() && password.is_ascii()) {
        warnings.push("Non-ASCII characters: they are sent as UTF-8 bytes (shown as \\x..), which some servers do not accept.");
    }
    AuthLines {
        plain: format!("AUTH PLAIN {}", base64::encode(secret.as_bytes())),
        login: [
            "AUTH LOGIN".into(),
            base64::encode(user.as_bytes()),
            base64::encode(password.as_bytes()),
        ],
        bytes,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::auth::{decode_plain, LAB_PASSWORD, LAB_USER};

    #[test]
    fn the_lab_account_gives_the_recorded_lines() {
        // 587_starttls_auth_plain_happy.txt and 587_starttls_auth_login_happy.txt
        let lines = auth_lines(LAB_USER, LAB_PASSWORD);
        assert_eq!(
            lines.plain,
            "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl"
        );
        assert_eq!(lines.login[1], "YWxpY2VAZXhhbXBsZS50ZXN0");
        assert_eq!(lines.login[2], "Y29ycmVjdCBob3JzZQ==");
        assert_eq!(lines.bytes[0], "\\0");
        assert!(lines.bytes.contains(&"space".to_string()));
        assert!(lines.warnings.is_empty());
        let b64 = lines.plain.strip_prefix("AUTH PLAIN ").unwrap();
        assert_eq!(decode_plain(b64).unwrap().1, LAB_USER);
    }

    #[test]
    fn a_trailing_newline_and_a_bare_user_are_pointed_out() {
        let lines = auth_lines("alice", "pässword\n");
        assert_eq!(lines.warnings.len(), 3);
        assert_eq!(lines.bytes.last().unwrap(), "\\n");
        assert!(lines.bytes.contains(&"\\xC3".to_string()));
    }

    #[test]
    fn each_byte_shows_as_printed_or_named() {
        // Printable ASCII (0x21-0x7E) as itself, the space and the control bytes a pasted
        // password picks up by name, anything else (DEL 0x7F here) in hex.
        let lines = auth_lines("a b", "!~\r\t\u{7f}");
        let bytes: Vec<&str> = lines.bytes.iter().map(String::as_str).collect();
        assert_eq!(
            bytes,
            ["\\0", "a", "space", "b", "\\0", "!", "~", "\\r", "\\t", "\\x7F"]
        );
    }
}
