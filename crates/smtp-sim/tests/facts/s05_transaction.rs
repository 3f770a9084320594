//! facts.md §5 Transaction sequencing and basic commands: MAIL, RCPT, DATA, RSET, NOOP and QUIT
//! in and out of order, and one queue ID per message.

use crate::harness::*;

#[test]
fn s5_transaction_sequencing() {
    check(&[
        // facts §5 table; 25_plain_happy, 25_data_before_mail_and_rcpt.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "Subject: x",
                "",
                "hello",
                ".",
                "QUIT",
            ],
            expected: &[MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["RCPT TO:<alice@example.test>"],
            expected: &[NEED_MAIL],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["DATA"],
            expected: &[NEED_RCPT],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["DATA", "MAIL FROM:<sender@example.org>", "DATA", "QUIT"],
            expected: &[NEED_RCPT, MAIL_OK, NO_VALID_RCPT, BYE, CLOSE],
        },
        // No *accepted* recipient: 554 as well (25_body_sent_after_rejected_data).
        Case {
            config: mx(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<nosuchuser@example.test>",
                "DATA",
            ],
            expected: &[MAIL_OK, UNKNOWN_USER, NO_VALID_RCPT],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "MAIL FROM:<sender@example.org>",
            ],
            expected: &[MAIL_OK, "503 5.5.1 Error: nested MAIL command"],
        },
        // RSET, with and without an argument; it ends the transaction.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "RSET",
                "RCPT TO:<alice@example.test>",
                "RSET x",
            ],
            expected: &[MAIL_OK, OK, NEED_MAIL, "501 5.5.4 Syntax: RSET"],
        },
        // NOOP ignores its arguments.
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["NOOP", "NOOP hello there", "noop"],
            expected: &[OK, OK, OK],
        },
        // QUIT, QUIT extra, QUIT in a transaction; nothing after the close is answered.
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["QUIT", "NOOP"],
            expected: &[BYE, CLOSE],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["QUIT extra"],
            expected: &[BYE, CLOSE],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<sender@example.org>", "QUIT"],
            expected: &[MAIL_OK, BYE, CLOSE],
        },
        Case {
            config: mx(),
            prelude: NONE,
            script: &["QUIT"],
            expected: &[BYE, CLOSE],
        },
    ]);
}

#[test]
fn s5_queue_ids_differ_between_messages() {
    // facts §5: `250 2.0.0 Ok: queued as 2C1B4E68EA`; every message gets its own queue ID.
    let script = cat(&[MESSAGE, MESSAGE]);
    let (_, outs) = run_outs(trusted(), EHLO, &script);
    let ids: Vec<String> = outs
        .iter()
        .filter_map(|o| match o {
            Out::Reply(r) => r.wire_lines()[0]
                .strip_prefix("250 2.0.0 Ok: queued as ")
                .map(String::from),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), 2, "{outs:?}");
    assert_ne!(ids[0], ids[1]);
}

#[test]
fn s5_data_argument_is_checked_after_the_recipients() {
    // Notes §6: `DATA x` gets 503/554 when the recipient check fails first, 501 otherwise.
    check(&[
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["DATA x"],
            expected: &[NEED_RCPT],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<sender@example.org>", "DATA x"],
            expected: &[MAIL_OK, NO_VALID_RCPT],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA x",
                "DATA",
            ],
            expected: &[MAIL_OK, RCPT_OK, "501 5.5.4 Syntax: DATA", GO_AHEAD],
        },
    ]);
}

/// What a transaction keeps (RFC 5321 §3.3): the reverse-path of MAIL, without a source route
/// (§4.1.2: accept and ignore it), and the forward-path of each accepted RCPT, in order; the
/// null reverse-path `<>` is empty. The lab's console and `smtp-sim lab` read them from here.
#[test]
fn s5_a_transaction_keeps_its_reverse_path_and_forward_paths() {
    let envelope = |prelude: &[&str]| {
        let (server, _) = run_outs(trusted(), prelude, &[]);
        let mail = server.session().mail.clone().expect("a transaction");
        (mail.sender, mail.recipients)
    };
    assert_eq!(
        envelope(&[
            "EHLO c",
            "MAIL FROM:<@relay.example.org:sender@example.org>",
            "RCPT TO:<alice@example.test>",
            "RCPT TO:<nosuchuser@example.test>",
            "RCPT TO:<someone@example.org>",
        ]),
        (
            "sender@example.org".to_string(),
            vec![
                "alice@example.test".to_string(),
                "someone@example.org".to_string()
            ]
        )
    );
    assert_eq!(
        envelope(&["EHLO c", "MAIL FROM:<>"]),
        (String::new(), vec![])
    );
}
