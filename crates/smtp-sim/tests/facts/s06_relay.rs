//! facts.md §6 Addresses and relay: which recipients each client may use, local mailboxes, the null
//! sender and postmaster.

use crate::harness::*;

#[test]
fn s6_relay_and_local_recipients() {
    check(&[
        // facts §6; 25_relay_denied_foreign_domain, 25_relay_denied_defer_unauth_destination,
        // 25_relay_allowed_from_mynetworks, swaks_25_relay_denied_from_127.0.0.5.
        Case {
            config: mx(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<sender@example.org>",
                "RCPT TO:<someone@example.org>",
                "RCPT TO:<alice@example.test>",
                "DATA",
                "Subject: x",
                "",
                "hi",
                ".",
            ],
            expected: &[
                MAIL_OK,
                "554 5.7.1 <someone@example.org>: Relay access denied",
                RCPT_OK,
                GO_AHEAD,
                QUEUED,
            ],
        },
        Case {
            config: mx_with(|c| c.defer_unauth_destination = true),
            prelude: IN_MAIL,
            script: &["RCPT TO:<someone@example.org>"],
            expected: &["454 4.7.1 <someone@example.org>: Relay access denied"],
        },
        Case {
            config: trusted(),
            prelude: &["EHLO c", "MAIL FROM:<alice@example.test>"],
            script: &["RCPT TO:<someone@example.org>"],
            expected: &[RCPT_OK],
        },
        Case {
            config: mx(),
            prelude: IN_MAIL,
            script: &["RCPT TO:<nosuchuser@example.test>"],
            expected: &[UNKNOWN_USER],
        },
        Case {
            config: trusted(),
            prelude: IN_MAIL,
            script: &["RCPT TO:<nosuchuser@example.test>"],
            expected: &[UNKNOWN_USER],
        },
        // The submission services run with `-o smtpd_reject_unlisted_recipient=no` (master.cf in
        // ../shared/conformance/README.md): a logged-in client's unknown local user is accepted.
        Case {
            config: sub(),
            prelude: AUTHED587,
            script: &[
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<nosuchuser@example.test>",
            ],
            expected: &[MAIL_OK, RCPT_OK],
        },
        Case {
            config: subs(),
            prelude: &["<tls>", "EHLO c", AUTH_OK],
            script: &[
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<nosuchuser@example.test>",
            ],
            expected: &[MAIL_OK, RCPT_OK],
        },
        // Local mailboxes in every local domain, recipient_delimiter, case.
        Case {
            config: mx(),
            prelude: IN_MAIL,
            script: &[
                "RCPT TO:<bob@mail.example.test>",
                "RCPT TO:<root@localhost>",
                "RCPT TO:<Alice@Example.Test>",
                "RCPT TO:<alice+news@example.test>",
            ],
            expected: &[RCPT_OK, RCPT_OK, RCPT_OK, RCPT_OK],
        },
        // facts §6: null sender; RCPT TO:<postmaster> with no domain (RFC 5321 §4.5.1); notes §5:
        // bare postmaster skips every restriction, even for a relay-denied or unauthenticated client.
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["MAIL FROM:<>"],
            expected: &[MAIL_OK],
        },
        Case {
            config: mx(),
            prelude: &["EHLO c", "MAIL FROM:<>"],
            script: &["RCPT TO:<postmaster>", "RCPT TO:<Postmaster>"],
            expected: &[RCPT_OK, RCPT_OK],
        },
        Case {
            config: sub(),
            prelude: &[
                "EHLO c",
                "STARTTLS",
                "<tls>",
                "MAIL FROM:<alice@example.test>",
            ],
            script: &["RCPT TO:<postmaster>", "RCPT TO:<postmaster@example.test>"],
            expected: &[
                RCPT_OK,
                "554 5.7.1 <postmaster@example.test>: Recipient address rejected: Access denied",
            ],
        },
        Case {
            config: mx(),
            prelude: IN_MAIL,
            script: &["RCPT TO:<postmaster@example.org>"],
            expected: &["554 5.7.1 <postmaster@example.org>: Relay access denied"],
        },
    ]);
}

/// Only whole local parts are exempt from the local recipient table: `postmaster` (notes §5,
/// RFC 5321 §4.5.1), and `MAILER-DAEMON` and `double-bounce`, which Postfix's own bounces use
/// (smtpd_check.c check_rcpt_maps: `MATCH_LEFT`, any case, up to the `@`). "postmasterx" is
/// looked up like any user.
#[test]
fn only_postmaster_mailer_daemon_and_double_bounce_skip_the_local_recipient_table() {
    let unknown = |rcpt: &str| {
        leak(format!(
            "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in local recipient table"
        ))
    };
    check(&[Case {
        config: mx(),
        prelude: &["EHLO client.example.test", "MAIL FROM:<sender@example.org>"],
        script: &[
            "RCPT TO:<postmasterx@example.test>",
            "RCPT TO:<Postmaster@example.test>",
            "RCPT TO:<MAILER-DAEMON@example.test>",
            "RCPT TO:<double-bounce@example.test>",
            "RCPT TO:<mailer-daemonx@example.test>",
            "RCPT TO:<double-bouncex@example.test>",
        ],
        expected: vec_leak(&[
            unknown("postmasterx@example.test"),
            RCPT_OK,
            RCPT_OK,
            RCPT_OK,
            unknown("mailer-daemonx@example.test"),
            unknown("double-bouncex@example.test"),
        ]),
    }]);
}
