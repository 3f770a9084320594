//! facts.md §3 STARTTLS: its replies, the STARTTLS gate on 587/2525 (and the commands that pass
//! it: XCLIENT, unknown verbs, non-SMTP lines), input pipelined after the 220, and what the
//! handshake resets.

use crate::harness::*;

#[test]
fn s3_starttls_replies() {
    check(&[
        // facts §3 table.
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["STARTTLS"],
            expected: &[TLS_READY],
        },
        Case {
            config: sub(),
            prelude: EHLO,
            script: &["STARTTLS"],
            expected: &[TLS_READY],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["starttls"],
            expected: &[TLS_READY],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["STARTTLS now"],
            expected: &["501 5.5.4 Syntax: STARTTLS"],
        },
        Case {
            config: mx(),
            prelude: TLS25,
            script: &["STARTTLS"],
            expected: &["554 5.5.1 Error: TLS already active"],
        },
        Case {
            config: subs(),
            prelude: &["<tls>"],
            script: &["STARTTLS"],
            expected: &["554 5.5.1 Error: TLS already active"],
        },
        // Notes §8: the argument check comes before "already active".
        Case {
            config: subs(),
            prelude: &["<tls>"],
            script: &["STARTTLS x"],
            expected: &["501 5.5.4 Syntax: STARTTLS"],
        },
        // facts §3: STARTTLS before EHLO is accepted (25 and 587).
        Case {
            config: mx(),
            prelude: NONE,
            script: &["STARTTLS"],
            expected: &[TLS_READY],
        },
        Case {
            config: sub(),
            prelude: NONE,
            script: &["STARTTLS"],
            expected: &[TLS_READY],
        },
        // [587_auth_without_ehlo_after_starttls]: no new EHLO needed after the handshake.
        Case {
            config: sub(),
            prelude: &["EHLO client.example.test", "STARTTLS", "<tls>"],
            script: &[
                AUTH_OK,
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@example.test>",
            ],
            expected: &[AUTH_SUCCESS, MAIL_OK, RCPT_OK],
        },
        // [25_starttls_happy]
        Case {
            config: trusted(),
            prelude: TLS25,
            script: &cat(&[EHLO, MESSAGE, &["QUIT"]]),
            expected: &cat(&[
                EHLO_25_TLS,
                &[MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE],
            ]),
        },
    ]);
}

#[test]
fn s3_starttls_required_on_587() {
    // facts §3 and §1, recordings 587_mail_before_starttls, 587_auth_before_starttls,
    // swaks_587_no_tls_no_auth; notes §2 (command table: ETRN and XFORWARD have no PRE_TLS flag).
    check(&[Case {
        config: sub(),
        prelude: EHLO,
        script: &[
            "MAIL FROM:<alice@example.test>",
            "RCPT TO:<bob@example.test>",
            "DATA",
            "VRFY alice",
            "NOOP",
            "RSET",
            "BDAT 4 LAST",
            AUTH_OK,
            "AUTH LOGIN",
            "ETRN example.org",
            "XFORWARD NAME=x",
            "HELO client.example.test",
            "EHLO client.example.test",
            "QUIT",
        ],
        expected: &cat(&[
            &[
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                OK,
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                MUST_STARTTLS,
                "250 mail.example.test",
            ],
            EHLO_PLAIN,
            &[BYE, CLOSE],
        ]),
    }]);
    check(&[
        // Notes §2: unknown verbs get 500, not 530 (the unknown check comes first) ...
        Case {
            config: sub(),
            prelude: EHLO,
            script: &["HELP", "FOO bar", "EXPN staff"],
            expected: &[NOT_RECOGNIZED, NOT_RECOGNIZED, NOT_RECOGNIZED],
        },
        // ... and header-like lines or HTTP get the 221 hang-up even before TLS.
        Case {
            config: sub(),
            prelude: EHLO,
            script: &["From: x", "NOOP"],
            expected: &[BREAK_RULES, CLOSE],
        },
        Case {
            config: sub(),
            prelude: EHLO,
            script: &["GET / HTTP/1.1"],
            expected: &[BREAK_RULES, CLOSE],
        },
        // Notes §2: a pre-TLS BDAT gets 530 and its chunk octets are read as commands.
        Case {
            config: sub(),
            prelude: EHLO,
            script: &["<raw>BDAT 4 LAST\r\nNOOP\r\n"],
            expected: &[MUST_STARTTLS, OK],
        },
        // 2525 is a copy of 587 (README).
        Case {
            config: Port::P2525.server_config(),
            prelude: EHLO,
            script: &["MAIL FROM:<alice@example.test>"],
            expected: &[MUST_STARTTLS],
        },
    ]);
}

