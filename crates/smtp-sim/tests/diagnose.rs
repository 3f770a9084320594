//! The diagnosis: real messages, as each program prints them, give the right cause first and a
//! link to the journey that shows it; every setup's own journey diagnoses back to that setup;
//! hostile input never breaks it. Each message's source is in the comment beside it (the
//! program's source at a named commit, its issue tracker, or a reproduction against a loopback
//! server).

use proptest::prelude::*;
use smtp_sim::path::attacker::{Attack, Policy};
use smtp_sim::teach::diagnose::{
    diagnose, fix, host_and_port, is_not_smtp, Cause, Finding, Program, Shown, INPUT_LIMIT,
};
use smtp_sim::{journey, Block, ClientTls, Lane, Port, Setup};

/// The setup and steps taken a finding shows: a journey, or the console on the setup's port.
fn open(f: &Finding) -> (Setup, usize) {
    match f.shown {
        Shown::Steps(n) => (f.setup, n),
        Shown::Console => (f.setup, 0),
        Shown::Nowhere => panic!("{} shows nothing", f.cause.id()),
    }
}

/// The finding's journey in the model's URL parameters (`Setup::params`), as a link carries them.
fn params(f: &Finding) -> String {
    let pairs: Vec<String> = f
        .setup
        .params()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    pairs.join("&")
}

/// The first cause's id and the finding.
fn first(text: &str) -> (&'static str, Finding) {
    let d = diagnose(text);
    (d.findings[0].cause.id(), d.findings[0].clone())
}

#[test]
fn the_issues_examples() {
    let (id, f) = first("Error: connect ETIMEDOUT 203.0.113.9:25");
    assert_eq!(id, "port-blocked-drop");
    assert_eq!(params(&f), "port=25&block=drop");
    assert!(matches!(f.shown, Shown::Steps(n) if n > 0));
    let rails = "OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 peeraddr=198.51.100.7:587 state=error: wrong version number";
    let (id, f) = first(rails);
    assert_eq!(id, "implicit-tls-on-starttls-port");
    let link = params(&f);
    assert!(
        link.contains("port=587") && link.contains("client=tls"),
        "{link}"
    );
    let (id, f) = first("530 5.7.0 Must issue a STARTTLS command first");
    assert_eq!(id, "auth-before-starttls");
    assert!(params(&f).contains("client=plain"), "{}", params(&f));
    // A refused login is tried by hand in the console: the walkthrough's login always works.
    let (id, f) = first("535 5.7.8 Error: authentication failed:");
    assert_eq!((id, f.shown), ("auth-failed", Shown::Console));
    let (id, f) = first("421 4.7.0 mail.example.org Error: too many errors");
    assert_eq!((id, f.shown), ("too-many-errors", Shown::Console));
    assert_eq!(
        first("554 5.7.1 <x@example.net>: Relay access denied").0,
        "relay-denied"
    );
    assert_eq!(
        first("Error: unable to verify the first certificate").0,
        "certificate-invalid"
    );
}

#[test]
fn the_link_opens_the_failing_step() {
    // The dropped port's journey ends with the timeout: the link shows every step.
    let (setup, step) = open(&first("Error: connect ETIMEDOUT 203.0.113.9:25").1);
    let steps = journey(setup).steps;
    assert_eq!(step, steps.len());
    assert!(steps[step - 1]
        .events
        .iter()
        .any(|e| e.text.contains("ETIMEDOUT")));
    // Implicit TLS to 587: the step whose events carry "wrong version number".
    let (setup, step) = open(
        &first("curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number").1,
    );
    assert!(journey(setup).steps[step - 1]
        .events
        .iter()
        .any(|e| e.text.contains("wrong version number")));
}

#[test]
fn a_login_refused_by_policy_opens_the_login_and_other_services_open_nothing() {
    // Microsoft 365's reply when SMTP AUTH is off (quoted in nodemailer#1484): the login step.
    let (setup, step) = open(&first("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.").1);
    let steps = journey(setup).steps;
    assert!(
        steps[step - 1].title.contains("AUTH"),
        "{}",
        steps[step - 1].title
    );
    // A database's refusal: no step of any mail journey shows it.
    let d = diagnose(
        "psql: error: connection to server at \"10.0.0.5\", port 5432 failed: Connection refused",
    );
    assert_eq!(d.findings[0].cause, Cause::NotMail);
    assert!(
        !d.findings[0].what.contains("In the simulator"),
        "{}",
        d.findings[0].what
    );
    assert!(
        (d.findings[0].shown == Shown::Nowhere),
        "{}",
        params(&d.findings[0])
    );
}

/// Is the step at `index` the first where the client gives up or the server refuses?
fn fails_at(setup: Setup, taken: usize) -> bool {
    let steps = journey(setup).steps;
    let verdict = |i: usize| {
        steps[i]
            .events
            .iter()
            .any(|e| e.from == Lane::App && e.to == Lane::App)
    };
    let refusal = |i: usize| {
        steps[i]
            .events
            .iter()
            .any(|e| e.reply.as_ref().is_some_and(|r| r.code >= 500))
    };
    taken >= 1 && (verdict(taken - 1) || refusal(taken - 1)) && !(0..taken - 1).any(verdict)
}

/// The cause a setup's journey shows, from the setup alone: the attacker's work, a firewall,
/// TLS at once on a plaintext port or the other way round, a login refused before TLS.
fn expected_cause(setup: Setup) -> &'static str {
    let implicit_port = matches!(setup.port, Port::P465);
    let client = setup.client.unwrap_or(ClientTls::expected_by(setup.port));
    match (setup.attack, setup.block) {
        // Implicit TLS has no STARTTLS offer to strip.
        (Some(Attack::Strip), _) if implicit_port => "delivered",
        (Some(Attack::Strip), _) => "starttls-stripped-or-missing",
        (Some(Attack::Cert), _) => "certificate-invalid",
        (_, Some(Block::Drop)) => "port-blocked-drop",
        (_, Some(Block::Reject)) => "port-refused",
        (_, Some(Block::Prohibit)) => "no-route",
        _ if client == ClientTls::Implicit && !implicit_port => "implicit-tls-on-starttls-port",
        _ if client != ClientTls::Implicit && implicit_port => "starttls-on-implicit-port",
        // AUTH is offered only after STARTTLS on the submission ports (RFC 3207 §4).
        _ if client == ClientTls::Plain && setup.port != Port::P25 => "auth-before-starttls",
        _ => "delivered",
    }
}

#[test]
fn every_journey_diagnoses_back_to_its_own_setup() {
    let mut setups = Vec::new();
    for port in Port::ALL {
        for client in ClientTls::ALL {
            for block in [
                None,
                Some(Block::Drop),
                Some(Block::Reject),
                Some(Block::Prohibit),
            ] {
                setups.push(Setup {
                    block,
                    client: Some(client),
                    ..Setup::new(port)
                });
            }
        }
    }
    assert_eq!(setups.len(), Port::ALL.len() * ClientTls::ALL.len() * 4);
    // The attacker's journeys that stop: a relay stops only when its domain enforces TLS.
    for port in [Port::P587, Port::P465, Port::P25] {
        for attack in [Attack::Strip, Attack::Cert] {
            let policy = if port == Port::P25 {
                Policy::MtaSts
            } else {
                Policy::Opportunistic
            };
            setups.push(Setup {
                attack: Some(attack),
                policy,
                ..Setup::new(port)
            });
        }
    }
    for setup in setups {
        let own = journey(setup);
        let transcript: Vec<&str> = own
            .events(own.steps.len())
            .map(|e| e.text.as_str())
            .collect();
        let d = diagnose(&transcript.join("\n"));
        let f = &d.findings[0];
        assert_eq!(f.cause.id(), expected_cause(setup), "{setup:?}");
        // Every line of the journey is there: that outranks any single line's reading.
        assert_eq!(f.matched, "the whole journey", "{setup:?}");
        let (linked, step) = open(f);
        assert_eq!(
            journey(linked).steps,
            own.steps,
            "{setup:?}: the link {} opens another journey",
            params(f)
        );
        if f.cause == Cause::Delivered {
            assert_eq!(step, own.steps.len(), "{setup:?}");
        } else {
            assert!(
                fails_at(setup, step),
                "{setup:?}: step {step} is not where it fails ({})",
                f.cause.id()
            );
        }
        assert_eq!(d.port, Some(setup.port.number()), "{setup:?}");
        // The source names the program whose words the transcript quotes: swaks (jetmore/swaks),
        // OpenSSL's error string, Postfix's relay log (src/smtp/smtp_proto.c).
        let text = transcript.join("\n");
        for (words, program) in [
            ("*** Host did not advertise STARTTLS", "swaks"),
            ("SSL routines::certificate verify failed", "OpenSSL"),
            ("dsn=4.7.", "Postfix"),
        ] {
            if text.contains(words) {
                assert!(f.source.contains(program), "{setup:?}: {}", f.source);
            }
        }
    }
}

#[test]
fn a_failing_steps_symptom_alone_names_its_cause() {
    let cases = [
        (
            Setup {
                block: Some(Block::Drop),
                ..Setup::new(Port::P587)
            },
            "port-blocked-drop",
        ),
        (
            Setup {
                block: Some(Block::Reject),
                ..Setup::new(Port::P465)
            },
            "port-refused",
        ),
        (
            Setup {
                client: Some(ClientTls::Implicit),
                ..Setup::new(Port::P587)
            },
            "implicit-tls-on-starttls-port",
        ),
        (
            Setup {
                client: Some(ClientTls::Starttls),
                ..Setup::new(Port::P465)
            },
            "starttls-on-implicit-port",
        ),
        (
            Setup {
                client: Some(ClientTls::Plain),
                ..Setup::new(Port::P2525)
            },
            "auth-before-starttls",
        ),
    ];
    for (setup, id) in cases {
        let d = diagnose(&format!("{setup:?}"));
        assert_eq!(
            d.findings[0].cause,
            Cause::Unknown,
            "a setup's name is no symptom"
        );
        let steps = journey(setup).steps;
        // The client's own verdict, else the server's refusal.
        let mut events = steps.iter().flat_map(|s| &s.events);
        let symptom = events
            .clone()
            .find(|e| e.from == Lane::App && e.to == Lane::App)
            .or_else(|| events.find(|e| e.reply.as_ref().is_some_and(|r| r.code >= 500)))
            .unwrap();
        assert_eq!(first(&symptom.text).0, id, "{}", symptom.text);
    }
}

