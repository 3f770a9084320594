//! SMTP AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, answered as Postfix with
//! Dovecot SASL answers them, deviations from the RFC included (facts.md §4).

use crate::server::base64;
use crate::server::reply::{Reply, Why};
use crate::server::session::{AuthStep, Phase};
use crate::server::{Out, Server, Tally};

/// The lab account, shown in the UI as lab credentials.
pub const LAB_USER: &str = "alice@example.test";
/// The lab account's password.
pub const LAB_PASSWORD: &str = "correct horse";

/// Dovecot's `auth_failure_delay`.
pub const FAILURE_DELAY_MS: u32 = 2000;
/// Dovecot's auth penalty: after failures, even a correct login waits about this long.
pub const PENALTY_DELAY_MS: u32 = 4000;

/// What an AUTH PLAIN message (`authzid \0 authcid \0 passwd`, RFC 4616 §2) says, for display.
pub fn decode_plain(b64: &str) -> Option<(String, String, String)> {
    let bytes = base64::decode(b64)?;
    let mut parts = bytes.split(|&b| b == 0);
    let (authzid, user, pass) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    Some((text(authzid), text(user), text(pass)))
}

/// Dovecot's default `auth_username_format = %Lu` lower-cases the login name before the lookup.
fn credentials_ok(user: &str, pass: &str) -> bool {
    user.to_ascii_lowercase() == LAB_USER && pass == LAB_PASSWORD
}

impl Server {
    pub(crate) fn auth_offered(&self) -> bool {
        self.config.sasl && (self.session.tls || !self.config.tls_auth_only)
    }

    pub(crate) fn auth(&mut self, args: &[&str]) -> Tally {
        if self.config.helo_required && self.session.helo.is_none() {
            self.reply(Reply::new(503, "5.5.1", "Error: send HELO/EHLO first"));
            return Tally::Refused;
        }
        if !self.auth_offered() {
            self.reply(
                Reply::new(503, "5.5.1", "Error: authentication not enabled")
                    .because(Why::AuthNotEnabled),
            );
            return Tally::Refused;
        }
        if self.session.mail.is_some() {
            self.reply(Reply::new(
                503,
                "5.5.1",
                "Error: MAIL transaction in progress",
            ));
            return Tally::Refused;
        }
        if self.session.auth_user.is_some() {
            self.reply(Reply::new(503, "5.5.1", "Error: already authenticated"));
            return Tally::Refused;
        }
        if args.is_empty() || args.len() > 2 {
            self.reply(Reply::new(501, "5.5.4", "Syntax: AUTH mechanism"));
            return Tally::Refused;
        }
        // "=" is an empty initial response (RFC 4954 §4).
        let initial = args.get(1).map(|r| if *r == "=" { "" } else { r });
        match (args[0].to_ascii_uppercase().as_str(), initial) {
            ("PLAIN", None) => self.challenge(AuthStep::Plain, ""),
            ("PLAIN", Some(response)) => self.plain(response, "initial"),
            // Dovecot's LOGIN takes an empty initial response as none: it asks for the name.
            ("LOGIN", None | Some("")) => self.challenge(AuthStep::LoginUser, "VXNlcm5hbWU6"),
            ("LOGIN", Some(response)) => self.login_user(response, "initial"),
            _ => self.auth_failed("Invalid authentication mechanism", 0),
        }
    }

    /// A client line inside an AUTH exchange, after a 334: whatever it says, the step ends here.
    pub(crate) fn auth_continue(&mut self, step: AuthStep, line: &str, too_long: bool) -> Tally {
        self.session.phase = Phase::Command;
        if too_long {
            self.reply(Reply::new(500, "5.5.6", "SASL response limit exceeded"));
            return Tally::Refused;
        }
        if line == "*" {
            // RFC 4954 §4: the client cancels; the server MUST answer 501.
            self.reply(
                Reply::new(501, "5.7.0", "Authentication aborted").because(Why::AuthAborted),
            );
            return Tally::Refused;
        }
        match step {
            AuthStep::Plain => self.plain(line, "continued"),
            AuthStep::LoginUser => self.login_user(line, "continued"),
            AuthStep::LoginPassword { user } => self.login_password(user, line),
        }
    }

    fn challenge(&mut self, step: AuthStep, text: &'static str) -> Tally {
        self.session.phase = Phase::AuthContinue(step);
        self.reply(Reply::new(334, "", text));
        Tally::Accepted
    }

    fn plain(&mut self, response: &str, which: &str) -> Tally {
        if response.is_empty() {
            return self.auth_failed("(reason unavailable)", FAILURE_DELAY_MS);
        }
        if base64::decode(response).is_none() {
            return self.auth_failed(&format!("Invalid base64 data in {which} response"), 0);
        }
        match decode_plain(response) {
            Some((authzid, user, pass))
                if (authzid.is_empty() || authzid == user) && credentials_ok(&user, &pass) =>
            {
                self.auth_succeeded(user)
            }
            _ => self.auth_failed("(reason unavailable)", FAILURE_DELAY_MS),
        }
    }

    fn login_user(&mut self, response: &str, which: &str) -> Tally {
        let Some(user) = base64::decode(response) else {
            return self.auth_failed(&format!("Invalid base64 data in {which} response"), 0);
        };
        if user.is_empty() {
            // Dovecot refuses an empty user name at once.
            return self.auth_failed("(reason unavailable)", FAILURE_DELAY_MS);
        }
        let user = String::from_utf8_lossy(&user).into_owned();
        self.challenge(AuthStep::LoginPassword { user }, "UGFzc3dvcmQ6")
    }

    fn login_password(&mut self, user: String, response: &str) -> Tally {
        let Some(pass) = base64::decode(response) else {
            return self.auth_failed("Invalid base64 data in continued response", 0);
        };
        if credentials_ok(&user, &String::from_utf8_lossy(&pass)) {
            self.auth_succeeded(user)
        } else {
            self.auth_failed("(reason unavailable)", FAILURE_DELAY_MS)
        }
    }

    fn auth_succeeded(&mut self, user: String) -> Tally {
        if self.session.auth_failures > 0 {
            self.out.push(Out::Wait(PENALTY_DELAY_MS));
            self.session.auth_failures = 0;
        }
        self.session.auth_user = Some(user);
        self.reply(Reply::new(235, "2.7.0", "Authentication successful"));
        Tally::Accepted
    }

    fn auth_failed(&mut self, reason: &str, delay_ms: u32) -> Tally {
        if delay_ms > 0 {
            self.session.auth_failures += 1;
            self.out.push(Out::Wait(delay_ms));
        }
        self.reply(
            Reply::new(
                535,
                "5.7.8",
                format!("Error: authentication failed: {reason}"),
            )
            .because(Why::AuthFailed),
        );
        Tally::Refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_message_is_split_at_nul_bytes() {
        let (authzid, user, pass) =
            decode_plain("AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl").unwrap();
        assert_eq!(
            (authzid.as_str(), user.as_str(), pass.as_str()),
            ("", LAB_USER, LAB_PASSWORD)
        );
        assert_eq!(decode_plain("Zm9v"), None);
    }
}
