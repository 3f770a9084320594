//! facts.md §10 Line endings and SMTP smuggling: bare LF under smtpd_forbid_bare_newline = no,
//! normalize and reject, the mynetworks exemption, and trailing CRs.

use crate::harness::*;

/// Port 25 with `smtpd_forbid_bare_newline = mode`, from inside mynetworks or not.
fn bare_lf(mode: BareNewline, trusted: bool) -> Config {
    mx_with(|c| {
        c.bare_newline = mode;
        c.client_trusted = trusted;
    })
}

/// With bare-LF detection off (the default, and for mynetworks) smtp_get() strips every trailing
/// CR (global/smtp_stream.c:439-440), so `.<CR><CR><LF>` ends DATA.
#[test]
fn s10_trailing_carriage_returns_are_stripped() {
    check(&[Case {
        config: trusted(),
        prelude: IN_DATA,
        script: &["<raw>hi\r\n.\r\r\n"],
        expected: &[QUEUED],
    }]);
}

/// A bare LF right after a line cut at 2048 octets goes unseen: smtp_get() stops at 2048 octets
/// and skips the LF, so smtp_got_bare_lf stays 0 and the cut command runs even under reject
/// (global/smtp_stream.c:389-460).
#[test]
fn s10_bare_lf_after_a_cut_line_is_not_seen() {
    let line = format!("NOOP {}\n", "x".repeat(2043));
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Reject, false),
            EHLO,
            &[line.as_bytes()]
        ),
        [OK]
    );
}

#[test]
fn s10_bare_newlines() {
    let commands: &[u8] = b"EHLO client.example.test\nNOOP\nMAIL FROM:<sender@example.org>\nRCPT TO:<alice@example.test>\nDATA\n";
    let body: &[u8] = b"Subject: bare LF\n\nline one\n.\n";
    // facts §10 [25_bare_lf_line_endings]: the 3.7.11 default accepts bare LF, and <LF>.<LF>
    // ends DATA (the smuggling exposure).
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Allow, true),
            NONE,
            &[commands, body, b"QUIT\n"]
        ),
        cat(&[
            EHLO_PLAIN,
            &[OK, MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE]
        ])
    );
    assert_eq!(
        run_bytes(bare_lf(BareNewline::Allow, false), NONE, &[commands, body]),
        cat(&[EHLO_PLAIN, &[OK, MAIL_OK, RCPT_OK, GO_AHEAD, QUEUED]])
    );

    // [25_bare_lf_normalize_command]: normalize accepts a bare-LF command.
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Normalize, false),
            NONE,
            &[b"EHLO client.example.test\n", b"NOOP\r\n"]
        ),
        cat(&[EHLO_PLAIN, &[OK]])
    );
    // [25_bare_lf_normalize_data]: only CRLF.CRLF ends DATA.
    let data_body: &[u8] = b"Subject: bare LF\r\n\r\nline one\nline two\n.\n";
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Normalize, false),
            IN_DATA,
            &[data_body, b"still in DATA?\r\n.\r\n", b"NOOP\r\n"]
        ),
        [QUEUED, OK]
    );
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Normalize, false),
            IN_DATA,
            &[data_body]
        ),
        Vec::<String>::new(),
        "<LF>.<LF> does not end DATA"
    );
    // A CRLF "." right after a bare-LF line does not end DATA either (prev_got_bare_lf).
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Normalize, false),
            IN_DATA,
            &[b"x\n.\r\n", b"y\r\n.\r\n"]
        ),
        [QUEUED]
    );

    // In both strict modes a message of CRLF lines is queued, an empty one too: the CRLF of the
    // DATA line itself comes before its `.`, so `.<CR><LF>` right after the 354 is
    // `<CR><LF>.<CR><LF>`.
    for mode in [BareNewline::Normalize, BareNewline::Reject] {
        for message in [&b"Subject: x\r\n\r\nhi\r\n.\r\n"[..], b".\r\n"] {
            assert_eq!(
                run_bytes(bare_lf(mode, false), IN_DATA, &[message]),
                [QUEUED],
                "{mode:?}"
            );
        }
    }

    // [25_bare_lf_reject_command]: 550 and close.
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Reject, false),
            NONE,
            &[b"EHLO client.example.test\n", b"NOOP\r\n"]
        ),
        [BARE_LF, CLOSE]
    );
    // [25_bare_lf_reject_data]: 550 after a proper end of data; the session goes on.
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Reject, false),
            IN_DATA,
            &[data_body, b"still in DATA?\r\n.\r\n", b"NOOP\r\n"]
        ),
        [BARE_LF, OK]
    );
    // facts §10: clients in mynetworks are exempt (smtpd_forbid_bare_newline_exclusions).
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Reject, true),
            NONE,
            &[b"EHLO client.example.test\n", b"NOOP\n"]
        ),
        cat(&[EHLO_PLAIN, &[OK]])
    );
}

/// smtpd.c:6207 sets smtp_detect_bare_lf=0 for smtpd_forbid_bare_newline_exclusions (default
/// $mynetworks), so under normalize too <LF>.<LF> ends DATA for a mynetworks client.
#[test]
fn s10_mynetworks_is_exempt_from_normalize_too() {
    // facts §10: "Clients in $mynetworks are exempt by default".
    assert_eq!(
        run_bytes(
            bare_lf(BareNewline::Normalize, true),
            IN_DATA,
            &[b"Subject: bare LF\r\n\r\nline one\n.\n"]
        ),
        [QUEUED]
    );
}
