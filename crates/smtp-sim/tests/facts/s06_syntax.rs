//! facts.md §6 Syntax: MAIL and RCPT syntax errors and parameters, the forms Postfix accepts
//! anyway, quoted local parts and domain syntax.

use crate::harness::*;

#[test]
fn s6_syntax_errors() {
    check(&[
        // facts §6 "Syntax errors"; notes §5 MAIL step 4.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL"],
            expected: &["501 5.5.4 Syntax: MAIL FROM:<address>"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:"],
            expected: &["501 5.5.4 Syntax: MAIL FROM:<address>"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL TO:<a@example.org>"],
            expected: &["501 5.5.4 Syntax: MAIL FROM:<address>"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM<a@example.org>"],
            expected: &["501 5.5.4 Syntax: MAIL FROM:<address>"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<sender@example.org"],
            expected: &["501 5.1.7 Bad sender address syntax"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a b@example.org>"],
            expected: &["501 5.1.7 Bad sender address syntax"],
        },
        // Notes §5 extract_addr: a local part starting with '-' (trivial-rewrite resolve.c:743).
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<-oops@example.org>"],
            expected: &["501 5.1.7 Bad sender address syntax"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> BOGUS=1"],
            expected: &["555 5.5.4 Unsupported option: BOGUS=1"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> SIZE=abc"],
            expected: &["501 5.5.4 Bad message size syntax"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> SIZE="],
            expected: &["501 5.5.4 Bad message size syntax"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> RET=FOO"],
            expected: &["501 5.5.4 Bad RET parameter syntax"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> RET=HDRS RET=FULL"],
            expected: &["501 5.5.4 Bad RET parameter syntax"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> ENVID=a ENVID=b"],
            expected: &["501 5.5.4 Bad ENVID parameter syntax"],
        },
        // Notes §5 MAIL step 9/10: parameters left to right, the first bad one wins; the size
        // limit is checked after all of them.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> BOGUS=1 SIZE=abc"],
            expected: &["555 5.5.4 Unsupported option: BOGUS=1"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> SIZE=abc BOGUS=1"],
            expected: &["501 5.5.4 Bad message size syntax"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> SIZE=20000000 BOGUS=1"],
            expected: &["555 5.5.4 Unsupported option: BOGUS=1"],
        },
        Case {
            config: trusted(),
            prelude: IN_MAIL,
            script: &["RCPT"],
            expected: &["501 5.5.4 Syntax: RCPT TO:<address>"],
        },
        Case {
            config: trusted(),
            prelude: IN_MAIL,
            script: &["RCPT TO:"],
            expected: &["501 5.5.4 Syntax: RCPT TO:<address>"],
        },
        Case {
            config: trusted(),
            prelude: IN_MAIL,
            script: &["RCPT FROM:<alice@example.test>"],
            expected: &["501 5.5.4 Syntax: RCPT TO:<address>"],
        },
        Case {
            config: trusted(),
            prelude: IN_MAIL,
            script: &["RCPT TO:<>"],
            expected: &["501 5.1.3 Bad recipient address syntax"],
        },
        Case {
            config: trusted(),
            prelude: IN_MAIL,
            script: &["RCPT TO:<alice@example.test"],
            expected: &["501 5.1.3 Bad recipient address syntax"],
        },
        Case {
            config: trusted(),
            prelude: IN_MAIL,
            script: &["RCPT TO:<alice@example.test> NOTIFY=BOGUS"],
            expected: &["501 5.5.4 Error: Bad NOTIFY parameter syntax"],
        },
        Case {
            config: trusted(),
            prelude: IN_MAIL,
            script: &["RCPT TO:<alice@example.test> ORCPT=bogus"],
            expected: &["501 5.5.4 Error: Bad ORCPT parameter syntax"],
        },
        Case {
            config: trusted(),
            prelude: IN_MAIL,
            script: &["RCPT TO:<alice@example.test> BOGUS=1"],
            expected: &["555 5.5.4 Unsupported option: BOGUS=1"],
        },
        Case {
            config: trusted(),
            prelude: IN_RCPT,
            script: &["DATA x"],
            expected: &["501 5.5.4 Syntax: DATA"],
        },
    ]);
}

/// Postfix matches the MAIL parameters `SIZE=`, `RET=`, `ENVID=` and `AUTH=` with their '='
/// (smtpd.c:2614-2690), so a keyword without a value is an unsupported option (555); a second
/// AUTH= is 503.
#[test]
fn s6_mail_keywords_without_a_value() {
    check(&[
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> SIZE"],
            expected: &["555 5.5.4 Unsupported option: SIZE"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> RET"],
            expected: &["555 5.5.4 Unsupported option: RET"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> ENVID"],
            expected: &["555 5.5.4 Unsupported option: ENVID"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> AUTH"],
            expected: &["555 5.5.4 Unsupported option: AUTH"],
        },
        // Notes §5 MAIL step 9 / smtpd_sasl_proto.c smtpd_sasl_mail_opt().
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<a@example.org> AUTH=<a@example.org> AUTH=<a@example.org>"],
            expected: &["503 5.5.4 Error: multiple AUTH= options"],
        },
    ]);
}

#[test]
fn s6_lenient_address_forms() {
    check(&[
        // facts §6 "Postfix is lenient".
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["mail from:<sender@example.org>"],
            expected: &[MAIL_OK],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM: <sender@example.org>"],
            expected: &[MAIL_OK],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:sender@example.org"],
            expected: &[MAIL_OK],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<@relay.example.org:sender@example.org>"],
            expected: &[MAIL_OK],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<sender@[127.0.0.1]>"],
            expected: &[MAIL_OK],
        },
        Case {
            config: trusted(),
            prelude: IN_MAIL,
            script: &["rcpt to:alice@example.test", "RCPT TO: <bob@example.test>"],
            expected: &[RCPT_OK, RCPT_OK],
        },
        // Notes §9: AUTH= on MAIL is accepted even where SASL is disabled; `<>` is fine.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<sender@example.org> AUTH=<>"],
            expected: &[MAIL_OK],
        },
    ]);
}

/// A quoted local part may hold a space: tok822_parse() reads `"john doe"@example.org` as one
/// address (extract_addr, smtpd.c:2377-2495).
#[test]
fn s6_quoted_local_part() {
    check(&[Case {
        config: trusted(),
        prelude: EHLO,
        // RFC 5321 §4.1.2: a Quoted-string may hold spaces (qtextSMTP starts at %d32), wherever
        // they stand in it.
        script: &[
            "MAIL FROM:<\"john doe\"@example.org>",
            "RSET",
            "MAIL FROM:<\"j doe\"@example.org>",
        ],
        expected: &[MAIL_OK, OK, MAIL_OK],
    }]);
}

/// trivial-rewrite (resolve.c:425-446) flags RESOLVE_FLAG_ERROR unless a [literal] holds a valid
/// address and a name is a valid hostname; with resolve_numeric_domain=no an all-numeric name is
/// not one.
#[test]
fn s6_domain_syntax() {
    // Notes §5 extract_addr step 5: "the domain is not a valid hostname or address literal" →
    // 501 5.1.7 for MAIL (and 501 5.1.3 for RCPT).
    check(&[
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<sender@[not-an-address]>"],
            expected: &["501 5.1.7 Bad sender address syntax"],
        },
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &["MAIL FROM:<sender@192.0.2.1>"],
            expected: &["501 5.1.7 Bad sender address syntax"],
        },
        Case {
            config: trusted(),
            prelude: &["EHLO c", "MAIL FROM:<a@example.org>"],
            script: &["RCPT TO:<x@[999.1.1.1]>"],
            expected: &["501 5.1.3 Bad recipient address syntax"],
        },
        // Postfix 3.7.11's valid_hostname() (src/util/valid_hostname.c): letters, digits, `-`
        // inside a label, and `_` ("grr.."); any other character makes the name invalid. A
        // letter, `_` or `-` makes it non-numeric, so `12-34.56` is a host name, not a refused
        // numeric one like 192.0.2.1.
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<a@my-host.example.org>",
                "RSET",
                "MAIL FROM:<a@my_host.example.org>",
                "RSET",
                "MAIL FROM:<a@my!host.example.org>",
                "MAIL FROM:<a@my=host.example.org>",
                "MAIL FROM:<a@12-34.56>",
            ],
            expected: &[
                MAIL_OK,
                OK,
                MAIL_OK,
                OK,
                "501 5.1.7 Bad sender address syntax",
                "501 5.1.7 Bad sender address syntax",
                MAIL_OK,
            ],
        },
        // With SMTPUTF8 a label may hold non-ASCII letters (RFC 6531 §3.3), but its ASCII
        // characters are still letters, digits and hyphens: IDNA2008 disallows `!` (RFC 5892).
        Case {
            config: trusted(),
            prelude: EHLO,
            script: &[
                "MAIL FROM:<a@bücher.example> SMTPUTF8",
                "RSET",
                "MAIL FROM:<a@bü!cher.example> SMTPUTF8",
            ],
            expected: &[MAIL_OK, OK, "501 5.1.7 Bad sender address syntax"],
        },
    ]);
}
