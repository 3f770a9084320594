//! Reading one command line and dispatching it, in the order Postfix's smtpd checks things:
//! line ending, UTF-8, tokens, known verb, TLS requirement, then the command itself.

use crate::server::address::valid_domain;
use crate::server::reply::{Reply, Why};
use crate::server::session::{Bdat, Helo, Phase};
use crate::server::{BareNewline, Out, Server, Tally, HOSTNAME};

/// The commands the server knows (RFC 5321 §4.1.1 plus extensions). Anything else gets 500.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Helo,
    Ehlo,
    Starttls,
    Auth,
    Mail,
    Rcpt,
    Data,
    Bdat,
    Rset,
    Noop,
    Vrfy,
    Etrn,
    Quit,
    Xclient,
    Xforward,
}

impl Verb {
    pub fn parse(word: &str) -> Option<Verb> {
        const TABLE: [(&str, Verb); 15] = [
            ("HELO", Verb::Helo),
            ("EHLO", Verb::Ehlo),
            ("STARTTLS", Verb::Starttls),
            ("AUTH", Verb::Auth),
            ("MAIL", Verb::Mail),
            ("RCPT", Verb::Rcpt),
            ("DATA", Verb::Data),
            ("BDAT", Verb::Bdat),
            ("RSET", Verb::Rset),
            ("NOOP", Verb::Noop),
            ("VRFY", Verb::Vrfy),
            ("ETRN", Verb::Etrn),
            ("QUIT", Verb::Quit),
            ("XCLIENT", Verb::Xclient),
            ("XFORWARD", Verb::Xforward),
        ];
        TABLE
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(word))
            .map(|&(_, verb)| verb)
    }

    /// Allowed before STARTTLS where TLS is required (RFC 3207 §4; Postfix also allows HELO).
    fn before_tls(self) -> bool {
        matches!(
            self,
            Verb::Helo | Verb::Ehlo | Verb::Starttls | Verb::Noop | Verb::Quit | Verb::Xclient
        )
    }

    /// Commands after which a client must wait for the reply (RFC 2920 §3.1).
    fn ends_group(self) -> bool {
        matches!(
            self,
            Verb::Helo | Verb::Ehlo | Verb::Data | Verb::Noop | Verb::Vrfy
        )
    }

    /// Cheap commands that count as errors beyond `smtpd_junk_command_limit`.
    fn junk(self) -> bool {
        matches!(
            self,
            Verb::Helo | Verb::Ehlo | Verb::Rset | Verb::Noop | Verb::Vrfy | Verb::Etrn
        )
    }
}

/// `smtpd_junk_command_limit`.
const JUNK_LIMIT: u32 = 100;
/// `smtpd_forbidden_commands` (3.7 default `CONNECT GET POST regexp:{{/^[^A-Z]/ Bogus}}`):
/// HTTP verbs mean a browser or proxy is talking to the port; a word that does not start with a
/// letter is not SMTP at all.
fn is_forbidden(word: &str) -> bool {
    ["CONNECT", "GET", "POST"]
        .iter()
        .any(|f| f.eq_ignore_ascii_case(word))
        || !word.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// A message header line such as `From: x`: what a client sends when it keeps sending the body
/// after DATA was refused.
fn is_header(word: &str) -> bool {
    word.split_once(':')
        .is_some_and(|(name, _)| !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic()))
}

/// The first token, as Postfix's tokenizer cuts it: at ASCII white space, and right after a
/// leading `from:`/`to:` (so `From:x` starts with the token `From:`).
fn first_token(text: &str) -> &str {
    let word = text
        .split(|c: char| c.is_ascii_whitespace())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    for keyword in ["from:", "to:"] {
        if word.len() > keyword.len()
            && word.is_char_boundary(keyword.len())
            && word[..keyword.len()].eq_ignore_ascii_case(keyword)
        {
            return &word[..keyword.len()];
        }
    }
    word
}

