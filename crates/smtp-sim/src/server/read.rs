//! The server's output as a client reads it, the same for every driver (the walkthrough's
//! journey, the console): each reply as its lines on the wire, after however long the server
//! waited before it; then what else the server did, in order.

use super::reply::Reply;
use super::Out;

/// One thing a client reads or meets, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read {
    /// A reply: its lines as sent (the reply belongs to the last), and how long the server
    /// waited before the first.
    Reply {
        /// The reply.
        reply: Reply,
        /// Its lines on the wire (`250-…` then `250 …`).
        lines: Vec<String>,
        /// The server's wait before the reply, in ms.
        after_ms: u32,
    },
    /// The server waited, and no reply followed.
    Idle(u32),
    /// The server now waits for the client's TLS handshake.
    AwaitTls,
    /// The server closed the connection (FIN).
    Close,
    /// The server reset the connection (RST).
    Reset,
}

/// What a client reads of `outs`: waits folded into the reply they delay.
pub fn read(outs: Vec<Out>) -> Vec<Read> {
    let mut read = Vec::new();
    let mut waited = 0;
    for out in outs {
        let next = match out {
            Out::Wait(ms) => {
                waited += ms;
                continue;
            }
            Out::Reply(reply) => {
                let lines = reply.wire_lines();
                let after_ms = std::mem::take(&mut waited);
                read.push(Read::Reply {
                    reply,
                    lines,
                    after_ms,
                });
                continue;
            }
            Out::AwaitTls => Read::AwaitTls,
            Out::Close => Read::Close,
            Out::Reset => Read::Reset,
        };
        if waited > 0 {
            read.push(Read::Idle(std::mem::take(&mut waited)));
        }
        read.push(next);
    }
    if waited > 0 {
        read.push(Read::Idle(waited));
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_fold_into_the_reply_they_delay() {
        let bye = Reply::new(421, "4.7.0", "mail.example.test Error: too many errors");
        let ok = Reply::new(250, "2.0.0", "Ok");
        let outs = vec![
            Out::Wait(1_000),
            Out::Wait(500),
            Out::Reply(ok.clone()),
            Out::Reply(bye.clone()),
            Out::Wait(2_000),
            Out::Close,
            Out::Wait(300),
        ];
        assert_eq!(
            read(outs),
            vec![
                Read::Reply {
                    lines: vec!["250 2.0.0 Ok".into()],
                    reply: ok,
                    after_ms: 1_500
                },
                Read::Reply {
                    lines: vec!["421 4.7.0 mail.example.test Error: too many errors".into()],
                    reply: bye,
                    after_ms: 0
                },
                Read::Idle(2_000),
                Read::Close,
                Read::Idle(300),
            ]
        );
    }

    /// `Idle` is a wait nothing followed: no wait, no `Idle`, before a hang-up or at the end.
    #[test]
    fn no_wait_reads_as_no_idle() {
        let ok = Reply::new(250, "2.0.0", "Ok");
        assert_eq!(
            read(vec![Out::Reply(ok.clone()), Out::AwaitTls, Out::Close]),
            vec![
                Read::Reply {
                    lines: vec!["250 2.0.0 Ok".into()],
                    reply: ok,
                    after_ms: 0
                },
                Read::AwaitTls,
                Read::Close,
            ]
        );
        assert_eq!(read(vec![Out::Reset]), vec![Read::Reset]);
    }
}