/// XCLIENT has SMTPD_CMD_FLAG_PRE_TLS (smtpd.c:5504), so it passes the STARTTLS gate (notes §2
/// and correction 4); smtpd.c xclient_cmd() then answers 503 in a transaction, 501 without an
/// argument, and otherwise 550 (not authorized). XFORWARD has the same syntax reply.
#[test]
fn s3_xclient_passes_the_tls_gate() {
    check(&[
        Case {
            config: sub(),
            prelude: EHLO,
            script: &["XCLIENT NAME=spike.porcupine.org"],
            expected: &["550 5.7.0 Error: insufficient authorization"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["XCLIENT"],
            expected: &["501 5.5.4 Syntax: XCLIENT attribute=value..."],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["XFORWARD"],
            expected: &["501 5.5.4 Syntax: XFORWARD attribute=value..."],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org>", "XCLIENT NAME=x"],
            expected: &[MAIL_OK, "503 5.5.1 Error: MAIL transaction in progress"],
        },
    ]);
}

#[test]
fn s3_xclient_and_xforward_are_not_authorized() {
    // Notes §2: XCLIENT/XFORWARD from a client outside the authorized lists → 550 5.7.0.
    check(&[
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["XCLIENT NAME=x"],
            expected: &["550 5.7.0 Error: insufficient authorization"],
        },
        Case {
            config: trusted(),
            prelude: TLS25,
            script: &["XFORWARD NAME=x"],
            expected: &["550 5.7.0 Error: insufficient authorization"],
        },
    ]);
}

#[test]
fn s3_starttls_injection_and_plaintext_after_220() {
    check(&[
        // facts §3 [25_starttls_plaintext_injection]: the pipelined RSET is thrown away; nothing
        // is answered inside TLS until the client speaks again.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["<raw>STARTTLS\r\nVRFY alice\r\n", "<tls>", "VRFY bob"],
            expected: &[TLS_READY, "252 2.0.0 bob"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["<raw>STARTTLS\r\nRSET\r\n", "<tls>"],
            expected: &[TLS_READY],
        },
        // facts §3 [587_garbage_instead_of_tls_handshake]: plaintext after the 220 → RST, no bytes.
        Case {
            config: sub(),
            prelude: EHLO,
            script: &["STARTTLS", "EHLO client.example.test", "NOOP", "<tls>"],
            expected: &[TLS_READY, RESET],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["STARTTLS", "QUIT", "QUIT"],
            expected: &[TLS_READY, RESET],
        },
    ]);
    // The 220 is followed by AwaitTls, and the server waits for a handshake.
    let (server, outs) = run_outs(sub(), EHLO, &["STARTTLS"]);
    assert!(
        matches!(outs.as_slice(), [Out::Reply(r), Out::AwaitTls] if r.wire_lines() == [TLS_READY]),
        "{outs:?}"
    );
    assert!(server.awaits_tls());
}

#[test]
fn s3_starttls_resets_transaction_helo_and_auth() {
    check(&[
        // Notes §8: no "transaction in progress" check; the transaction is dropped.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "STARTTLS",
                "<tls>",
                "RCPT TO:<bob@example.test>",
                "DATA",
            ],
            expected: &[MAIL_OK, RCPT_OK, TLS_READY, NEED_MAIL, NEED_RCPT],
        },
        // Notes §4/§8: STARTTLS runs helo_reset, so the HELO name is forgotten.
        Case {
            config: mx_with(|c| c.helo_required = true),
            prelude: EHLO,
            script: &["STARTTLS", "<tls>", "MAIL FROM:<sender@example.org>"],
            expected: &[TLS_READY, "503 5.5.1 Error: send HELO/EHLO first"],
        },
        // Notes §8: the handshake resets SASL, so an AUTH from before TLS is discarded
        // (a listener with SASL and TLS only offered, smtpd_tls_auth_only=no).
        Case {
            config: mx_with(|c| c.sasl = true),
            prelude: EHLO,
            script: &[AUTH_OK, "STARTTLS", "<tls>", AUTH_OK],
            expected: &[AUTH_SUCCESS, TLS_READY, AUTH_SUCCESS],
        },
        // STARTTLS also leaves the BDAT error state (notes §10).
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "<raw>BDAT 3\r\nabc",
                "STARTTLS",
                "<tls>",
                "MAIL FROM:<sender@example.org>",
            ],
            expected: &[NEED_RCPT, TLS_READY, MAIL_OK],
        },
    ]);
}