/// Real messages, program by program: (text, first cause, program recognised).
#[rustfmt::skip]
const MESSAGES: &[(&str, &str, Option<Program>)] = &[
    // Nodemailer @2f667f4 lib/smtp-connection/index.js, printed in the loopback reproduction.
    ("code=ETIMEDOUT command=CONN message=\"Greeting never received\"", "starttls-on-implicit-port", Some(Program::Nodemailer)),
    ("80CC85D25D7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:", "implicit-tls-on-starttls-port", None),
    ("Error upgrading connection with STARTTLS: 502 5.5.1 Error: command not implemented", "starttls-stripped-or-missing", Some(Program::Nodemailer)),
    ("Mail command failed: 530 5.7.0 Must issue a STARTTLS command first", "auth-before-starttls", Some(Program::Nodemailer)),
    ("Invalid login: 535 5.7.8 Error: authentication failed: authentication failure", "auth-failed", Some(Program::Nodemailer)),
    ("Can't send mail - all recipients were rejected: 554 5.7.1 <x@example.org>: Relay access denied", "relay-denied", Some(Program::Nodemailer)),
    ("connect ECONNREFUSED 127.0.0.1:2999", "port-refused", None),
    ("getaddrinfo ENOTFOUND no-such-host.invalid", "dns-failure", None),
    // curl 7.88 against a certificate for another name (lib/vtls/openssl.c).
    ("curl: (60) SSL: no alternative certificate subject name matches target host name '127.0.0.1'", "certificate-invalid", Some(Program::Curl)),
    // Nodemailer over Node.js 20 (OpenSSL 3), a chain ending in a root this machine does not
    // trust: X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, printed with Nodemailer's code and command.
    ("Error: self-signed certificate in certificate chain\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34)\n    at TLSSocket.emit (node:events:519:28)\n    at TLSSocket._finishInit (node:_tls_wrap:1085:8) {\n  code: 'ESOCKET',\n  command: 'CONN'\n}", "certificate-invalid", Some(Program::Nodemailer)),
    // Node.js 20 net, Python 3.11 smtplib, swaks 20201014.0, OpenJDK 17 java.net.Socket and curl
    // 7.88, each connecting to [2001:db8::25]:587 from a host with no route to it.
    ("Error: connect EHOSTUNREACH 2001:db8::25:587", "no-route", None),
    ("OSError: [Errno 113] No route to host", "no-route", None),
    ("=== Trying 2001:db8::25:587...\n*** Error connecting to 2001:db8::25:587:\n*** \tIO::Socket::INET6: connect: No route to host", "no-route", None),
    ("java.net.NoRouteToHostException: No route to host", "no-route", None),
    ("* connect to 2001:db8::25 port 587 failed: No route to host\n* Failed to connect to 2001:db8::25 port 587 after 3063 ms: Couldn't connect to server\ncurl: (7) Failed to connect to 2001:db8::25 port 587 after 3063 ms: Couldn't connect to server", "no-route", Some(Program::Curl)),
    ("Hostname/IP does not match certificate's altnames: Host: localhost. is not cert's CN: mail.example.test", "certificate-invalid", None),
    // nodemailer/nodemailer#1484
    ("Error: Invalid login: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.", "login-disabled", Some(Program::Nodemailer)),
    // PHPMailer @4a48947 and issues #1932, #454
    ("SMTP ERROR: Failed to connect to server: Connection timed out (110)", "port-blocked-drop", Some(Program::PhpMailer)),
    ("SMTP ERROR: Failed to connect to server: Connection refused (111)", "port-refused", Some(Program::PhpMailer)),
    ("Connection failed. Error #2: stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:error:1416F086:SSL routines:tls_process_server_certificate:certificate verify failed", "certificate-invalid", None),
    ("SMTP Error: Could not authenticate.", "auth-failed", Some(Program::PhpMailer)),
    ("SMTP ERROR: STARTTLS command failed: 454 4.7.0 TLS not available", "starttls-stripped-or-missing", Some(Program::PhpMailer)),
    ("SMTP -> get_lines(): stream timed-out (300 sec)", "starttls-on-implicit-port", None),
    // CPython smtplib, reproduced with Python 3.11.7
    ("ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)", "implicit-tls-on-starttls-port", Some(Program::Smtplib)),
    ("smtplib.SMTPServerDisconnected: Connection unexpectedly closed: timed out", "starttls-on-implicit-port", Some(Program::Smtplib)),
    ("smtplib.SMTPNotSupportedError: STARTTLS extension not supported by server.", "starttls-stripped-or-missing", Some(Program::Smtplib)),
    ("smtplib.SMTPNotSupportedError: SMTP AUTH extension not supported by server.", "auth-before-starttls", Some(Program::Smtplib)),
    ("smtplib.SMTPSenderRefused: (530, b'5.7.0 Must issue a STARTTLS command first', 'a@example.test')", "auth-before-starttls", Some(Program::Smtplib)),
    ("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)", "certificate-invalid", Some(Program::Smtplib)),
    ("smtplib.SMTPAuthenticationError: (535, b'5.7.8 Error: authentication failed: authentication failure')", "auth-failed", Some(Program::Smtplib)),
    ("smtplib.SMTPRecipientsRefused: {'x@example.org': (554, b'5.7.1 <x@example.org>: Relay access denied')}", "relay-denied", Some(Program::Smtplib)),
    ("ConnectionRefusedError: [Errno 111] Connection refused", "port-refused", None),
    ("socket.gaierror: [Errno -2] Name or service not known", "dns-failure", None),
    // dotnet/runtime System.Net.Mail Strings.resx; win-acme#1437 (port 465)
    ("The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.0 Must issue a STARTTLS command first", "auth-before-starttls", Some(Program::DotNet)),
    ("System.Net.Mail.SmtpException: The operation has timed out. (port 465)", "starttls-on-implicit-port", Some(Program::DotNet)),
    ("System.Net.Mail.SmtpException: Server does not support secure connections.", "starttls-stripped-or-missing", Some(Program::DotNet)),
    ("System.Net.Mail.SmtpException: The SMTP host was not found.", "dns-failure", Some(Program::DotNet)),
    // Angus Mail SMTPTransport.java; JDK 17 reproduction
    ("javax.mail.MessagingException: Could not connect to SMTP host: smtp.example.com, port: 587; nested exception is: javax.net.ssl.SSLException: Unsupported or unrecognized SSL message", "implicit-tls-on-starttls-port", Some(Program::JavaMail)),
    ("javax.mail.MessagingException: Could not connect to SMTP host: smtp.example.com, port: 465; nested exception is: java.net.SocketTimeoutException: Read timed out", "starttls-on-implicit-port", Some(Program::JavaMail)),
    ("javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target", "certificate-invalid", Some(Program::JavaMail)),
    ("jakarta.mail.AuthenticationFailedException: 535 5.7.139 Authentication unsuccessful, basic authentication is disabled.", "login-disabled", Some(Program::JavaMail)),
    ("STARTTLS is required but host does not support STARTTLS", "starttls-stripped-or-missing", None),
    // symfony/mailer @eb0c318
    ("Connection could not be established with host \"smtp.gmail.com:587\": stream_socket_client(): Unable to connect to smtp.gmail.com:587 (Connection timed out)", "port-blocked-drop", Some(Program::Symfony)),
    ("Expected response code \"250\" but got code \"530\", with message \"530 5.7.0 Must issue a STARTTLS command first\".", "auth-before-starttls", Some(Program::Symfony)),
    ("Expected response code \"250/251/252\" but got code \"554\", with message \"554 5.7.1 <admin@doe.fr>: Relay access denied\".", "relay-denied", Some(Program::Symfony)),
    ("Connection could not be established with host \"mailpit:1025\": stream_socket_client(): php_network_getaddresses: getaddrinfo for mailpit failed: No such host is known.", "dns-failure", Some(Program::Symfony)),
    // golang/go net/smtp, crypto/tls
    ("failed to send mail: tls: first record does not look like a TLS handshake", "implicit-tls-on-starttls-port", Some(Program::Go)),
    ("unencrypted connection", "auth-before-starttls", None),
    // curl 7.88.1 reproduction
    ("curl: (28) Operation timed out after 4001 milliseconds with 0 bytes received", "starttls-on-implicit-port", Some(Program::Curl)),
    ("curl: (64) STARTTLS not supported.", "starttls-stripped-or-missing", Some(Program::Curl)),
    ("curl: (60) SSL certificate problem: self-signed certificate", "certificate-invalid", Some(Program::Curl)),
    ("curl: (67) Login denied", "auth-failed", Some(Program::Curl)),
    ("curl: (55) RCPT failed: 554", "relay-denied", Some(Program::Curl)),
    ("curl: (55) MAIL failed: 530", "auth-before-starttls", Some(Program::Curl)),
    ("curl: (7) Failed to connect to 127.0.0.1 port 2999 after 0 ms: Couldn't connect to server", "port-refused", Some(Program::Curl)),
    ("curl: (6) Could not resolve host: no-such-host.invalid", "dns-failure", Some(Program::Curl)),
    // swaks 20201014.0 (../shared/conformance/swaks_587_auth_without_tls.txt, swaks_465_plaintext_client.txt)
    ("*** Host did not advertise authentication", "auth-before-starttls", Some(Program::Swaks)),
    ("<** Timeout (8 secs) waiting for server response", "starttls-on-implicit-port", Some(Program::Swaks)),
    ("*** Host did not advertise STARTTLS", "starttls-stripped-or-missing", Some(Program::Swaks)),
    // Postfix smtp_proto.c, smtp_connect.c
    ("status=deferred (connect to smtp.example.com[203.0.113.5]:25: Connection timed out)", "port-blocked-drop", Some(Program::Postfix)),
    ("status=deferred (TLS is required, but was not offered by host smtp.example.com[203.0.113.5])", "starttls-stripped-or-missing", Some(Program::Postfix)),
    // Ruby net/smtp (GitLab docs)
    ("SSL_connect returned=1 errno=0 state=SSLv2/v3 read server hello A: unknown protocol (OpenSSL::SSL::SSLError)", "implicit-tls-on-starttls-port", Some(Program::Rails)),
    // Thunderbird composeMsgs.properties
    ("Unable to establish a secure link with Outgoing server (SMTP) smtp.example.com using STARTTLS since it doesn't advertise that feature.", "starttls-stripped-or-missing", Some(Program::MailApp)),
    ("Outgoing server (SMTP) smtp.example.com is unknown. The server may be incorrectly configured.", "dns-failure", Some(Program::MailApp)),
    // Postfix server replies (smtpd.c, smtpd_check.c), as the model gives them
    ("421 4.7.0 mail.example.test Error: too many errors", "too-many-errors", None),
    ("smtplib.SMTPDataError: (552, b'5.3.4 Message size exceeds fixed limit')", "message-too-big", Some(Program::Smtplib)),
    ("550 5.1.1 <nosuchuser@example.test>: Recipient address rejected: User unknown in local recipient table", "recipient-rejected", None),
    // Nodemailer test/smtp-connection: a 554 greeting; Angus Mail SMTPTransport.java
    ("Invalid greeting. response=554 5.3.2 No SMTP service here: 554 5.3.2 No SMTP service here", "greeting-rejected", Some(Program::Nodemailer)),
    ("javax.mail.MessagingException: Got bad greeting from SMTP host: smtp.example.com, port: 25, response: 554", "greeting-rejected", Some(Program::JavaMail)),
    // Nodemailer lib/smtp-connection/index.js _onClose
    ("Error: Connection closed unexpectedly", "connection-closed", None),
    // Exchange Online's 5.7.57, as .NET SmtpClient prints it (OfficeDocs-Exchange#3124)
    ("The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.57 Client not authenticated to send mail.", "auth-required", Some(Program::DotNet)),
    // PHPMailer src/SMTP.php authenticate(): AUTH offered, but no mechanism PHPMailer knows
    ("SMTP Error: Could not authenticate. No supported authentication methods found", "no-common-mechanism", Some(Program::PhpMailer)),
    ("SMTP Error: Could not authenticate. Authentication is not allowed at this stage", "auth-before-starttls", Some(Program::PhpMailer)),
    // Nodemailer _actionSTARTTLS with opportunisticTLS: it went on in plaintext
    ("[2024-01-01 10:00:00] INFO  [abc] Failed STARTTLS upgrade, continuing unencrypted", "opportunistic-tls", None),
    // PHPMailer examples/gmail.phps: STARTTLS required on 587, certificate checks on
    ("$mail->Host = 'smtp.gmail.com';\n$mail->Port = 587;\n$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;\n$mail->SMTPAuth = true;", "settings-ok", Some(Program::PhpMailer)),
    // Postfix src/smtpd/smtpd_check.c (reject_rbl_client), as a Postfix relay's log reports it.
    ("postfix/smtp[123]: 5C56B8F1F5: to=<a@example.org>, relay=mx.example.org[192.0.2.1]:25, dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.1] said: 554 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using zen.spamhaus.org (in reply to RCPT TO command))", "sender-address-refused", Some(Program::Postfix)),
    // Gmail's refusal of a home address (support.google.com/mail/?p=NotAuthorizedError), as
    // Postfix's bounce quotes it: the reply says "relay", but nothing was refused relaying.
    ("<bob@gmail.com>: host gmail-smtp-in.l.google.com[66.249.91.27] said:\n    550-5.7.1 [198.51.100.58] The IP you're using to send mail is not\n    authorized 550-5.7.1 to send email directly to our servers. Please use the\n    SMTP 550-5.7.1 relay at your service provider instead. Learn more at\n    550 5.7.1 https://support.google.com/mail/?p=NotAuthorizedError (in reply to end of DATA command)", "sender-address-refused", None),
];

#[test]
fn real_messages_give_their_cause_first() {
    for &(text, id, program) in MESSAGES {
        let d = diagnose(text);
        assert_eq!(
            d.findings[0].cause.id(),
            id,
            "{text}\n{:#?}",
            d.findings
                .iter()
                .map(|f| (f.cause.id(), &f.matched))
                .collect::<Vec<_>>()
        );
        assert_eq!(d.program, program, "{text}");
        for f in &d.findings {
            assert!(
                !f.source.is_empty() && !f.fix.is_empty() && !f.what.is_empty(),
                "{text}"
            );
            open(f);
        }
    }
    // Every cause has a real message (here or in the tuning set), except "nothing known".
    let tuning = collection("diagnose_tuning.txt");
    let mut covered: Vec<&str> = MESSAGES.iter().map(|m| m.1).collect();
    covered.extend(tuning.iter().map(|m| m.0.as_str()));
    for cause in Cause::ALL {
        if cause != Cause::Unknown {
            assert!(
                covered.contains(&cause.id()),
                "no message for {}",
                cause.id()
            );
        }
    }
}

