//! Server replies as they travel on the wire (RFC 5321 §4.2) and what their codes mean.

/// An SMTP reply: a three-digit code, an optional enhanced status code (RFC 3463, RFC 2034)
/// and one or more lines of text. It stays typed from the server to the view, so teaching keys
/// on the code and on `why`, never on the wording.
#[derive(Clone, Debug, Eq)]
pub struct Reply {
    /// The three-digit reply code (RFC 5321 §4.2).
    pub code: u16,
    /// "5.5.1" etc.; empty when the reply carries none (greeting, EHLO/HELO, 3xx).
    pub enhanced: &'static str,
    /// The text lines, without the code; one line for most replies, several for EHLO.
    pub lines: Vec<String>,
    /// Which rule made the server answer so, where the code alone does not tell.
    pub why: Why,
}

/// Two replies are equal when they are the same on the wire: `why` is the model's note, not
/// something a client can see.
impl PartialEq for Reply {
    fn eq(&self, other: &Self) -> bool {
        (self.code, self.enhanced, &self.lines) == (other.code, other.enhanced, &other.lines)
    }
}

/// The rule behind a reply, for the replies whose lesson is more than their code: several share
/// `503 5.5.1`, and `501 5.7.0` is an aborted login, not a syntax error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Why {
    #[default]
    /// The code says it all.
    Code,
    /// `530 5.7.0`: this listener requires TLS first.
    TlsRequired,
    /// `503 5.5.1`: RCPT before MAIL.
    NeedMail,
    /// `503 5.5.1`: DATA (or BDAT) before any accepted RCPT.
    NeedRcpt,
    /// `503 5.5.1`: MAIL inside a transaction already begun.
    NestedMail,
    /// `503 5.5.1`: AUTH where the server offers none (port 25).
    AuthNotEnabled,
    /// `501 5.7.0`: the client answered a 334 with `*`.
    AuthAborted,
    /// `535 5.7.8`: the user name or password was refused.
    AuthFailed,
    /// Relay control: the recipient is not ours and the client may not relay.
    RelayDenied,
    /// The submission template: no login, no recipient.
    AccessDenied,
    /// `500 5.5.2`: a command the server does not know.
    UnknownCommand,
    /// `221 2.7.0`: message text or HTTP where a command was expected.
    NotSmtp,
    /// `552 5.3.4`: the message is larger than the SIZE limit.
    TooBig,
}

impl Why {
    /// Every rule that has a lesson of its own (all but `Code`).
    pub const RULES: [Why; 12] = [
        Why::TlsRequired,
        Why::NeedMail,
        Why::NeedRcpt,
        Why::NestedMail,
        Why::AuthNotEnabled,
        Why::AuthAborted,
        Why::AuthFailed,
        Why::RelayDenied,
        Why::AccessDenied,
        Why::UnknownCommand,
        Why::NotSmtp,
        Why::TooBig,
    ];
}

impl Reply {
    /// A one-line reply with its enhanced status code (empty for none).
    pub fn new(code: u16, enhanced: &'static str, text: impl Into<String>) -> Self {
        Self::line(code, enhanced, text.into())
    }

    /// The body of `new`, kept out of line: the model builds some 90 replies, and a call each
    /// keeps the WebAssembly smaller than a copy of this each.
    #[inline(never)]
    fn line(code: u16, enhanced: &'static str, text: String) -> Self {
        Reply {
            code,
            enhanced,
            lines: vec![text],
            why: Why::Code,
        }
    }

    /// A multi-line reply without an enhanced code (the EHLO capability list).
    pub fn multi(code: u16, lines: Vec<String>) -> Self {
        Reply {
            code,
            enhanced: "",
            lines,
            why: Why::Code,
        }
    }

    /// The same reply, with the rule that made the server answer so.
    pub fn because(self, why: Why) -> Self {
        Reply { why, ..self }
    }

