//! The teaching text of each walkthrough step: a title, plain words, and the rule that governs it.
//! Kept in the pure core so that it is tested with the model it describes.

use crate::event::seconds;
use crate::path::network::{Network, CONNECT_TIMEOUT_MS, DOWN_MX, SYN_RETRANSMITS_MS};
use crate::path::port::{Port, Role, TlsStart};
use crate::server::reply::Reply;
use crate::server::HOSTNAME;
use crate::teach::attack::AttackLesson;
use crate::teach::rfc::Rfc;

/// What one walkthrough step teaches: each has a title, plain words and the rule behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lesson {
    /// The MX lookup of the recipient's domain (RFC 5321 §5.1).
    MxLookup,
    /// The MX lookup finds no MX record.
    NoMx,
    /// ...so the domain's own address is the implicit MX (RFC 5321 §5.1).
    ImplicitMx,
    /// The MX lookup finds a null MX: the domain takes no mail, the message bounces (RFC 7505).
    NullMx,
    /// The preferred MX does not answer within the relay's connect timeout.
    FirstMxDown,
    /// ...so the relay tries the next MX in preference order.
    NextMx,
    /// The address lookup of the mail server's name.
    AddressLookup,
    /// The TCP handshake to the port.
    Connect,
    /// The first SYN to a blocked port, which gets no answer.
    Syn,
    /// The SYN retransmissions, all in one step.
    Retransmits,
    /// No answer to any SYN: `connect()` gives up; the network explains why.
    TimedOut(Network),
    /// A reset (or ICMP unreachable) at once: the port is refused.
    Refused(Network),
    /// ICMP "administratively prohibited" at once: the client reports no route to the host.
    Prohibited(Network),
    /// A STARTTLS/plaintext client on 465 waits for a greeting.
    NoGreeting,
    /// ...then gives up and speaks plaintext to a TLS port.
    PlaintextToTlsPort,
    /// An implicit-TLS client on a STARTTLS port gets a plaintext greeting.
    GreetingInsteadOfHello,
    /// A TLS client reads a plaintext greeting as a TLS record and fails.
    WrongVersionNumber,
    /// A client set to no encryption skips the login it is not offered and is refused at MAIL.
    MailBeforeTls,
    /// What an attacker on the path did at this step.
    Attack(AttackLesson),
    /// The TLS handshake first, on 465 (RFC 8314).
    ImplicitTls,
    /// The server's `220` greeting.
    Greeting,
    /// EHLO and the capabilities the server offers.
    Ehlo,
    /// EHLO again inside TLS, where the list changes (RFC 3207).
    EhloAgain,
    /// STARTTLS: asking to upgrade the connection.
    Starttls,
    /// The TLS handshake after STARTTLS.
    TlsHandshake,
    /// The login: AUTH PLAIN (RFC 4954, RFC 4616).
    Auth,
    /// MAIL FROM: the envelope sender.
    Mail,
    /// RCPT TO: the envelope recipient.
    Rcpt,
    /// DATA: asking to send the message.
    Data,
    /// The message itself, ended by a lone dot.
    Message,
    /// QUIT and the server's goodbye.
    Quit,
    /// Both sides close TCP; what happens to the message next.
    Close,
}