#[test]
fn the_fix_is_in_the_programs_own_words() {
    let fix = |text: &str| diagnose(text).findings[0].fix.clone();
    let nm = fix("Nodemailer: code=ESOCKET 80CC85D25D7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number");
    assert!(
        nm.contains("`secure: false` and `requireTLS: true`") && nm.contains("`secure: true`"),
        "{nm}"
    );
    let pm = fix("PHPMailer: SMTP -> get_lines(): stream timed-out (300 sec), Port = 465");
    assert!(
        pm.contains("PHPMailer::ENCRYPTION_SMTPS") && pm.contains("`Port = 465`"),
        "{pm}"
    );
    let py = fix("smtplib.SMTPServerDisconnected: Connection unexpectedly closed: timed out");
    assert!(
        py.contains("SMTP_SSL(host, 465, context=ssl.create_default_context())")
            && py.contains("starttls(context=ssl.create_default_context())"),
        "{py}"
    );
    let net = fix("System.Net.Mail.SmtpException: The operation has timed out. port 465");
    assert!(
        net.contains("`EnableSsl = true`") && net.contains("cannot do implicit TLS"),
        "{net}"
    );
    let java = fix("javax.net.ssl.SSLException: Unsupported or unrecognized SSL message");
    assert!(
        java.contains("mail.smtp.starttls.enable") && java.contains("mail.smtp.ssl.enable"),
        "{java}"
    );
    let sy = fix("Symfony\\Component\\Mailer\\Exception\\TransportException: stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages: error:0A00010B:SSL routines::wrong version number");
    assert!(
        sy.contains("smtp://") && sy.contains("smtps://") && sy.contains("MAIL_SCHEME"),
        "{sy}"
    );
    let curl = fix("curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number");
    assert!(
        curl.contains("--ssl-reqd") && curl.contains("smtps://"),
        "{curl}"
    );
    let tb = fix("The message could not be sent because the connection to Outgoing server (SMTP) smtp.example.com timed out. Try again. (port 465)");
    assert!(tb.contains("\"SSL/TLS\""), "{tb}");
    let generic = fix("wrong version number");
    assert!(generic.contains("\"STARTTLS\""), "{generic}");
}

#[test]
fn host_and_port_are_read_back() {
    for (text, host, port) in [
        (
            "Error: connect ETIMEDOUT 203.0.113.9:25",
            Some("203.0.113.9"),
            Some(25),
        ),
        (
            "Connection could not be established with host \"smtp.provider.example:587\"",
            Some("smtp.provider.example"),
            Some(587),
        ),
        (
            "Could not connect to SMTP host: smtp.example.com, port: 465;",
            Some("smtp.example.com"),
            Some(465),
        ),
        (
            "curl: (6) Could not resolve host: no-such-host.invalid",
            Some("no-such-host.invalid"),
            None,
        ),
        (
            "connect to smtp.example.com[203.0.113.5]:25: Connection timed out",
            Some("smtp.example.com"),
            Some(25),
        ),
        (
            "File \"/usr/lib/python3.11/smtplib.py\", line 771, in starttls",
            None,
            None,
        ),
    ] {
        let (h, p) = host_and_port(text);
        assert_eq!((h.as_deref(), p), (host, port), "{text}");
    }
    // A port that never answered was only tried; a session that got a reply was connected.
    let d = diagnose("Error: connect ETIMEDOUT smtp.provider.example:587");
    assert_eq!(
        d.connected().unwrap(),
        "You tried to reach smtp.provider.example on 587."
    );
    let d = diagnose("smtp.provider.example:587 said: 535 5.7.8 Error: authentication failed");
    assert_eq!(
        d.connected().unwrap(),
        "You connected to smtp.provider.example on 587."
    );
}

#[test]
fn nothing_known_says_so_and_what_to_paste() {
    for text in [
        "",
        "hello",
        "It does not work",
        "Everything is fine, thank you",
    ] {
        let d = diagnose(text);
        assert_eq!(d.findings.len(), 1, "{text}");
        assert_eq!(d.findings[0].cause, Cause::Unknown);
        assert!(d.findings[0].fix.contains("C: and S:"));
        // Nothing matched, so there is no evidence to quote.
        assert_eq!(d.findings[0].evidence, "", "{text}");
    }
}

#[test]
fn input_is_cut_at_64_kb_and_says_so() {
    let long = format!("{}wrong version number", "x".repeat(INPUT_LIMIT));
    let d = diagnose(&long);
    assert!(d.truncated);
    assert_eq!(
        d.findings[0].cause,
        Cause::Unknown,
        "the symptom lies past the limit"
    );
    let multibyte = "é".repeat(INPUT_LIMIT);
    assert!(diagnose(&multibyte).truncated);
    assert!(!diagnose("wrong version number").truncated);
}

#[test]
fn pasted_errors_are_told_apart_from_smtp() {
    for line in [
        "Error: connect ETIMEDOUT 203.0.113.9:25",
        "535 5.7.8 Error: authentication failed:",
        "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted.')",
        "    at SMTPConnection._formatError (/app/node_modules/nodemailer/lib/smtp-connection/index.js:798:19)",
        "Traceback (most recent call last):",
        "Oct  3 12:00:01 host postfix/smtp[123]: status=deferred (connect to x[1.2.3.4]:25: Connection timed out)",
        // A server's reply pasted back, though it names no error.
        "250 2.0.0 Ok: queued as 4B377E68F4",
        "250-PIPELINING",
    ] {
        assert!(is_not_smtp(line), "{line}");
    }
    for line in [
        "EHLO laptop.example.org",
        "ehlo x",
        "MAIL FROM:<alice@example.test>",
        "RCPT TO:<bob@example.org>",
        "AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl",
        "YWxpY2VAZXhhbXBsZS50ZXN0",
        "QUIT",
        "STARTTLS",
        "",
        "<img src=x onerror=\"alert(1)\">",
        "Hello Bob",
        // A line of the message typed before DATA: the server answers it, as it would.
        "Hey Bob, lunch at noon?",
        // A command or a base64 answer is sent whatever words its argument spells.
        "MAIL FROM:<alerts-warning@example.org>",
        "RCPT TO:<Failed.Jobs@example.org>",
        "QUFErrorAA==",
    ] {
        assert!(!is_not_smtp(line), "{line}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_gets_at_least_one_cause(text in "\\PC{0,400}") {
        let d = diagnose(&text);
        prop_assert!(!d.findings.is_empty());
        for f in &d.findings {
            // Shown somewhere exactly when the cause is known, and never past the journey's end.
            let known = !matches!(f.cause, Cause::Unknown | Cause::NotMail);
            prop_assert_eq!(f.shown != Shown::Nowhere, known, "{}", f.cause.id());
            if let Shown::Steps(n) = f.shown {
                prop_assert!(n <= journey(f.setup).steps.len(), "{}: {n}", f.cause.id());
            }
        }
        let _ = is_not_smtp(&text);
    }

    #[test]
    fn fragments_of_real_messages_never_break_it(picks in proptest::collection::vec((0..MESSAGES.len(), 0usize..200, 0usize..200), 1..6)) {
        let mut text = String::new();
        for (i, a, b) in picks {
            let m = MESSAGES[i].0;
            let (a, b) = (a.min(m.len()), b.min(m.len()));
            let (a, b) = (a.min(b), a.max(b));
            if m.is_char_boundary(a) && m.is_char_boundary(b) {
                text.push_str(&m[a..b]);
                text.push('\n');
            }
        }
        prop_assert!(!diagnose(&text).findings.is_empty());
    }
}

#[test]
fn the_claims_review_cases_diagnose_right() {
    // Postfix delivering on 25 (src/smtp/smtp_proto.c, 4.7.4): deferred, not fallen back.
    let d = diagnose("postfix/smtp[1711]: 62D3F481249: to=<a@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=4.7.4, status=deferred (TLS is required, but was not offered by host mx.example.com[192.0.2.1])");
    let first = &d.findings[0];
    assert_eq!(first.cause, Cause::StarttlsStrippedOrMissing);
    assert!(
        params(first).contains("policy=mta-sts"),
        "{}",
        params(first)
    );
    assert!(first.fix.contains("deferred queue"), "{}", first.fix);
    assert!(
        !first.fix.contains("465"),
        "an MX has no 465: {}",
        first.fix
    );
    // .NET's SslStream (dotnet/runtime System.Net.Security): a TLS handshake failure.
    let d = diagnose("System.Security.Authentication.AuthenticationException: Authentication failed, see inner exception.");
    assert_eq!(d.findings[0].cause, Cause::CertificateInvalid);
    // A read timeout on 587 is not a greeting awaited on 465.
    let d = diagnose("javax.mail.MessagingException: Could not connect to SMTP host: smtp.example.com, port: 587; nested exception is: java.net.SocketTimeoutException: Read timed out");
    assert!(d
        .findings
        .iter()
        .all(|f| f.cause != Cause::StarttlsOnImplicitPort));
}

#[test]
fn the_second_review_cases_diagnose_right() {
    // MailKit throws its own AuthenticationException for a refused SMTP login.
    let d = diagnose("MailKit.Security.AuthenticationException: 535: 5.7.8 Authentication failed");
    assert_eq!(d.findings[0].cause, Cause::AuthFailed);
    // A program that stopped on 25 has no queue: only Postfix defers and retries.
    let d = diagnose("*** Host did not advertise STARTTLS (connected to mx.example.com port 25)");
    assert!(
        !d.findings[0].fix.contains("deferred queue"),
        "{}",
        d.findings[0].fix
    );
    // "Read timed out" is an open connection that stayed silent, not a dropped port.
    let d = diagnose("javax.mail.MessagingException: Could not connect to SMTP host: smtp.example.com, port: 587; nested exception is: java.net.SocketTimeoutException: Read timed out");
    assert!(d.findings.iter().all(|f| f.cause != Cause::PortBlockedDrop));
}

/// A collection of real messages: `(expected first cause, source, text)`.
fn collection(name: &str) -> Vec<(String, String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name);
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for record in text.split("\n---\n") {
        let mut expect = None;
        let mut source = None;
        let mut body = Vec::new();
        for line in record.lines() {
            if body.is_empty() && line.starts_with('#') {
                continue;
            }
            if let Some(v) = line.strip_prefix("expect: ").filter(|_| expect.is_none()) {
                expect = Some(v.to_string());
            } else if let Some(v) = line.strip_prefix("source: ").filter(|_| source.is_none()) {
                source = Some(v.to_string());
            } else if expect.is_some() {
                body.push(line);
            }
        }
        if let (Some(e), Some(s)) = (expect, source) {
            out.push((e, s, body.join("\n")));
        }
    }
    out
}

/// First cause right / total, and the misses.
fn score(name: &str) -> (usize, usize, Vec<String>) {
    let set = collection(name);
    let mut misses = Vec::new();
    for (expect, source, text) in &set {
        let got = diagnose(text).findings[0].cause.id();
        if got != expect {
            misses.push(format!("{source}: expected {expect}, got {got}"));
        }
    }
    (set.len() - misses.len(), set.len(), misses)
}

#[test]
fn the_collections_of_real_messages_score() {
    let (right, total, misses) = score("diagnose_tuning.txt");
    println!("tuning: {right}/{total}\n{}", misses.join("\n"));
    let (hright, htotal, hmisses) = score("diagnose_holdout.txt");
    println!("hold-out: {hright}/{htotal}\n{}", hmisses.join("\n"));
    assert!(total >= 30 && htotal >= 18);
}

