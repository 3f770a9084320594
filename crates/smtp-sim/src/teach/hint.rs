//! The console's hint line: the last reply in plain words, what the server expects next, and the
//! commands that make sense now — all read from the server's own state, so they cannot disagree.

use crate::console::Console;
use crate::path::port::Role;
use crate::server::auth::{LAB_PASSWORD, LAB_USER};
use crate::server::base64;
use crate::server::reply::{Reply, Why};
use crate::server::session::{AuthStep, Phase};

/// The console's hint line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// The last reply in plain words, then what the server expects next.
    pub text: String,
    /// Commands to try next, ready to type.
    pub suggestions: Vec<String>,
}

/// What a reply means beyond its code, where the lab server follows a setting, not the RFC.
fn remark(reply: &Reply) -> Option<&'static str> {
    Some(match (reply.why, reply.code) {
        (Why::TlsRequired, _) => "This listener requires TLS (smtpd_tls_security_level=encrypt): before STARTTLS only EHLO, HELO, STARTTLS, NOOP and QUIT are allowed (RFC 3207 §4 lists EHLO, STARTTLS, NOOP, QUIT; Postfix also allows HELO).",
        (Why::NeedMail, _) => "Wrong order: a transaction starts with MAIL FROM (RFC 5321 §3.3).",
        (Why::NeedRcpt, _) => "Wrong order: DATA needs MAIL FROM and at least one accepted RCPT TO first (RFC 5321 §3.3).",
        (Why::NestedMail, _) => "A transaction is already open: finish it, or RSET (RFC 5321 §4.1.4).",
        (Why::AuthNotEnabled, _) => "This server offers no AUTH here: an MX normally does not, and a submission port only inside TLS (smtpd_tls_auth_only).",
        (Why::AuthAborted, _) => "The client cancelled the login with * (RFC 4954 §4): no error in the syntax, just an abandoned AUTH.",
        (Why::AuthFailed, _) => "Login failed. Dovecot makes the client wait about 2 s after each failure (recording 587_wrong_password_535). Lab account: alice@example.test / correct horse.",
        (Why::RelayDenied, _) => "Relay control: the recipient is not local and this client may not relay (Postfix reject_unauth_destination).",
        (Why::AccessDenied, _) => "The submission listener accepts recipients only after a login (Postfix permit_sasl_authenticated, reject); RFC 6409 §4.3 would refuse already at MAIL.",
        (Why::UnknownCommand, _) => "Postfix answers 500 to commands it does not know, including HELP and EXPN (recording 25_help).",
        (Why::NotSmtp, _) => "The server saw message text or HTTP where a command was expected and hung up (Postfix smtpd_forbidden_commands).",
        (Why::TooBig, _) => "Too big: this server's limit is SIZE 10240000 octets (RFC 1870).",
        (Why::Code, 501) => "The command is known but its arguments are not right; the reply shows the expected syntax (RFC 5321 §4.2.2).",
        (Why::Code, 421) => "The server is closing the connection (RFC 5321 §3.8).",
        _ => return None,
    })
}

/// The hint for the console's current state.
pub fn hint(console: &Console) -> Hint {
    let mut text = String::new();
    if let Some(reply) = console.last_reply() {
        text = format!("{}.", reply.explain().1);
        if let Some(more) = remark(reply) {
            text = format!("{text} {more}");
        }
    }
    let (next, suggestions) = expected(console);
    Hint {
        text: format!("{text} {next}").trim().to_string(),
        suggestions,
    }
}