impl Lesson {
    /// The step's title.
    pub fn title(self) -> String {
        match self {
            Lesson::MxLookup => "Find the recipient's mail server".into(),
            Lesson::NoMx => "Find the mail server: no MX record".into(),
            Lesson::ImplicitMx => "The domain's own address instead".into(),
            Lesson::NullMx => "Null MX: the domain takes no mail".into(),
            Lesson::FirstMxDown => "The first MX does not answer".into(),
            Lesson::NextMx => "Try the next MX".into(),
            Lesson::AddressLookup => "Look up the server's address".into(),
            Lesson::Connect => "TCP three-way handshake".into(),
            Lesson::Syn => "Knock on the port: SYN".into(),
            Lesson::Retransmits => "No answer: SYN again, and again".into(),
            Lesson::TimedOut(_) => "Give up: connection timed out".into(),
            Lesson::Refused(_) => "Knock on the port: refused".into(),
            Lesson::Prohibited(_) => "Knock on the port: prohibited".into(),
            Lesson::NoGreeting => "Waiting for a greeting that never comes".into(),
            Lesson::PlaintextToTlsPort => "Plaintext on a TLS port: reset".into(),
            Lesson::GreetingInsteadOfHello => "A plaintext greeting instead of a TLS answer".into(),
            Lesson::WrongVersionNumber => "The TLS library gives up: wrong version number".into(),
            Lesson::MailBeforeTls => "Mail without TLS: refused".into(),
            Lesson::Attack(lesson) => lesson.title(),
            Lesson::ImplicitTls => "TLS first, before any SMTP".into(),
            Lesson::Greeting => "The server's greeting".into(),
            Lesson::Ehlo => "Introduce yourself: EHLO".into(),
            Lesson::EhloAgain => "Introduce yourself again: EHLO".into(),
            Lesson::Starttls => "Ask for encryption: STARTTLS".into(),
            Lesson::TlsHandshake => "TLS handshake".into(),
            Lesson::Auth => "Log in: AUTH PLAIN".into(),
            Lesson::Mail => "Envelope sender: MAIL FROM".into(),
            Lesson::Rcpt => "Envelope recipient: RCPT TO".into(),
            Lesson::Data => "Ready for the message: DATA".into(),
            Lesson::Message => "The message, then a lone dot".into(),
            Lesson::Quit => "Say goodbye: QUIT".into(),
            Lesson::Close => "Close the connection".into(),
        }
    }

