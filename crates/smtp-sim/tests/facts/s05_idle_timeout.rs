//! facts.md §5 Idle timeout: 300 s of silence at any read (command, DATA, AUTH continuation, BDAT
//! chunk, TLS handshake) ends the session.

use crate::harness::*;

#[test]
fn s5_idle_timeout() {
    check(&[
        // facts §5 [25_idle_timeout_after_banner, 25_idle_timeout_during_data].
        Case {
            config: mx(),
            prelude: NONE,
            script: &["<idle 300>"],
            expected: &[TIMEOUT, CLOSE],
        },
        Case {
            config: mx(),
            prelude: NONE,
            script: &["<idle 299>", "NOOP"],
            expected: &[OK],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["<idle 3600>", "NOOP"],
            expected: &[TIMEOUT, CLOSE],
        },
        Case {
            config: trusted(),
            prelude: IN_DATA,
            script: &["Subject: never finished", "", "partial body", "<idle 300>"],
            expected: &[TIMEOUT, CLOSE],
        },
        // Notes §11: any read times out the same way: AUTH continuation, BDAT chunk.
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH LOGIN", "<idle 300>"],
            expected: &["334 VXNlcm5hbWU6", TIMEOUT, CLOSE],
        },
        Case {
            config: trusted(),
            prelude: IN_RCPT,
            script: &["<raw>BDAT 10\r\nabc", "<idle 300>"],
            expected: &[TIMEOUT, CLOSE],
        },
        Case {
            config: subs(),
            prelude: TLS465,
            script: &["<idle 300>"],
            expected: &[TIMEOUT, CLOSE],
        },
        // Notes §11 / facts §11: a TLS handshake that never comes: closed with no SMTP reply.
        Case {
            config: subs(),
            prelude: NONE,
            script: &["<idle 300>"],
            expected: &[CLOSE],
        },
        Case {
            config: sub(),
            prelude: EHLO,
            script: &["STARTTLS", "<idle 300>"],
            expected: &[TLS_READY, CLOSE],
        },
    ]);
}