/// What the server waits for, and commands that fit.
fn expected(console: &Console) -> (String, Vec<String>) {
    let server = console.server();
    let session = server.session();
    let own = |s: &str| vec![s.to_string()];
    if !console.connected() {
        return (
            "The connection is closed: reconnect to start a new session.".into(),
            vec![],
        );
    }
    match &session.phase {
        Phase::Data => {
            return (
                "The server is reading your message: type header lines, an empty line, the body, then a line with a single dot.".into(),
                vec!["Subject: Hello".into(), ".".into()],
            )
        }
        Phase::AuthContinue(step) => {
            let answer = match step {
                AuthStep::Plain => format!("\0{LAB_USER}\0{LAB_PASSWORD}"),
                AuthStep::LoginUser => LAB_USER.to_string(),
                AuthStep::LoginPassword { .. } => LAB_PASSWORD.to_string(),
            };
            return (
                "The server waits for a base64 answer to its 334 challenge, or * to cancel.".into(),
                vec![base64::encode(answer.as_bytes()), "*".into()],
            );
        }
        _ => {}
    }
    let submission = console.port().info().role == Role::Submission;
    if session.helo.is_none() && session.mail.is_none() {
        return (
            "Introduce yourself first.".into(),
            own("EHLO laptop.example.org"),
        );
    }
    if server.config().tls_required && !session.tls {
        return (
            "Upgrade the connection to TLS before anything else.".into(),
            own("STARTTLS"),
        );
    }
    if submission && session.auth_user.is_none() && session.mail.is_none() {
        let plain = base64::encode(format!("\0{LAB_USER}\0{LAB_PASSWORD}").as_bytes());
        return (
            "Log in with the lab account.".into(),
            vec![format!("AUTH PLAIN {plain}"), "AUTH LOGIN".into()],
        );
    }
    let local = if submission {
        "bob@example.org"
    } else {
        "alice@example.test"
    };
    match &session.mail {
        None => (
            "Start a mail transaction.".into(),
            vec![
                format!(
                    "MAIL FROM:<{}>",
                    if submission {
                        LAB_USER
                    } else {
                        "bob@example.org"
                    }
                ),
                "QUIT".into(),
            ],
        ),
        Some(mail) if mail.recipients.is_empty() => (
            "Name at least one recipient.".into(),
            own(&format!("RCPT TO:<{local}>")),
        ),
        Some(_) => (
            "Send the message, or add more recipients.".into(),
            vec!["DATA".into(), "RSET".into()],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::port::Port;

    #[test]
    fn hints_walk_a_learner_through_587() {
        let mut c = Console::open(Port::P587);
        assert_eq!(hint(&c).suggestions, vec!["EHLO laptop.example.org"]);
        c.send("EHLO laptop.example.org");
        assert_eq!(hint(&c).suggestions, vec!["STARTTLS"]);
        c.send("MAIL FROM:<alice@example.test>");
        let h = hint(&c);
        assert!(h.text.starts_with("530: 5 = permanent"), "{}", h.text);
        assert!(h.text.contains("requires TLS"));
        c.send("STARTTLS");
        c.send("EHLO laptop.example.org");
        assert!(hint(&c).suggestions[0].starts_with("AUTH PLAIN "));
        c.send("AUTH LOGIN");
        // base64 of the lab user name, then of the password.
        assert_eq!(hint(&c).suggestions[0], "YWxpY2VAZXhhbXBsZS50ZXN0");
        c.send("YWxpY2VAZXhhbXBsZS50ZXN0");
        assert_eq!(hint(&c).suggestions[0], "Y29ycmVjdCBob3JzZQ==");
        c.send("Y29ycmVjdCBob3JzZQ==");
        assert!(hint(&c).suggestions[0].starts_with("MAIL FROM:"));
    }

    #[test]
    fn every_rule_behind_a_reply_has_its_remark() {
        for why in Why::RULES {
            let reply = Reply::new(500, "", "reworded").because(why);
            let text = remark(&reply).unwrap_or_else(|| panic!("{why:?} has no remark"));
            // Each names its source: an RFC, the lab recording, or the Postfix setting.
            assert!(
                ["RFC ", "recording", "Postfix", "smtpd_"]
                    .iter()
                    .any(|s| text.contains(s)),
                "{why:?}: {text}"
            );
        }
    }

    #[test]
    fn an_aborted_login_is_not_called_a_syntax_error() {
        let mut c = Console::open(Port::P465);
        c.send("EHLO laptop.example.org\nAUTH LOGIN\n*");
        let h = hint(&c);
        assert!(
            h.text.starts_with("501 5.7.0") || h.text.contains("cancelled"),
            "{}",
            h.text
        );
        assert!(!h.text.contains("arguments are not right"), "{}", h.text);
    }

    #[test]
    fn a_transaction_hints_its_next_command() {
        let mut c = Console::open(Port::P25);
        c.send("EHLO mx.example.org\nMAIL FROM:<bob@example.org>");
        let h = hint(&c);
        assert!(h.text.contains("Name at least one recipient"), "{}", h.text);
        assert!(
            h.suggestions[0].starts_with("RCPT TO:<"),
            "{:?}",
            h.suggestions
        );
        c.send("RCPT TO:<alice@example.test>");
        let h = hint(&c);
        assert!(h.text.contains("Send the message"), "{}", h.text);
        assert_eq!(h.suggestions, ["DATA", "RSET"]);
    }

    #[test]
    fn a_syntax_error_and_a_closing_server_have_their_remarks() {
        let mut c = Console::open(Port::P25);
        c.send("EHLO mx.example.org\nMAIL FROM:");
        let h = hint(&c);
        assert!(h.text.starts_with("501"), "{}", h.text);
        assert!(h.text.contains("arguments are not right"), "{}", h.text);
        // Postfix hangs up after the 20th error (smtpd_hard_error_limit): 421.
        for _ in 0..20 {
            c.send("NOSUCHCOMMAND");
        }
        let h = hint(&c);
        assert!(h.text.starts_with("421"), "{}", h.text);
        assert!(h.text.contains("closing the connection"), "{}", h.text);
    }

    #[test]
    fn data_and_closed_connections_get_their_own_hint() {
        let mut c = Console::open(Port::P25);
        c.send("MAIL FROM:<bob@example.org>\nRCPT TO:<alice@example.test>\nDATA");
        assert!(hint(&c).text.contains("single dot"));
        c.send(".\nQUIT");
        assert!(hint(&c).text.contains("reconnect"));
        assert!(hint(&c).suggestions.is_empty());
    }
}
