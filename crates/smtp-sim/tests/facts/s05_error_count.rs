//! facts.md §5 Error counting (notes §1): what counts as an error, the 1 s tarpit from the 10th
//! error on, the 421 hang-up at the 20th, what resets the count, and junk commands.

use crate::harness::*;

/// `n` unknown commands, one error each.
fn errors(n: usize) -> Vec<&'static str> {
    vec!["FOO"; n]
}

fn reply(code: u16, enhanced: &'static str, text: &str) -> smtp_sim::Reply {
    smtp_sim::Reply::new(code, enhanced, text)
}

#[test]
fn s5_tarpit_after_ten_errors() {
    // facts §5 "11th and later error: each reply delayed by 1 s"; notes §1: the sleep comes
    // before *every* reply once error_count ≥ 10 (success replies included), per reply line.
    let script = cat(&[
        &errors(10),
        &["NOOP", "EHLO client.example.test", "FOO", "VRFY alice"],
    ]);
    let (_, outs) = run_outs(mx(), EHLO, &script);
    let replies = waits(&outs);
    assert_eq!(replies.len(), 14, "{replies:?}");
    for (wait, lines) in &replies[..10] {
        assert_eq!(
            (*wait, lines.as_slice()),
            (0, [NOT_RECOGNIZED.to_string()].as_slice())
        );
    }
    assert_eq!(replies[10], (1000, vec![OK.to_string()]));
    assert_eq!(replies[11].1, EHLO_PLAIN);
    assert_eq!(replies[11].0, 1000 * EHLO_PLAIN.len() as u32);
    assert_eq!(replies[12], (1000, vec![NOT_RECOGNIZED.to_string()]));
    assert_eq!(replies[13], (1000, vec!["252 2.0.0 alice".to_string()]));
}

#[test]
fn s5_twentieth_error_ends_the_session_at_once() {
    // Notes §1 correction: after the 20th error reply, 421 follows unsolicited (itself delayed by
    // the tarpit) and the connection closes; no 21st command is read.
    let (mut server, outs) = run_outs(mx(), EHLO, &errors(19));
    assert!(!outs.iter().any(|o| matches!(o, Out::Close)));
    let outs = server.receive(b"FOO\r\n");
    assert_eq!(
        outs,
        [
            Out::Wait(1000),
            Out::Reply(reply(500, "5.5.2", "Error: command not recognized")),
            Out::Wait(1000),
            Out::Reply(reply(
                421,
                "4.7.0",
                "mail.example.test Error: too many errors"
            )),
            Out::Close,
        ]
    );
    assert!(server.is_closed());
    assert!(server.receive(b"NOOP\r\n").is_empty());

    // A pipelined 21st command is never answered.
    let (_, outs) = run_outs(
        mx(),
        EHLO,
        &cat(&[&errors(19), &["<raw>FOO\r\nNOOP\r\nQUIT\r\n"]]),
    );
    assert_eq!(
        transcript(outs)[19..],
        [NOT_RECOGNIZED, TOO_MANY_ERRORS, CLOSE]
    );
}

#[test]
fn s5_what_counts_as_an_error() {
    // Notes §1: 530s, 5xx from handlers, RCPT rejections, AUTH failures count; 20 of them → 421.
    let hard_limit = |config: Config, prelude: &[&str], line: &str, reply: &str| {
        let script = vec![line; 20];
        let got = run(config, prelude, &script);
        let mut expected = vec![reply; 20];
        expected.extend([TOO_MANY_ERRORS, CLOSE]);
        assert_eq!(got, expected, "{line}");
    };
    hard_limit(sub(), EHLO, "MAIL FROM:<alice@example.test>", MUST_STARTTLS);
    hard_limit(mx(), EHLO, "", BAD_SYNTAX);
    hard_limit(mx(), EHLO, "RSET x", "501 5.5.4 Syntax: RSET");
    hard_limit(mx(), EHLO, "DATA", NEED_RCPT);
    hard_limit(
        mx(),
        IN_MAIL,
        "RCPT TO:<nosuchuser@example.test>",
        UNKNOWN_USER,
    );
    hard_limit(
        mx(),
        EHLO,
        "ETRN example.org",
        "459 <example.org>: service unavailable",
    );
    hard_limit(
        sub(),
        TLS587,
        "AUTH CRAM-MD5",
        "535 5.7.8 Error: authentication failed: Invalid authentication mechanism",
    );
    hard_limit(
        subs(),
        TLS465,
        "STARTTLS",
        "554 5.5.1 Error: TLS already active",
    );

    // An error in the middle of AUTH counts too: 19 errors, then a cancelled AUTH → 421.
    let got = run(sub(), TLS587, &cat(&[&errors(19), &["AUTH PLAIN", "*"]]));
    assert_eq!(
        got[19..],
        [
            "334 ",
            "501 5.7.0 Authentication aborted",
            TOO_MANY_ERRORS,
            CLOSE
        ]
    );
}

