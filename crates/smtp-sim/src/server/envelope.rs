//! The envelope of a mail transaction: MAIL, RCPT and VRFY (RFC 5321 §3.3, §4.1.1; RFC 1870;
//! RFC 3461; RFC 6531), with the lab server's replies and its relay policy.

use crate::server::address::{is_local, mailbox_exists, parse_mailbox, split_path};
use crate::server::reply::{Reply, Why};
use crate::server::session::{Bdat, Transaction};
use crate::server::{Server, Tally, SIZE_LIMIT};

/// `smtpd_recipient_limit`.
const RECIPIENT_LIMIT: usize = 1000;

/// `FROM:` / `TO:` keyword, case-insensitive, then the path.
fn after_keyword<'a>(rest: &'a str, keyword: &str) -> Option<&'a str> {
    let head = rest.get(..keyword.len())?;
    head.eq_ignore_ascii_case(keyword)
        .then(|| &rest[keyword.len()..])
}

/// A MAIL or RCPT parameter this server does not know (RFC 5321 §4.1.1.11: 555).
fn unsupported(param: &str) -> Reply {
    Reply::new(555, "5.5.4", format!("Unsupported option: {param}"))
}

fn valid_notify(value: &str) -> bool {
    // RFC 3461 §4.1: NEVER, or any of SUCCESS, FAILURE, DELAY; Postfix ORs repeated keywords.
    let items: Vec<String> = value.split(',').map(str::to_ascii_uppercase).collect();
    let known = ["SUCCESS", "FAILURE", "DELAY", "NEVER"];
    let never = items.iter().any(|i| i == "NEVER");
    items
        .iter()
        .all(|i| known.contains(&i.as_str()) && (!never || i == "NEVER"))
}