impl Server {
    pub(crate) fn command_line(&mut self, raw: &[u8], crlf: bool, pending: bool) -> Tally {
        if !crlf && self.bare_newline() == BareNewline::Reject {
            self.hang_up(Reply::new(
                550,
                "5.5.2",
                format!("{HOSTNAME} Error: bare <LF> received"),
            ));
            return Tally::Refused;
        }
        let Ok(text) = std::str::from_utf8(raw) else {
            self.reply(Reply::new(500, "5.5.2", "Error: bad UTF-8 syntax"));
            return Tally::Refused;
        };
        // The command ends at a NUL byte, as it does for C string handling in smtpd.
        let text = text.split('\0').next().unwrap_or("");
        let word = first_token(text);
        if word.is_empty() {
            self.reply(Reply::new(500, "5.5.2", "Error: bad syntax"));
            return Tally::Refused;
        }
        let blank = |c: char| c.is_ascii_whitespace();
        let rest = text.trim_start_matches(blank)[word.len()..].trim_start_matches(blank);
        let args: Vec<&str> = rest.split(blank).filter(|w| !w.is_empty()).collect();
        let Some(verb) = Verb::parse(word) else {
            if is_header(word) || is_forbidden(word) {
                self.hang_up(
                    Reply::new(221, "2.7.0", "Error: I can break rules, too. Goodbye.")
                        .because(Why::NotSmtp),
                );
                return Tally::Refused;
            }
            self.reply(
                Reply::new(500, "5.5.2", "Error: command not recognized")
                    .because(Why::UnknownCommand),
            );
            return Tally::Refused;
        };
        if self.config.tls_required && !self.session.tls && !verb.before_tls() {
            self.reply(
                Reply::new(530, "5.7.0", "Must issue a STARTTLS command first")
                    .because(Why::TlsRequired),
            );
            return Tally::Refused;
        }
        // RFC 2920: only after EHLO announced PIPELINING may commands be sent ahead, and never
        // past a command that ends a group (EHLO, DATA, NOOP...).
        if pending && (!self.session.esmtp || verb.ends_group()) && !self.session.ill_pipelining {
            self.session.ill_pipelining = true;
            if self.config.forbid_unauth_pipelining {
                self.hang_up(Reply::new(
                    554,
                    "5.5.0",
                    "Error: SMTP protocol synchronization",
                ));
                return Tally::Refused;
            }
        }
        let outcome = match verb {
            Verb::Helo | Verb::Ehlo => self.helo(verb, &args),
            Verb::Starttls => self.starttls(&args),
            Verb::Auth => self.auth(&args),
            Verb::Mail => self.mail(rest),
            Verb::Rcpt => self.rcpt(rest),
            Verb::Data => self.data(&args),
            Verb::Bdat => self.bdat(&args),
            Verb::Rset => self.rset(&args),
            Verb::Noop => {
                self.reply(Reply::new(250, "2.0.0", "Ok"));
                Tally::Accepted
            }
            Verb::Vrfy => self.vrfy(&args),
            Verb::Etrn => self.etrn(&args),
            Verb::Quit => {
                self.hang_up(Reply::new(221, "2.0.0", "Bye"));
                Tally::Accepted
            }
            Verb::Xclient | Verb::Xforward => self.xclient(verb, &args),
        };
        if verb.junk() {
            self.session.junk_commands += 1;
            if self.session.junk_commands > JUNK_LIMIT + 1 {
                // Counted on top of the command's own outcome, as smtpd.c does.
                self.count(Tally::Refused);
            }
        }
        outcome
    }

    fn helo(&mut self, verb: Verb, args: &[&str]) -> Tally {
        let name = if verb == Verb::Helo { "HELO" } else { "EHLO" };
        if args.is_empty() {
            self.reply(Reply::new(501, "", format!("Syntax: {name} hostname")));
            return Tally::Refused;
        }
        // RFC 5321 §4.1.4: a new HELO/EHLO resets any transaction in progress.
        self.reset_transaction();
        if verb == Verb::Helo {
            self.session.helo = Some(Helo::Helo);
            self.reply(Reply::new(250, "", HOSTNAME));
        } else {
            self.session.helo = Some(Helo::Ehlo);
            self.session.esmtp = true;
            let reply = Reply::multi(250, self.capabilities());
            self.reply(reply);
        }
        Tally::Accepted
    }

    /// The EHLO keywords, in the order Postfix lists them (facts.md §2).
    pub fn capabilities(&self) -> Vec<String> {
        let mut caps = vec![HOSTNAME, "PIPELINING", "SIZE 10240000"];
        if !self.config.disable_vrfy {
            caps.push("VRFY");
        }
        caps.push("ETRN");
        if !self.session.tls {
            caps.push("STARTTLS");
        }
        if self.auth_offered() {
            caps.push("AUTH PLAIN LOGIN");
        }
        caps.extend([
            "ENHANCEDSTATUSCODES",
            "8BITMIME",
            "DSN",
            "SMTPUTF8",
            "CHUNKING",
        ]);
        caps.into_iter().map(String::from).collect()
    }