/// Key phrases of each cause's fix, and what it must never say (test audit 3, finding 3).
#[test]
fn every_fix_says_what_fixes_it() {
    #[rustfmt::skip]
    let cases: &[(Cause, u16, &[&str], &[&str])] = &[
        (Cause::PortBlockedDrop, 587, &["465", "2525"], &["on 587"]),
        (Cause::PortBlockedDrop, 25, &["587 or 465", "MX records carry no port"], &[]),
        // Never the port that just failed as the way out (cold-user trial).
        (Cause::PortRefused, 587, &["nothing accepts port 587", "465"], &["on port 587"]),
        (Cause::PortRefused, 465, &["nothing accepts port 465", "587"], &["on port 465"]),
        (Cause::NoRoute, 587, &["rejects port 587", "IPv4", "465"], &["on 587", "on port 587"]),
        (Cause::PortBlockedDrop, 465, &["587"], &["on port 465"]),
        (Cause::ImplicitTlsOnStarttlsPort, 587, &["starts in plaintext", "STARTTLS", "465"], &[]),
        (Cause::ImplicitTlsOnStarttlsPort, 25, &["turn implicit TLS off", "587"], &[]),
        (Cause::StarttlsOnImplicitPort, 465, &["465", "587"], &[]),
        (Cause::AuthBeforeStarttls, 587, &["Start TLS before logging in", "change it"], &[]),
        (Cause::AuthRequired, 587, &["Log in before sending", "over TLS"], &[]),
        (Cause::LoginDisabled, 587, &["administrator", "OAuth 2.0"], &["password is wrong"]),
        (Cause::NoCommonMechanism, 587, &["EHLO reply lists", "XOAUTH2"], &[]),
        (Cause::AuthFailed, 587, &["usual causes"], &[]),
        (Cause::RelayDenied, 25, &["Log in", "587 or 465"], &["submit on 25"]),
        (Cause::SenderAddressRefused, 25, &["provider's submission server", "587", "465", "relayhost = [smtp.provider.example]:587"], &["port 25"]),
        (Cause::CertificateInvalid, 587, &["host name printed on the server's certificate", "trust the CA"], &[]),
        (Cause::DnsFailure, 587, &["host name", "DNS"], &[]),
        (Cause::StarttlsStrippedOrMissing, 587, &["Keep TLS required", "465"], &["plaintext is fine"]),
        (Cause::StarttlsStrippedOrMissing, 25, &["587 with STARTTLS required"], &[]),
        (Cause::OpportunisticTls, 587, &["Make TLS required", "change the password"], &[]),
        (Cause::CertificateNotVerified, 587, &["certificate check back on", "TLS required"], &[]),
        (Cause::TooManyErrors, 25, &["first refused command"], &[]),
        (Cause::MessageTooBig, 25, &["SIZE", "smaller"], &[]),
        (Cause::GreetingRejected, 25, &["turned the session away"], &[]),
        (Cause::RecipientRejected, 25, &["recipient's address"], &[]),
        (Cause::ConnectionClosed, 587, &["last server reply"], &[]),
        (Cause::SettingsOk, 587, &["Nothing to change", "--tls-verify", "-verify_return_error", "-verify_hostname"], &[]),
        (Cause::Delivered, 587, &["Nothing to fix"], &[]),
        (Cause::NotMail, 587, &["mail program"], &[]),
        (Cause::Unknown, 587, &["C: and S:", "settings"], &[]),
    ];
    for cause in Cause::ALL {
        assert!(
            cases.iter().any(|c| c.0 == cause),
            "no key phrases for {}",
            cause.id()
        );
    }
    for &(cause, port, must, never) in cases {
        let text = fix(cause, None, port);
        for m in must {
            assert!(
                text.contains(m),
                "{} on {port}: no {m:?} in {text}",
                cause.id()
            );
        }
        for n in never {
            assert!(
                !text.contains(n),
                "{} on {port}: {n:?} in {text}",
                cause.id()
            );
        }
    }
}

/// Each program's fix in its own words, safe: TLS required, certificate checks on.
#[test]
fn every_programs_fix_is_safe_and_in_its_words() {
    #[rustfmt::skip]
    let words: &[(Program, &[&str])] = &[
        (Program::Nodemailer, &["`secure: true`", "`requireTLS: true`"]),
        (Program::PhpMailer, &["ENCRYPTION_SMTPS", "ENCRYPTION_STARTTLS"]),
        (Program::Smtplib, &["SMTP_SSL(host, 465, context=ssl.create_default_context())", "starttls(context=ssl.create_default_context())"]),
        (Program::DotNet, &["SslOnConnect", "`EnableSsl = true`", "cannot do implicit TLS"]),
        (Program::JavaMail, &["mail.smtp.starttls.required=true", "mail.smtp.ssl.checkserveridentity=true"]),
        (Program::Symfony, &["smtps://", "require_tls=true", "7.3", "MAIL_SCHEME", "Laravel 9–10"]),
        (Program::Rails, &["`tls: true`", "`enable_starttls: true`"]),
        (Program::Go, &["tls.Config{ServerName: host}", "StartTLS"]),
        (Program::Curl, &["smtps://", "--ssl-reqd"]),
        (Program::Swaks, &["--tls-on-connect", "--tls-verify"]),
        (Program::Postfix, &["smtp_tls_wrappermode = yes", "smtp_tls_security_level = secure"]),
        (Program::MailApp, &["\"SSL/TLS\"", "\"STARTTLS\""]),
        (Program::WpMailSmtp, &["Encryption: SSL", "Encryption: TLS", "SMTP Port"]),
        (Program::Msmtp, &["tls_starttls off", "tls_starttls on"]),
        (Program::Lettre, &["SmtpTransport::relay", "starttls_relay"]),
    ];
    for program in Program::ALL {
        let (_, must) = words
            .iter()
            .find(|w| w.0 == program)
            .expect("words for every program");
        // The two mismatches name both settings.
        let both = format!(
            "{}\n{}",
            fix(Cause::ImplicitTlsOnStarttlsPort, Some(program), 587),
            fix(Cause::StarttlsOnImplicitPort, Some(program), 465)
        );
        for m in *must {
            assert!(both.contains(m), "{program:?}: no {m:?} in {both}");
        }
        for cause in Cause::ALL {
            let text = fix(cause, Some(program), 587);
            // Switching checks off is named only to say never (or what it fails to check).
            for risky in [
                "rejectUnauthorized: false",
                "verify_peer",
                "InsecureSkipVerify",
                "`-k`",
                "'none'",
                "ssl.trust",
                "ServerCertificateValidationCallback",
                "dangerous_accept_invalid_certs",
            ] {
                for (at, _) in text.match_indices(risky) {
                    let before = &text[text[..at]
                        .char_indices()
                        .rev()
                        .nth(60)
                        .map_or(0, |(i, _)| i)..at];
                    assert!(
                        ["never", "not ", "checks nothing", "without"]
                            .iter()
                            .any(|w| before.contains(w)),
                        "{program:?} {}: {risky} offered in {text}",
                        cause.id()
                    );
                }
            }
            if program == Program::Smtplib
                && (text.contains("SMTP_SSL(") || text.contains("starttls("))
            {
                assert!(
                    !text.contains("starttls()") && !text.contains("SMTP_SSL(host, 465)"),
                    "{text}"
                );
            }
        }
    }
}

/// Settings alone get a verdict, as each library behaves (tuning set, and the issue's cases).
#[test]
fn settings_are_checked_before_anything_fails() {
    let cases = [
        // Symfony opens smtp://…:465 with implicit TLS (EsmtpTransport: port 465 means TLS).
        ("MAILER_DSN=smtp://user:pass@smtp.example.com:465", "settings-ok"),
        ("MAILER_DSN=smtp://user:pass@smtp.example.com:587", "opportunistic-tls"),
        ("MAILER_DSN=smtp://user:pass@smtp.example.com:587?require_tls=true", "settings-ok"),
        ("s = smtplib.SMTP('smtp.example.com', 587)\ns.starttls()\ns.login(user, password)", "certificate-not-verified"),
        ("s = smtplib.SMTP_SSL('smtp.example.com', 465, context=ssl.create_default_context())", "settings-ok"),
        ("MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_ENCRYPTION=ssl", "opportunistic-tls"),
        ("spring.mail.host=smtp.example.com\nspring.mail.port=587\nspring.mail.properties.mail.smtp.starttls.enable=true\nspring.mail.properties.mail.smtp.starttls.required=true", "certificate-not-verified"),
        ("spring.mail.port=587\nmail.smtp.starttls.enable=true\nmail.smtp.starttls.required=true\nmail.smtp.ssl.checkserveridentity=true", "settings-ok"),
        ("nodemailer.createTransport({ host: 'smtp.example.com', port: 587, secure: true })", "implicit-tls-on-starttls-port"),
        ("nodemailer.createTransport({ host: 'smtp.example.com', port: 465, secure: false })", "starttls-on-implicit-port"),
        ("nodemailer.createTransport({ host: 'smtp.example.com', port: 587, secure: false, requireTLS: true })", "settings-ok"),
    ];
    for (text, id) in cases {
        let d = diagnose(text);
        assert_eq!(
            d.findings[0].cause.id(),
            id,
            "{text}\n{:#?}",
            d.findings
                .iter()
                .map(|f| (f.cause.id(), &f.evidence))
                .collect::<Vec<_>>()
        );
        assert!(
            d.findings[0].evidence.contains("Your settings"),
            "{text}: {}",
            d.findings[0].evidence
        );
        // Each verdict names the library's source or manual that says so.
        assert!(
            !d.findings[0]
                .source
                .contains("documentation for this setting"),
            "{text}: {}",
            d.findings[0].source
        );
        // A file of the library's source or its manual: a path or a file name.
        assert!(
            d.findings[0].source.contains(['/', '.']),
            "{text}: {}",
            d.findings[0].source
        );
    }
    // Laravel's MAIL_ENCRYPTION=ssl: what each version does.
    let d = diagnose("MAIL_MAILER=smtp\nMAIL_PORT=587\nMAIL_ENCRYPTION=ssl");
    assert!(
        d.findings[0].fix.contains("Laravel 9–10 ignore it"),
        "{}",
        d.findings[0].fix
    );
    // The settings' link opens the attack they would lose to.
    let d = diagnose("nodemailer.createTransport({ port: 587, secure: false })");
    assert!(
        params(&d.findings[0]).contains("attack=strip")
            && params(&d.findings[0]).contains("client=opportunistic"),
        "{}",
        params(&d.findings[0])
    );
    let d = diagnose("nodemailer.createTransport({ port: 587, requireTLS: true, tls: { rejectUnauthorized: false } })");
    assert!(
        params(&d.findings[0]).contains("attack=cert")
            && params(&d.findings[0]).contains("verify=0"),
        "{}",
        params(&d.findings[0])
    );
}

/// Each cause names the evidence it rests on, and the issue's misreadings are gone.
#[test]
fn causes_rest_on_evidence_they_name() {
    let d = diagnose("x509: certificate is valid for mail.msfpay.com, not smtp.msfpay.com");
    assert_eq!(d.findings[0].cause, Cause::CertificateInvalid);
    assert!(
        d.findings[0]
            .evidence
            .contains("Connect to mail.msfpay.com instead"),
        "{}",
        d.findings[0].evidence
    );
    // A stack trace with no SMTP in it is not about mail.
    let d = diagnose("Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n    user = settings['user']\nKeyError: 'user'");
    assert_eq!(d.findings[0].cause, Cause::NotMail);
    assert!((d.findings[0].shown == Shown::Nowhere));
    // Go's lookup timed out: the name did not resolve, and no port was dropped.
    let d = diagnose("Error: dial tcp: lookup smtp.sendgrid.net: i/o timeout");
    assert_eq!(d.findings[0].cause, Cause::DnsFailure);
    assert!(d.findings.iter().all(|f| f.cause != Cause::PortBlockedDrop));
    // A success says nothing failed, and nothing else.
    let d = diagnose("S: 250 2.0.0 Ok: queued as 4B377E68F4\nC: QUIT\nS: 221 2.0.0 Bye");
    assert_eq!(d.findings.len(), 1);
    assert_eq!(d.findings[0].cause, Cause::Delivered);
    // A Google Cloud VM whose port 25 is dropped: the link opens the cloud network.
    let d = diagnose("instance-1.us-central1-a.c.my-project.internal: connect to gmail-smtp-in.l.google.com[142.250.1.27]:25: Connection timed out (Compute Engine)");
    assert_eq!(d.findings[0].cause, Cause::PortBlockedDrop);
    assert!(
        params(&d.findings[0]).contains("net=cloud"),
        "{}",
        params(&d.findings[0])
    );
    // Every finding with a link names a rule and a line; unknown and not-mail have no link.
    for (_, _, text) in collection("diagnose_tuning.txt") {
        for f in diagnose(&text).findings {
            assert!(!f.evidence.is_empty(), "{text}: {}", f.cause.id());
            assert_eq!(
                (f.shown == Shown::Nowhere),
                matches!(f.cause, Cause::Unknown | Cause::NotMail),
                "{text}"
            );
        }
    }
}