impl Server {
    pub(crate) fn mail(&mut self, rest: &str) -> Tally {
        if self.config.helo_required && self.session.helo.is_none() {
            self.reply(Reply::new(503, "5.5.1", "Error: send HELO/EHLO first"));
            return Tally::Refused;
        }
        if self.session.mail.is_some() {
            self.reply(
                Reply::new(503, "5.5.1", "Error: nested MAIL command").because(Why::NestedMail),
            );
            return Tally::Refused;
        }
        if self.session.bdat != Bdat::None {
            self.reply(Reply::new(503, "5.5.1", "Error: MAIL after BDAT"));
            return Tally::Refused;
        }
        let Some((token, params)) = after_keyword(rest, "FROM:").and_then(split_path) else {
            self.reply(Reply::new(501, "5.5.4", "Syntax: MAIL FROM:<address>"));
            return Tally::Refused;
        };
        let smtputf8 = params.iter().any(|p| p.eq_ignore_ascii_case("SMTPUTF8"));
        let Some(sender) = parse_mailbox(token, smtputf8) else {
            self.reply(Reply::new(501, "5.1.7", "Bad sender address syntax"));
            return Tally::Refused;
        };
        let (mut ret_seen, mut envid_seen, mut auth_seen) = (false, false, false);
        let mut declared_size = 0;
        for param in params {
            let upper = param.to_ascii_uppercase();
            // Keywords are matched with their '=' (a bare `SIZE` is unknown), except SMTPUTF8.
            let (key, value) = match upper.split_once('=') {
                Some((key, value)) => (format!("{key}="), value),
                None => (upper.clone(), ""),
            };
            let problem = match key.as_str() {
                "BODY=" if value == "7BIT" || value == "8BITMIME" => None,
                "SIZE=" if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(Reply::new(501, "5.5.4", "Bad message size syntax"))
                }
                // A size that does not fit in off_t overflows into the file-system check.
                "SIZE=" => match value.parse::<i64>() {
                    Err(_) => Some(Reply::new(
                        552,
                        "5.3.4",
                        "Message size exceeds file system imposed limit",
                    )),
                    Ok(n) => {
                        declared_size = n as u64;
                        None
                    }
                },
                "SMTPUTF8" => None,
                "RET=" if !ret_seen && (value == "FULL" || value == "HDRS") => {
                    ret_seen = true;
                    None
                }
                "RET=" => Some(Reply::new(501, "5.5.4", "Bad RET parameter syntax")),
                "ENVID="
                    if !envid_seen
                        && !value.is_empty()
                        && value.bytes().all(|b| b.is_ascii_graphic()) =>
                {
                    envid_seen = true;
                    None
                }
                "ENVID=" => Some(Reply::new(501, "5.5.4", "Bad ENVID parameter syntax")),
                "AUTH=" if auth_seen => {
                    Some(Reply::new(503, "5.5.4", "Error: multiple AUTH= options"))
                }
                "AUTH=" => {
                    auth_seen = true;
                    None
                }
                _ => Some(unsupported(param)),
            };
            if let Some(reply) = problem {
                self.reply(reply);
                return Tally::Refused;
            }
        }
        // RFC 1870 §6: a declared size over the limit is refused at once.
        if declared_size > SIZE_LIMIT {
            self.reply(
                Reply::new(552, "5.3.4", "Message size exceeds fixed limit").because(Why::TooBig),
            );
            return Tally::Refused;
        }
        if self.unicode_refused(&sender, smtputf8) {
            return Tally::Refused;
        }
        self.session.mail = Some(Transaction {
            sender,
            smtputf8,
            prev_crlf: true,
            ..Transaction::default()
        });
        self.reply(Reply::new(250, "2.1.0", "Ok"));
        Tally::Accepted
    }

    pub(crate) fn rcpt(&mut self, rest: &str) -> Tally {
        let Some(mail) = self.session.mail.as_ref() else {
            self.reply(Reply::new(503, "5.5.1", "Error: need MAIL command").because(Why::NeedMail));
            return Tally::Refused;
        };
        let (smtputf8, count) = (mail.smtputf8, mail.recipients.len());
        if self.session.bdat != Bdat::None {
            self.reply(Reply::new(503, "5.5.1", "Error: RCPT after BDAT"));
            return Tally::Refused;
        }
        let Some((token, params)) = after_keyword(rest, "TO:").and_then(split_path) else {
            self.reply(Reply::new(501, "5.5.4", "Syntax: RCPT TO:<address>"));
            return Tally::Refused;
        };
        let Some(rcpt) = parse_mailbox(token, smtputf8).filter(|a| !a.is_empty()) else {
            self.reply(Reply::new(501, "5.1.3", "Bad recipient address syntax"));
            return Tally::Refused;
        };
        for param in params {
            let upper = param.to_ascii_uppercase();
            let problem = if let Some(value) = upper.strip_prefix("NOTIFY=") {
                (!valid_notify(value))
                    .then(|| Reply::new(501, "5.5.4", "Error: Bad NOTIFY parameter syntax"))
            } else if let Some(value) = upper.strip_prefix("ORCPT=") {
                (!value.contains(';'))
                    .then(|| Reply::new(501, "5.5.4", "Error: Bad ORCPT parameter syntax"))
            } else {
                Some(unsupported(param))
            };
            if let Some(reply) = problem {
                self.reply(reply);
                return Tally::Refused;
            }
        }
        if self.unicode_refused(&rcpt, smtputf8) {
            return Tally::Refused;
        }
        if count >= RECIPIENT_LIMIT {
            self.reply(Reply::new(452, "4.5.3", "Error: too many recipients"));
            return Tally::NotCounted;
        }
        if let Some(reply) = self.recipient_policy(&rcpt) {
            self.reply(reply);
            return Tally::Refused;
        }
        if let Some(mail) = self.session.mail.as_mut() {
            mail.recipients.push(rcpt);
        }
        self.reply(Reply::new(250, "2.1.5", "Ok"));
        Tally::Accepted
    }

    /// `strict_smtputf8`: a non-ASCII address needs the SMTPUTF8 keyword (RFC 6531 §3.4).
    fn unicode_refused(&mut self, addr: &str, declared: bool) -> bool {
        let refused = self.config.strict_smtputf8 && !declared && !addr.is_ascii();
        if refused {
            self.reply(Reply::new(
                553,
                "5.6.7",
                "Must declare SMTPUTF8 to send unicode address",
            ));
        }
        refused
    }

    /// The lab's restrictions, in Postfix's order: relay control, then the recipient
    /// restrictions of the submission template, then the local recipient table.
    fn recipient_policy(&self, rcpt: &str) -> Option<Reply> {
        // RFC 5321 §4.5.1: mail to plain "postmaster" must always be accepted.
        if rcpt.eq_ignore_ascii_case("postmaster") {
            return None;
        }
        let trusted = self.config.client_trusted || self.session.auth_user.is_some();
        if !self.config.auth_required_for_rcpt && !trusted && !is_local(rcpt) {
            return Some(
                if self.config.defer_unauth_destination {
                    Reply::new(454, "4.7.1", format!("<{rcpt}>: Relay access denied"))
                } else {
                    Reply::new(554, "5.7.1", format!("<{rcpt}>: Relay access denied"))
                }
                .because(Why::RelayDenied),
            );
        }
        if self.config.auth_required_for_rcpt && self.session.auth_user.is_none() {
            return Some(
                Reply::new(
                    554,
                    "5.7.1",
                    format!("<{rcpt}>: Recipient address rejected: Access denied"),
                )
                .because(Why::AccessDenied),
            );
        }
        self.unlisted(rcpt)
    }

    /// The local recipient table (`smtpd_reject_unlisted_recipient`): an unknown local user.
    fn unlisted(&self, rcpt: &str) -> Option<Reply> {
        let local_part = rcpt
            .rsplit_once('@')
            .map_or(rcpt, |(l, _)| l)
            .to_ascii_lowercase();
        // Whole local parts: "postmasterx" is an ordinary, unknown user. MAILER-DAEMON and
        // double-bounce are the senders of Postfix's own bounces (smtpd_check.c check_rcpt_maps).
        let exempt =
            ["postmaster", "mailer-daemon", "double-bounce"].contains(&local_part.as_str());
        if self.config.reject_unlisted_recipient
            && is_local(rcpt)
            && !exempt
            && !mailbox_exists(rcpt)
        {
            return Some(Reply::new(
                550,
                "5.1.1",
                format!(
                    "<{rcpt}>: Recipient address rejected: User unknown in local recipient table"
                ),
            ));
        }
        None
    }

    pub(crate) fn vrfy(&mut self, args: &[&str]) -> Tally {
        if self.config.disable_vrfy {
            self.reply(Reply::new(502, "5.5.1", "VRFY command is disabled"));
            return Tally::Refused;
        }
        let mut args = args.to_vec();
        let smtputf8 = args
            .last()
            .is_some_and(|a| a.eq_ignore_ascii_case("SMTPUTF8"));
        if smtputf8 {
            args.pop();
        }
        if args.is_empty() {
            self.reply(Reply::new(501, "5.5.4", "Syntax: VRFY address [SMTPUTF8]"));
            return Tally::Refused;
        }
        let arg = args.join(" ");
        let Some(addr) = parse_mailbox(&arg, smtputf8).filter(|a| !a.is_empty()) else {
            self.reply(Reply::new(501, "5.1.3", "Bad recipient address syntax"));
            return Tally::Refused;
        };
        // RFC 5321 §3.5.3: 252 = cannot verify, but will accept and attempt delivery.
        if self.unicode_refused(&addr, smtputf8) {
            return Tally::Refused;
        }
        // VRFY consults the local recipient table only, not the relay restrictions
        // (smtpd.c vrfy_cmd → smtpd_check_rcptmap): a foreign address gets 252.
        if let Some(reply) = self.unlisted(&addr) {
            self.reply(reply);
            return Tally::Refused;
        }
        self.reply(Reply::new(252, "2.0.0", arg));
        Tally::Accepted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notify_values_follow_rfc3461() {
        for (value, ok) in [
            ("NEVER", true),
            ("SUCCESS,FAILURE", true),
            ("DELAY", true),
            ("NEVER,SUCCESS", false),
            ("SUCCESS,SUCCESS", true),
            ("BOGUS", false),
            ("", false),
        ] {
            assert_eq!(valid_notify(value), ok, "{value}");
        }
    }
}
