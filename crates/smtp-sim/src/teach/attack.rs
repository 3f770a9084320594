//! The lessons of an active attacker on the path: what it did at a step, and why the program's
//! TLS setting, not the port, decides whether that works. Each names its source.

use crate::path::attacker::Attack;
use crate::path::network::SERVER_IPV4;
use crate::server::HOSTNAME;
use crate::teach::rfc::Rfc;

/// MTA-STS: a policy in enforce mode makes a relay require TLS for the domain.
const MTA_STS: Rfc = Rfc {
    number: 8461,
    section: "5",
};
/// DANE: secure TLSA records make a relay require TLS for the domain.
const DANE: Rfc = Rfc {
    number: 7672,
    section: "2.2",
};
/// The two policies that make a relay require TLS for a domain, cited together.
const TLS_POLICY: &[Rfc] = &[MTA_STS, DANE];

/// What the attacker on the path did at a step, and its lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttackLesson {
    /// The attacker rewrote STARTTLS out of the plaintext EHLO reply.
    Stripped {
        /// A relay on port 25, not a mail program.
        relay: bool,
    },
    /// Port 465: TLS from the first byte, so there is no plaintext to strip or inject into.
    NothingInClear(Attack),
    /// The program requires TLS and none is offered: a mail program stops, a relay defers.
    TlsMissing {
        /// A relay on port 25, not a mail program.
        relay: bool,
    },
    /// An opportunistic program, or a relay at Postfix's "may" level, goes on without TLS.
    GoesOnInClear {
        /// A relay on port 25, not a mail program.
        relay: bool,
    },
    /// The attacker starts TLS with the server itself, to pass on what it reads.
    AttackerRelays,
    /// The login crossed in plaintext, where the attacker reads it.
    PasswordStolen,
    /// The login crossed inside TLS, but to the attacker, who decrypts it.
    PasswordDecrypted,
    /// A program that checks certificates refuses the attacker's.
    CertRejected {
        /// A relay on port 25, not a mail program.
        relay: bool,
    },
    /// A program that does not check certificates talks TLS to the attacker. `required`: it
    /// insists on TLS all the same (for a relay, Postfix's `encrypt` rather than `may`).
    CertAccepted {
        /// A relay on port 25, not a mail program.
        relay: bool,
        /// TLS is required all the same.
        required: bool,
    },
    /// Commands appended to STARTTLS in the same packet, thrown away by the server.
    Injected,
    /// The attacker broke the TLS handshake. `relay`: port 25; `falls_back`: a relay at
    /// Postfix's `may` level, which retries the delivery without TLS.
    Broken {
        /// A relay on port 25, not a mail program.
        relay: bool,
        /// The relay retries without TLS (otherwise it defers, or the program stops).
        falls_back: bool,
    },
}

/// Which programs check the server's certificate unless told not to, each by its own source:
/// Node's tls.connect (rejectUnauthorized), PHP ≥ 5.6 (verify_peer), Go's net/smtp SendMail
/// (tls.Config with ServerName), MailKit; CPython Lib/smtplib.py uses
/// ssl._create_stdlib_context (= _create_unverified_context) without a context; swaks
/// doc/base.pod: "By default, TLS verification is not required"; openssl-s_client(1): without
/// -verify_return_error "the connection will never fail due to a server certificate verify
/// failure"; JavaMail's SSLNOTES (checkserveridentity off), on by default from Angus Mail 2
/// (eclipse-ee4j/angus-mail#12).
macro_rules! defaults {
    () => {
        " By default Nodemailer, PHPMailer (PHP 5.6+), Go and MailKit check; Python smtplib without a context, swaks without --tls-verify and openssl s_client without -verify_return_error do not; JavaMail before Angus Mail 2 skips the host name."
    };
}

impl AttackLesson {
    /// The step's title.
    pub fn title(self) -> String {
        match self {
            AttackLesson::Stripped { .. } => "The attacker strips STARTTLS".into(),
            AttackLesson::NothingInClear(_) => "Nothing in the clear to attack".into(),
            AttackLesson::TlsMissing { relay: false } => "No STARTTLS: the program stops".into(),
            AttackLesson::TlsMissing { relay: true } => "No STARTTLS: delivery deferred".into(),
            AttackLesson::GoesOnInClear { .. } => "No STARTTLS: going on in plaintext".into(),
            AttackLesson::AttackerRelays => "The attacker relays to the real server".into(),
            AttackLesson::PasswordStolen => "The attacker reads the login".into(),
            AttackLesson::PasswordDecrypted => "The attacker decrypts the login".into(),
            AttackLesson::CertRejected { relay: false } => {
                "Certificate check fails: the program stops".into()
            }
            AttackLesson::CertRejected { relay: true } => {
                "Certificate check fails: delivery deferred".into()
            }
            AttackLesson::CertAccepted { .. } => "TLS, but with the attacker".into(),
            AttackLesson::Injected => "Commands injected after STARTTLS".into(),
            AttackLesson::Broken {
                relay: true,
                falls_back: true,
            } => "Handshake broken: retried without TLS".into(),
            AttackLesson::Broken {
                relay: true,
                falls_back: false,
            } => "Handshake broken: delivery deferred".into(),
            AttackLesson::Broken { relay: false, .. } => {
                "Handshake broken: the program stops".into()
            }
        }
    }