/// The README's cause table lists exactly the ids the engine has.
#[test]
fn the_readme_lists_every_cause_id() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| !l.starts_with("Cause ids (`data-cause`"))
        .skip(4) // the line itself, a blank line, the header, the rule
        .take_while(|l| l.starts_with("| `"))
        .filter_map(|l| l.split('`').nth(1))
        .collect();
    let ids: Vec<&str> = Cause::ALL.iter().map(|c| c.id()).collect();
    assert_eq!(table, ids);
}

/// EHLO reply and delivery lines as the lab's Postfix gives them
/// (conformance/587_starttls_auth_plain_happy.txt, 25_auth_before_starttls_tls_auth_only_level_may.txt).
fn ehlo(starttls: bool) -> String {
    let offer = if starttls { "S: 250-STARTTLS\n" } else { "" };
    format!("S: 220 mail.example.test ESMTP Postfix (Debian/GNU)\nC: EHLO client.example.test\nS: 250-mail.example.test\nS: 250-PIPELINING\nS: 250-SIZE 10240000\n{offer}S: 250-AUTH PLAIN LOGIN\nS: 250-ENHANCEDSTATUSCODES\nS: 250 CHUNKING\n")
}
const LOGIN_AND_SEND: &str = "C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl\nS: 235 2.7.0 Authentication successful\nC: MAIL FROM:<alice@example.test>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@example.test>\nS: 250 2.1.5 Ok\nC: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: .\nS: 250 2.0.0 Ok: queued as 4Bq1sT0RZ9z9vDq\nC: QUIT\nS: 221 2.0.0 Bye";

#[test]
fn a_login_that_crossed_in_plaintext_is_never_a_success() {
    for offered in [false, true] {
        let text = format!("{}{LOGIN_AND_SEND}", ehlo(offered));
        let d = diagnose(&text);
        let f = &d.findings[0];
        assert_eq!(
            f.cause,
            Cause::OpportunisticTls,
            "offered {offered}: {text}"
        );
        // The command and its mechanism are quoted, the credentials after them cut.
        assert!(
            f.evidence
                .contains("\u{201c}C: AUTH PLAIN \u{2026}\u{201d}"),
            "{}",
            f.evidence
        );
        assert!(f.evidence.contains("before TLS"), "{}", f.evidence);
        // Whether the server's EHLO reply offered STARTTLS, as the transcript shows.
        let said = if offered {
            "the server offered STARTTLS, but"
        } else {
            "offered no STARTTLS"
        };
        assert!(f.evidence.contains(said), "{}", f.evidence);
        assert!(
            !f.evidence.contains("AGFsaWNl"),
            "the credentials are not repeated"
        );
        assert!(
            f.fix.contains("required") && f.fix.contains("change the password"),
            "{}",
            f.fix
        );
        assert!(d.findings.iter().all(|f| f.cause != Cause::Delivered));
    }
    // After STARTTLS, its 220 and the handshake, the same login is a success.
    let tls = format!(
        "{}C: STARTTLS\nS: 220 2.0.0 Ready to start TLS\n* [TLS handshake complete in 0.0189s: TLSv1.3 TLS_AES_256_GCM_SHA384; server cert subject=CN = localhost]\nC: EHLO client.example.test\nS: 250-mail.example.test\nS: 250-AUTH PLAIN LOGIN\nS: 250 CHUNKING\n{LOGIN_AND_SEND}",
        ehlo(true)
    );
    assert_eq!(first(&tls).0, "delivered");
    // swaks marks the lines inside TLS with ~> and <~: a paste that starts after the handshake
    // (conformance/swaks_2525_starttls_auth_login.txt) holds no plaintext login.
    let swaks = " ~> EHLO client.example.test\n<~  250-mail.example.test\n<~  250-AUTH PLAIN LOGIN\n<~  250 CHUNKING\n ~> AUTH LOGIN\n<~  334 VXNlcm5hbWU6\n ~> YWxpY2VAZXhhbXBsZS50ZXN0\n<~  334 UGFzc3dvcmQ6\n ~> Y29ycmVjdCBob3JzZQ==\n<~  235 2.7.0 Authentication successful\n ~> MAIL FROM:<alice@example.test>\n<~  250 2.1.0 Ok";
    assert!(diagnose(swaks)
        .findings
        .iter()
        .all(|f| f.cause != Cause::OpportunisticTls));
    // Implicit TLS on 465: the handshake comes before the greeting.
    let implicit = format!(
        "* [TLS handshake complete in 0.0193s: TLSv1.3 TLS_AES_256_GCM_SHA384; server cert subject=CN = localhost]\n{}{LOGIN_AND_SEND}",
        ehlo(false)
    );
    assert_eq!(first(&implicit).0, "delivered");
    // openssl s_client -starttls smtp -brief did the TLS itself before the typed lines
    // (conformance/openssl_587_starttls_auth_plain.txt); on 465 TLS comes first.
    let s_client = format!("CONNECTION ESTABLISHED\nProtocol version: TLSv1.3\nCiphersuite: TLS_AES_256_GCM_SHA384\nVerification: OK\n{}{LOGIN_AND_SEND}", ehlo(false));
    assert_eq!(first(&s_client).0, "delivered");
    let on_465 = format!(
        "Connecting to smtp.example.com:465\n{}{LOGIN_AND_SEND}",
        ehlo(false)
    );
    assert_eq!(first(&on_465).0, "delivered");
    assert_eq!(diagnose(&on_465).port, Some(465));
    // The same plaintext login as PHPMailer (SMTPDebug = 2, class SMTP's edebug lines) and
    // smtplib (set_debuglevel(1): `send:` and `reply:`) print it.
    let phpmailer = "SERVER -> CLIENT: 220 mail.example.test ESMTP Postfix (Debian/GNU)\nCLIENT -> SERVER: EHLO web1\nSERVER -> CLIENT: 250-mail.example.test\n250-AUTH PLAIN LOGIN\n250 CHUNKING\nCLIENT -> SERVER: AUTH LOGIN\nSERVER -> CLIENT: 334 VXNlcm5hbWU6\nCLIENT -> SERVER: [credentials hidden]\nSERVER -> CLIENT: 334 UGFzc3dvcmQ6\nCLIENT -> SERVER: [credentials hidden]\nSERVER -> CLIENT: 235 2.7.0 Authentication successful\nCLIENT -> SERVER: MAIL FROM:<alice@example.test>\nSERVER -> CLIENT: 250 2.1.0 Ok";
    let (id, f) = first(phpmailer);
    assert_eq!(id, "opportunistic-tls");
    // AUTH LOGIN sends its credentials on the lines after it: nothing to cut.
    assert!(
        f.evidence.contains("\u{201c}C: AUTH LOGIN\u{201d}"),
        "{}",
        f.evidence
    );
    // A refusal after the login (Postfix's 552 5.3.4 to the message) does not hide the leak:
    // both are named, the login first.
    let too_big = format!(
        "{}{}\nC: .\nS: 552 5.3.4 Message size exceeds fixed limit",
        ehlo(false),
        LOGIN_AND_SEND.split("\nC: .").next().unwrap()
    );
    let d = diagnose(&too_big);
    let ids: Vec<&str> = d.findings.iter().map(|f| f.cause.id()).collect();
    assert_eq!(
        ids[..2],
        ["opportunistic-tls", "message-too-big"],
        "{too_big}"
    );
    // The simulator's own transcript (its time column) of an attacker stripping STARTTLS from
    // a program that uses it only if offered: the login crossed readable, though "queued".
    let stripped = "0.072 s S: 220 mail.example.test ESMTP Postfix (Debian/GNU) plain\n0.072 s C: EHLO laptop.example.org plain\n0.096 s S: 250-mail.example.test plain\n0.096 s S: 250-STARTTLS plain\n0.096 s S: 250 CHUNKING plain\n0.096 s ATK passes the reply on with 250-XXXXXXXA in place of 250-STARTTLS, and 250-AUTH PLAIN LOGIN added plain\n0.096 s TLS STARTTLS not offered: carrying on without TLS plain\n0.144 s C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABjb3JyZWN0IGhvcnNl plain\n0.168 s S: 235 2.7.0 Authentication successful plain\n0.264 s S: 250 2.0.0 Ok: queued as 9E3779B97F plain";
    let (id, f) = first(stripped);
    assert_eq!(id, "opportunistic-tls", "{stripped}");
    assert!(f.evidence.contains("250-XXXXXXXA"), "{}", f.evidence);
    assert!(
        !f.evidence.contains("AGFsaWNl"),
        "no credentials quoted: {}",
        f.evidence
    );
    let smtplib = "send: 'ehlo web1\\r\\n'\nreply: b'250-mail.example.test\\r\\n'\nreply: b'250-STARTTLS\\r\\n'\nreply: b'250 AUTH PLAIN LOGIN\\r\\n'\nsend: 'AUTH PLAIN AGFsaWNl\\r\\n'\nreply: b'235 2.7.0 Authentication successful\\r\\n'";
    assert_eq!(first(smtplib).0, "opportunistic-tls");
    let smtplib_tls = "send: 'STARTTLS\\r\\n'\nreply: b'220 2.0.0 Ready to start TLS\\r\\n'\nsend: 'ehlo web1\\r\\n'\nsend: 'AUTH PLAIN AGFsaWNl\\r\\n'\nreply: b'235 2.7.0 Authentication successful\\r\\n'";
    assert_ne!(first(smtplib_tls).0, "opportunistic-tls");
    // CRAM-MD5 never sends the password itself (RFC 2195).
    let cram = format!("{}C: AUTH CRAM-MD5\nS: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\nC: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\nS: 235 2.7.0 Authentication successful", ehlo(false));
    assert_ne!(first(&cram).0, "opportunistic-tls");
    // A plaintext AUTH the server refused is not this cause.
    let refused = format!(
        "{}C: AUTH PLAIN AGFsaWNl\nS: 503 5.5.1 Error: authentication not enabled",
        ehlo(true)
    );
    assert!(diagnose(&refused)
        .findings
        .iter()
        .all(|f| f.cause != Cause::OpportunisticTls));
    // Refused there, the client starts TLS and logs in inside it: the login accepted was not
    // in plaintext (the lab's Postfix with smtpd_tls_auth_only, as recorded).
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/conformance/25_auth_before_starttls_tls_auth_only_level_may.txt");
    let recording = std::fs::read_to_string(path).unwrap();
    let transcript = recording.split("# ----").next().unwrap();
    assert!(transcript.contains("S: 503 5.5.1") && transcript.contains("S: 235 2.7.0"));
    assert!(diagnose(transcript)
        .findings
        .iter()
        .all(|f| f.cause != Cause::OpportunisticTls));
}

#[test]
fn laravel_tls_on_465_is_read_by_laravel_version() {
    // Laravel 9+ MailManager::createSmtpTransport(): `encryption === 'tls'` with port 465 gives
    // the `smtps` scheme, and symfony/mailer's EsmtpTransport turns TLS on at once for port 465;
    // Laravel ≤ 8 (SwiftMailer) reads `tls` as STARTTLS, which waits for a plaintext greeting.
    let env = "MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=465\nMAIL_USERNAME=alice@example.com\nMAIL_PASSWORD=secret\nMAIL_ENCRYPTION=tls\n";
    let d = diagnose(env);
    let f = &d.findings[0];
    assert_eq!(f.cause, Cause::SettingsOk, "{:?}", d.findings);
    assert!(f.evidence.contains("Laravel 9"), "{}", f.evidence);
    assert!(
        f.fix.contains("Laravel ≤ 8") && f.fix.contains("MAIL_ENCRYPTION=ssl"),
        "{}",
        f.fix
    );
    for f in &d.findings {
        assert!(
            !f.fix.contains("`MAIL_PORT=465`") && !f.fix.contains("`MAIL_ENCRYPTION=tls`"),
            "{}: the fix asks for a value already set: {}",
            f.cause.id(),
            f.fix
        );
    }
}

