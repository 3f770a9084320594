//! facts.md §1 and §2 Listeners, greeting, EHLO/HELO: each listener's settings, the greeting on
//! every port, the EHLO keyword lists before and after STARTTLS and AUTH, HELO, and a
//! transaction without HELO.

use crate::harness::*;

/// Each listener runs the lab's settings (../shared/conformance/README.md): main.cf, with Postfix
/// 3.7 defaults where it sets nothing, on 25; master.cf's `-o` lines on the submission services.
#[test]
fn s1_each_listener_runs_the_labs_main_cf_and_master_cf() {
    let port_25 = Config {
        wrapper_tls: false,
        tls_required: false,              // smtpd_tls_security_level = may
        sasl: false,                      // smtpd_sasl_auth_enable = no
        tls_auth_only: false,             // default
        auth_required_for_rcpt: false,    // smtpd_recipient_restrictions: default, empty
        reject_unlisted_recipient: true,  // default (facts §6: 550 5.1.1 on 25)
        client_trusted: false,            // 127.0.0.5 is outside mynetworks
        defer_unauth_destination: false,  // reject_unauth_destination
        helo_required: false,             // default (facts §2: MAIL without HELO)
        strict_smtputf8: false,           // default (facts §9)
        disable_vrfy: false,              // default (facts §2: VRFY in the EHLO reply)
        bare_newline: BareNewline::Allow, // 3.7.11 default (facts §10)
        forbid_unauth_pipelining: false,  // default (facts §7)
        reject_unauth_pipelining: false,  // default (facts §7)
    };
    // submission: -o smtpd_tls_security_level=encrypt, smtpd_sasl_auth_enable=yes,
    // smtpd_tls_auth_only=yes, smtpd_reject_unlisted_recipient=no,
    // smtpd_recipient_restrictions=permit_sasl_authenticated,reject.
    let submission = Config {
        tls_required: true,
        sasl: true,
        tls_auth_only: true,
        reject_unlisted_recipient: false,
        auth_required_for_rcpt: true,
        ..port_25.clone()
    };
    // submissions: -o smtpd_tls_wrappermode=yes and the same but for the TLS level and auth-only
    // (main.cf's `may` and the default stay).
    let submissions = Config {
        wrapper_tls: true,
        sasl: true,
        reject_unlisted_recipient: false,
        auth_required_for_rcpt: true,
        ..port_25.clone()
    };
    assert_eq!(Port::P25.server_config(), port_25);
    assert_eq!(Port::P587.server_config(), submission);
    assert_eq!(Port::P465.server_config(), submissions);
}

#[test]
fn s2_greeting_on_every_port() {
    // facts §2: `220 mail.example.test ESMTP Postfix (Debian/GNU)`, no enhanced code.
    // facts §1 + README: 2525 is a copy of 587, and so are 588 and 80 (the port table says
    // "simulated as a copy of 587"); 465 greets only inside TLS (465_implicit_tls_auth_plain_happy).
    for port in Port::ALL.into_iter().filter(|&p| p != Port::P465) {
        let (_, outs) = Server::connect(port.server_config());
        assert_eq!(transcript(outs), [GREETING], "{port:?}");
    }
    for port in [Port::P2525, Port::P588, Port::P80] {
        assert_eq!(port.server_config(), Port::P587.server_config(), "{port:?}");
    }
    let (mut server, outs) = Server::connect(Port::P465.server_config());
    assert!(outs.is_empty(), "465 says nothing before the handshake");
    assert!(server.awaits_tls());
    assert_eq!(transcript(server.tls_handshake()), [GREETING]);
}

#[test]
fn s2_ehlo_keyword_lists() {
    // facts §2, recordings 25_ehlo_caps_before_after_starttls,
    // 587_ehlo_caps_before_after_starttls_and_auth, 2525_ehlo_caps_..., 465_ehlo_caps_implicit_tls.
    check(&[
        Case {
            config: mx(),
            prelude: NONE,
            script: EHLO,
            expected: EHLO_PLAIN,
        },
        Case {
            config: trusted(),
            prelude: NONE,
            script: EHLO,
            expected: EHLO_PLAIN,
        },
        Case {
            config: mx(),
            prelude: TLS25,
            script: EHLO,
            expected: EHLO_25_TLS,
        },
        Case {
            config: sub(),
            prelude: NONE,
            script: EHLO,
            expected: EHLO_PLAIN,
        },
        Case {
            config: sub(),
            prelude: &["EHLO c", "STARTTLS", "<tls>"],
            script: EHLO,
            expected: EHLO_AUTH,
        },
        Case {
            config: Port::P2525.server_config(),
            prelude: NONE,
            script: EHLO,
            expected: EHLO_PLAIN,
        },
        Case {
            config: Port::P2525.server_config(),
            prelude: &["EHLO c", "STARTTLS", "<tls>"],
            script: EHLO,
            expected: EHLO_AUTH,
        },
        // After a successful AUTH Postfix still lists AUTH.
        Case {
            config: sub(),
            prelude: AUTHED587,
            script: EHLO,
            expected: EHLO_AUTH,
        },
        Case {
            config: subs(),
            prelude: &["<tls>"],
            script: EHLO,
            expected: EHLO_AUTH,
        },
        Case {
            config: subs(),
            prelude: &["<tls>", AUTH_OK],
            script: EHLO,
            expected: EHLO_AUTH,
        },
        // 465: STARTTLS is not offered, and sending it anyway gets 554.
        Case {
            config: subs(),
            prelude: TLS465,
            script: &["STARTTLS"],
            expected: &["554 5.5.1 Error: TLS already active"],
        },
        // Notes §4: VRFY is listed unless disable_vrfy_command=yes.
        Case {
            config: mx_with(|c| c.disable_vrfy = true),
            prelude: NONE,
            script: EHLO,
            expected: &[
                "250-mail.example.test",
                "250-PIPELINING",
                "250-SIZE 10240000",
                "250-ETRN",
                "250-STARTTLS",
                "250-ENHANCEDSTATUSCODES",
                "250-8BITMIME",
                "250-DSN",
                "250-SMTPUTF8",
                "250 CHUNKING",
            ],
        },
    ]);
}

