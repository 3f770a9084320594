//! facts.md §4 AUTH, the exchange: replies to every AUTH form (PLAIN, LOGIN, initial response,
//! cancel, bad base64, wrong mechanism), where AUTH is not offered, the length limit of a
//! response, and the Dovecot details.

use crate::harness::*;

#[test]
fn s4_auth_replies() {
    check(&[
        // facts §4 table; 587_starttls_auth_plain_happy, 587_starttls_auth_login_happy,
        // 587_starttls_auth_login_initial_response, 587_auth_edge_cases, 587_wrong_password_535.
        Case {
            config: sub(),
            prelude: TLS587,
            script: &[AUTH_OK],
            expected: &[AUTH_SUCCESS],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["auth plain AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl"],
            expected: &[AUTH_SUCCESS],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH PLAIN", PLAIN_B64],
            expected: &["334 ", AUTH_SUCCESS],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH LOGIN", USER_B64, PASS_B64],
            expected: &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", AUTH_SUCCESS],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH LOGIN YWxpY2VAZXhhbXBsZS50ZXN0", PASS_B64],
            expected: &["334 UGFzc3dvcmQ6", AUTH_SUCCESS],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &[AUTH_WRONG],
            expected: &[AUTH_FAILED],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH LOGIN", USER_B64, "d3JvbmcgaG9yc2U="],
            expected: &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", AUTH_FAILED],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH PLAIN AG5vYm9keUBleGFtcGxlLnRlc3QAeA=="],
            expected: &[AUTH_FAILED],
        },
        // RFC 4616 §2: an authzid equal to the authcid asks for nothing more; another one asks
        // to act as that user, which Dovecot grants only through a master passdb (mech-plain.c,
        // auth_request_set_login_username()), and the lab has none.
        Case {
            config: sub(),
            prelude: TLS587,
            script: &[
                "AUTH PLAIN YWxpY2VAZXhhbXBsZS50ZXN0AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl",
            ],
            expected: &[AUTH_SUCCESS],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &[
                "AUTH PLAIN Ym9iQGV4YW1wbGUudGVzdABhbGljZUBleGFtcGxlLnRlc3QAY29ycmVjdCBob3JzZQ==",
            ],
            expected: &[AUTH_FAILED],
        },
        // Client cancels with '*' (RFC 4954 MUST be 501).
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH PLAIN", "*"],
            expected: &["334 ", "501 5.7.0 Authentication aborted"],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH LOGIN", "*"],
            expected: &["334 VXNlcm5hbWU6", "501 5.7.0 Authentication aborted"],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH LOGIN", USER_B64, "*"],
            expected: &[
                "334 VXNlcm5hbWU6",
                "334 UGFzc3dvcmQ6",
                "501 5.7.0 Authentication aborted",
            ],
        },
        // Invalid base64 (a Postfix deviation: 535 instead of 501).
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH PLAIN !!!notbase64!!!"],
            expected: &[
                "535 5.7.8 Error: authentication failed: Invalid base64 data in initial response",
            ],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH LOGIN", "%%%"],
            expected: &[
                "334 VXNlcm5hbWU6",
                "535 5.7.8 Error: authentication failed: Invalid base64 data in continued response",
            ],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH PLAIN", "%%%"],
            expected: &[
                "334 ",
                "535 5.7.8 Error: authentication failed: Invalid base64 data in continued response",
            ],
        },
        // Unsupported mechanism (a Postfix deviation: 535 instead of 504).
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH CRAM-MD5"],
            expected: &["535 5.7.8 Error: authentication failed: Invalid authentication mechanism"],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH"],
            expected: &["501 5.5.4 Syntax: AUTH mechanism"],
        },
        // Notes §9 step 7: argc > 3.
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH PLAIN a b"],
            expected: &["501 5.5.4 Syntax: AUTH mechanism"],
        },
        // 587_auth_edge_cases: `=` is an empty initial response, which PLAIN refuses.
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["AUTH PLAIN ="],
            expected: &[AUTH_FAILED],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &["MAIL FROM:<alice@example.test>", "AUTH LOGIN"],
            expected: &[MAIL_OK, "503 5.5.1 Error: MAIL transaction in progress"],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: &[AUTH_OK, AUTH_OK],
            expected: &[AUTH_SUCCESS, "503 5.5.1 Error: already authenticated"],
        },
        // After AUTH the client may relay (587_starttls_auth_plain_happy).
        Case {
            config: sub(),
            prelude: AUTHED587,
            script: &[
                "MAIL FROM:<alice@example.test>",
                "RCPT TO:<bob@example.test>",
                "RCPT TO:<someone@example.org>",
                "DATA",
                "Subject: x",
                "",
                "hi",
                ".",
                "QUIT",
            ],
            expected: &[MAIL_OK, RCPT_OK, RCPT_OK, GO_AHEAD, QUEUED, BYE, CLOSE],
        },
        // Port 25: no SASL at all, before and after TLS (25_auth_not_enabled).
        Case {
            config: mx(),
            prelude: EHLO,
            script: &[AUTH_OK],
            expected: &["503 5.5.1 Error: authentication not enabled"],
        },
        Case {
            config: trusted(),
            prelude: TLS25,
            script: &[AUTH_OK],
            expected: &["503 5.5.1 Error: authentication not enabled"],
        },
        // 587 before TLS: the STARTTLS gate wins (587_auth_before_starttls).
        Case {
            config: sub(),
            prelude: EHLO,
            script: &[AUTH_OK, "AUTH LOGIN"],
            expected: &[MUST_STARTTLS, MUST_STARTTLS],
        },
        // smtpd_tls_auth_only=yes with TLS only offered (25_auth_before_starttls_tls_auth_only_level_may).
        Case {
            config: mx_with(|c| {
                c.sasl = true;
                c.tls_auth_only = true;
                c.client_trusted = true;
            }),
            prelude: EHLO,
            script: &[
                AUTH_OK,
                "MAIL FROM:<alice@example.test>",
                "RSET",
                "STARTTLS",
                "<tls>",
                AUTH_OK,
            ],
            expected: &[
                "503 5.5.1 Error: authentication not enabled",
                MAIL_OK,
                OK,
                TLS_READY,
                AUTH_SUCCESS,
            ],
        },
        // Notes §9 step 1.
        Case {
            config: Config {
                helo_required: true,
                ..subs()
            },
            prelude: &["<tls>"],
            script: &[AUTH_OK],
            expected: &["503 5.5.1 Error: send HELO/EHLO first"],
        },
    ]);
}