#[test]
fn a_second_cause_the_text_rules_out_is_dropped() {
    // Nodemailer lib/smtp-connection/index.js: the greeting timer starts once TCP connected.
    let greeting = "Error: Greeting never received\n    at SMTPConnection._formatError (/app/node_modules/nodemailer/lib/smtp-connection/index.js:807:19) {\n  code: 'ETIMEDOUT',\n  command: 'CONN'\n}";
    let d = diagnose(greeting);
    assert_eq!(d.findings[0].cause, Cause::StarttlsOnImplicitPort);
    assert!(
        d.findings.iter().all(|f| f.cause != Cause::PortBlockedDrop),
        "{:?}",
        d.findings
            .iter()
            .map(|f| (f.cause.id(), &f.evidence))
            .collect::<Vec<_>>()
    );
    // PHPMailer SMTP::connect(): a TCP connect that timed out never reached TLS or a greeting.
    let connect = "SMTP ERROR: Failed to connect to server: Connection timed out (110)";
    let d = diagnose(connect);
    assert_eq!(d.findings[0].cause, Cause::PortBlockedDrop);
    assert!(
        d.findings
            .iter()
            .all(|f| f.cause != Cause::StarttlsOnImplicitPort),
        "{:?}",
        d.findings
            .iter()
            .map(|f| (f.cause.id(), &f.evidence))
            .collect::<Vec<_>>()
    );
    // Nodemailer's `secure: true` starts TLS at once (lib/smtp-connection): whatever kept its
    // greeting away, it was not waiting for a plaintext greeting on a TLS port.
    let secure = format!(
        "nodemailer.createTransport({{ host: 'smtp.example.com', secure: true }})\n{greeting}"
    );
    assert!(diagnose(&secure)
        .findings
        .iter()
        .all(|f| f.cause != Cause::StarttlsOnImplicitPort));
}

#[test]
fn a_name_that_did_not_resolve_was_never_connected_to() {
    // Node.js dns (getaddrinfo ENOTFOUND), as Nodemailer passes it on.
    let d = diagnose("Error: getaddrinfo ENOTFOUND smtp.gmial.com");
    assert_eq!(d.findings[0].cause, Cause::DnsFailure);
    let line = d.connected().unwrap();
    assert!(!line.contains("connected"), "{line}");
    assert!(line.contains("smtp.gmial.com"), "{line}");
}

/// What the line above the causes says happened: connected, only tried, or settings only.
#[test]
fn the_connection_line_says_what_happened() {
    let line = |text: &str| diagnose(text).connected();
    // A reply came back: connected, with or without a host.
    assert_eq!(
        line("535 5.7.8 Error: authentication failed (port 587)").as_deref(),
        Some("You connected on 587.")
    );
    // Nothing answered on the port: only tried.
    assert_eq!(
        line("Error: connect ETIMEDOUT port 25").as_deref(),
        Some("You tried to connect on 25.")
    );
    // A name that did not resolve, with no name to quote: nothing to say.
    assert_eq!(line("getaddrinfo ENOTFOUND port 587"), None);
    // No host and no port: nothing to say, whatever the cause.
    assert_eq!(line("535 5.7.8 Error: authentication failed"), None);
    // Not about mail: no connection line, though the text names a host and port.
    let d = diagnose("Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n    conn = connect('db.example.com:5432')\nKeyError: 'user'");
    assert_eq!(d.findings[0].cause, Cause::NotMail);
    assert_eq!(
        (d.host.as_deref(), d.port),
        (Some("db.example.com"), Some(5432))
    );
    assert_eq!(d.connected(), None);
    // Settings connect nowhere yet: they name the server.
    let d = diagnose(
        "MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_ENCRYPTION=tls",
    );
    assert!(d.settings_only);
    assert_eq!(
        d.connected().as_deref(),
        Some("Your settings name smtp.example.com on 587.")
    );
    let d = diagnose("spring.mail.port=2525\nmail.smtp.starttls.enable=true");
    assert_eq!(
        d.connected().as_deref(),
        Some("Your settings name the server on 2525.")
    );
    // A failure printed next to the settings is what happened.
    let d = diagnose("nodemailer.createTransport({ host: 'smtp.example.com', port: 587, tls: { rejectUnauthorized: false } })\nError: connect ETIMEDOUT 203.0.113.9:587");
    assert!(!d.settings_only);
    assert_eq!(
        d.connected().as_deref(),
        Some("You tried to reach smtp.example.com on 587.")
    );
}

/// The causes are ordered and unique: a failure before what the settings would do, a success
/// only when nothing failed, no cause twice.
#[test]
fn causes_come_once_failures_first() {
    // A port that never answered, and settings that switch the certificate check off: the
    // failure is first, the settings' risk second.
    let d = diagnose("nodemailer.createTransport({ host: 'smtp.example.com', port: 587, tls: { rejectUnauthorized: false } })\nError: connect ETIMEDOUT 203.0.113.9:587");
    let ids: Vec<_> = d.findings.iter().map(|f| f.cause.id()).collect();
    assert_eq!(ids[0], "port-blocked-drop", "{ids:?}");
    assert!(ids.contains(&"certificate-not-verified"), "{ids:?}");
    // Nodemailer's own words for it, which rank only a little above a plain match: the failure
    // still comes first, as settings rank below any sure failure.
    let d = diagnose("nodemailer.createTransport({ host: 'smtp.example.com', port: 587, tls: { rejectUnauthorized: false } })\nError: Connection timeout");
    assert_eq!(d.findings[0].cause, Cause::PortBlockedDrop);
    // A likely failure is no sure one: what the settings do for certain comes first, the
    // failure second (Thunderbird's messengercompose.ftl, send-error-smtp-request-refused).
    let d = diagnose("nodemailer.createTransport({ host: 'smtp.example.com', port: 587, tls: { rejectUnauthorized: false } })\nThe server may be unavailable or is refusing SMTP connections.");
    let ids: Vec<_> = d.findings.iter().map(|f| f.cause.id()).collect();
    assert_eq!(
        ids[..2],
        ["certificate-not-verified", "port-refused"],
        "{ids:?}"
    );
    // Two things the settings do: the one that breaks the connection (TLS at once on a port
    // that starts in plaintext) before the risk (no certificate check); after a failure, both
    // below it in the same order.
    let settings = "nodemailer.createTransport({ host: 'smtp.example.com', port: 587, secure: true, tls: { rejectUnauthorized: false } })";
    let ids = |text: &str| -> Vec<&'static str> {
        diagnose(text)
            .findings
            .iter()
            .map(|f| f.cause.id())
            .collect()
    };
    assert_eq!(
        ids(settings),
        ["implicit-tls-on-starttls-port", "certificate-not-verified"]
    );
    assert_eq!(
        ids(&format!(
            "{settings}\nError: connect ETIMEDOUT 203.0.113.9:587"
        )),
        [
            "port-blocked-drop",
            "implicit-tls-on-starttls-port",
            "certificate-not-verified"
        ]
    );
    // A login seen crossing in plaintext (PHPMailer's SMTPDebug lines) outranks what the
    // settings would risk: it happened.
    let phpmailer = "$mail->SMTPOptions = ['ssl' => ['verify_peer' => false]];\nSERVER -> CLIENT: 220 mail.example.test ESMTP Postfix (Debian/GNU)\nCLIENT -> SERVER: EHLO web1\nSERVER -> CLIENT: 250-mail.example.test\n250-AUTH PLAIN LOGIN\n250 CHUNKING\nCLIENT -> SERVER: AUTH LOGIN\nSERVER -> CLIENT: 334 VXNlcm5hbWU6\nCLIENT -> SERVER: [credentials hidden]\nSERVER -> CLIENT: 334 UGFzc3dvcmQ6\nCLIENT -> SERVER: [credentials hidden]\nSERVER -> CLIENT: 235 2.7.0 Authentication successful";
    assert_eq!(
        ids(phpmailer),
        ["opportunistic-tls", "certificate-not-verified"]
    );
    // Django's EMAIL_USE_TLS is STARTTLS, on 465 where TLS comes first (Django's settings docs:
    // EMAIL_USE_SSL for 465), and smtplib's reset that followed (Lib/smtplib.py getreply:
    // "Connection unexpectedly closed: " and the OSError): a reset is only likely the cause, and
    // does not outrank what the settings say.
    let django = "EMAIL_HOST = 'smtp.example.com'\nEMAIL_PORT = 465\nEMAIL_USE_TLS = True\n\nsmtplib.SMTPServerDisconnected: Connection unexpectedly closed: [Errno 104] Connection reset by peer";
    assert_eq!(
        ids(django)[..2],
        ["starttls-on-implicit-port", "connection-closed"]
    );
    // The same settings with a name that did not resolve (CPython's socket.gaierror, glibc's
    // EAI_NONAME): nothing was connected, so the failure comes first, the port mismatch after.
    let unresolved = "EMAIL_HOST = 'smtp.example.con'\nEMAIL_PORT = 465\nEMAIL_USE_TLS = True\n\nsocket.gaierror: [Errno -2] Name or service not known";
    assert_eq!(
        ids(unresolved)[..2],
        ["dns-failure", "starttls-on-implicit-port"]
    );
    // The same settings alone: their risk is the first cause.
    let d = diagnose("nodemailer.createTransport({ host: 'smtp.example.com', port: 587, tls: { rejectUnauthorized: false } })");
    assert_eq!(d.findings[0].cause, Cause::CertificateNotVerified);
    // Two risks in one set of settings: both, once each.
    let d = diagnose("nodemailer.createTransport({ port: 587, secure: false, tls: { rejectUnauthorized: false } })");
    let ids: Vec<_> = d.findings.iter().map(|f| f.cause.id()).collect();
    assert!(
        ids.contains(&"certificate-not-verified") && ids.contains(&"opportunistic-tls"),
        "{ids:?}"
    );
    for (i, id) in ids.iter().enumerate() {
        assert!(!ids[i + 1..].contains(id), "{id} twice: {ids:?}");
    }
    // A failed login, then a later message queued: the failure is what to fix, and a
    // success is never listed beside a failure.
    let d = diagnose(
        "S: 535 5.7.8 Error: authentication failed\nS: 250 2.0.0 Ok: queued as 4B377E68F4",
    );
    assert_eq!(d.findings[0].cause, Cause::AuthFailed);
    assert!(d.findings.iter().all(|f| f.cause != Cause::Delivered));
}

/// Settings fail at no step: their link opens the whole journey they lead to.
#[test]
fn a_settings_link_shows_the_whole_journey() {
    for (text, client, attack) in [
        ("nodemailer.createTransport({ host: 'smtp.example.com', port: 587, secure: false, requireTLS: true })", None, None),
        ("nodemailer.createTransport({ port: 587, secure: false })", Some(ClientTls::Opportunistic), Some(Attack::Strip)),
        ("nodemailer.createTransport({ port: 465, secure: true, tls: { rejectUnauthorized: false } })", None, Some(Attack::Cert)),
    ] {
        let f = &diagnose(text).findings[0];
        let (setup, step) = open(f);
        assert_eq!((setup.client, setup.attack), (client, attack), "{text}: {}", params(f));
        assert_eq!(setup.network, smtp_sim::Network::Open, "{}", params(f));
        // No step fails, so none is named.
        assert!(!f.what.contains("In the simulator"), "{text}: {}", f.what);
        assert_eq!(step, journey(setup).steps.len(), "{text}: {}", params(f));
    }
    // A cloud VM's dropped port 25 opens the cloud network, not a separate block, at the step
    // where the connection times out.
    let d = diagnose("instance-1.us-central1-a.c.my-project.internal: connect to gmail-smtp-in.l.google.com[142.250.1.27]:25: Connection timed out (Compute Engine)");
    let (setup, step) = open(&d.findings[0]);
    assert_eq!(
        (setup.network, setup.block),
        (smtp_sim::Network::Cloud, None)
    );
    let steps = journey(setup).steps;
    assert!(
        steps[step - 1].title.contains("timed out") || step == steps.len(),
        "{}",
        params(&d.findings[0])
    );
}

/// The 64 KB cut falls on a character boundary before the limit, never after it.
#[test]
fn the_cut_keeps_whole_characters_before_the_limit() {
    let head = "x".repeat(INPUT_LIMIT - 100);
    let line = "wrong version number ";
    let pad = "z".repeat(INPUT_LIMIT - 1 - head.len() - 1 - line.len());
    // The euro sign starts one byte before the limit: it is cut whole.
    let text = format!("{head}\n{line}{pad}€ and more");
    assert_eq!(text.find('€'), Some(INPUT_LIMIT - 1));
    let d = diagnose(&text);
    assert!(d.truncated);
    let f = d
        .findings
        .iter()
        .find(|f| f.evidence.contains("wrong version number"))
        .expect("the TLS error is read");
    assert!(f.evidence.contains("zzz\u{201d}"), "{}", f.evidence);
    assert!(!f.evidence.contains('€'), "{}", f.evidence);
}

