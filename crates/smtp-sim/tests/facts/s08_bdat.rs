//! facts.md §8 CHUNKING / BDAT (notes §10): chunk sizes and totals, the BDAT error state, and the
//! 521 hang-up for a bad BDAT command.

use crate::harness::*;

/// `n` octets of message text in CRLF lines (the last one possibly cut).
fn octets(n: usize) -> String {
    let line = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-+\r\n";
    line.repeat(n / line.len() + 1)[..n].to_string()
}

#[test]
fn s8_bdat_happy() {
    // facts §8 [25_bdat_chunking_happy]: no 354; non-last chunk reports its size, LAST the total.
    // The chunk's content is never read as commands (RFC 3030).
    let chunk100 = format!("BDAT 100\r\n{}", octets(98) + "\r\n");
    let chunk171 = format!("BDAT 171\r\n{}", octets(169) + "\r\n");
    let chunk292 = format!("BDAT 292 LAST\r\n{}", octets(290) + "\r\n");
    let q = "BDAT 6 LAST\r\nQUIT\r\n";
    check(&[
        Case {
            config: trusted(),
            prelude: EHLO,
            script: vec_leak(&[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                leak(format!("<raw>{chunk100}")),
                leak(format!("<raw>{chunk171}")),
                "BDAT 0 LAST",
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                leak(format!("<raw>{chunk292}")),
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                leak(format!("<raw>{q}")),
                "QUIT",
            ]),
            expected: &[
                MAIL_OK,
                RCPT_OK,
                "250 2.0.0 Ok: 100 bytes",
                "250 2.0.0 Ok: 171 bytes",
                "250 2.0.0 Ok: 271 bytes queued as <ID>",
                MAIL_OK,
                RCPT_OK,
                "250 2.0.0 Ok: 292 bytes queued as <ID>",
                MAIL_OK,
                RCPT_OK,
                "250 2.0.0 Ok: 6 bytes queued as <ID>",
                BYE,
                CLOSE,
            ],
        },
        // `last` is case-insensitive (notes §10 step 2); a chunk may arrive in pieces, and
        // several BDATs may be pipelined in one write.
        Case {
            config: trusted(),
            prelude: IN_RCPT,
            script: &["<raw>BDAT 10 last\r\nabc", "<raw>de", "<raw>fgh\r\n"],
            expected: &["250 2.0.0 Ok: 10 bytes queued as <ID>"],
        },
        Case {
            config: trusted(),
            prelude: IN_RCPT,
            script: &["<raw>BDAT 4\r\nab\r\nBDAT 4 LAST\r\ncd\r\nNOOP\r\n"],
            expected: &[
                "250 2.0.0 Ok: 4 bytes",
                "250 2.0.0 Ok: 8 bytes queued as <ID>",
                OK,
            ],
        },
    ]);
}

#[test]
fn s8_bdat_error_states() {
    check(&[
        // facts §8 [25_bdat_chunking_errors], exactly as recorded.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "<raw>BDAT 10\r\n0123456789",
                "NOOP",
                "MAIL FROM:<sender@example.org>",
                "<raw>BDAT 5\r\nABCDE",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "RSET",
                "MAIL FROM:<sender@example.org>",
                "<raw>BDAT 5\r\nABCDE",
                "RSET",
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "<raw>BDAT 5\r\nABCDE",
                "DATA",
                "MAIL FROM:<sender@example.org>",
                "RSET",
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "Subject: x",
                "",
                "body",
                ".",
                "BDAT 0 LAST",
                "QUIT",
            ],
            expected: &[
                NEED_RCPT,
                OK,
                "503 5.5.1 Error: MAIL after BDAT",
                "551 5.0.0 Discarded 5 bytes after earlier error",
                NEED_MAIL,
                "503 5.5.1 Error: DATA after BDAT",
                OK,
                MAIL_OK,
                NO_VALID_RCPT,
                OK,
                MAIL_OK,
                RCPT_OK,
                "250 2.0.0 Ok: 5 bytes",
                "503 5.5.1 Error: DATA after BDAT",
                "503 5.5.1 Error: nested MAIL command",
                OK,
                MAIL_OK,
                RCPT_OK,
                GO_AHEAD,
                QUEUED,
                NEED_RCPT,
                BYE,
                CLOSE,
            ],
        },
        // Notes §10: after a refused LAST chunk there is no error state.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["<raw>BDAT 3 LAST\r\nabc", "MAIL FROM:<sender@example.org>"],
            expected: &[NEED_RCPT, MAIL_OK],
        },
        // Notes §10 step 3: `BDAT 0` without LAST.
        Case {
            config: trusted(),
            prelude: IN_RCPT,
            script: &["BDAT 0", "<raw>BDAT 2\r\nab"],
            expected: &[
                "551 5.7.1 Null BDAT request",
                "551 5.0.0 Discarded 2 bytes after earlier error",
            ],
        },
        // Notes §10: RCPT after a good chunk in the same transaction.
        Case {
            config: trusted(),
            prelude: IN_RCPT,
            script: &["<raw>BDAT 2\r\nab", "RCPT TO:<bob@example.test>"],
            expected: &["250 2.0.0 Ok: 2 bytes", "503 5.5.1 Error: RCPT after BDAT"],
        },
        // The BDAT state is cleared by RSET, HELO and EHLO (notes §4, §10).
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "<raw>BDAT 3\r\nabc",
                "HELO client.example.test",
                "MAIL FROM:<a@example.org>",
            ],
            expected: &[NEED_RCPT, "250 mail.example.test", MAIL_OK],
        },
        // Notes §10 step 7: a chunk over the size limit is read, thrown away, then refused.
        Case {
            config: trusted(),
            prelude: IN_RCPT,
            script: vec_leak(&[
                leak(format!(
                    "<raw>BDAT 10240001 LAST\r\n{}",
                    "x".repeat(10_240_001)
                )),
                "MAIL FROM:<a@example.org>",
            ]),
            expected: &["552 5.3.4 Chunk exceeds message size limit", MAIL_OK],
        },
        // facts §8: BINARYMIME is not offered.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> BODY=BINARYMIME"],
            expected: &["555 5.5.4 Unsupported option: BODY=BINARYMIME"],
        },
    ]);
}

