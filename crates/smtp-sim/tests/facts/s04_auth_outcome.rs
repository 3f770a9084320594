//! facts.md §4 AUTH, what follows it: a whole session on 465, MAIL on 587 without AUTH, and the
//! delay after failed attempts.

use crate::harness::*;

#[test]
fn s4_implicit_tls_465() {
    check(&[
        // 465_implicit_tls_auth_plain_happy, swaks_465_protocol_SSMTPA_auth_login.
        Case {
            config: subs(),
            prelude: TLS465,
            script: &[
                AUTH_OK,
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@example.test>",
                "DATA",
                "Subject: x",
                "",
                "hi",
                ".",
                "QUIT",
            ],
            expected: &[AUTH_SUCCESS, MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE],
        },
        Case {
            config: subs(),
            prelude: TLS465,
            script: &["AUTH LOGIN", USER_B64, PASS_B64],
            expected: &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", AUTH_SUCCESS],
        },
        // facts §4: "On 465 the result is the same after a failed AUTH".
        Case {
            config: subs(),
            prelude: TLS465,
            script: &[
                AUTH_WRONG,
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@example.test>",
                "DATA",
            ],
            expected: &[
                AUTH_FAILED,
                MAIL_OK,
                "554 5.7.1 <bob@example.test>: Recipient address rejected: Access denied",
                NO_VALID_RCPT,
            ],
        },
    ]);
}

#[test]
fn s4_mail_on_587_without_auth() {
    // facts §4 "MAIL on 587 without AUTH" [587_mail_without_auth, swaks_587_starttls_no_auth].
    check(&[
        Case {
            config: sub(),
            prelude: TLS587,
            script: &[
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@example.test>",
                "RCPT TO:<someone@example.org>",
                "DATA",
                "QUIT",
            ],
            expected: &[
                MAIL_OK,
                "554 5.7.1 <bob@example.test>: Recipient address rejected: Access denied",
                "554 5.7.1 <someone@example.org>: Recipient address rejected: Access denied",
                NO_VALID_RCPT,
                BYE,
                CLOSE,
            ],
        },
        // swaks_587_no_tls_no_auth: before STARTTLS the 530 comes at MAIL.
        Case {
            config: sub(),
            prelude: EHLO,
            script: &["MAIL FROM:<alice@example.test>"],
            expected: &[MUST_STARTTLS],
        },
    ]);
}

#[test]
fn s4_auth_failure_delay_and_penalty() {
    // facts §4 timing: a failure answers after ≈1.5–2.0 s (auth_failure_delay=2s); the next
    // correct AUTH after failures takes ≈4.0 s (587_wrong_password_535); without earlier failures
    // AUTH answers at once.
    let (_, outs) = run_outs(sub(), TLS587, &[AUTH_OK]);
    assert_eq!(
        waits(&outs),
        [(0, vec![AUTH_SUCCESS.to_string()])],
        "no delay without failures"
    );

    let (_, outs) = run_outs(
        sub(),
        TLS587,
        &[
            AUTH_WRONG,
            "AUTH LOGIN",
            USER_B64,
            "d3JvbmcgaG9yc2U=",
            AUTH_OK,
        ],
    );
    let replies = waits(&outs);
    let lines: Vec<&str> = replies.iter().map(|(_, l)| l[0].as_str()).collect();
    assert_eq!(
        lines,
        [
            AUTH_FAILED,
            "334 VXNlcm5hbWU6",
            "334 UGFzc3dvcmQ6",
            AUTH_FAILED,
            AUTH_SUCCESS
        ]
    );
    for i in [0, 3] {
        assert!(
            (1500..=2000).contains(&replies[i].0),
            "a failed AUTH answers after 1.5–2 s: {replies:?}"
        );
    }
    assert!(
        (3500..=4500).contains(&replies[4].0),
        "the correct AUTH after failures waits ≈4 s (auth penalty): {replies:?}"
    );

    // 465 as well: swaks_465_tls_on_connect_auth_plain took 4.1 s after one failure.
    let (_, outs) = run_outs(subs(), TLS465, &[AUTH_WRONG, AUTH_OK]);
    let replies = waits(&outs);
    assert!((1500..=2000).contains(&replies[0].0), "{replies:?}");
    assert!((3500..=4500).contains(&replies[1].0), "{replies:?}");
}
