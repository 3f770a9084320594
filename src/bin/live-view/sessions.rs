//! The sessions the lab has told the page about, built from its stream's records
//! (the lab's live.rs, the README's "Live from the lab"): each session's wire lines,
//! TLS handshakes and, once closed, its outcome and report card. No protocol logic: the lab
//! decides every value; this only files each record under its session.

/// Sessions kept (newest); the lab replays its last 50 on connecting.
pub const MAX_SESSIONS: usize = 100;
/// Lines kept per session; the lab already summarises a message's content.
pub const MAX_LINES: usize = 2_000;

/// Who sent a line, or the TLS layer: a lane of the transcript.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    Client,
    Server,
    Attacker,
    Tls,
}

impl Lane {
    /// The contract's words for the three parties.
    pub fn from_name(name: &str) -> Option<Lane> {
        match name {
            "client" => Some(Lane::Client),
            "server" => Some(Lane::Server),
            "attacker" => Some(Lane::Attacker),
            _ => None,
        }
    }
}

/// One line of a session's transcript.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub from: Lane,
    pub to: Option<Lane>,
    pub text: String,
    pub encrypted: bool,
    /// Set on the last line of a reply.
    pub code: Option<u16>,
    pub enhanced: Option<String>,
    pub note: Option<String>,
}

/// A TLS handshake, as the lab saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tls {
    pub how: String,
    pub version: Option<String>,
    pub cipher: Option<String>,
    pub certificate: Option<String>,
    pub ok: bool,
    pub detail: Option<String>,
}

/// A report card row.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub check: String,
    /// "pass", "fail" or "unknown".
    pub result: String,
    pub title: String,
    pub why: String,
    pub source: String,
    pub fix: String,
}

/// What the lab says about a finished session (`summary`, as `smtp-sim lab --json` prints it).
#[derive(Clone, Debug, PartialEq)]
pub struct Closed {
    pub tls: String,
    pub auth: String,
    pub certificate_checked: Option<bool>,
    pub outcome: String,
    pub report: Vec<Check>,
}

/// A transcript entry: a wire line or a handshake.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Line(Line),
    Tls(Tls),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub number: u32,
    pub port: u16,
    /// The simulator's port whose server answered (`model_port`: 587 for the lab's 2587).
    pub model_port: Option<u16>,
    pub mode: String,
    pub attack: String,
    pub peer: String,
    pub entries: Vec<Entry>,
    /// Lines the page did not keep (over `MAX_LINES`).
    pub dropped: usize,
    pub closed: Option<Closed>,
}

/// One record of the stream.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    Open {
        session: u32,
        port: u16,
        model_port: Option<u16>,
        mode: String,
        attack: String,
        peer: String,
    },
    Entry {
        session: u32,
        entry: Entry,
    },
    Close {
        session: u32,
        closed: Closed,
    },
}

/// What a record changed, for the live region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Opened(u32),
    Closed(u32),
    Line(u32),
    /// A record for a session the page does not know (opened before the replay window).
    Nothing,
}

/// All sessions, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sessions {
    pub list: Vec<Session>,
}

impl Sessions {
    pub fn get(&self, number: u32) -> Option<&Session> {
        self.list.iter().find(|s| s.number == number)
    }

    pub fn newest(&self) -> Option<u32> {
        self.list.last().map(|s| s.number)
    }

    /// Files a record. An `open` for a number already listed starts that session afresh (the
    /// lab replays its sessions to a page that reconnects).
    pub fn apply(&mut self, record: Record) -> Change {
        match record {
            Record::Open {
                session,
                port,
                model_port,
                mode,
                attack,
                peer,
            } => {
                self.list.retain(|s| s.number != session);
                self.list.push(Session {
                    number: session,
                    port,
                    model_port,
                    mode,
                    attack,
                    peer,
                    entries: Vec::new(),
                    dropped: 0,
                    closed: None,
                });
                if self.list.len() > MAX_SESSIONS {
                    self.list.remove(0);
                }
                Change::Opened(session)
            }
            Record::Entry { session, entry } => match self.find(session) {
                Some(s) if s.entries.len() < MAX_LINES => {
                    s.entries.push(entry);
                    Change::Line(session)
                }
                Some(s) => {
                    s.dropped += 1;
                    Change::Line(session)
                }
                None => Change::Nothing,
            },
            Record::Close { session, closed } => match self.find(session) {
                Some(s) => {
                    s.closed = Some(closed);
                    Change::Closed(session)
                }
                None => Change::Nothing,
            },
        }
    }

    fn find(&mut self, number: u32) -> Option<&mut Session> {
        self.list.iter_mut().find(|s| s.number == number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(session: u32) -> Record {
        Record::Open {
            session,
            port: 2587,
            model_port: Some(587),
            mode: "submission".into(),
            attack: "none".into(),
            peer: "127.0.0.1:53122".into(),
        }
    }

    fn line(session: u32, text: &str) -> Record {
        Record::Entry {
            session,
            entry: Entry::Line(Line {
                from: Lane::Client,
                to: Some(Lane::Server),
                text: text.into(),
                encrypted: false,
                code: None,
                enhanced: None,
                note: None,
            }),
        }
    }

    fn closed(outcome: &str) -> Closed {
        Closed {
            tls: "starttls".into(),
            auth: "in-tls".into(),
            certificate_checked: None,
            outcome: outcome.into(),
            report: Vec::new(),
        }
    }

    #[test]
    fn records_are_filed_under_their_session() {
        let mut all = Sessions::default();
        assert_eq!(all.apply(open(1)), Change::Opened(1));
        assert_eq!(all.apply(open(2)), Change::Opened(2));
        assert_eq!(all.apply(line(1, "EHLO laptop")), Change::Line(1));
        assert_eq!(
            all.apply(Record::Close {
                session: 1,
                closed: closed("sent-private")
            }),
            Change::Closed(1)
        );
        assert_eq!(all.newest(), Some(2));
        let first = all.get(1).unwrap();
        assert_eq!(first.entries.len(), 1);
        assert_eq!(first.closed.as_ref().unwrap().outcome, "sent-private");
        assert!(all.get(2).unwrap().entries.is_empty());
    }

    #[test]
    fn a_replayed_session_starts_afresh_and_unknown_sessions_are_ignored() {
        let mut all = Sessions::default();
        all.apply(open(1));
        all.apply(line(1, "EHLO laptop"));
        all.apply(open(1));
        assert!(all.get(1).unwrap().entries.is_empty());
        assert_eq!(all.list.len(), 1);
        assert_eq!(all.apply(line(9, "QUIT")), Change::Nothing);
        assert_eq!(
            all.apply(Record::Close {
                session: 9,
                closed: closed("rejected")
            }),
            Change::Nothing
        );
    }

    #[test]
    fn sessions_and_lines_are_bounded() {
        let mut all = Sessions::default();
        for n in 1..=(MAX_SESSIONS as u32 + 5) {
            all.apply(open(n));
        }
        assert_eq!(all.list.len(), MAX_SESSIONS);
        assert_eq!(all.list[0].number, 6);
        for _ in 0..MAX_LINES + 3 {
            all.apply(line(6, "x"));
        }
        let s = all.get(6).unwrap();
        assert_eq!((s.entries.len(), s.dropped), (MAX_LINES, 3));
    }
}
