//! What a passive observer on the path reads: plaintext verbatim, TLS as opaque records.

use crate::event::{Event, Tag};
use crate::server::auth::decode_plain;

/// TLS 1.3 record overhead with AES-GCM: 5-byte header, 1 byte inner content type, 16-byte tag.
pub const TLS_RECORD_OVERHEAD: usize = 22;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
    pub text: String,
    /// The line gives away a password: the lesson to highlight.
    pub secret: Option<String>,
}

/// The line as an observer sees it.
pub fn observe(event: &Event) -> Observed {
    if !event.encrypted {
        return Observed {
            text: event.text.clone(),
            secret: leaked_password(event),
        };
    }
    let text = match event.tag {
        // SMTP inside TLS: one application-data record per line here, CRLF included.
        Tag::Client | Tag::Server => format!(
            "TLS record: application data, {} bytes",
            event.text.len() + 2 + TLS_RECORD_OVERHEAD
        ),
        _ => "TLS record: encrypted handshake".to_string(),
    };
    Observed { text, secret: None }
}

/// An AUTH PLAIN line sent in the clear hands over the password.
fn leaked_password(event: &Event) -> Option<String> {
    if event.tag != Tag::Client {
        return None;
    }
    let b64 = event.text.strip_prefix("AUTH PLAIN ")?;
    let (_, user, pass) = decode_plain(b64)?;
    Some(format!("Password of {user} visible: \"{pass}\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Lane;

    fn event(tag: Tag, text: &str, encrypted: bool) -> Event {
        Event {
            at_ms: 0,
            tag,
            from: Lane::App,
            to: Lane::Server,
            text: text.into(),
            encrypted,
            note: None,
            reply: None,
        }
    }

    #[test]
    fn encrypted_lines_become_record_sizes() {
        let seen = observe(&event(Tag::Client, "MAIL FROM:<alice@example.test>", true));
        assert_eq!(seen.text, "TLS record: application data, 54 bytes");
        let clear = observe(&event(Tag::Client, "EHLO x", false));
        assert_eq!(clear.text, "EHLO x");
    }

    #[test]
    fn a_password_in_the_clear_is_flagged() {
        let line = "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl";
        let seen = observe(&event(Tag::Client, line, false));
        assert!(seen.secret.unwrap().contains("correct horse"));
        assert_eq!(observe(&event(Tag::Client, line, true)).secret, None);
    }
}
