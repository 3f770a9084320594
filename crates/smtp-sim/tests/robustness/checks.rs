//! What every session must satisfy: well-formed replies (RFC 5321 §4.2, RFC 3463 / RFC 2034
//! enhanced codes), waits only before replies, one greeting, and silence after a hang-up.

use proptest::prelude::*;
use smtp_sim::server::{Config, Out, Server};
use smtp_sim::Reply;

use crate::common::{GREETING, TLS_READY};
use crate::strategies::Step;

/// The basic codes the lab's Postfix can send on these listeners (facts.md §2–§10 and the
/// smtpd source: greeting, replies, tarpit/timeout 421, rate and storage 45x, 5xx errors).
const ALLOWED_CODES: &[u16] = &[
    220, 221, 235, 250, 252, 334, 354, 421, 450, 451, 452, 454, 458, 459, 500, 501, 502, 503, 504,
    521, 530, 535, 550, 551, 552, 553, 554, 555,
];

fn is_enhanced(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    parts.len() == 3
        && parts[0].len() == 1
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// RFC 5321 §4.2 reply syntax, RFC 3463 enhanced codes, and the code set above.
fn check_reply(reply: &Reply) -> Result<(), String> {
    let lines = reply.wire_lines();
    if lines.is_empty() {
        return Err(format!("a reply without lines: {reply:?}"));
    }
    if !ALLOWED_CODES.contains(&reply.code) {
        return Err(format!("unexpected reply code {}: {lines:?}", reply.code));
    }
    let code = reply.code.to_string();
    let last = lines.len() - 1;
    for (i, line) in lines.iter().enumerate() {
        let b = line.as_bytes();
        let shape = b.len() >= 4
            && (b'2'..=b'5').contains(&b[0])
            && b[1].is_ascii_digit()
            && b[2].is_ascii_digit()
            && b[3] == if i == last { b' ' } else { b'-' };
        if !shape || line[..3] != code {
            return Err(format!("malformed reply line {i} {line:?} of {lines:?}"));
        }
        if line.contains(['\r', '\n']) {
            return Err(format!("CR or LF inside a reply line: {line:?}"));
        }
        // An enhanced status code on the wire must agree with the basic code's class.
        if let Some(word) = line[4..].split(' ').next() {
            if is_enhanced(word) && word.as_bytes()[0] != b[0] {
                return Err(format!("enhanced code class differs: {line:?}"));
            }
        }
    }
    if !reply.enhanced.is_empty() {
        if !is_enhanced(reply.enhanced) {
            return Err(format!("bad enhanced code {:?}", reply.enhanced));
        }
        if reply.enhanced.as_bytes()[0] != code.as_bytes()[0] {
            return Err(format!(
                "enhanced code {} with basic code {code}",
                reply.enhanced
            ));
        }
        // RFC 2034: 3xx replies carry none.
        if reply.code / 100 == 3 {
            return Err(format!("a 3xx reply with an enhanced code: {lines:?}"));
        }
    }
    let wire: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
    if reply.to_wire() != wire {
        return Err(format!("to_wire() differs from wire_lines(): {reply:?}"));
    }
    Ok(())
}

/// Watches every batch of output of one connection.
pub struct Monitor {
    closed: bool,
    greetings: usize,
    pub log: Vec<Out>,
}

impl Monitor {
    fn batch(&mut self, server: &Server, outs: Vec<Out>) -> Result<(), TestCaseError> {
        if self.closed {
            prop_assert!(
                outs.is_empty(),
                "output after the connection ended: {outs:?}"
            );
        }
        for (i, out) in outs.iter().enumerate() {
            let last = i + 1 == outs.len();
            match out {
                Out::Reply(reply) => {
                    check_reply(reply).map_err(TestCaseError::fail)?;
                    if reply.wire_lines() == [GREETING] {
                        self.greetings += 1;
                    }
                }
                Out::Wait(ms) => {
                    prop_assert!(*ms > 0, "a zero wait");
                    prop_assert!(
                        matches!(outs.get(i + 1), Some(Out::Reply(_) | Out::Wait(_))),
                        "a wait must come before a reply: {outs:?}"
                    );
                }
                Out::AwaitTls => {
                    prop_assert!(last, "AwaitTls ends the batch: {outs:?}");
                    prop_assert!(
                        matches!(
                            i.checked_sub(1).and_then(|p| outs.get(p)),
                            Some(Out::Reply(r)) if r.wire_lines() == [TLS_READY]
                        ),
                        "AwaitTls only after the STARTTLS 220: {outs:?}"
                    );
                    prop_assert!(server.awaits_tls());
                }
                Out::Close | Out::Reset => {
                    prop_assert!(last, "nothing may follow a hang-up: {outs:?}");
                    self.closed = true;
                }
            }
        }
        prop_assert_eq!(server.is_closed(), self.closed);
        prop_assert!(self.greetings <= 1, "more than one greeting");
        self.log.extend(outs);
        Ok(())
    }
}

/// Plays `steps` against one listener; `auto_tls` decides (cycled) whether the client completes
/// the TLS handshake when the server waits for one.
pub fn play(config: Config, steps: &[Step], auto_tls: &[bool]) -> Result<Monitor, TestCaseError> {
    let implicit = config.wrapper_tls;
    let (mut server, greeting) = Server::connect(config);
    let mut m = Monitor {
        closed: false,
        greetings: 0,
        log: Vec::new(),
    };
    prop_assert_eq!(greeting.is_empty(), implicit);
    m.batch(&server, greeting)?;
    let mut coin = auto_tls.iter().copied().cycle();
    for step in steps {
        match step {
            Step::Bytes(bytes, sizes) => {
                let mut rest = bytes.as_slice();
                let mut sizes = sizes.iter().copied().cycle();
                while !rest.is_empty() {
                    let n = match sizes.next().unwrap_or(0) {
                        0 => rest.len(),
                        n => n.min(rest.len()),
                    };
                    let outs = server.receive(&rest[..n]);
                    m.batch(&server, outs)?;
                    rest = &rest[n..];
                    if server.awaits_tls() && coin.next().unwrap_or(true) {
                        let outs = server.tls_handshake();
                        m.batch(&server, outs)?;
                        prop_assert!(server.tls_active());
                    }
                }
            }
            Step::Tls => {
                let awaited = server.awaits_tls();
                let outs = server.tls_handshake();
                if !awaited {
                    prop_assert!(outs.is_empty(), "a handshake nobody asked for: {outs:?}");
                }
                m.batch(&server, outs)?;
            }
            Step::Idle(secs) => {
                let outs = server.idle(*secs);
                if *secs < 300 {
                    prop_assert!(outs.is_empty(), "idle {secs}s < smtpd_timeout: {outs:?}");
                }
                m.batch(&server, outs)?;
            }
        }
    }
    // Once closed, nothing comes out of any entry point.
    if m.closed {
        prop_assert!(server.receive(b"QUIT\r\n").is_empty());
        prop_assert!(server.tls_handshake().is_empty());
        prop_assert!(server.idle(10_000).is_empty());
    }
    Ok(m)
}
