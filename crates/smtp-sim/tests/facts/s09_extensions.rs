//! facts.md §9 8BITMIME, SMTPUTF8, SIZE, DSN: the MAIL and RCPT parameters, UTF-8 checks, the
//! declared and the actual message size.

use crate::harness::*;

#[test]
fn s9_8bitmime_smtputf8_size_dsn() {
    check(&[
        // 8BITMIME [25_8bitmime].
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> BODY=8BITMIME"],
            expected: &[MAIL_OK],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> BODY=7BIT"],
            expected: &[MAIL_OK],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> body=8bitmime"],
            expected: &[MAIL_OK],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> BODY=FOO"],
            expected: &["555 5.5.4 Unsupported option: BODY=FOO"],
        },
        Case {
            config: trusted(),
            prelude: IN_DATA,
            script: &["Subject: Grüße", "", "Ä 8-bit body without BODY=", "."],
            expected: &[QUEUED],
        },
    ]);
    check(&[
        // SMTPUTF8 [25_smtputf8].
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<jörg@example.test>",
                "RSET",
                "MAIL FROM:<sénder@example.org>",
                "RSET",
                "MAIL FROM:<sender@example.org> SMTPUTF8",
                "RCPT TO:<jörg@example.test>",
                "DATA",
                "Subject: x",
                "",
                "hi",
                ".",
                "MAIL FROM:<sender@example.org> SMTPUTF8=yes",
            ],
            expected: &[
                MAIL_OK,
                RCPT_OK,
                OK,
                MAIL_OK,
                OK,
                MAIL_OK,
                RCPT_OK,
                GO_AHEAD,
                QUEUED,
                "555 5.5.4 Unsupported option: SMTPUTF8=yes",
            ],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> smtputf8"],
            expected: &[MAIL_OK],
        },
        // [25_smtputf8_strict].
        Case {
            config: mx_with(|c| c.strict_smtputf8 = true),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sénder@example.org>",
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<jörg@example.test>",
                "RSET",
                "MAIL FROM:<sénder@example.org> SMTPUTF8",
                "RCPT TO:<jörg@example.test>",
            ],
            expected: &[
                "553 5.6.7 Must declare SMTPUTF8 to send unicode address",
                MAIL_OK,
                "553 5.6.7 Must declare SMTPUTF8 to send unicode address",
                OK,
                MAIL_OK,
                RCPT_OK,
            ],
        },
        // Notes §3: a non-ASCII *domain* needs SMTPUTF8 even with strict_smtputf8=no.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<s@bücher.example>",
                "MAIL FROM:<s@bücher.example> SMTPUTF8",
            ],
            expected: &["501 5.1.7 Bad sender address syntax", MAIL_OK],
        },
        Case {
            config: trusted(),
            prelude: &["EHLO c", "MAIL FROM:<a@example.org>"],
            script: &["RCPT TO:<x@bücher.example>"],
            expected: &["501 5.1.3 Bad recipient address syntax"],
        },
    ]);
    // SIZE [25_size_declared_too_big].
    check(&[Case {
        config: trusted(),
        prelude: EHLO,
        script: &[
            "MAIL FROM:<sender@example.org> SIZE=20000000",
            "MAIL FROM:<sender@example.org> SIZE=10240000",
            "RSET",
            "MAIL FROM:<sender@example.org> SIZE=10240001",
            "MAIL FROM:<sender@example.org> SIZE=99999999999999999999",
            "MAIL FROM:<sender@example.org> SIZE=0",
        ],
        expected: &[
            "552 5.3.4 Message size exceeds fixed limit",
            MAIL_OK,
            OK,
            "552 5.3.4 Message size exceeds fixed limit",
            "552 5.3.4 Message size exceeds file system imposed limit",
            MAIL_OK,
        ],
    }]);
    // DSN [25_dsn_parameters].
    check(&[Case {
        config: trusted(),
        prelude: EHLO,
        script: &[
            "MAIL FROM:<sender@example.org> RET=HDRS ENVID=lab-envid-1",
            "RCPT TO:<alice@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;alice@example.test",
            "RCPT TO:<bob@example.test> NOTIFY=NEVER",
            "RCPT TO:<bob@example.test> NOTIFY=NEVER,SUCCESS",
            "RCPT TO:<bob@example.test> notify=delay",
            "DATA",
            "Subject: x",
            "",
            "hi",
            ".",
            "MAIL FROM:<sender@example.org> RET=FOO",
            "MAIL FROM:<sender@example.org> RET=full",
        ],
        expected: &[
            MAIL_OK,
            RCPT_OK,
            RCPT_OK,
            "501 5.5.4 Error: Bad NOTIFY parameter syntax",
            RCPT_OK,
            GO_AHEAD,
            QUEUED,
            "501 5.5.4 Bad RET parameter syntax",
            MAIL_OK,
        ],
    }]);
}

#[test]
fn s9_invalid_utf8_and_actual_size() {
    // facts §9 [25_smtputf8]: invalid UTF-8 in a command; it is checked before anything else,
    // also before TLS on 587 (notes §3).
    assert_eq!(
        run_bytes(
            trusted(),
            EHLO,
            &[b"MAIL FROM:<s\xff\xfender@example.org> SMTPUTF8\r\nNOOP\r\n"]
        ),
        ["500 5.5.2 Error: bad UTF-8 syntax", OK]
    );
    assert_eq!(
        run_bytes(sub(), EHLO, &[b"\xc3\x28\r\n"]),
        ["500 5.5.2 Error: bad UTF-8 syntax"]
    );
    // ... but not to message content (notes §3).
    assert_eq!(
        run_bytes(
            trusted(),
            IN_DATA,
            &[b"Subject: \xff\r\n\r\n\xfe\xfd\r\n.\r\n"]
        ),
        [QUEUED]
    );

    // facts §9 [25_size_actual_too_big]: 11 MB without SIZE → 552 after the final dot, and the
    // session continues.
    let (mut server, _) = run_outs(trusted(), IN_DATA, &[]);
    let line = format!("{}\r\n", "x".repeat(998));
    let block = line.repeat(100);
    for _ in 0..110 {
        assert!(server.receive(block.as_bytes()).is_empty());
    }
    assert_eq!(
        transcript(server.receive(b".\r\nNOOP\r\n")),
        ["552 5.3.4 Error: message file too big", OK]
    );
}

/// A NOTIFY keyword may repeat: dsn_notify_mask() ORs the names together (global/dsn_mask.c,
/// util/name_mask.c), so SUCCESS,SUCCESS is accepted.
#[test]
fn s9_notify_keywords_may_repeat() {
    check(&[Case {
        config: trusted(),
        prelude: &["EHLO c", "MAIL FROM:<a@example.org>"],
        script: &[
            "RCPT TO:<alice@example.test> NOTIFY=SUCCESS,SUCCESS",
            "RCPT TO:<bob@example.test> NOTIFY=NEVER,NEVER",
        ],
        expected: &[RCPT_OK, RCPT_OK],
    }]);
}