    /// The code as shown (`530 5.7.0`) and what it means, by class and subject.
    pub fn explain(&self) -> (String, String) {
        match explain_enhanced(self.enhanced) {
            Some(more) => (
                format!("{} {}", self.code, self.enhanced),
                format!("{}. {more}", explain_code(self.code)),
            ),
            None => (self.code.to_string(), explain_code(self.code)),
        }
    }

    /// The reply's lines exactly as sent, without CRLF: `250-PIPELINING` on every line but the last,
    /// `250 CHUNKING` on the last (RFC 5321 §4.2.1). A `334` with an empty challenge is `"334 "`.
    pub fn wire_lines(&self) -> Vec<String> {
        let last = self.lines.len().saturating_sub(1);
        self.lines
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let sep = if i == last { ' ' } else { '-' };
                if self.enhanced.is_empty() {
                    format!("{}{}{}", self.code, sep, text)
                } else {
                    format!("{}{}{} {}", self.code, sep, self.enhanced, text)
                }
            })
            .collect()
    }

    /// The bytes on the wire, CRLF after every line.
    pub fn to_wire(&self) -> String {
        self.wire_lines().into_iter().map(|l| l + "\r\n").collect()
    }
}

/// Plain words for a basic reply code: the first digit says how it went, the second what it is
/// about (RFC 5321 §4.2.1).
pub fn explain_code(code: u16) -> String {
    let class = match code / 100 {
        2 => "2 = success (positive completion)",
        3 => "3 = go on, send the rest (positive intermediate)",
        4 => "4 = temporary failure: try again later",
        5 => "5 = permanent failure: do not retry as is",
        _ => "not a valid SMTP reply class",
    };
    let category = match (code / 10) % 10 {
        0 => "x0x = syntax",
        1 => "x1x = information",
        2 => "x2x = the connection",
        3 => "x3x = unspecified in RFC 5321 (334, 235, 530, 535, 538: RFC 4954; 530 also RFC 3207)",
        5 => "x5x = the mail system",
        _ => "x4x = unspecified",
    };
    format!("{code}: {class}; {category} (RFC 5321 §4.2.1)")
}

