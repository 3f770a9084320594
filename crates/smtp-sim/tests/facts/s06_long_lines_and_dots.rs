//! facts.md §6 Length limits and dots: command lines cut at 2048 octets, DATA lines never cut, and
//! dot-stuffing.

use crate::harness::*;

#[test]
fn s6_long_lines() {
    // facts §6 length limits [25_overlong_command_line]; notes §3.
    let local_600 = format!("MAIL FROM:<{}@example.org>", "a".repeat(600));
    assert_eq!(local_600.len() + 2, 626);
    let mail_3026 = format!("MAIL FROM:<{}@example.org>", "b".repeat(3000));
    assert_eq!(mail_3026.len() + 2, 3026);
    let x_5000 = "X".repeat(5000);
    let noop_20000 = format!("NOOP {}", "y".repeat(20000));
    // The rest of a cut line is thrown away, not read as a new command.
    let hidden_quit = format!("NOOP {}QUIT", "x".repeat(2043));
    // The cut is exactly at 2048 octets.
    let rset_2048 = format!("RSET{}junk", " ".repeat(2044));
    let rset_2047 = format!("RSET{}junk", " ".repeat(2043));
    let script: Vec<&str> = vec![
        local_600.as_str(),
        "RSET",
        &mail_3026,
        "NOOP",
        &x_5000,
        "NOOP",
        &noop_20000,
        "NOOP",
        &hidden_quit,
        &rset_2048,
        &rset_2047,
        "QUIT",
    ];
    assert_eq!(
        run(trusted(), EHLO, &script),
        [
            MAIL_OK,
            OK,
            "501 5.1.7 Bad sender address syntax",
            OK,
            NOT_RECOGNIZED,
            OK,
            OK,
            OK,
            OK,
            OK,
            "501 5.5.4 Syntax: RSET",
            BYE,
            CLOSE
        ]
    );
    // The same bytes fed one octet at a time.
    let bytes: Vec<u8> = script
        .iter()
        .flat_map(|l| format!("{l}\r\n").into_bytes())
        .collect();
    let chunks: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(
        run_bytes(trusted(), EHLO, &chunks),
        run(trusted(), EHLO, &script)
    );
}

/// smtp_get() (Postfix smtp_stream.c) reads a command line up to `line_length_limit` octets; when
/// the last of them is the CR of a CRLF it reads one octet more to see the LF. A 2047-octet
/// command is whole, and until that LF arrives the server has nothing to answer.
#[test]
fn s6_a_cr_at_the_limit_waits_for_its_lf() {
    let line = format!("NOOP {}\r", "x".repeat(2042));
    assert_eq!(line.len(), 2048);
    assert!(run_bytes(trusted(), EHLO, &[line.as_bytes()]).is_empty());
    assert_eq!(
        run_bytes(trusted(), EHLO, &[line.as_bytes(), b"\n", b"QUIT\r\n"]),
        [OK, BYE, CLOSE]
    );
}

#[test]
fn s6_long_data_lines_are_not_cut() {
    // facts §6 [25_overlong_data_line]: 1200- and 5000-octet DATA lines are accepted; a long line
    // that ends in "." does not end DATA.
    let l1200 = format!("L1200:{}", "x".repeat(1194));
    let l5000 = format!("L5000:{}", "z".repeat(4994));
    let dot_tail = format!("{}.", "w".repeat(2048));
    check(&[Case {
        config: trusted(),
        prelude: IN_DATA,
        script: vec_leak(&[
            "Subject: long lines",
            "",
            leak(l1200),
            leak(l5000),
            leak(dot_tail),
            ".",
            "QUIT",
        ]),
        expected: &[QUEUED, BYE, CLOSE],
    }]);
}

#[test]
fn s6_dot_stuffing() {
    check(&[
        // facts §6 [25_data_dot_stuffing]: `..x`, `. space` and `..` do not end DATA; a lone `.` does.
        Case {
            config: trusted(),
            prelude: IN_DATA,
            script: &[
                "Subject: dots",
                "",
                "..x",
                ". space",
                "..",
                " .",
                ".",
                "NOOP",
            ],
            expected: &[QUEUED, OK],
        },
        Case {
            config: trusted(),
            prelude: IN_DATA,
            script: &["<raw>.\r\n"],
            expected: &[QUEUED],
        },
        // The message may be empty, and `.` must be alone on its line.
        Case {
            config: trusted(),
            prelude: IN_DATA,
            script: &[".x", "x.", "."],
            expected: &[QUEUED],
        },
    ]);
}

#[test]
fn s6_dot_stuffing_is_undone_before_the_size_check() {
    // facts §6: `..x` is stored as `.x`; smtpd counts the stored line (len + 2) against
    // message_size_limit (smtpd.c receive_data_message). 2,600,000 lines ".." are 10,400,000
    // octets on the wire but 7,800,000 stored, well under the 10,240,000 limit.
    let (mut server, _) = run_outs(trusted(), IN_DATA, &[]);
    let block = "..\r\n".repeat(100);
    for _ in 0..26_000 {
        assert!(server.receive(block.as_bytes()).is_empty());
    }
    assert_eq!(transcript(server.receive(b".\r\n")), [QUEUED]);
}