#[test]
fn s8_bdat_syntax_error_closes() {
    // facts §8 [25_bdat_syntax_error_no_size, _bad_size, _bad_keyword]: 521 and close; the
    // NOOP after it is never answered.
    let prelude = &[
        "EHLO c",
        "MAIL FROM:<sender@example.org>",
        "RCPT TO:<alice@example.test>",
    ][..];
    let mut cases: Vec<Case> = Vec::new();
    for bad in [
        "BDAT",
        "BDAT abc LAST",
        "BDAT 4 FIRST",
        "BDAT 4 LAST more",
        "BDAT -1",
        "BDAT +4",
        "BDAT 99999999999999999999",
    ] {
        cases.push(Case {
            config: trusted(),
            prelude,
            script: vec_leak(&[bad, "NOOP"]),
            expected: &["521 5.5.4 Syntax: BDAT count [LAST]", CLOSE],
        });
    }
    check(&cases);
}

/// A BDAT count beyond OFF_T_MAX (here between 2^63 and 2^64) is a syntax error: off_cvt_string()
/// refuses it (global/off_cvt.c:86) and bdat_cmd answers 521 (smtpd.c bdat_cmd).
#[test]
fn s8_bdat_count_beyond_off_t() {
    check(&[Case {
        config: trusted(),
        prelude: IN_RCPT,
        script: &["BDAT 10000000000000000000 LAST"],
        expected: &["521 5.5.4 Syntax: BDAT count [LAST]", CLOSE],
    }]);
}

/// A refused non-LAST chunk keeps the transaction: skip_bdat() only sets bdat_state=ERROR and
/// keeps the sender (smtpd.c skip_bdat), so MAIL is "nested MAIL command" and RCPT is "RCPT after
/// BDAT" (notes §10).
#[test]
fn s8_refused_chunk_keeps_the_transaction() {
    check(&[Case {
        config: trusted(),
        prelude: IN_MAIL,
        script: &[
            "<raw>BDAT 5\r\nABCDE",
            "MAIL FROM:<sender@example.org>",
            "RCPT TO:<alice@example.test>",
            "<raw>BDAT 1\r\nx",
        ],
        expected: &[
            NO_VALID_RCPT,
            "503 5.5.1 Error: nested MAIL command",
            "503 5.5.1 Error: RCPT after BDAT",
            "551 5.0.0 Discarded 1 bytes after earlier error",
        ],
    }]);
}

/// BDAT LAST reports act_size, which counts every stored line as len+2, a last line without CRLF
/// too (smtpd.c bdat_cmd, "handle missing end-of-line"; notes §10 step 9). smtp_get_noexcept()
/// (Postfix 3.7.11 smtp_stream.c) strips CRs before an LF only: a CR that ends the last line
/// stays in it, one before an LF in the next chunk does not.
#[test]
fn s8_bdat_total_counts_lines_plus_crlf() {
    check(&[
        Case {
            config: trusted(),
            prelude: IN_RCPT,
            script: &["<raw>BDAT 3 LAST\r\nabc"],
            expected: &["250 2.0.0 Ok: 5 bytes queued as <ID>"],
        },
        Case {
            config: trusted(),
            prelude: IN_RCPT,
            script: &["<raw>BDAT 4 LAST\r\nabc\r"],
            expected: &["250 2.0.0 Ok: 6 bytes queued as <ID>"],
        },
        Case {
            config: trusted(),
            prelude: IN_RCPT,
            script: &["<raw>BDAT 4\r\nabc\r", "<raw>BDAT 1 LAST\r\n\n"],
            expected: &[
                "250 2.0.0 Ok: 4 bytes",
                "250 2.0.0 Ok: 5 bytes queued as <ID>",
            ],
        },
    ]);
}
