//! facts.md §5 Unknown commands and non-SMTP lines: 500 for unknown verbs and empty lines, and the
//! 221 hang-up for header lines, HTTP and other bogus input.

use crate::harness::*;

#[test]
fn s5_unknown_commands_and_empty_lines() {
    // facts §5; 25_unknown_command, 25_help; notes §2 (HELP, EXPN, TURN, SEND, SOML, SAML).
    check(&[Case {
        config: mx(),
        prelude: EHLO,
        script: &[
            "FOO bar",
            "XYZZY",
            "EXPN staff",
            "TURN",
            "SEND FROM:<sender@example.org>",
            "HELP",
            "HELP MAIL",
            "SOML FROM:<a@example.org>",
            "SAML FROM:<a@example.org>",
            "",
            "   ",
            "\t",
            "hello",
            "Hello world",
            "Subject : x",
            "QUIT",
        ],
        expected: &[
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            BAD_SYNTAX,
            BAD_SYNTAX,
            BAD_SYNTAX,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            NOT_RECOGNIZED,
            BYE,
            CLOSE,
        ],
    }]);
}

/// Postfix's tokenizer splits words on ASCII whitespace only (ISSPACE = isascii && isspace,
/// smtpd_token.c): "NOOP<U+00A0>x" is one token, not a known verb, and starts with a letter, so
/// the reply is 500 command not recognized.
#[test]
fn s5_only_ascii_whitespace_separates_words() {
    check(&[
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["NOOP\u{a0}x"],
            expected: &[NOT_RECOGNIZED],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["QUIT\u{3000}now"],
            expected: &[NOT_RECOGNIZED],
        },
    ]);
}

#[test]
fn s5_non_smtp_lines_get_221_and_close() {
    // facts §5 [25_body_sent_after_rejected_data]; notes §6 (is_header, smtpd_forbidden_commands
    // default `CONNECT GET POST regexp:{{/^[^A-Z]/ Bogus}}`).
    let mut cases: Vec<Case> = Vec::new();
    for line in [
        "From: Sender <sender@example.org>",
        "To:",
        "Received: from x",
        "Message-ID: <x@y>",
        "GET / HTTP/1.1",
        "get /index.html",
        "POST /login HTTP/1.1",
        "CONNECT mail.example.test:25 HTTP/1.1",
        ".",
        "..",
        "--boundary",
        "123",
        "<html>",
        "{",
        ":foo",
        "😀 hi",
        "éclair",
    ] {
        cases.push(Case {
            config: mx(),
            prelude: EHLO,
            script: vec_leak(&[line, "NOOP"]),
            expected: &[BREAK_RULES, CLOSE],
        });
    }
    // Before TLS on 587 too (the check precedes the TLS gate), and after DATA was refused.
    cases.push(Case {
        config: sub(),
        prelude: EHLO,
        script: &["CONNECT x:25"],
        expected: &[BREAK_RULES, CLOSE],
    });
    cases.push(Case {
        config: mx(),
        prelude: EHLO,
        script: &[
            "MAIL FROM:<sender@example.org>",
            "RCPT TO:<nosuchuser@example.test>",
            "DATA",
            "From: Sender <sender@example.org>",
            "Subject: this should never have been sent",
            "QUIT",
        ],
        expected: &[MAIL_OK, UNKNOWN_USER, NO_VALID_RCPT, BREAK_RULES, CLOSE],
    });
    // Notes §6 (c): a body line that starts with a command word is run as that command, and an
    // empty body line is just a syntax error.
    cases.push(Case {
        config: trusted(),
        prelude: EHLO,
        script: &["", "Mail from: <someone@example.org>"],
        expected: &[BAD_SYNTAX, MAIL_OK],
    });
    check(&cases);
}

/// Postfix's is_header() takes `Name:anything` as a header (global/is_header.c: it returns at the
/// first ':' after printable non-space characters), so `Subject:hi` and `X-Foo:bar` get the 221
/// hang-up (notes §6 (a)). `From:x` is split into "From:" and "x" by smtpd_token() (a ':' ends a
/// token that is exactly "from:" or "to:").
#[test]
fn s5_header_with_text_glued_to_the_colon_gets_221() {
    let cases: Vec<Case> = [
        "From:x",
        "to:<alice@example.test>",
        "Subject:hi",
        "X-Foo:bar",
    ]
    .into_iter()
    .map(|line| Case {
        config: mx(),
        prelude: EHLO,
        script: vec_leak(&[line]),
        expected: &[BREAK_RULES, CLOSE],
    })
    .collect();
    check(&cases);
}