/// Plain words for an enhanced status code `class.subject.detail` (RFC 3463 §3, §4).
pub fn explain_enhanced(enhanced: &str) -> Option<String> {
    let mut parts = enhanced.split('.');
    let (class, subject, _detail) = (parts.next()?, parts.next()?, parts.next()?);
    let class = match class {
        "2" => "2 = success",
        "4" => "4 = persistent transient failure",
        "5" => "5 = permanent failure",
        _ => return None,
    };
    let subject = match subject {
        "0" => "x.0 = other or undefined",
        "1" => "x.1 = addressing",
        "2" => "x.2 = mailbox",
        "3" => "x.3 = mail system",
        "4" => "x.4 = network and routing",
        "5" => "x.5 = mail delivery protocol",
        "6" => "x.6 = message content",
        "7" => "x.7 = security or policy",
        _ => return None,
    };
    let detail = match enhanced {
        "2.0.0" => "other or undefined success",
        "2.1.0" => "other address status (RFC 3463): Postfix's code for an accepted sender",
        "2.1.5" => "destination address valid",
        // Not "authentication succeeded": Postfix also gives 2.7.0 to the 221 that hangs up on
        // a forbidden command; only after AUTH does RFC 4954 give it that meaning (with 235).
        "2.7.0" => "other or undefined security status; after AUTH, with 235, a successful login (RFC 4954 §6)",
        "4.4.2" => "bad connection (the server timed out)",
        "4.7.0" => "other security or policy status",
        "4.7.1" => "delivery not authorised, try later",
        "5.0.0" => "other undefined status",
        "5.1.1" => "bad destination mailbox address",
        "5.1.3" => "bad destination address syntax",
        "5.1.7" => "bad sender address syntax",
        "5.3.4" => "message too big for the system",
        "5.5.0" => "other protocol status",
        "5.5.1" => "invalid command: out of sequence or unsupported",
        "5.5.2" => "syntax error",
        "5.5.4" => "invalid command arguments",
        "5.6.7" => "non-ASCII address not permitted (RFC 6531)",
        "5.7.0" => "other security or policy status",
        "5.7.1" => "delivery not authorised",
        "5.7.8" => "authentication credentials invalid (RFC 4954)",
        _ => "",
    };
    let tail = if detail.is_empty() {
        String::new()
    } else {
        format!("; {enhanced} = {detail}")
    };
    Some(format!("{class}; {subject}{tail} (RFC 3463)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format_follows_rfc5321_4_2() {
        for (reply, wire) in [
            (
                Reply::new(250, "2.1.0", "Ok"),
                "250 2.1.0 Ok\r\n".to_string(),
            ),
            (Reply::new(334, "", ""), "334 \r\n".to_string()),
            (
                Reply::multi(250, vec!["mail.example.test".into(), "PIPELINING".into()]),
                "250-mail.example.test\r\n250 PIPELINING\r\n".to_string(),
            ),
        ] {
            assert_eq!(reply.to_wire(), wire);
        }
    }

    #[test]
    fn codes_are_explained_by_class_and_subject() {
        assert!(explain_code(530).contains("permanent"));
        assert!(explain_code(421).contains("temporary"));
        assert!(explain_code(354).contains("go on"));
        // RFC 3463 §3.6: X.5.1 "either out of sequence or unsupported".
        let e = explain_enhanced("5.5.1").unwrap();
        assert!(
            e.contains("mail delivery protocol") && e.contains("out of sequence or unsupported")
        );
        assert_eq!(explain_enhanced("9.9.9"), None);
        assert_eq!(explain_enhanced("garbage"), None);
        // RFC 3463 §3.8: X.7.0 is "other or undefined security status"; the 221 that hangs up
        // on a forbidden command carries it too, so it must not read as a successful login.
        let e = explain_enhanced("2.7.0").unwrap();
        assert!(e.contains("other or undefined security status"), "{e}");
        assert!(!e.contains("authentication succeeded"), "{e}");
    }

    #[test]
    fn replies_are_explained_with_their_enhanced_code() {
        let (code, text) =
            Reply::new(530, "5.7.0", "Must issue a STARTTLS command first").explain();
        assert_eq!(code, "530 5.7.0");
        assert!(text.contains("permanent") && text.contains("security"));
        let ehlo = Reply::multi(250, vec!["mail.example.test".into(), "PIPELINING".into()]);
        assert_eq!(ehlo.explain().0, "250");
        assert_eq!(Reply::new(334, "", "").explain().0, "334");
    }

    /// RFC 5321 §4.2.1: the first digit says how it went (2yz positive completion, 3yz positive
    /// intermediate, 4yz transient and 5yz permanent negative completion), the second what the
    /// reply is about (x0z syntax, x1z information, x2z connections, x3z and x4z unspecified,
    /// x5z mail system).
    #[test]
    fn each_digit_of_a_code_is_explained_as_rfc_5321_4_2_1_says() {
        for (code, class, category) in [
            (250, "positive completion", "x5x = the mail system"),
            (211, "positive completion", "x1x = information"),
            (221, "positive completion", "x2x = the connection"),
            (235, "positive completion", "x3x = unspecified"),
            (354, "positive intermediate", "x5x = the mail system"),
            (334, "positive intermediate", "x3x = unspecified"),
            (421, "temporary failure", "x2x = the connection"),
            (452, "temporary failure", "x5x = the mail system"),
            (500, "permanent failure", "x0x = syntax"),
            (504, "permanent failure", "x0x = syntax"),
            (530, "permanent failure", "x3x = unspecified"),
            (541, "permanent failure", "x4x = unspecified"),
            (554, "permanent failure", "x5x = the mail system"),
            (199, "not a valid SMTP reply class", "x9x"),
            (600, "not a valid SMTP reply class", "x0x = syntax"),
        ] {
            let text = explain_code(code);
            assert!(text.starts_with(&format!("{code}: ")), "{text}");
            assert!(text.contains(class), "{code}: {text}");
            let first = code / 100;
            if (2..=5).contains(&first) {
                assert!(text.contains(&format!("{first} = ")), "{code}: {text}");
            }
            if category != "x9x" {
                assert!(text.contains(category), "{code}: {text}");
            }
        }
    }

    /// RFC 3463 §3.1-§3.8 and §4 name each class and subject, and each detail the server sends
    /// (X.7.8 is RFC 4954's, X.6.7 RFC 6531's): the words of that name are in the explanation.
    #[test]
    fn enhanced_codes_are_explained_by_their_rfc_names() {
        for (code, class, subject) in [
            ("2.0.0", "success", "x.0 = other or undefined"),
            ("4.1.0", "persistent transient failure", "x.1 = addressing"),
            ("5.2.0", "permanent failure", "x.2 = mailbox"),
            ("5.3.0", "permanent failure", "x.3 = mail system"),
            (
                "4.4.0",
                "persistent transient failure",
                "x.4 = network and routing",
            ),
            ("5.5.0", "permanent failure", "x.5 = mail delivery protocol"),
            ("5.6.0", "permanent failure", "x.6 = message content"),
            ("5.7.0", "permanent failure", "x.7 = security or policy"),
        ] {
            let text = explain_enhanced(code).unwrap_or_default();
            assert!(
                text.contains(class) && text.contains(subject),
                "{code}: {text}"
            );
        }
        for (code, words) in [
            ("2.0.0", &["undefined"][..]),
            ("2.1.0", &["other address status"]),
            ("2.1.5", &["destination address valid"]),
            ("2.7.0", &["other or undefined security status"]),
            ("4.4.2", &["bad connection"]),
            ("4.7.0", &["other", "security"]),
            ("4.7.1", &["delivery not authori"]),
            ("5.0.0", &["other undefined status"]),
            ("5.1.1", &["bad destination mailbox address"]),
            ("5.1.3", &["bad destination", "syntax"]),
            ("5.1.7", &["bad sender", "syntax"]),
            ("5.3.4", &["message too big for"]),
            ("5.5.0", &["other", "protocol status"]),
            ("5.5.1", &["invalid command"]),
            ("5.5.2", &["syntax error"]),
            ("5.5.4", &["invalid command arguments"]),
            ("5.6.7", &["non-ascii address", "not permitted"]),
            ("5.7.0", &["other", "security"]),
            ("5.7.1", &["delivery not authori"]),
            ("5.7.8", &["authentication credentials invalid"]),
        ] {
            let text = explain_enhanced(code).unwrap_or_default().to_lowercase();
            let detail = text
                .split_once(&format!("; {code} = "))
                .map_or("", |(_, d)| d);
            for w in words {
                assert!(detail.contains(w), "{code}: {text}");
            }
        }
    }

    /// Two replies are equal when a client would read the same bytes (RFC 5321 §4.2): code,
    /// enhanced code and every line; the model's `why` is not on the wire.
    #[test]
    fn replies_are_equal_when_they_are_the_same_on_the_wire() {
        let ok = Reply::new(250, "2.0.0", "Ok");
        assert_eq!(ok, Reply::new(250, "2.0.0", "Ok").because(Why::TooBig));
        assert_ne!(ok, Reply::new(251, "2.0.0", "Ok"));
        assert_ne!(ok, Reply::new(250, "2.1.0", "Ok"));
        assert_ne!(ok, Reply::new(250, "2.0.0", "OK"));
        assert_ne!(
            Reply::multi(250, vec!["a".into(), "b".into()]),
            Reply::multi(250, vec!["a".into()])
        );
    }
}
