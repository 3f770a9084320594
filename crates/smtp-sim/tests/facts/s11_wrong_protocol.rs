//! facts.md §11 Talking the wrong protocol to a port, the server side: plaintext to 465, a TLS
//! ClientHello to 25 and 587.

use crate::harness::*;

#[test]
fn wrong_protocol_for_the_port() {
    // facts §11: plaintext EHLO to 465 → RST, no bytes [465_plaintext_ehlo_immediately].
    let (mut server, outs) = Server::connect(subs());
    assert!(outs.is_empty());
    assert_eq!(
        transcript(server.receive(b"EHLO client.example.test\r\n")),
        [RESET]
    );
    assert!(server.is_closed());
    assert!(server.tls_handshake().is_empty());

    // A ClientHello to 587 or 25: banner, then its bytes are read as command lines
    // [587_tls_clienthello_to_starttls_port, 25_tls_clienthello_to_plain_port].
    let mut hello = vec![
        0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03,
    ];
    hello.extend((0u8..32).map(|i| i.wrapping_mul(37).wrapping_add(0x90)));
    hello.push(b'\n');
    hello.extend([0x00, 0x2f, 0x00, 0x35, 0x01, 0x00, b'\n']);
    for config in [sub(), mx()] {
        let (mut server, greeting) = Server::connect(config);
        let mut got = transcript(greeting);
        got.extend(transcript(server.receive(&hello)));
        assert_eq!(
            got,
            [GREETING, "500 5.5.2 Error: bad UTF-8 syntax", BAD_SYNTAX]
        );
        assert!(!server.is_closed(), "the server waits for more input");
    }
}