#[test]
fn s5_successes_and_resets_do_not_clear_the_error_count() {
    // Notes §1: only a queued message resets the counter; RSET, EHLO, STARTTLS and a successful
    // AUTH do not. 19 errors, then those commands, then one more error → 421.
    let got = run(
        mx(),
        EHLO,
        &cat(&[
            &errors(19),
            &[
                "RSET",
                "STARTTLS",
                "<tls>",
                "EHLO client.example.test",
                "NOOP",
                "FOO",
            ],
        ]),
    );
    assert_eq!(
        got[19..],
        cat(&[
            &[OK, TLS_READY],
            EHLO_25_TLS,
            &[OK, NOT_RECOGNIZED, TOO_MANY_ERRORS, CLOSE],
        ])
    );
    let got = run(
        subs(),
        TLS465,
        &cat(&[
            &errors(18),
            &[
                AUTH_OK,
                "RSET",
                "EHLO client.example.test",
                "NOOP",
                "FOO",
                "FOO",
            ],
        ]),
    );
    assert_eq!(
        got[18..],
        cat(&[
            &[AUTH_SUCCESS, OK],
            EHLO_AUTH,
            &[OK, NOT_RECOGNIZED, NOT_RECOGNIZED, TOO_MANY_ERRORS, CLOSE],
        ])
    );
}

#[test]
fn s5_a_queued_message_resets_the_error_count() {
    // Notes §1 (smtpd.c 3795-3798): error_count = 0 before the "queued as" reply is sent, so
    // that reply is not delayed; 19 more errors are then allowed.
    let script = cat(&[&errors(15), MESSAGE, &["NOOP"], &errors(19)]);
    let (mut server, outs) = run_outs(trusted(), EHLO, &script);
    let replies = waits(&outs);
    // MAIL, RCPT, DATA are still delayed ...
    assert_eq!(replies[15], (1000, vec![MAIL_OK.to_string()]));
    assert_eq!(replies[17], (1000, vec![GO_AHEAD.to_string()]));
    // ... the queued reply and what follows are not.
    assert_eq!(normalise_queue_id(&replies[18].1[0]), QUEUED);
    assert_eq!(replies[18].0, 0);
    assert_eq!(replies[19], (0, vec![OK.to_string()]));
    assert!(replies[20..30].iter().all(|(w, _)| *w == 0), "{replies:?}");
    assert!(
        replies[30..39].iter().all(|(w, _)| *w == 1000),
        "{replies:?}"
    );
    assert!(
        !server.is_closed(),
        "19 errors after the reset are below the limit"
    );
    assert_eq!(
        transcript(server.receive(b"FOO\r\n")),
        [NOT_RECOGNIZED, TOO_MANY_ERRORS, CLOSE]
    );

    // BDAT LAST resets it as well.
    let script = cat(&[
        &errors(19),
        &[
            "MAIL FROM:<sender@example.org>",
            "RCPT TO:<alice@example.test>",
            "<raw>BDAT 4 LAST\r\nhi\r\n",
            "FOO",
        ],
    ]);
    let got = run(trusted(), EHLO, &script);
    assert_eq!(
        got[19..],
        [
            MAIL_OK,
            RCPT_OK,
            "250 2.0.0 Ok: 4 bytes queued as <ID>",
            NOT_RECOGNIZED
        ]
    );
}

#[test]
fn s5_too_many_recipients_is_not_an_error() {
    // Notes §1/§5 RCPT step 8: 452 4.5.3 after smtpd_recipient_limit=1000; not counted.
    let mut script = vec!["MAIL FROM:<sender@example.org>"];
    script.extend(vec!["RCPT TO:<alice@example.test>"; 1000]);
    script.extend(vec!["RCPT TO:<bob@example.test>"; 25]);
    let got = run(trusted(), EHLO, &script);
    assert_eq!(got.len(), 1026, "no 421: {:?}", &got[1000..]);
    assert!(got[1..1001].iter().all(|l| l == RCPT_OK));
    assert!(got[1001..]
        .iter()
        .all(|l| l == "452 4.5.3 Error: too many recipients"));
}

#[test]
fn s5_junk_commands_become_errors_after_100() {
    // Notes §1: HELO, EHLO, RSET, NOOP, VRFY, ETRN: from the 102nd such command on, each adds an
    // error (`junk_cmds++ > 100`). So the 121st NOOP makes the 20th error → 421 after its reply.
    let got = run(mx(), NONE, &vec!["NOOP"; 122]);
    let mut expected = vec![OK; 121];
    expected.extend([TOO_MANY_ERRORS, CLOSE]);
    assert_eq!(got, expected);
}

/// smtpd.c:5961-5967 counts the junk-command error after the command's action, so the reply of
/// the command that reaches the tarpit threshold is not yet delayed.
#[test]
fn s5_junk_command_error_comes_after_its_reply() {
    // 9 errors, then NOOPs: the 102nd NOOP is answered at error_count 9 (no sleep) and only then
    // raises it to 10; the 103rd NOOP's reply is the first one delayed.
    let script = cat(&[&errors(9), &vec!["NOOP"; 103]]);
    let (_, outs) = run_outs(mx(), NONE, &script);
    let replies = waits(&outs);
    assert_eq!(replies[9 + 101], (0, vec![OK.to_string()]), "102nd NOOP");
    assert_eq!(replies[9 + 102], (1000, vec![OK.to_string()]), "103rd NOOP");
}
