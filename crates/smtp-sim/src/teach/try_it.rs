//! "Try it for real": the terminal commands that reproduce the current journey against a real
//! server, for the port and the client's TLS setting.

use crate::event::Setup;
use crate::path::client::ClientTls;
use crate::path::port::Role;
use crate::server::auth::LAB_USER;
use crate::server::HOSTNAME;

pub struct Command {
    /// What the command shows.
    pub purpose: &'static str,
    pub line: String,
}

/// Browsers refuse to open these ports at all (the Fetch standard's "bad ports").
pub const BROWSER_NOTE: &str = "A web page cannot open a raw TCP connection at all, and browsers refuse even HTTP to ports 25, 465 and 587 (the Fetch standard's list of bad ports), so this page can only simulate them: use a terminal to try it for real.";

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
    let mut list = vec![Command {
        purpose:
            "Is the port reachable at all? (a timeout means dropped, \"refused\" means rejected)",
        line: format!("nc -vz -w 10 {host} {port}"),
    }];
    let (talk, tool, send, flag) = match setup.client() {
        ClientTls::Starttls => (
            "Talk SMTP yourself after STARTTLS (type EHLO, AUTH, MAIL...). -quiet keeps s_client from taking a line that starts with R (RCPT) or Q as its own renegotiate or quit command (recording openssl_587_interactive_command_letter_gotcha)",
            format!("openssl s_client -quiet -starttls smtp -crlf -connect {host}:{port}"),
            "Send a test message the same way",
            " --tls",
        ),
        ClientTls::Opportunistic => (
            "Talk SMTP yourself after STARTTLS, as an opportunistic program does when it is offered (-quiet: lines starting with R or Q go to the server)",
            format!("openssl s_client -quiet -starttls smtp -crlf -connect {host}:{port}"),
            "Send a test message with STARTTLS only if offered (swaks --tls-optional, like Nodemailer's default)",
            " --tls-optional",
        ),
        ClientTls::Implicit => (
            "Talk SMTP yourself inside implicit TLS (-quiet: lines starting with R or Q go to the server, not to s_client)",
            format!("openssl s_client -quiet -crlf -connect {host}:{port}"),
            "Send a test message the same way",
            " --tls-on-connect",
        ),
        ClientTls::Plain => (
            "Talk SMTP in plaintext (everything you type is visible on the network). -C sends CRLF line endings with Linux's netcat-openbsd; macOS's nc has -c instead",
            format!("nc -C {host} {port}"),
            "Send a test message without TLS",
            "",
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
            == "openssl s_client -quiet -starttls smtp -crlf -connect mail.example.test:587"));
        let c = commands(&Setup::new(Port::P465));
        assert!(c
            .iter()
            .any(|c| c.line == "openssl s_client -quiet -crlf -connect mail.example.test:465"));
        assert!(c.iter().any(|c| c.line.contains("--tls-on-connect")));
        let c = commands(&Setup::new(Port::P25));
        assert!(c.iter().all(|c| !c.line.contains("--auth")));
        assert!(c[0].line.starts_with("nc -vz"));
    }
}