    /// The sources the lesson rests on (RFC sections).
    pub fn rfc(self) -> &'static [Rfc] {
        match self {
            AttackLesson::Stripped { .. } | AttackLesson::GoesOnInClear { .. } => &[Rfc {
                number: 3207,
                section: "6",
            }],
            AttackLesson::NothingInClear(_) => &[Rfc {
                number: 8314,
                section: "3.3",
            }],
            AttackLesson::TlsMissing { relay: false } => &[Rfc {
                number: 8314,
                section: "3.3",
            }],
            AttackLesson::TlsMissing { relay: true } => TLS_POLICY,
            AttackLesson::AttackerRelays => &[Rfc {
                number: 3207,
                section: "6",
            }],
            AttackLesson::PasswordStolen => &[Rfc {
                number: 4616,
                section: "1",
            }],
            AttackLesson::PasswordDecrypted => &[
                Rfc {
                    number: 8314,
                    section: "3.3",
                },
                Rfc {
                    number: 8314,
                    section: "5",
                },
            ],
            AttackLesson::CertRejected { relay: false }
            | AttackLesson::CertAccepted { relay: false, .. } => &[
                Rfc {
                    number: 8314,
                    section: "3.3",
                },
                Rfc {
                    number: 7817,
                    section: "3",
                },
            ],
            AttackLesson::CertRejected { relay: true }
            | AttackLesson::CertAccepted { relay: true, .. } => TLS_POLICY,
            AttackLesson::Injected => &[Rfc {
                number: 3207,
                section: "4.2",
            }],
            AttackLesson::Broken { relay: true, .. } => &[
                Rfc {
                    number: 3207,
                    section: "6",
                },
                MTA_STS,
                DANE,
            ],
            AttackLesson::Broken { relay: false, .. } => &[Rfc {
                number: 3207,
                section: "4",
            }],
        }
    }

    /// The lesson in plain words, with its sources.
    pub fn explain(self) -> String {
        match self {
            AttackLesson::Stripped { relay } => format!("Before TLS the attacker controls every plaintext byte. It overwrites 250-STARTTLS with 250-XXXXXXXA, as Cisco PIX/ASA SMTP inspection did to real traffic (Cisco ASA configuration guide, ESMTP inspection defaults: \"The STARTTLS indication is removed\"){} RFC 3207 §6 warns of exactly this: a client must be able to require TLS.", if relay { "." } else { ", and adds AUTH PLAIN LOGIN so the program logs in." }),
            AttackLesson::NothingInClear(attack) => format!("The first bytes on port 465 are a TLS ClientHello, so there is no plaintext EHLO reply to rewrite{} The attacker can only cut the connection. With implicit TLS a program cannot be talked out of encryption, which is why RFC 8314 §3.3 finds it \"desirable to migrate\" mail programs to implicit TLS.", if attack == Attack::Inject { " and no STARTTLS packet to append commands to." } else { "." }),
            AttackLesson::TlsMissing { relay: false } => "The program requires STARTTLS and stops: swaks --tls prints \"Host did not advertise STARTTLS\" (Nodemailer's requireTLS: true sends STARTTLS anyway and stops only if that fails: \"Error upgrading connection with STARTTLS\"). Nothing was sent, not the password either. With STARTTLS required on both sides, 587 is as safe as 465 if both implementations are correct (RFC 8314 §3.3).".into(),
            AttackLesson::TlsMissing { relay: true } => format!("The sending server requires TLS for this domain (smtp_tls_security_level = encrypt or above, an MTA-STS policy in enforce mode, RFC 8461 §5, or DANE TLSA records, RFC 7672 §2.2). Postfix stops with \"4.7.4 TLS is required, but was not offered by host {HOSTNAME}[{SERVER_IPV4}]\" (src/smtp/smtp_proto.c), keeps the message and retries later: nothing leaked."),
            AttackLesson::GoesOnInClear { relay: false } => "The program uses STARTTLS only if offered: Nodemailer's default (secure: false without requireTLS), PHPMailer's SMTPAutoTLS. Nothing is offered, so it carries on in plaintext without a warning: the attacker wins, whatever the port.".into(),
            AttackLesson::GoesOnInClear { relay: true } => "At smtp_tls_security_level = may (Debian's stock main.cf, this lab, Postfix's default from 3.11; before 3.11 it was empty: no TLS), TLS is opportunistic: \"Otherwise, messages are sent in the clear\" (Postfix TLS_README). Server-to-server mail on port 25 works this way unless the recipient's domain publishes MTA-STS or DANE and the sending server honours it (Postfix 3.7 needs an smtp_tls_policy_maps resolver for MTA-STS).".into(),
            AttackLesson::AttackerRelays => "This server requires TLS, so the attacker starts TLS with it and passes everything on: its side is encrypted, yours is not. Replies still come from the real server, so nothing looks wrong.".into(),
            AttackLesson::PasswordStolen => "The login crossed in plaintext, and base64 is an encoding, not encryption: PLAIN \"affords no integrity or confidentiality protections itself\" (RFC 4616 §1). The attacker decodes the password and can log in as you. Change it, and set the program to require TLS (or use 465 with SSL/TLS).".into(),
            AttackLesson::PasswordDecrypted => "The login crossed inside TLS, but TLS ended at the attacker, since the program did not check the certificate: the attacker decrypts the AUTH line and reads the password (RFC 8314 §3.3 requires the RFC 7817 checks; §5: not confidential if the certificate cannot be validated). Change the password and turn certificate checking back on (Nodemailer: drop tls.rejectUnauthorized: false).".into(),
            AttackLesson::CertRejected { relay: false } => concat!("The attacker can answer the handshake but cannot show a certificate for this server signed by a trusted authority. The program checks it (RFC 8314 §3.3, names per RFC 7817): OpenSSL reports \"certificate verify failed\" (verify result: \"self-signed certificate\") and the program stops before sending anything. If your own program stops like this, keep the check: trust the CA that issued the server's certificate (Nodemailer: tls.ca). A switch such as rejectUnauthorized: false would have handed this attacker the password.", defaults!()).into(),
            AttackLesson::CertRejected { relay: true } => "With MTA-STS (enforce), DANE, or smtp_tls_security_level = verify or secure, the sending server checks the certificate; the attacker's fails, Postfix defers with \"4.7.5 Server certificate not verified\" (src/smtp/smtp_proto.c) and retries later. Nothing leaked.".into(),
            AttackLesson::CertAccepted { relay: false, .. } => concat!("The program does not check the certificate (Nodemailer tls.rejectUnauthorized: false, verify=0 here), so it completes TLS with the attacker, who decrypts everything and re-encrypts it to the real server. TLS without certificate checks stops only passive eavesdroppers.", defaults!()).into(),
            AttackLesson::CertAccepted { relay: true, required } => format!("At smtp_tls_security_level = {}, \"mail delivery continues even if the server certificate is untrusted or bears the wrong name\" (Postfix TLS_README). The session is encrypted, but with the attacker, who reads it all; verify, secure, DANE or MTA-STS would check the certificate.", if required { "encrypt (TLS required, certificate unchecked)" } else { "may (Debian's main.cf and this lab)" }),
            AttackLesson::Broken { relay: true, falls_back: true } => "The attacker resets the connection after the ClientHello, so the handshake fails; it rewrote nothing. At smtp_tls_security_level = may, \"when TLS handshakes fail, the connection is retried with TLS disabled\" (Postfix postconf(5), smtp_tls_security_level), so that mail still reaches sites whose TLS is broken: Postfix connects again, skips STARTTLS and sends the whole message in the clear, where the attacker reads it. An MTA-STS policy in enforce mode (RFC 8461 §5) or DANE (RFC 7672 §2.2) makes the sender defer instead (RFC 3207 §6: a client must be able to require TLS).".into(),
            AttackLesson::Broken { relay: true, falls_back: false } => "The attacker resets the connection after the ClientHello, so the handshake fails. This sending server does not fall back: under an MTA-STS policy in enforce mode (RFC 8461 §5), DANE (RFC 7672 §2.2), or at smtp_tls_security_level = encrypt or above, Postfix defers with \"Cannot start TLS: handshake failure\" (src/smtp/smtp_proto.c), keeps the message and retries later. Nothing leaked.".into(),
            AttackLesson::Broken { relay: false, .. } => "The attacker resets the connection during the TLS handshake. The program reports a TLS error (Node.js, as Nodemailer passes it on: \"Client network socket disconnected before secure TLS connection was established\") and stops, as RFC 3207 §4 asks of a client that cannot start TLS after STARTTLS (\"it SHOULD abort the connection\"); on 465 there is no session without TLS at all. Nothing was sent, not the password either; the attacker can stop this mail, not read it.".into(),
            AttackLesson::Injected => "The attacker appended RSET to the client's STARTTLS, in the same packet. Servers open to CVE-2011-0411 (Postfix 2.2 to 2.7.2, 2.6.8, 2.5.11 and 2.4.15, and others) ran those bytes after the handshake as if sent inside TLS. Postfix discards them since the fix (2.7.3 announcement; recording 25_starttls_plaintext_injection): only 220 comes back. The same trick works on clients: a fake reply appended to \"220 Ready to start TLS\" is read as if it came inside TLS by a client that keeps its read buffer across the handshake (the 2021 NO STARTTLS research); `smtp-sim lab --attack inject` tries it on your own program. RFC 3207 §4.2: \"The server MUST discard any knowledge obtained from the client [...] which was not obtained from the TLS negotiation itself\".".into(),
        }
    }
}
