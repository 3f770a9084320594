//! What a passive observer on the path reads: plaintext verbatim, TLS as opaque records.

use crate::event::{Event, Tag};
use crate::server::auth::decode_plain;

/// TLS 1.3 record overhead with AES-GCM: 5-byte header, 1 byte inner content type, 16-byte tag.
pub const TLS_RECORD_OVERHEAD: usize = 22;

/// One transcript line as the observer sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
    /// The plaintext line verbatim, or a description of the TLS record that carried it.
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
    let text = match (event.tag, &event.reply) {
        // Postfix writes a whole reply, every line of it, in one TLS record; the record is shown
        // on the reply's last line (openssl_587_interactive_command_letter_gotcha: the 176-byte
        // EHLO reply crosses as one 198-byte record).
        (Tag::Server, Some(reply)) => record(reply.to_wire().len()),
        (Tag::Server, None) => "(in the same TLS record as the reply's last line)".to_string(),
        // A client writes each command line as it is sent, CRLF included.
        (Tag::Client, _) => record(event.text.len() + 2),
        _ => "TLS record: encrypted handshake".to_string(),
    };
    Observed { text, secret: None }
}

fn record(plaintext: usize) -> String {
    format!(
        "TLS record: application data, {} bytes",
        plaintext + TLS_RECORD_OVERHEAD
    )
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
            server_leg: None,
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
    fn a_multi_line_reply_is_one_record() {
        // 587 after STARTTLS: the EHLO reply, as the lab's Postfix sent it.
        let journey = crate::journey::journey(crate::Setup::new(crate::Port::P587));
        let ehlo = journey
            .steps
            .iter()
            .find(|s| s.lesson == crate::teach::lesson::Lesson::EhloAgain)
            .unwrap();
        let seen: Vec<String> = ehlo
            .events
            .iter()
            .filter(|e| e.tag == Tag::Server)
            .map(|e| observe(e).text)
            .collect();
        // The capture in openssl_587_interactive_command_letter_gotcha.txt: "length 198".
        assert_eq!(
            seen.last().unwrap(),
            "TLS record: application data, 198 bytes"
        );
        assert!(seen[..seen.len() - 1]
            .iter()
            .all(|t| t.contains("same TLS record")));
    }

    #[test]
    fn a_password_in_the_clear_is_flagged() {
        let line = "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl";
        let seen = observe(&event(Tag::Client, line, false));
        assert!(seen.secret.unwrap().contains("correct horse"));
        assert_eq!(observe(&event(Tag::Client, line, true)).secret, None);
    }
}