    /// The RFC sections the step's explanation rests on.
    pub fn rfc(self) -> &'static [Rfc] {
        match self {
            Lesson::MxLookup
            | Lesson::NoMx
            | Lesson::ImplicitMx
            | Lesson::FirstMxDown
            | Lesson::NextMx => &[Rfc {
                number: 5321,
                section: "5.1",
            }],
            Lesson::NullMx => &[Rfc {
                number: 7505,
                section: "3",
            }],
            Lesson::AddressLookup => &[
                Rfc {
                    number: 1035,
                    section: "3.4.1",
                },
                Rfc {
                    number: 3596,
                    section: "2.1",
                },
            ],
            Lesson::Connect | Lesson::Syn => &[Rfc {
                number: 9293,
                section: "3.5",
            }],
            Lesson::Retransmits => &[Rfc {
                number: 6298,
                section: "5.5",
            }],
            Lesson::TimedOut(_) => &[Rfc {
                number: 9293,
                section: "3.8.3",
            }],
            Lesson::Refused(_) => &[Rfc {
                number: 9293,
                section: "3.10.7.1",
            }],
            Lesson::Prohibited(_) => &[Rfc {
                number: 1812,
                section: "5.2.7.1",
            }],
            Lesson::NoGreeting | Lesson::PlaintextToTlsPort => &[Rfc {
                number: 8314,
                section: "3.3",
            }],
            Lesson::GreetingInsteadOfHello | Lesson::WrongVersionNumber => &[Rfc {
                number: 8446,
                section: "5.1",
            }],
            Lesson::MailBeforeTls => &[Rfc {
                number: 3207,
                section: "4",
            }],
            Lesson::Attack(lesson) => lesson.rfc(),
            Lesson::ImplicitTls => &[Rfc {
                number: 8314,
                section: "3.3",
            }],
            Lesson::Greeting => &[Rfc {
                number: 5321,
                section: "3.1",
            }],
            Lesson::Ehlo => &[Rfc {
                number: 5321,
                section: "4.1.1.1",
            }],
            Lesson::EhloAgain => &[Rfc {
                number: 3207,
                section: "4.2",
            }],
            Lesson::Starttls => &[Rfc {
                number: 3207,
                section: "4",
            }],
            Lesson::TlsHandshake => &[Rfc {
                number: 8446,
                section: "2",
            }],
            Lesson::Auth => &[
                Rfc {
                    number: 4954,
                    section: "4",
                },
                Rfc {
                    number: 4616,
                    section: "2",
                },
            ],
            Lesson::Mail => &[Rfc {
                number: 5321,
                section: "4.1.1.2",
            }],
            Lesson::Rcpt => &[Rfc {
                number: 5321,
                section: "4.1.1.3",
            }],
            Lesson::Data => &[Rfc {
                number: 5321,
                section: "4.1.1.4",
            }],
            Lesson::Message => &[Rfc {
                number: 5321,
                section: "4.5.2",
            }],
            Lesson::Quit => &[Rfc {
                number: 5321,
                section: "4.1.1.10",
            }],
            Lesson::Close => &[Rfc {
                number: 9293,
                section: "3.6",
            }],
        }
    }

    /// Plain words for the step on `port`, given the server's last reply.
    pub fn explain(self, port: Port, reply: Option<&Reply>) -> String {
        let number = port.number();
        let info = port.info();
        let submission = info.role == Role::Submission;
        match self {
            Lesson::FirstMxDown => format!("The relay looks up the preferred MX, {DOWN_MX}, and knocks: no answer, only its own SYN retries. Postfix does not wait for the kernel's two minutes: it gives up after smtp_connect_timeout (30 s by default) and logs \"connect to … Connection timed out\" with status 4.4.1 (smtp_connect.c)."),
            Lesson::NextMx => format!("RFC 5321 §5.1: a sender tries the MX hosts in order of preference until one answers, so the relay moves on to MX 20, {HOSTNAME}, and delivers there. Had every MX failed, the message would stay in the queue (4.4.1 is a temporary failure) and be retried until the queue lifetime ends (Postfix maximal_queue_lifetime, 5 days by default)."),
            Lesson::NoMx => "The relay asks DNS for the recipient domain's MX records, and the domain has none: the answer is empty, with no error. That is not a failure yet.".into(),
            Lesson::ImplicitMx => format!("Without an MX, the domain's own address serves as an implicit MX of preference 0 (RFC 5321 §5.1), so the relay looks up the domain itself and delivers there, on port 25 as always (Postfix smtp_addr.c does). A domain that takes no mail can say so with a null MX, so that senders do not knock on whatever answers at its address (its web server, say). Here {HOSTNAME} answers at that address."),
            Lesson::NullMx => "The domain publishes a null MX: one MX record of preference 0 naming \".\" (RFC 7505 §3), its way of saying it accepts no mail. The sending server looks up no address and connects nowhere: Postfix bounces the message to its sender at once, \"Domain … does not accept mail (nullMX)\" with status 5.1.0 (Postfix dns_lookup.c, smtp_addr.c).".into(),
            Lesson::MxLookup => "A relay asks DNS for the recipient domain's MX records and tries the lowest preference first. An MX names a host, never a port: server-to-server mail always goes to port 25 (RFC 8314 §7.3).".into(),
            Lesson::AddressLookup if submission => format!("Your mail program asks DNS for the address of {HOSTNAME}, the host in its settings (an A record for IPv4, RFC 1035; AAAA for IPv6, RFC 3596). Submission needs no MX lookup."),
            Lesson::AddressLookup => format!("Then it asks for the address of the MX host {HOSTNAME}."),
            Lesson::Connect => format!("SYN, SYN-ACK, ACK: the connection to port {number} is open. TLS never encrypts TCP headers, so the network always sees who talks to which port."),
            Lesson::Syn => format!("The client opens TCP with a SYN to port {number}. A firewall on the path silently drops it: no answer comes, not even a refusal."),
            Lesson::Retransmits => format!("No answer, so the client resends the SYN at {} after the first, hearing nothing each time. Linux 6.5 and later resend five times one second apart (tcp_syn_linear_timeouts = 4), then with doubling gaps; older kernels double from the start (1, 3, 7, 15 s…), the only pattern RFC 6298 §5.5 asks for. The program just hangs.", retry_times()),
            Lesson::TimedOut(net) => format!("After {} Linux gives up (tcp_syn_retries = 6 plus the 4 linear retries, measured in the lab; RFC 9293 §3.8.3 asks for at least 3 minutes; many mail programs stop sooner, at their own timeout). No SMTP was spoken: the port is blocked on the way. {}", seconds(CONNECT_TIMEOUT_MS, 1), net.advice(port)),
            Lesson::Refused(net) => format!("A firewall answers the SYN to port {number} with a reset, so the client fails within one round trip with \"Connection refused\", as if nothing listened there. No SMTP was spoken. {}", net.advice(port)),
            Lesson::Prohibited(net) => format!("A firewall answers the SYN to port {number} with an ICMP error, \"communication administratively prohibited\" (RFC 1812 §5.2.7.1; iptables-extensions(8): `REJECT --reject-with icmp-admin-prohibited`, or its cousin `icmp-host-prohibited`). Linux turns either into EHOSTUNREACH at once (net/ipv4/icmp.c), so the program says \"No route to host\", though the route is fine: the port is closed to you. No SMTP was spoken. {}", net.advice(port)),
            Lesson::NoGreeting => "The connection is open, but your program, set to STARTTLS or no encryption, waits for the 220 greeting, while the server on port 465 waits for a TLS ClientHello. Nobody speaks; the program gives up after its timeout (30 s by default in swaks and Nodemailer's greetingTimeout). Fix: choose SSL/TLS (implicit TLS) for port 465.".into(),
            Lesson::PlaintextToTlsPort => "After its timeout swaks sends QUIT in plaintext; the server's TLS library cannot read it and resets the connection, and swaks prints \"Remote host closed connection unexpectedly.\" (recording swaks_465_plaintext_client; Postfix logs \"wrong version number\"). Others stop at their timeout, e.g. Nodemailer: \"Greeting never received\".".into(),
            Lesson::GreetingInsteadOfHello => format!("Set to SSL/TLS, your program opens with a TLS ClientHello. Port {number} expects STARTTLS: the server sends its plaintext 220 greeting at once, then reads the ClientHello's bytes as commands (500 replies)."),
            Lesson::WrongVersionNumber => format!("The client's TLS library expected a TLS record, got \"220 \", read it as a nonsensical TLS version and gave up: OpenSSL prints \"wrong version number\". Fix: choose STARTTLS for this port{}.", if submission { ", or use port 465, where SSL/TLS is right" } else { "" }),
            Lesson::MailBeforeTls => "Set to no encryption, your program skips STARTTLS. This server offers AUTH only inside TLS, so there is no login to try: most programs stop here (swaks: \"Host did not advertise authentication\", Python smtplib: \"SMTP AUTH extension not supported by server.\"); Nodemailer goes on to MAIL FROM, refused with 530 5.7.0 (RFC 3207 §4). Nothing secret crossed the network. Set the program to STARTTLS, or use 465 with SSL/TLS.".into(),
            Lesson::Attack(lesson) => lesson.explain(),
            Lesson::ImplicitTls => "On port 465 the client speaks TLS from the first byte; the server is silent until the handshake is done. Only the ClientHello (with the server's name) and the ServerHello cross readable; everything after, the greeting included, is encrypted. RFC 8314 (2018) registered 465 for submission (§7.3) and finds it desirable to move mail programs to implicit TLS (§3.3): port 465 is not deprecated.".into(),
            Lesson::Greeting if info.tls == TlsStart::Implicit => "The greeting arrives inside TLS: 220 means the service is ready. A greeting has no enhanced status code (RFC 2034).".into(),
            Lesson::Greeting => "The server speaks first: 220 means the service is ready. This line travels in plaintext; so will everything until TLS starts. A greeting has no enhanced status code (RFC 2034).".into(),
            Lesson::Ehlo | Lesson::EhloAgain => explain_capabilities(port, self == Lesson::EhloAgain, reply),
            Lesson::Starttls => "The client asks to upgrade this connection to TLS; 220 2.0.0 means go ahead. Postfix throws away anything sent after STARTTLS before the handshake (recording 25_starttls_plaintext_injection); servers that did not were open to CVE-2011-0411.".into(),
            Lesson::TlsHandshake => "In TLS 1.3 only the ClientHello (which names the server) and the ServerHello travel in the clear; the certificate is already encrypted. From here on an observer sees only record sizes.".into(),
            Lesson::Auth => "AUTH PLAIN sends base64 of \"\\0user\\0password\". Base64 is an encoding, not encryption: safe only because the connection is already encrypted. 235 2.7.0 means the login worked.".into(),
            Lesson::Mail if submission => "The envelope sender, for bounces. Logged in, the client gets 250 2.1.0.".into(),
            Lesson::Mail => "The envelope sender, where bounces go. The MX accepts it without any login: 250 2.1.0.".into(),
            Lesson::Rcpt if submission => "The envelope recipient. Logged in, you may relay to another domain: 250 2.1.5. Without AUTH, Postfix accepts MAIL but answers here 554 5.7.1 <bob@example.org>: Recipient address rejected: Access denied (recording 587_mail_without_auth; on 465 the lab's server gives the same, facts.md §4); RFC 6409 §4.3 would refuse already at MAIL.".into(),
            Lesson::Rcpt => "The recipient is in the server's own domain, so the MX accepts it: 250 2.1.5. Elsewhere it would get 554 5.7.1 Relay access denied here (reject_unauth_destination), 454 4.7.1 under Postfix's default defer_unauth_destination (recording 25_relay_denied_defer_unauth_destination): an MX is not an open relay.".into(),
            Lesson::Data => "DATA asks to send the message itself. 354 means go on, and says how to end: a line with a single dot. 3xx replies carry no enhanced code (RFC 2034 §4).".into(),
            Lesson::Message => "Headers, a blank line, the body, then a lone \".\". A body line starting with a dot gets the dot doubled. \"Queued as\" gives the server's queue ID: the message is now its responsibility.".into(),
            Lesson::Quit => "221 2.0.0 Bye: the server closes the session.".into(),
            Lesson::Close if submission => "Both sides close TCP. Your provider relays the message on to the recipient's MX on port 25, usually with opportunistic TLS unless that domain publishes MTA-STS (RFC 8461) or DANE (RFC 7672); each server stores it readable. TLS, if any, covered this hop only (RFC 3207 §6): end-to-end privacy needs S/MIME (RFC 8551) or OpenPGP (RFC 9580).".into(),
            Lesson::Close => "Both sides close TCP; the MX delivers the message to the local mailbox.".into(),
        }
    }
}