/// A certificate for another name says which name to connect to; a wildcard or an empty name
/// gives no such advice.
#[test]
fn a_name_mismatch_names_the_host_to_use() {
    // php-src ext/openssl/xp_ssl.c php_openssl_matches_common_name():
    // "Peer certificate CN=`%.*s' did not match expected CN=`%s'".
    let php = "PHP Warning:  stream_socket_enable_crypto(): Peer certificate CN=`mail.example.net' did not match expected CN=`smtp.example.com' in /var/www/vendor/phpmailer/phpmailer/src/SMTP.php on line 476";
    let d = diagnose(php);
    assert_eq!(d.findings[0].cause, Cause::CertificateInvalid);
    let evidence = &d.findings[0].evidence;
    assert!(
        evidence.contains(
            "The certificate is for mail.example.net; you connected to smtp.example.com."
        ) && evidence.contains("Connect to mail.example.net instead"),
        "{evidence}"
    );
    // An empty CN names nothing to connect to.
    let d = diagnose("stream_socket_enable_crypto(): Peer certificate CN=`' did not match expected CN=`smtp.example.com'");
    assert!(
        !d.findings[0].evidence.contains("The certificate is for"),
        "{}",
        d.findings[0].evidence
    );
    // PHP's CN pair is read for PHP's sentence only: Go's mismatch beside it keeps Go's names.
    let d = diagnose("x509: certificate is valid for a.example.org, b.example.org, not c.example.org\nPeer certificate CN=`x.example.net' is malformed");
    assert!(d.findings[0].evidence.contains("The certificate is for a.example.org, b.example.org; you connected to c.example.org. Connect to a.example.org instead"), "{}", d.findings[0].evidence);
    // A wildcard certificate: the names, but no single host to connect to.
    let d =
        diagnose("x509: certificate is valid for *.example.org, example.org, not smtp.example.com");
    let evidence = &d.findings[0].evidence;
    assert!(
        evidence.contains("The certificate is for *.example.org, example.org")
            && !evidence.contains("Connect to"),
        "{evidence}"
    );
}

/// Each cause has a heading and a sentence of its own; failures are told from what is not one.
#[test]
fn every_cause_has_its_own_words() {
    let mut titles = std::collections::BTreeSet::new();
    let mut whats = std::collections::BTreeSet::new();
    for cause in Cause::ALL {
        let (title, what) = (cause.title(), cause.what());
        assert!(
            title.len() >= 10 && !title.ends_with('.'),
            "{}: {title}",
            cause.id()
        );
        assert!(
            what.len() >= 40 && (what.ends_with('.') || what.ends_with(".)")),
            "{}: {what}",
            cause.id()
        );
        assert!(titles.insert(title), "{title} twice");
        assert!(whats.insert(what), "{what} twice");
    }
    let not_failures: Vec<_> = Cause::ALL
        .iter()
        .filter(|c| !c.is_failure())
        .map(|c| c.id())
        .collect();
    assert_eq!(
        not_failures,
        [
            "opportunistic-tls",
            "certificate-not-verified",
            "settings-ok",
            "delivered",
            "not-mail",
            "unknown"
        ]
    );
}

/// A reply line alone names its cause by its code and enhanced code, at the very start of the
/// text, after `S: `, or inside a sentence. Lines as Postfix 3.7 gives them (conformance
/// recordings), as RFC 4954 §6 lists them, or as Microsoft 365 sends them.
#[test]
fn reply_codes_alone_name_their_cause() {
    let lines = [
        ("535 5.7.139 Authentication unsuccessful", "login-disabled"),
        ("530 5.7.57 Client not authenticated to send mail", "auth-required"),
        ("530 5.7.0 Must issue a STARTTLS command first", "auth-before-starttls"),
        ("538 5.7.11 Encryption required for requested authentication mechanism", "auth-before-starttls"),
        ("530 5.7.0 Authentication required", "auth-required"),
        ("535 5.7.8 Error: authentication failed: authentication failure", "auth-failed"),
        ("534 5.7.9 Authentication mechanism is too weak", "auth-failed"),
        ("554 5.7.1 <bob@example.net>: Relay access denied", "relay-denied"),
        ("552 5.3.4 Message size exceeds fixed limit", "message-too-big"),
        ("550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table", "recipient-rejected"),
        ("454 4.7.0 TLS not available due to local problem", "starttls-stripped-or-missing"),
        ("421 4.7.0 mail.example.org Error: too many errors", "too-many-errors"),
        ("421 4.4.2 mail.example.org Error: timeout exceeded", "connection-closed"),
        ("250 2.0.0 Ok: queued as 4B377E68F4", "delivered"),
    ];
    for (line, id) in lines {
        for text in [
            line.to_string(),
            format!("S: {line}"),
            format!("The server said ({line})"),
        ] {
            let d = diagnose(&text);
            assert_eq!(
                d.findings[0].cause.id(),
                id,
                "{text}\n{:#?}",
                d.findings
                    .iter()
                    .map(|f| (f.cause.id(), &f.matched))
                    .collect::<Vec<_>>()
            );
        }
    }
    // 552 is "exceeded storage allocation" (RFC 5321 §4.2.3) only when no enhanced code says
    // otherwise: 5.2.2 is a full mailbox (RFC 3463 §3.3), not a message too big.
    for text in ["552 5.2.2 Mailbox full", "S: 552 5.2.2 Mailbox full"] {
        let d = diagnose(text);
        assert!(
            d.findings.iter().all(|f| f.cause != Cause::MessageTooBig),
            "{text}"
        );
    }
    assert_eq!(
        diagnose("552 Requested mail action aborted: exceeded storage allocation").findings[0]
            .cause,
        Cause::MessageTooBig
    );
}

/// Host and port from the forms settings and logs write them in; nothing from look-alikes.
#[test]
fn host_and_port_come_from_keys_and_addresses_only() {
    let cases: &[(&str, Option<&str>, Option<u16>)] = &[
        // Settings: `key=value`, `key: value`, `key = value`, with any prefix.
        (
            "MAIL_HOST=smtp.example.com\nMAIL_PORT=2525",
            Some("smtp.example.com"),
            Some(2525),
        ),
        (
            "spring.mail.host=smtp.example.com\nspring.mail.port=465",
            Some("smtp.example.com"),
            Some(465),
        ),
        (
            "host: 'smtp.example.com',\n  port: 587,",
            Some("smtp.example.com"),
            Some(587),
        ),
        (
            "$mail->Host = 'smtp.example.com';\n$mail->Port = 465;",
            Some("smtp.example.com"),
            Some(465),
        ),
        ("smtp_port : 25", None, Some(25)),
        ("--port 2525 --server smtp.example.com", None, Some(2525)),
        ("EMAIL_PORT = 587", None, Some(587)),
        (
            "mail-host=relay.example.org",
            Some("relay.example.org"),
            None,
        ),
        // Postfix's "host … said".
        (
            "host smtp.example.com[203.0.113.5] said: 535 5.7.8 Error",
            Some("smtp.example.com"),
            None,
        ),
        // Look-alikes: a transport, a support line, a local host, a file, a version, port 0.
        ("transport: smtp\nsupport: 587", None, None),
        // In `host:port` the port counts only beside a DNS name or an address.
        ("localhost:25", None, None),
        (
            "File \"/usr/lib/python3.11/smtplib.py\", line 398",
            None,
            None,
        ),
        ("version 3.7.11 port 0", None, None),
        ("port 99999", None, None),
        ("port: 587abc", None, Some(587)),
        (
            "ssl://smtp.example.com:465",
            Some("smtp.example.com"),
            Some(465),
        ),
        (
            "tls:smtp.example.com:465",
            Some("smtp.example.com"),
            Some(465),
        ),
        (
            "user@smtp.example.com:587",
            Some("smtp.example.com"),
            Some(587),
        ),
        ("[203.0.113.9]:25", Some("203.0.113.9"), Some(25)),
        (
            "lookup smtp.sendgrid.net: i/o timeout",
            Some("smtp.sendgrid.net"),
            None,
        ),
        (
            "getaddrinfo EAI_AGAIN smtp.example.com",
            Some("smtp.example.com"),
            None,
        ),
        ("ENOTFOUND .example.com", None, None),
        ("connect to a.b:25", None, None),
        ("connect to my_host.example.com:25", None, None),
        // The mail server's keys, not another service's before them: Laravel's .env
        // (laravel/laravel .env.example order: DB_, REDIS_, then MAIL_), Spring Boot's
        // application.properties (server.port is the web server's).
        (
            "DB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=3306\nREDIS_HOST=127.0.0.1\nREDIS_PORT=6379\nMAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=587",
            Some("smtp.mailgun.org"),
            Some(587),
        ),
        (
            "server.port=8080\nspring.mail.host=smtp.gmail.com\nspring.mail.port=587",
            Some("smtp.gmail.com"),
            Some(587),
        ),
        // Another service's host alone names no mail server.
        ("DB_HOST=db.example.com\nMAIL_PORT=587", None, Some(587)),
    ];
    for &(text, host, port) in cases {
        let (h, p) = host_and_port(text);
        assert_eq!((h.as_deref(), p), (host, port), "{text}");
    }
    // The first of each wins.
    let (h, p) = host_and_port("connect to first.example.com:587 then second.example.com:25");
    assert_eq!((h.as_deref(), p), (Some("first.example.com"), Some(587)));
}

/// A refused sending address is told from a relay refusal, and its link shows the way round it:
/// submission from home on 587.
#[test]
fn a_refused_sending_address_is_not_a_relay_refusal() {
    let gmail = MESSAGES
        .iter()
        .find(|m| m.0.contains("The IP you're using"))
        .unwrap()
        .0;
    let d = diagnose(gmail);
    assert!(d.findings.iter().all(|f| f.cause != Cause::RelayDenied));
    let (setup, step) = open(&d.findings[0]);
    assert_eq!(
        (setup.port, setup.network),
        (Port::P587, smtp_sim::Network::Home)
    );
    assert_eq!(step, journey(setup).steps.len());
    // A relay refusal stays one.
    let d = diagnose("554 5.7.1 <bob@example.net>: Relay access denied");
    assert_eq!(d.findings[0].cause, Cause::RelayDenied);
}

/// A reply code is read only where it stands alone: at a line's start, after a space or an
/// opening quote or bracket, before a space, punctuation or a sentence's full stop; never inside
/// a number, a word, a version or a line number.
#[test]
fn a_reply_code_stands_alone() {
    let failed = |text: &str| {
        diagnose(text)
            .findings
            .iter()
            .any(|f| f.cause == Cause::AuthFailed)
    };
    for text in [
        "535",
        "first line\n535 Error: authentication failed",
        "the server answered 535.",
        "the server answered 535, then closed",
        "code=(535)",
        "[535]",
        "'535'",
        "\"535\"",
        "got 535: authentication failed",
    ] {
        assert!(failed(text), "{text:?} is a 535");
    }
    for text in [
        "version 535.2 installed",
        "x535 y",
        "5351 items",
        "a535",
        "535x",
        "smtplib.py, line 535, in login",
        "see issue #535",
    ] {
        assert!(!failed(text), "{text:?} is no 535");
    }
}

/// An enhanced status code is read only where it stands alone (RFC 3463 §2: class.subject.detail,
/// 1-3 digits each): not inside a longer number or a version.
#[test]
fn an_enhanced_code_stands_alone() {
    let failed = |text: &str| {
        diagnose(text)
            .findings
            .iter()
            .any(|f| f.cause == Cause::AuthFailed)
    };
    for text in [
        "5.7.8",
        "dsn=5.7.8, status=bounced",
        "the server answered 5.7.8.",
        "(5.7.8)",
    ] {
        assert!(failed(text), "{text:?} is a 5.7.8");
    }
    for text in [
        "version 15.7.8",
        "release 1.5.7.8",
        "release 5.7.8.1",
        "5.7.81 items",
        "5.7.8123",
        "55.7.8",
    ] {
        assert!(!failed(text), "{text:?} is no 5.7.8");
    }
}

