//! "Try it for real": the terminal commands that reproduce the current journey against a real
//! server, for the port, the client's TLS setting and whether it checks the certificate.

use crate::event::Setup;
use crate::path::client::ClientTls;
use crate::path::port::Role;
use crate::server::auth::LAB_USER;
use crate::server::HOSTNAME;

/// A terminal command to try the same journey for real.
pub struct Command {
    /// What the command shows.
    pub purpose: String,
    /// The command line to type.
    pub line: String,
}

/// Browsers refuse to open these ports at all (the Fetch standard's "bad ports").
pub const BROWSER_NOTE: &str = "A web page cannot open a raw TCP connection at all, and browsers refuse even HTTP to ports 25, 465 and 587 (the Fetch standard's list of bad ports), so this page can only simulate them: use a terminal to try it for real.";

/// -quiet: s_client would take a typed line starting with R (RCPT) or Q as its own command.
const QUIET: &str = "-quiet: lines starting with R or Q go to the server, not to s_client (recording openssl_587_interactive_command_letter_gotcha)";

/// The commands for this setup: a knock on the port, a session to type in, and a test message.
pub fn commands(setup: &Setup) -> Vec<Command> {
    let port = setup.port.number();
    let host = HOSTNAME;
    let submission = setup.port.info().role == Role::Submission;
    let (from, to) = if submission {
        (LAB_USER, "bob@example.org")
    } else {
        ("bob@example.org", LAB_USER)
    };
    let auth = if submission {
        format!(" --auth PLAIN --auth-user {LAB_USER}")
    } else {
        String::new()
    };
    // The test tools check no certificate unless asked (swaks doc/base.pod, --tls-verify: "By
    // default, TLS verification is not required"; openssl-s_client(1), -verify: "the connection
    // will never fail due to a server certificate verify failure"), so they are asked to when
    // the journey's program checks.
    let checks = setup.checks_certificate();
    let (s_verify, swaks_verify, checking) = if checks {
        (
            format!(" -verify_return_error -verify_hostname {host}"),
            " --tls-verify",
            "checking the certificate as your program does (s_client: -verify_return_error -verify_hostname; swaks: --tls-verify; neither checks by default)",
        )
    } else {
        (
            String::new(),
            "",
            "without checking the certificate, like your program here",
        )
    };
    let mut list = vec![Command {
        purpose:
            "Is the port reachable at all? (a timeout means dropped, \"refused\" means rejected)"
                .into(),
        line: format!("nc -vz -w 10 {host} {port}"),
    }];
    let starttls =
        format!("openssl s_client -quiet{s_verify} -starttls smtp -crlf -connect {host}:{port}");
    let (talk, tool, send, flag) = match setup.client() {
        ClientTls::Starttls => (
            format!("Talk SMTP yourself after STARTTLS (type EHLO, AUTH, MAIL...), {checking}. {QUIET}"),
            starttls,
            format!("Send a test message with STARTTLS required, {checking}"),
            format!(" --tls{swaks_verify}"),
        ),
        ClientTls::Opportunistic => (
            format!("Talk SMTP yourself after STARTTLS, as an opportunistic program does when it is offered, {checking}. {QUIET}"),
            starttls,
            "Send a test message with STARTTLS only if offered, stopping if offered TLS fails, like Nodemailer's default (swaks --tls-optional-strict)".into(),
            format!(" --tls-optional-strict{swaks_verify}"),
        ),
        ClientTls::Implicit => (
            format!("Talk SMTP yourself inside implicit TLS, {checking}. {QUIET}"),
            format!("openssl s_client -quiet{s_verify} -crlf -connect {host}:{port}"),
            format!("Send a test message with TLS from the first byte, {checking}"),
            format!(" --tls-on-connect{swaks_verify}"),
        ),
        ClientTls::Plain => (
            "Talk SMTP in plaintext (everything you type is visible on the network). -C sends CRLF line endings with Linux's netcat-openbsd; macOS's nc has -c instead".into(),
            format!("nc -C {host} {port}"),
            "Send a test message without TLS".into(),
            String::new(),
        ),
    };
    list.push(Command {
        purpose: talk,
        line: tool,
    });
    list.push(Command {
        purpose: send,
        line: format!("swaks --server {host} --port {port}{flag}{auth} --from {from} --to {to}"),
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::port::Port;

    #[test]
    fn commands_follow_the_port_and_setting() {
        let c = commands(&Setup::new(Port::P587));
        assert!(c.iter().any(|c| c.line
            == "openssl s_client -quiet -verify_return_error -verify_hostname mail.example.test -starttls smtp -crlf -connect mail.example.test:587"));
        let c = commands(&Setup::new(Port::P465));
        assert!(c.iter().any(|c| c.line
            == "openssl s_client -quiet -verify_return_error -verify_hostname mail.example.test -crlf -connect mail.example.test:465"));
        assert!(c
            .iter()
            .any(|c| c.line.contains("--tls-on-connect --tls-verify")));
        let c = commands(&Setup::new(Port::P25));
        assert!(c.iter().all(|c| !c.line.contains("--auth")));
        assert!(c[0].line.starts_with("nc -vz"));
    }
}