/// The lab's retransmission times (facts.md §12), as a list a learner reads aloud.
fn retry_times() -> String {
    let times: Vec<String> = SYN_RETRANSMITS_MS
        .iter()
        .map(|&ms| seconds(ms, 0).replace(" s", ""))
        .collect();
    format!("{} s", times.join(", "))
}

fn explain_capabilities(port: Port, again: bool, reply: Option<&Reply>) -> String {
    let lines = reply.map(|r| r.lines.as_slice()).unwrap_or_default();
    let has = |word: &str| lines.iter().any(|l| l.starts_with(word));
    let mut text = if again {
        String::from("After TLS the client should introduce itself again: the server has forgotten everything said in plaintext (RFC 3207 §4.2). ")
    } else {
        String::from("EHLO opens an extended SMTP session; the server lists its extensions, one per line (250- on every line but the last). ")
    };
    match (has("STARTTLS"), has("AUTH")) {
        (true, false) if port == Port::P25 => text.push_str("STARTTLS is offered and there is no AUTH: an MX receives mail for its own users and normally asks for no login."),
        (true, false) => text.push_str("STARTTLS is offered, AUTH is not: this lab server lets you log in only after encryption (Postfix smtpd_tls_auth_only: the server's setting, not the port's), so a client that starts TLS first never sends its password in the clear."),
        (false, true) if port.info().tls == TlsStart::Implicit => text.push_str("AUTH PLAIN LOGIN is offered at once and there is no STARTTLS: on 465 the connection has been encrypted since the first byte."),
        (false, true) => text.push_str("Now AUTH PLAIN LOGIN is offered, and STARTTLS is gone: TLS is already active (RFC 3207 §4.2)."),
        (false, false) => text.push_str("STARTTLS is gone because TLS is active. There is still no AUTH: the MX needs none."),
        (true, true) => text.push_str("Both STARTTLS and AUTH are offered."),
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relay_is_never_told_to_move_to_465() {
        // 465 is for submission (RFC 8314); server-to-server mail stays on 25.
        assert!(!Lesson::WrongVersionNumber
            .explain(Port::P25, None)
            .contains("465"));
        assert!(Lesson::WrongVersionNumber
            .explain(Port::P587, None)
            .contains("465"));
    }

    #[test]
    fn every_lesson_cites_an_rfc_section() {
        for lesson in [
            Lesson::MxLookup,
            Lesson::Retransmits,
            Lesson::Greeting,
            Lesson::Auth,
            Lesson::Close,
        ] {
            assert!(!lesson.rfc().is_empty(), "{lesson:?}");
            assert!(
                lesson.rfc().iter().all(|r| !r.section.is_empty()),
                "{lesson:?}"
            );
        }
    }

    #[test]
    fn capability_lesson_follows_the_reply() {
        let before = Reply::multi(250, vec![HOSTNAME.into(), "STARTTLS".into()]);
        assert!(explain_capabilities(Port::P587, false, Some(&before))
            .contains("only after encryption"));
        let after = Reply::multi(250, vec![HOSTNAME.into(), "AUTH PLAIN LOGIN".into()]);
        assert!(explain_capabilities(Port::P587, true, Some(&after)).contains("STARTTLS is gone"));
    }
}