/// Postfix compares an AUTH response with "*" exactly (smtpd_sasl_glue.c:335). smtp_get() strips
/// only the CR LF, so "* " is no cancel, and is_valid_base64() refuses the space
/// (xsasl_dovecot_server.c:624-636, 726): "Invalid base64 data in continued response".
#[test]
fn s4_auth_cancel_is_an_exact_star() {
    check(&[Case {
        config: sub(),
        prelude: TLS587,
        script: &["AUTH PLAIN", "* "],
        expected: &[
            "334 ",
            "535 5.7.8 Error: authentication failed: Invalid base64 data in continued response",
        ],
    }]);
}

/// A response to a 334 is read up to `smtpd_sasl_response_limit` (12288 octets, postconf(5)), not
/// `line_length_limit` (2048): smtpd_sasl_glue.c reads it with `smtpd_chat_query_limit(state,
/// var_smtpd_sasl_resp_limit)` and answers a longer one `500 5.5.6 SASL response limit exceeded`.
/// smtp_get() (smtp_stream.c) stops at the limit unless the octet there is the CR of the CRLF.
#[test]
fn s4_auth_responses_are_read_up_to_the_sasl_limit() {
    const BAD_BASE64: &str =
        "535 5.7.8 Error: authentication failed: Invalid base64 data in continued response";
    const TOO_LONG: &str = "500 5.5.6 SASL response limit exceeded";
    // 3000 octets, the bad character past octet 2048: only a response read whole shows it.
    let past_2048 = format!("{}!AAA", "A".repeat(2996));
    // 12287 octets and CRLF: whole (smtp_get reads the LF after a CR at the limit).
    let under_limit = format!("{}!AAA", "A".repeat(12283));
    // 12288 octets before the CRLF: cut, refused, and the rest of the line thrown away.
    let at_limit = "A".repeat(12288);
    check(&[
        Case {
            config: sub(),
            prelude: TLS587,
            script: vec_leak(&["AUTH PLAIN", leak(past_2048)]),
            expected: &["334 ", BAD_BASE64],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: vec_leak(&["AUTH LOGIN", leak(under_limit), "NOOP"]),
            expected: &["334 VXNlcm5hbWU6", BAD_BASE64, OK],
        },
        Case {
            config: sub(),
            prelude: TLS587,
            script: vec_leak(&["AUTH PLAIN", leak(at_limit), "NOOP"]),
            expected: &["334 ", TOO_LONG, OK],
        },
    ]);
}

/// Dovecot 2.3 behind Postfix, from its source rather than a recording: `mech-login.c` answers an
/// empty initial response with the user-name prompt and fails an empty user name;
/// `auth_username_format = %Lu` (the default) lower-cases the login name.
#[test]
fn dovecot_login_details() {
    let alice_upper = "QUxJQ0VAZXhhbXBsZS50ZXN0"; // base64("ALICE@example.test")
    check(&[
        Case {
            config: Config::submission(),
            prelude: TLS587,
            script: &["AUTH LOGIN ="],
            expected: &["334 VXNlcm5hbWU6"],
        },
        Case {
            config: Config::submission(),
            prelude: TLS587,
            script: &["AUTH LOGIN", ""],
            expected: &["334 VXNlcm5hbWU6", AUTH_FAILED],
        },
        Case {
            config: Config::submission(),
            prelude: TLS587,
            script: &["AUTH LOGIN", alice_upper, PASS_B64],
            expected: &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", AUTH_SUCCESS],
        },
    ]);
}