    fn starttls(&mut self, args: &[&str]) -> Tally {
        if !args.is_empty() {
            self.reply(Reply::new(501, "5.5.4", "Syntax: STARTTLS"));
            return Tally::Refused;
        }
        if self.session.tls {
            self.reply(Reply::new(554, "5.5.1", "Error: TLS already active"));
            return Tally::Refused;
        }
        self.reply(Reply::new(220, "2.0.0", "Ready to start TLS"));
        // RFC 3207 §4.2: everything learnt before TLS is forgotten, a transaction included.
        self.reset_transaction();
        self.session.helo = None;
        self.session.phase = Phase::TlsHandshake;
        self.out.push(Out::AwaitTls);
        Tally::Accepted
    }

    /// XCLIENT/XFORWARD let trusted proxies pass on client details; nobody here is trusted.
    fn xclient(&mut self, verb: Verb, args: &[&str]) -> Tally {
        let name = if verb == Verb::Xclient {
            "XCLIENT"
        } else {
            "XFORWARD"
        };
        let reply = if self.session.mail.is_some() {
            Reply::new(503, "5.5.1", "Error: MAIL transaction in progress")
        } else if args.is_empty() {
            Reply::new(501, "5.5.4", format!("Syntax: {name} attribute=value..."))
        } else {
            Reply::new(550, "5.7.0", "Error: insufficient authorization")
        };
        self.reply(reply);
        Tally::Refused
    }

    fn rset(&mut self, args: &[&str]) -> Tally {
        if !args.is_empty() {
            self.reply(Reply::new(501, "5.5.4", "Syntax: RSET"));
            return Tally::Refused;
        }
        self.reset_transaction();
        self.reply(Reply::new(250, "2.0.0", "Ok"));
        Tally::Accepted
    }

    fn etrn(&mut self, args: &[&str]) -> Tally {
        if self.config.helo_required && self.session.helo.is_none() {
            self.reply(Reply::new(503, "", "Error: send HELO/EHLO first"));
            return Tally::Refused;
        }
        if self.session.mail.is_some() {
            self.reply(Reply::new(503, "", "Error: MAIL transaction in progress"));
            return Tally::Refused;
        }
        if args.len() != 1 {
            self.reply(Reply::new(500, "", "Syntax: ETRN domain"));
            return Tally::Refused;
        }
        let domain = args[0].trim_start_matches(['@', '#']);
        if !valid_domain(domain, false) {
            self.reply(Reply::new(501, "", "Error: invalid parameter syntax"));
            return Tally::Refused;
        }
        // No domain is in fast_flush_domains here, so every ETRN is refused.
        self.reply(Reply::new(
            459,
            "",
            format!("<{domain}>: service unavailable"),
        ));
        Tally::Refused
    }

    pub(crate) fn reset_transaction(&mut self) {
        self.session.mail = None;
        self.session.bdat = Bdat::None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_case_insensitive_and_unknown_ones_are_none() {
        assert_eq!(Verb::parse("ehlo"), Some(Verb::Ehlo));
        assert_eq!(Verb::parse("StartTLS"), Some(Verb::Starttls));
        for unknown in ["HELP", "EXPN", "TURN", "SEND", "XYZZY", ""] {
            assert_eq!(Verb::parse(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn header_lines_are_recognised() {
        assert!(is_header("From:"));
        assert!(is_header("Subject:hi"));
        assert_eq!(first_token("From:x y"), "From:");
        assert_eq!(first_token("  MAIL FROM:<a>"), "MAIL");
        assert_eq!(first_token("NOOP\u{a0}x"), "NOOP\u{a0}x");
        assert!(is_header("Subject:"));
        assert!(!is_header("FROM"));
        assert!(!is_header(":"));
    }

    #[test]
    fn non_smtp_words_are_forbidden() {
        for word in ["GET", "post", "CONNECT", ".", "123", "<html>", "--b"] {
            assert!(is_forbidden(word), "{word}");
        }
        assert!(!is_forbidden("HELLO"));
    }
}
