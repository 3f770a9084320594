//! One session's transcript: every wire line as a live-stream record as it happens, and the same
//! lines kept (bounded) for the narration printed when the session ends.

use std::sync::Arc;

use serde_json::{json, Value};
use smtp_sim::server::auth::decode_plain;
use smtp_sim::server::base64;
use smtp_sim::teach::attack::AttackLesson;
use smtp_sim::teach::lesson::Lesson;
use smtp_sim::Reply;

use super::live::Hub;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Client,
    Server,
    Attacker,
}

impl Party {
    fn name(self) -> &'static str {
        match self {
            Party::Client => "client",
            Party::Server => "server",
            Party::Attacker => "attacker",
        }
    }
}

pub struct Line {
    pub from: Party,
    pub to: Party,
    pub text: String,
    pub encrypted: bool,
    pub note: Option<String>,
}

pub enum Item {
    Line(Line),
    /// A TLS handshake, said in words.
    Tls(String),
    Lesson(AttackLesson),
    /// The walkthrough step a line belongs to, told by its title.
    Step(Lesson),
}

/// Message content lines shown before the rest is summarised.
const CONTENT_SHOWN: usize = 5;
const TEXT_LIMIT: usize = 1000;
/// Lines kept for the narration and the replay; a flood beyond is counted, not kept.
const ITEM_LIMIT: usize = 400;
/// A client line longer than this without LF ends the session (the model would hold it).
pub const PARTIAL_LIMIT: usize = 1 << 20;

pub struct Transcript {
    session: u64,
    hub: Arc<Hub>,
    pub items: Vec<Item>,
    pub dropped: usize,
    partial: Vec<u8>,
    in_data: bool,
    content_lines: usize,
    after_334: bool,
    /// The message being received: its size so far and its Subject.
    pub content_size: u64,
    pub subject: Option<String>,
    greeted: bool,
    ehlos: usize,
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(TEXT_LIMIT) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// What base64 on an AUTH line says, as the walkthrough notes it.
fn auth_note(line: &str, sasl_response: bool) -> Option<String> {
    let upper = line.to_ascii_uppercase();
    if let Some(b64) = upper.starts_with("AUTH PLAIN ").then(|| line[11..].trim()) {
        let (authzid, user, pass) = decode_plain(b64)?;
        return Some(format!(
            "base64 of \"{authzid}\\0{user}\\0{pass}\": base64 is not encryption"
        ));
    }
    let b64 = if sasl_response {
        line.trim()
    } else if upper.starts_with("AUTH LOGIN ") {
        line[11..].trim()
    } else {
        return None;
    };
    let bytes = base64::decode(b64)?;
    if bytes.contains(&0) {
        let (authzid, user, pass) = decode_plain(b64)?;
        return Some(format!(
            "base64 of \"{authzid}\\0{user}\\0{pass}\": base64 is not encryption"
        ));
    }
    Some(format!("decodes to: {}", String::from_utf8_lossy(&bytes)))
}

impl Transcript {
    pub fn new(session: u64, hub: Arc<Hub>) -> Transcript {
        Transcript {
            session,
            hub,
            items: Vec::new(),
            dropped: 0,
            partial: Vec::new(),
            in_data: false,
            content_lines: 0,
            after_334: false,
            content_size: 0,
            subject: None,
            greeted: false,
            ehlos: 0,
        }
    }

    pub fn publish(&self, record: Value) {
        self.hub.publish(self.session, &record);
    }

    pub fn publish_text(&self, text: String) {
        self.hub.publish_text(self.session, false, text);
    }

    fn keep(&mut self, item: Item) -> bool {
        if self.items.len() < ITEM_LIMIT {
            self.items.push(item);
            true
        } else {
            self.dropped += 1;
            false
        }
    }

    pub fn line(
        &mut self,
        from: Party,
        to: Party,
        text: &str,
        encrypted: bool,
        note: Option<String>,
    ) {
        self.reply_line(from, to, text, encrypted, note, None);
    }

    fn reply_line(
        &mut self,
        from: Party,
        to: Party,
        text: &str,
        encrypted: bool,
        note: Option<String>,
        reply: Option<&Reply>,
    ) {
        let text = cut(text);
        let record = json!({
            "type": "line", "session": self.session, "from": from.name(), "to": to.name(),
            "text": text, "encrypted": encrypted,
            "code": reply.map(|r| r.code),
            "enhanced": reply.and_then(|r| (!r.enhanced.is_empty()).then_some(r.enhanced)),
            "note": note,
        });
        let line = Line {
            from,
            to,
            text,
            encrypted,
            note,
        };
        if self.keep(Item::Line(line)) {
            self.publish(record);
        }
    }

    /// A reply as it crossed: one record per line, the code on the last.
    pub fn reply(&mut self, from: Party, to: Party, reply: &Reply, encrypted: bool) {
        if reply.code == 220 && !self.greeted {
            self.greeted = true;
            self.step(Lesson::Greeting);
        }
        let lines = reply.wire_lines();
        let last = lines.len().saturating_sub(1);
        for (i, line) in lines.iter().enumerate() {
            self.reply_line(
                from,
                to,
                line,
                encrypted,
                None,
                (i == last).then_some(reply),
            );
        }
        if to == Party::Client {
            self.after_334 = reply.code == 334;
            if reply.code == 354 {
                self.in_data = true;
                self.content_lines = 0;
                self.content_size = 0;
                self.subject = None;
            }
        }
    }

