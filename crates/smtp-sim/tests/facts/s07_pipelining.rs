//! facts.md §7 PIPELINING: replies in order for batched commands, early talkers, and the hardened
//! variants (smtpd_forbid_unauth_pipelining, reject_unauth_pipelining).

use crate::harness::*;

#[test]
fn s7_pipelining() {
    // facts §7 [25_pipelined_batch]: replies in order; "message . QUIT" in one write.
    let batch = "MAIL FROM:<sender@example.org>\r\nRCPT TO:<alice@example.test>\r\n\
                 RCPT TO:<nosuchuser@example.test>\r\nRCPT TO:<bob@example.test>\r\n\
                 RCPT TO:<someone@example.org>\r\nDATA\r\n";
    let tail = "Subject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n";
    let replies = [
        MAIL_OK,
        RCPT_OK,
        UNKNOWN_USER,
        RCPT_OK,
        RCPT_OK,
        GO_AHEAD,
        QUEUED,
        BYE,
        CLOSE,
    ];
    assert_eq!(
        run_bytes(trusted(), EHLO, &[batch.as_bytes(), tail.as_bytes()]),
        replies
    );
    // [25_pipelined_whole_session_before_banner]: the default tolerates a whole session in one
    // write; here in one receive() call right after connect.
    let session = format!("EHLO client.example.test\r\n{batch}{tail}");
    let got = run_bytes(trusted(), NONE, &[session.as_bytes()]);
    assert_eq!(got, cat(&[EHLO_PLAIN, &replies]));
}

#[test]
fn s7_hardened_pipelining_variants() {
    let forbid = || {
        mx_with(|c| {
            c.forbid_unauth_pipelining = true;
            c.client_trusted = true;
        })
    };
    // facts §7 [25_early_talker_forbid_unauth_pipelining]: EHLO+MAIL before the banner → 554 and
    // close; no banner is seen.
    let (server, outs) = Server::connect_early(
        forbid(),
        b"EHLO client.example.test\r\nMAIL FROM:<sender@example.org>\r\n",
    );
    assert_eq!(
        transcript(outs),
        ["554 5.5.0 Error: SMTP protocol synchronization", CLOSE]
    );
    assert!(server.is_closed());
    // [25_pipelining_before_ehlo_reply_forbid_unauth_pipelining]: EHLO+MAIL+RCPT in one write
    // after the banner → 554 instead of the EHLO reply.
    assert_eq!(
        run_bytes(
            forbid(),
            NONE,
            &[b"EHLO client.example.test\r\nMAIL FROM:<sender@example.org>\r\nRCPT TO:<alice@example.test>\r\n"]
        ),
        ["554 5.5.0 Error: SMTP protocol synchronization", CLOSE]
    );
    // [25_pipelining_after_ehlo_forbid_unauth_pipelining]: RFC 2920 pipelining after EHLO works.
    assert_eq!(
        run_bytes(
            forbid(),
            EHLO,
            &[
                b"MAIL FROM:<sender@example.org>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n",
                b"Subject: x\r\n\r\nx\r\n.\r\nQUIT\r\n",
            ]
        ),
        [MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE]
    );
    // RFC 2920 §3.1: EHLO and NOOP (like DATA and VRFY) may only end a group, even after EHLO
    // announced PIPELINING; a command sent behind one is improper pipelining.
    for early in [
        &b"NOOP\r\nMAIL FROM:<sender@example.org>\r\n"[..],
        b"EHLO client.example.test\r\nMAIL FROM:<sender@example.org>\r\n",
    ] {
        assert_eq!(
            run_bytes(forbid(), EHLO, &[early]),
            ["554 5.5.0 Error: SMTP protocol synchronization", CLOSE]
        );
    }
    // One command per write is never improper.
    check(&[Case {
        config: forbid(),
        prelude: NONE,
        script: &[
            "HELO client.example.test",
            "MAIL FROM:<sender@example.org>",
            "NOOP",
        ],
        expected: &["250 mail.example.test", MAIL_OK, OK],
    }]);
    // [25_pipelining_before_ehlo_reject_unauth_pipelining]: HELO (no PIPELINING offered), then
    // MAIL+RCPT+DATA in one write → DATA refused with 503 5.5.0.
    assert_eq!(
        run_bytes(
            mx_with(|c| {
                c.reject_unauth_pipelining = true;
                c.client_trusted = true;
            }),
            &["HELO client.example.test"],
            &[
                b"MAIL FROM:<sender@example.org>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n",
                b"QUIT\r\n",
            ]
        ),
        [
            MAIL_OK,
            RCPT_OK,
            "503 5.5.0 <DATA>: Data command rejected: Improper use of SMTP command pipelining",
            BYE,
            CLOSE
        ]
    );
    // [25_pipelined_whole_session_before_banner]: by default the early talker is served.
    let session = b"EHLO client.example.test\r\nMAIL FROM:<sender@example.org>\r\n\
RCPT TO:<alice@example.test>\r\nDATA\r\nSubject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n";
    let (_, outs) = Server::connect_early(trusted(), session);
    assert_eq!(
        transcript(outs),
        cat(&[
            &[GREETING],
            EHLO_PLAIN,
            &[MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE]
        ])
    );
}