#[test]
fn s2_helo_and_ehlo() {
    check(&[
        // facts §2: HELO is one line with no extensions and no enhanced code (25_helo_smtp_happy).
        Case {
            config: trusted(),
            prelude: NONE,
            script: &["HELO client.example.test"],
            expected: &["250 mail.example.test"],
        },
        // facts §2: missing argument, no enhanced code.
        Case {
            config: mx(),
            prelude: NONE,
            script: &["EHLO"],
            expected: &["501 Syntax: EHLO hostname"],
        },
        Case {
            config: mx(),
            prelude: NONE,
            script: &["HELO"],
            expected: &["501 Syntax: HELO hostname"],
        },
        Case {
            config: mx(),
            prelude: NONE,
            script: &["ehlo"],
            expected: &["501 Syntax: EHLO hostname"],
        },
        // Notes §4: no hostname validation; extra words are joined.
        Case {
            config: mx(),
            prelude: NONE,
            script: &["EHLO a b"],
            expected: EHLO_PLAIN,
        },
        Case {
            config: mx(),
            prelude: NONE,
            script: &["EHLO <script>"],
            expected: EHLO_PLAIN,
        },
        Case {
            config: mx(),
            prelude: NONE,
            script: &["HELO [IPv6:::1]"],
            expected: &["250 mail.example.test"],
        },
        // facts §2 [587_helo_instead_of_ehlo]: STARTTLS and AUTH work after HELO.
        Case {
            config: sub(),
            prelude: NONE,
            script: &["HELO client.example.test", "STARTTLS", "<tls>", AUTH_OK],
            expected: &["250 mail.example.test", TLS_READY, AUTH_SUCCESS],
        },
        // facts §2 [25_helo_vs_ehlo]: a repeated HELO/EHLO drops the transaction.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "HELO client.example.test",
                "RCPT TO:<alice@example.test>",
            ],
            expected: &[MAIL_OK, "250 mail.example.test", NEED_MAIL],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "EHLO client.example.test",
                "DATA",
            ],
            expected: &cat(&[&[MAIL_OK, RCPT_OK], EHLO_PLAIN, &[NEED_RCPT]]),
        },
        // Notes §4: HELO/EHLO leave AUTH alone.
        Case {
            config: sub(),
            prelude: AUTHED587,
            script: &["EHLO client.example.test", AUTH_OK],
            expected: &cat(&[EHLO_AUTH, &["503 5.5.1 Error: already authenticated"]]),
        },
        Case {
            config: sub(),
            prelude: AUTHED587,
            script: &[
                "HELO client.example.test",
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<someone@example.org>",
            ],
            expected: &["250 mail.example.test", MAIL_OK, RCPT_OK],
        },
    ]);
}

#[test]
fn s2_mail_before_helo() {
    check(&[
        // facts §2 [25_mail_before_helo]: accepted by default.
        Case {
            config: trusted(),
            prelude: NONE,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "Subject: x",
                "",
                "body",
                ".",
                "QUIT",
            ],
            expected: &[MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE],
        },
        // [25_mail_before_helo_helo_required]: VRFY needs no HELO.
        Case {
            config: mx_with(|c| {
                c.helo_required = true;
                c.client_trusted = true;
            }),
            prelude: NONE,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "VRFY alice",
                "EHLO client.example.test",
                "MAIL FROM:<sender@example.org>",
                "QUIT",
            ],
            expected: &cat(&[
                &[
                    "503 5.5.1 Error: send HELO/EHLO first",
                    NEED_MAIL,
                    "252 2.0.0 alice",
                ],
                EHLO_PLAIN,
                &[MAIL_OK, BYE, CLOSE],
            ]),
        },
        // HELO satisfies smtpd_helo_required too.
        Case {
            config: mx_with(|c| c.helo_required = true),
            prelude: &["HELO client.example.test"],
            script: &["MAIL FROM:<sender@example.org>"],
            expected: &[MAIL_OK],
        },
    ]);
}
