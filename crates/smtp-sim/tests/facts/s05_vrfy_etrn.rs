//! facts.md §5 Basic commands, VRFY and ETRN: their replies, which addresses VRFY looks up,
//! SMTPUTF8 on VRFY, and ETRN's domain syntax.

use crate::harness::*;

#[test]
fn s5_vrfy() {
    check(&[
        // facts §5 table; notes §7 (VRFY echoes its argument as sent).
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["VRFY alice"],
            expected: &["252 2.0.0 alice"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["VRFY alice"],
            expected: &["252 2.0.0 alice"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["VRFY <alice@example.test>"],
            expected: &["252 2.0.0 <alice@example.test>"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["VRFY alice@example.test"],
            expected: &["252 2.0.0 alice@example.test"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["VRFY nosuchuser@example.test"],
            expected: &[UNKNOWN_USER],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["VRFY"],
            expected: &["501 5.5.4 Syntax: VRFY address [SMTPUTF8]"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["VRFY SMTPUTF8"],
            expected: &["501 5.5.4 Syntax: VRFY address [SMTPUTF8]"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["VRFY alice SMTPUTF8"],
            expected: &["252 2.0.0 alice"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["VRFY <>"],
            expected: &["501 5.1.3 Bad recipient address syntax"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["VRFY alice bob"],
            expected: &["501 5.1.3 Bad recipient address syntax"],
        },
        // 25_vrfy_disabled.
        Case {
            config: mx_with(|c| c.disable_vrfy = true),
            prelude: EHLO,
            script: &["VRFY alice"],
            expected: &["502 5.5.1 VRFY command is disabled"],
        },
        // VRFY is checked against the local recipient table only, never against the relay or
        // submission restrictions: a foreign address gets 252 (a lab recording with VRFY enabled,
        // quoted in the attacker's specification: `VRFY someone@example.org` on 25 → `252 2.0.0 someone@example.org`).
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["VRFY bob@example.org"],
            expected: &["252 2.0.0 bob@example.org"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["VRFY bob@example.org"],
            expected: &["252 2.0.0 bob@example.org"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["VRFY postmaster"],
            expected: &["252 2.0.0 postmaster"],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["VRFY alice@example.test"],
            expected: &["252 2.0.0 alice@example.test"],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["VRFY postmaster"],
            expected: &["252 2.0.0 postmaster"],
        },
        // Not blocked inside a transaction.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<sender@example.org>", "VRFY bob"],
            expected: &[MAIL_OK, "252 2.0.0 bob"],
        },
    ]);
}

/// VRFY honours strict_smtputf8 (smtpd.c vrfy_cmd: 553 5.6.7 unless the SMTPUTF8 keyword is
/// given), and without that keyword it parses the address with smtputf8=0, so extract_addr()
/// refuses a non-ASCII domain.
#[test]
fn s5_vrfy_and_smtputf8() {
    check(&[
        // Notes §7 VRFY step 7: strict_smtputf8 → 553 unless the SMTPUTF8 keyword was given.
        Case {
            config: mx_with(|c| c.strict_smtputf8 = true),
            prelude: EHLO,
            script: &["VRFY jörg@example.test"],
            expected: &["553 5.6.7 Must declare SMTPUTF8 to send unicode address"],
        },
        Case {
            config: mx_with(|c| c.strict_smtputf8 = true),
            prelude: EHLO,
            script: &["VRFY jörg@example.test SMTPUTF8"],
            expected: &["252 2.0.0 jörg@example.test"],
        },
        // Notes §3 "Non-ASCII addresses": smtpd_check_addr() refuses a non-ASCII domain without
        // SMTPUTF8, so extract_addr() fails → 501 5.1.3.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["VRFY bob@bücher.example"],
            expected: &["501 5.1.3 Bad recipient address syntax"],
        },
    ]);
}

#[test]
fn s5_etrn() {
    check(&[
        // facts §5 [25_etrn]: no enhanced codes at all.
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["ETRN"],
            expected: &["500 Syntax: ETRN domain"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["ETRN example.org"],
            expected: &["459 <example.org>: service unavailable"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["ETRN example.test"],
            expected: &["459 <example.test>: service unavailable"],
        },
        // Notes §7: a leading @ or # is stripped; two arguments is a syntax error.
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["ETRN @example.org", "ETRN #example.org"],
            expected: &[
                "459 <example.org>: service unavailable",
                "459 <example.org>: service unavailable",
            ],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["ETRN a b"],
            expected: &["500 Syntax: ETRN domain"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["ETRN -bad-"],
            expected: &["501 Error: invalid parameter syntax"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<sender@example.org>", "ETRN example.org"],
            expected: &[MAIL_OK, "503 Error: MAIL transaction in progress"],
        },
        Case {
            config: mx_with(|c| c.helo_required = true),
            prelude: NONE,
            script: &["ETRN example.org"],
            expected: &["503 Error: send HELO/EHLO first"],
        },
        // Without smtpd_helo_required (the default) ETRN needs no HELO, as MAIL needs none
        // (etrn_cmd checks var_helo_required; facts §2, 25_mail_before_helo_helo_required).
        Case {
            config: mx(),
            prelude: NONE,
            script: &["ETRN example.org"],
            expected: &["459 <example.org>: service unavailable"],
        },
    ]);
}

/// ETRN's domain must pass valid_hostname() or valid_mailhost_literal() (util/valid_hostname.c,
/// global/valid_mailhost_addr.c): a trailing dot, an all-numeric name and non-ASCII letters are
/// refused, an [address] literal is taken.
#[test]
fn s5_etrn_domain_syntax() {
    // smtpd.c etrn_cmd(): `!valid_hostname(..) && !valid_mailhost_literal(..)` → 501; otherwise
    // flush_send_site() refuses every site here (fast_flush_domains = $relay_domains = empty) → 459.
    check(&[
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["ETRN example.org."],
            expected: &["501 Error: invalid parameter syntax"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["ETRN 192.0.2.1"],
            expected: &["501 Error: invalid parameter syntax"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["ETRN bücher.example"],
            expected: &["501 Error: invalid parameter syntax"],
        },
        Case {
            config: mx(),
            prelude: EHLO,
            script: &["ETRN [192.0.2.1]"],
            expected: &["459 <[192.0.2.1]>: service unavailable"],
        },
    ]);
}