    pub fn tls(&mut self, words: String, record: Value) {
        // Always published: a session has at most one or two.
        self.keep(Item::Tls(words));
        self.publish(record);
    }

    pub fn lesson(&mut self, lesson: AttackLesson) {
        self.keep(Item::Lesson(lesson));
    }

    pub fn step(&mut self, lesson: Lesson) {
        self.keep(Item::Step(lesson));
    }

    /// The step a command line starts.
    fn command_step(&mut self, line: &str, encrypted: bool) {
        let verb = line.split_ascii_whitespace().next().unwrap_or("");
        let step = match verb.to_ascii_uppercase().as_str() {
            "EHLO" | "HELO" => {
                self.ehlos += 1;
                if encrypted && self.ehlos > 1 {
                    Lesson::EhloAgain
                } else {
                    Lesson::Ehlo
                }
            }
            "STARTTLS" => Lesson::Starttls,
            "AUTH" => Lesson::Auth,
            "MAIL" => Lesson::Mail,
            "RCPT" => Lesson::Rcpt,
            "DATA" => Lesson::Data,
            "QUIT" => Lesson::Quit,
            _ => return,
        };
        self.step(step);
    }

    /// Whether a client line without LF has grown too long to hold.
    pub fn overlong(&self) -> bool {
        self.partial.len() > PARTIAL_LIMIT
    }

    /// Client bytes in any chunking: records each complete line and returns the command lines
    /// (message content is summarised and not returned). Whether a command line answers a 334
    /// is returned with it.
    pub fn client(&mut self, bytes: &[u8], encrypted: bool) -> Vec<(String, bool)> {
        let mut commands = Vec::new();
        for &b in bytes {
            if b != b'\n' {
                if self.partial.len() <= PARTIAL_LIMIT {
                    self.partial.push(b);
                }
                continue;
            }
            let mut raw = std::mem::take(&mut self.partial);
            if raw.last() == Some(&b'\r') {
                raw.pop();
            }
            let text = String::from_utf8_lossy(&raw).into_owned();
            if self.in_data {
                self.content(&text, encrypted);
                continue;
            }
            let sasl = std::mem::take(&mut self.after_334);
            if !sasl {
                self.command_step(&text, encrypted);
            }
            let note = auth_note(&text, sasl);
            self.line(Party::Client, Party::Server, &text, encrypted, note);
            commands.push((text, sasl));
        }
        commands
    }

    fn content(&mut self, text: &str, encrypted: bool) {
        if text == "." {
            self.in_data = false;
            self.step(Lesson::Message);
            if self.content_lines > CONTENT_SHOWN {
                let more = format!("… ({} more lines)", self.content_lines - CONTENT_SHOWN);
                self.line(Party::Client, Party::Server, &more, encrypted, None);
            }
            self.line(Party::Client, Party::Server, ".", encrypted, None);
            return;
        }
        self.content_lines += 1;
        self.content_size += text.len() as u64 + 2;
        // `get`: the eighth byte may fall inside a character.
        if self.subject.is_none()
            && text
                .get(..8)
                .is_some_and(|head| head.eq_ignore_ascii_case("subject:"))
        {
            self.subject = Some(cut(text[8..].trim()));
        }
        if self.content_lines <= CONTENT_SHOWN {
            self.line(Party::Client, Party::Server, text, encrypted, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_lines_of_any_text_are_summarised_without_panic() {
        let mut t = Transcript::new(1, Arc::new(Hub::new()));
        t.reply(
            Party::Server,
            Party::Client,
            &Reply::new(354, "", "End data"),
            false,
        );
        t.client(
            "Subjecté: x\r\nSUBJECT: hello\r\n1\r\n2\r\n3\r\n4\r\n.\r\n".as_bytes(),
            true,
        );
        assert_eq!(t.subject.as_deref(), Some("hello"));
        let texts: Vec<&str> = t
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) => Some(l.text.as_str()),
                _ => None,
            })
            .collect();
        // The live contract: the first 5 content lines, then how many more.
        assert_eq!(
            texts[1..],
            [
                "Subjecté: x",
                "SUBJECT: hello",
                "1",
                "2",
                "3",
                "… (1 more lines)",
                "."
            ]
        );
    }

    #[test]
    fn auth_lines_say_what_their_base64_hides() {
        // base64("\0alice@example.test\0correct horse"), RFC 4616 §2.
        let plain = "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl";
        assert_eq!(
            auth_note(plain, false).unwrap(),
            "base64 of \"\\0alice@example.test\\0correct horse\": base64 is not encryption"
        );
        assert_eq!(
            auth_note("YWxpY2VAZXhhbXBsZS50ZXN0", true).unwrap(),
            "decodes to: alice@example.test"
        );
        assert_eq!(auth_note("EHLO laptop", false), None);
    }
}