/// Fixes that depend on the program, the port or the settings say so only there.
#[test]
fn fixes_follow_the_program_port_and_settings() {
    // Each program's name is its own.
    let names: std::collections::BTreeSet<&str> = Program::ALL.iter().map(|p| p.name()).collect();
    assert_eq!(names.len(), Program::ALL.len());
    assert!(names.iter().all(|n| n.len() >= 4), "{names:?}");
    // Postfix gets its own settings for a refused address and for a certificate on 25.
    let postfix = Some(Program::Postfix);
    assert!(fix(Cause::SenderAddressRefused, postfix, 25).contains("smtp_sasl_password_maps"));
    assert!(!fix(Cause::SenderAddressRefused, None, 25).contains("smtp_sasl_password_maps"));
    // A Postfix that delivers to MXes itself is told what direct delivery takes, and only it.
    assert!(fix(Cause::SenderAddressRefused, postfix, 25).contains("reverse DNS"));
    assert!(
        !fix(Cause::SenderAddressRefused, Some(Program::Nodemailer), 25).contains("reverse DNS")
    );
    assert!(fix(Cause::CertificateInvalid, postfix, 25).starts_with("Keep the message queued"));
    assert!(fix(Cause::CertificateInvalid, postfix, 587).starts_with("Connect to a host name"));
    assert!(fix(Cause::CertificateInvalid, None, 25).starts_with("Connect to a host name"));
    // Safe settings are tested for real the way their port starts TLS.
    assert!(fix(Cause::SettingsOk, None, 465).contains("--tls-on-connect"));
    assert!(!fix(Cause::SettingsOk, None, 587).contains("--tls-on-connect"));
    assert!(fix(Cause::SettingsOk, None, 587).contains("-starttls smtp"));
    // WP Mail SMTP has its own debug output to paste.
    assert!(fix(Cause::Unknown, Some(Program::WpMailSmtp), 587).contains("Email Test"));
    assert!(fix(Cause::Unknown, None, 587).contains("C: and S:"));
    // Laravel's MAIL_ENCRYPTION notes go with the TLS causes only, not with a refused login.
    for (settings, note) in [
        (
            "MAIL_MAILER=smtp\nMAIL_PORT=587\nMAIL_ENCRYPTION=ssl",
            "Laravel and `MAIL_ENCRYPTION=ssl`",
        ),
        (
            "MAIL_MAILER=smtp\nMAIL_PORT=465\nMAIL_ENCRYPTION=tls",
            "Laravel with `tls` on 465",
        ),
    ] {
        let d = diagnose(&format!(
            "{settings}\n535 5.7.8 Error: authentication failed"
        ));
        let login = d
            .findings
            .iter()
            .find(|f| f.cause == Cause::AuthFailed)
            .expect("the 535");
        assert!(!login.fix.contains(note), "{settings}: {}", login.fix);
        let d = diagnose(settings);
        assert!(
            d.findings[0].fix.contains(note),
            "{settings}: {} {}",
            d.findings[0].cause.id(),
            d.findings[0].fix
        );
    }
}

/// A mail server's own log that names its database is still about mail: Postfix reads its
/// tables from MySQL with `mysql:` lookups (mysql_table(5)).
#[test]
fn a_mail_servers_log_naming_its_database_is_about_mail() {
    let d = diagnose("postfix/smtpd[4242]: warning: mysql:/etc/postfix/mysql-virtual-mailbox-maps.cf lookup error for \"bob@example.org\"");
    assert!(d.findings.iter().all(|f| f.cause != Cause::NotMail));
}

/// Some programs show the server's words without its code: Thunderbird's "The mail server
/// responded:" (LukeSmithxyz/emailwiz#184, Postfix's relay refusal). The words alone, as the lab's
/// Postfix gives them, name the cause.
#[test]
fn a_servers_words_without_their_code_name_the_cause() {
    let text = "Sending of the message failed.\nAn error occurred while sending mail. The mail server responded:\n<myemail@gmail.com>: Relay access denied.\nPlease check the message recipient \"myemail@gmail.com\" and try again.";
    let (id, f) = first(text);
    assert_eq!(id, "relay-denied");
    assert_eq!(f.matched, "relay access denied");
    assert!(f.source.contains("Postfix"), "{}", f.source);
    // RFC 3207 §4's words for 530, without the code: the journey of a client that skips
    // STARTTLS shows them.
    let (id, f) = first("Must issue a STARTTLS command first");
    assert_eq!(id, "auth-before-starttls");
    assert_eq!(f.matched, "must issue a starttls command first");
}

/// A cause no journey fails with links to the step of a working journey where it would happen:
/// relaying and an unknown recipient are refused at RCPT TO (RFC 5321 §3.3), a declared size
/// over the limit at MAIL FROM (RFC 1870 §6.1), on 25 where a relay meets them; a name that did
/// not resolve at the address lookup; a delivered message at its acceptance after DATA.
#[test]
fn a_cause_no_journey_shows_links_to_where_it_would_happen() {
    use smtp_sim::teach::lesson::Lesson;
    let cases = [
        ("554 5.7.1 <bob@example.net>: Relay access denied", Some(Port::P25), Lesson::Rcpt),
        (
            "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table",
            Some(Port::P25),
            Lesson::Rcpt,
        ),
        ("552 5.3.4 Message size exceeds fixed limit", Some(Port::P25), Lesson::Mail),
        ("getaddrinfo ENOTFOUND smtp.example.com", None, Lesson::AddressLookup),
        ("250 2.0.0 Ok: queued as 4B377E68F4", None, Lesson::Message),
    ];
    for (text, port, lesson) in cases {
        let f = &diagnose(text).findings[0];
        let (setup, taken) = open(f);
        if let Some(port) = port {
            assert_eq!(setup.port, port, "{text}");
        }
        let steps = journey(setup).steps;
        assert_eq!(steps[taken - 1].lesson, lesson, "{text}");
    }
}

/// A setting is read only where its word ends: swaks' `--tls-optional` and `--tls-on-connect`
/// are not `--tls` (swaks(1): optional STARTTLS, TLS at connect, required STARTTLS), Laravel's
/// `MAIL_SCHEME=smtps` is not `smtp`; and the settings name their program even where no error
/// does (Nodemailer's `createTransport`, Spring Boot's `spring.mail.*`, Go's `tls.Config`).
#[test]
fn a_setting_is_read_whole_and_names_its_program() {
    let cases = [
        (
            "swaks --to bob@example.org --server smtp.example.com --port 587 --tls-optional",
            "opportunistic-tls",
        ),
        (
            "swaks --to bob@example.org --server smtp.example.com --port 587 --tls-on-connect",
            "implicit-tls-on-starttls-port",
        ),
        (
            "MAIL_MAILER=smtp\nMAIL_SCHEME=smtps\nMAIL_HOST=smtp.example.com\nMAIL_PORT=465",
            "settings-ok",
        ),
    ];
    for (text, id) in cases {
        assert_eq!(first(text).0, id, "{text}");
    }
    // PHPMailer's SMTPAutoTLS without SMTPSecure starts TLS only if offered (PHPMailer.php:
    // "enable TLS encryption automatically if a server supports it").
    let auto = "$mail->Host = 'smtp.example.com';\n$mail->Port = 587;\n$mail->SMTPAutoTLS = true;";
    assert_eq!(first(auto).0, "opportunistic-tls");
    // On 465 Nodemailer's secure: false waits for a greeting that never comes: no session at
    // all, so nothing "only if offered".
    let on_465 =
        "nodemailer.createTransport({ host: 'smtp.example.com', port: 465, secure: false })";
    assert!(diagnose(on_465)
        .findings
        .iter()
        .all(|f| f.cause != Cause::OpportunisticTls));
    // MailKit's StartTlsWhenAvailable is not StartTls: STARTTLS only if the server offers it
    // (MailKit SecureSocketOptions).
    let mailkit =
        "client.Connect(\"smtp.example.com\", 587, SecureSocketOptions.StartTlsWhenAvailable);";
    assert_eq!(first(mailkit).0, "opportunistic-tls");
    // Plain `--tls` requires STARTTLS: not the optional kind.
    let tls = "swaks --to bob@example.org --server smtp.example.com --port 587 --tls";
    assert_ne!(first(tls).0, "opportunistic-tls");
    for (text, program) in [
        (
            "const transporter = createTransport({ host: 'smtp.example.com', port: 587 });",
            Program::Nodemailer,
        ),
        (
            "spring.mail.host=smtp.example.com\nspring.mail.port=587",
            Program::JavaMail,
        ),
        (
            "tlsConfig := &tls.Config{ServerName: \"smtp.example.com\"}",
            Program::Go,
        ),
    ] {
        assert_eq!(diagnose(text).program, Some(program), "{text}");
    }
}

#[test]
fn a_self_signed_root_in_the_chain_is_not_a_self_signed_server_certificate() {
    // OpenSSL: 19 X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN "self-signed certificate in certificate
    // chain", 18 X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT "self-signed certificate".
    let (id, f) = first("Error: self-signed certificate in certificate chain");
    assert_eq!(id, "certificate-invalid");
    assert!(
        f.source.contains("SELF_SIGNED_CERT_IN_CHAIN"),
        "{}",
        f.source
    );
    assert!(!f.source.contains("DEPTH_ZERO"), "{}", f.source);
    let (_, f) = first("SSL routines::certificate verify failed (self-signed certificate)");
    assert!(
        f.source.contains("DEPTH_ZERO_SELF_SIGNED_CERT"),
        "{}",
        f.source
    );
    // Nodemailer's fix, in Nodemailer's words: its own CA option, checks kept on.
    let (_, f) = first("Error: unable to get local issuer certificate\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34) {\n  code: 'ESOCKET',\n  command: 'CONN'\n}");
    assert!(f.fix.contains("tls: { ca:"), "{}", f.fix);
}

#[test]
fn a_stack_trace_is_not_jakarta_mail_settings() {
    // The JDK's PKIX failure through Angus Mail: the check ran, so nothing says it was off.
    let d = diagnose("jakarta.mail.MessagingException: Could not convert socket to TLS;\n  nested exception is:\n\tjavax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target\n\tat org.eclipse.angus.mail.smtp.SMTPTransport.startTLS(SMTPTransport.java:2159)");
    let ids: Vec<&str> = d.findings.iter().map(|f| f.cause.id()).collect();
    assert_eq!(ids[0], "certificate-invalid");
    assert!(!ids.contains(&"certificate-not-verified"), "{ids:?}");
    // Stated as properties, the same setting is read.
    let d = diagnose("mail.smtp.ssl.enable=true\nmail.smtp.port=465");
    assert!(d
        .findings
        .iter()
        .any(|f| f.cause.id() == "certificate-not-verified"));
}

#[test]
fn the_host_and_port_of_a_python_call_and_of_jakarta_mails_sentence_are_read() {
    // From a smtplib traceback's source line, and Jakarta Mail's MailConnectException text.
    let d = diagnose("  File \"send.py\", line 4, in <module>\n    s = smtplib.SMTP('smtp.office365.com', 25, timeout=10)\nTimeoutError: timed out");
    assert_eq!(
        (d.host.as_deref(), d.port),
        (Some("smtp.office365.com"), Some(25))
    );
    let (_, f) = first(
        "    s = smtplib.SMTP('smtp.office365.com', 25, timeout=10)\nTimeoutError: timed out",
    );
    assert!(params(&f).starts_with("port=25"), "{}", params(&f));
    let d = diagnose("    server = smtplib.SMTP_SSL(\"mail.example.com\", 465, context=ctx)\nssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1006)");
    assert_eq!(
        (d.host.as_deref(), d.port),
        (Some("mail.example.com"), Some(465))
    );
    let d = diagnose("com.sun.mail.util.MailConnectException: Couldn't connect to host, port: smtp.example.com, 587; timeout -1;\n  nested exception is:\n\tjava.net.NoRouteToHostException: No route to host");
    assert_eq!(
        (d.host.as_deref(), d.port),
        (Some("smtp.example.com"), Some(587))
    );
}

#[test]
fn postfix_saying_untrusted_tls_is_flagged_beside_the_failure() {
    // A relayhost session (cold-user trial): the 550 comes first, the unchecked TLS after it.
    let d = diagnose("Dec  7 10:00:01 mx postfix/smtp[999]: Untrusted TLS connection established to smtp.sendgrid.net[167.89.115.56]:587: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\nDec  7 10:00:01 mx postfix/smtp[999]: 3F1A2B: to=<bob@example.org>, relay=smtp.sendgrid.net[167.89.115.56]:587, delay=1, delays=0/0/0.5/0.5, dsn=5.7.1, status=bounced (host smtp.sendgrid.net[167.89.115.56] said: 550 5.7.1 Authentication required (in reply to MAIL FROM command))");
    let ids: Vec<&str> = d.findings.iter().map(|f| f.cause.id()).collect();
    assert_eq!(ids[0], "auth-required", "the failure first: {ids:?}");
    assert!(ids.contains(&"certificate-not-verified"), "{ids:?}");
    // "Verified" is what a checked certificate logs: nothing to flag.
    let d = diagnose("postfix/smtp[1]: Verified TLS connection established to smtp.example.com[192.0.2.5]:587: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)");
    assert!(!d
        .findings
        .iter()
        .any(|f| f.cause.id() == "certificate-not-verified"));
}
