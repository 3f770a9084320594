//! The message itself: DATA and its dot-terminated lines (RFC 5321 §4.1.1.4, §4.5.2) and BDAT
//! chunks (RFC 3030), with the size limit (RFC 1870) and bare-LF handling of Postfix 3.7.

use crate::server::reply::{Reply, Why};
use crate::server::session::{Bdat, Phase};
use crate::server::{BareNewline, Server, Tally, HOSTNAME, SIZE_LIMIT};

impl Server {
    pub(crate) fn data(&mut self, args: &[&str]) -> Tally {
        if self.session.bdat != Bdat::None {
            self.reply(Reply::new(503, "5.5.1", "Error: DATA after BDAT"));
            return Tally::Refused;
        }
        let Some(mail) = self.session.mail.as_ref() else {
            self.reply(Reply::new(503, "5.5.1", "Error: need RCPT command").because(Why::NeedRcpt));
            return Tally::Refused;
        };
        if mail.recipients.is_empty() {
            self.reply(Reply::new(554, "5.5.1", "Error: no valid recipients"));
            return Tally::Refused;
        }
        if !args.is_empty() {
            self.reply(Reply::new(501, "5.5.4", "Syntax: DATA"));
            return Tally::Refused;
        }
        if self.config.reject_unauth_pipelining && self.session.ill_pipelining {
            self.reply(Reply::new(
                503,
                "5.5.0",
                "<DATA>: Data command rejected: Improper use of SMTP command pipelining",
            ));
            return Tally::Refused;
        }
        self.session.phase = Phase::Data;
        self.reply(Reply::new(354, "", "End data with <CR><LF>.<CR><LF>"));
        Tally::Accepted
    }

    /// One line of message content. A lone `.` ends it; `..x` is dot-stuffed `.x` (RFC 5321 §4.5.2).
    pub(crate) fn data_line(&mut self, line: &[u8], crlf: bool) -> Tally {
        let mode = self.bare_newline();
        let Some(mail) = self.session.mail.as_mut() else {
            self.session.phase = Phase::Command;
            return Tally::Accepted;
        };
        let strict_end = mode != BareNewline::Allow;
        let ends = line == b"." && (!strict_end || (crlf && mail.prev_crlf));
        if !ends {
            let stuffed = line.first() == Some(&b'.');
            mail.size += (line.len() - usize::from(stuffed) + 2) as u64;
            mail.bare_lf_seen |= !crlf;
            mail.prev_crlf = crlf;
            return Tally::Accepted;
        }
        let (size, bare_lf) = (mail.size, mail.bare_lf_seen);
        self.session.phase = Phase::Command;
        self.session.mail = None;
        if mode == BareNewline::Reject && bare_lf {
            self.reply(Reply::new(
                550,
                "5.5.2",
                format!("{HOSTNAME} Error: bare <LF> received"),
            ));
            Tally::Refused
        } else if size > SIZE_LIMIT {
            self.reply(
                Reply::new(552, "5.3.4", "Error: message file too big").because(Why::TooBig),
            );
            Tally::Refused
        } else {
            let id = self.session.next_queue_id();
            self.reply(Reply::new(250, "2.0.0", format!("Ok: queued as {id}")));
            Tally::Accepted
        }
    }

    pub(crate) fn bdat(&mut self, args: &[&str]) -> Tally {
        let count = args
            .first()
            .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
            // The count must fit in off_t, whatever the platform's word size.
            .and_then(|c| c.parse::<u64>().ok())
            .filter(|&c| c <= i64::MAX as u64);
        let last = match args.get(1) {
            None => false,
            Some(word) if word.eq_ignore_ascii_case("LAST") && args.len() == 2 => true,
            Some(_) => return self.bdat_syntax_error(),
        };
        let Some(count) = count else {
            return self.bdat_syntax_error();
        };
        // The octets follow the command at once. After an error they are still read, then thrown
        // away, and only then does the server answer (`chunk_complete`).
        let refusal = if count == 0 && !last {
            Some(Reply::new(551, "5.7.1", "Null BDAT request"))
        } else if self.session.bdat == Bdat::Error {
            Some(Reply::new(
                551,
                "5.0.0",
                format!("Discarded {count} bytes after earlier error"),
            ))
        } else {
            match self.session.mail.as_ref() {
                None => Some(
                    Reply::new(503, "5.5.1", "Error: need RCPT command").because(Why::NeedRcpt),
                ),
                Some(m) if m.recipients.is_empty() => {
                    Some(Reply::new(554, "5.5.1", "Error: no valid recipients"))
                }
                Some(m) if m.act_size + count > SIZE_LIMIT => {
                    Some(Reply::new(552, "5.3.4", "Chunk exceeds message size limit"))
                }
                Some(_) => None,
            }
        };
        if refusal.is_some() {
            // After a failed LAST chunk the transaction is over; otherwise the server keeps
            // it but discards every chunk until RSET.
            if last {
                self.session.bdat = Bdat::None;
                self.session.mail = None;
            } else {
                self.session.bdat = Bdat::Error;
            }
        } else {
            self.session.bdat = Bdat::Active;
            if let Some(mail) = self.session.mail.as_mut() {
                mail.last_chunk = last;
            }
        }
        if count == 0 {
            return self.chunk_complete(0, refusal);
        }
        self.session.phase = Phase::Chunk {
            remaining: count,
            size: count,
            refusal,
        };
        Tally::Accepted
    }

    /// `521`: the server cannot tell where the chunk ends, so it hangs up (RFC 3030 §3).
    fn bdat_syntax_error(&mut self) -> Tally {
        self.hang_up(Reply::new(521, "5.5.4", "Syntax: BDAT count [LAST]"));
        Tally::Refused
    }

    /// All `size` octets of a BDAT chunk have arrived and the server reads commands again: now
    /// it answers, with the chunk's refusal if it had one.
    pub(crate) fn chunk_complete(&mut self, size: u64, refusal: Option<Reply>) -> Tally {
        if let Some(reply) = refusal {
            self.reply(reply);
            return Tally::Refused;
        }
        let Some(mail) = self.session.mail.as_ref() else {
            return Tally::Accepted;
        };
        if !mail.last_chunk {
            self.reply(Reply::new(250, "2.0.0", format!("Ok: {size} bytes")));
            return Tally::Accepted;
        }
        let total = mail.final_size();
        self.session.mail = None;
        self.session.bdat = Bdat::None;
        let id = self.session.next_queue_id();
        self.reply(Reply::new(
            250,
            "2.0.0",
            format!("Ok: {total} bytes queued as {id}"),
        ));
        Tally::Accepted
    }
}
