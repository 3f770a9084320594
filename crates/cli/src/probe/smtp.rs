//! The probe's side of SMTP: read one reply (RFC 5321 §4.2.1: `250-` goes on, `250 ` ends it),
//! say one command. Bounded: a line over 1,000 octets (RFC 5321 §4.5.3.1.5 reply-line limit
//! 512, with room), a reply over 100 lines, or a silence longer than the timeout ends the probe.

use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::time::timeout;

const MAX_LINE: usize = 1000;
const MAX_LINES: usize = 100;

/// One SMTP reply as it arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    /// The text of each line, without code and separator.
    pub lines: Vec<String>,
}

impl Reply {
    /// The reply as it was on the wire, one line each (for showing, never re-parsed).
    pub fn wire(&self) -> Vec<String> {
        let last = self.lines.len().saturating_sub(1);
        self.lines
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{}{}{}", self.code, if i == last { ' ' } else { '-' }, t))
            .collect()
    }

    /// EHLO keywords, upper-cased, with their parameters (`AUTH PLAIN LOGIN`): every line but
    /// the first, which is the server's name (RFC 5321 §4.1.1.1).
    pub fn capabilities(&self) -> Vec<String> {
        self.lines
            .iter()
            .skip(1)
            .map(|l| l.trim().to_string())
            .collect()
    }
}

/// Why no reply could be read.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing (or not a whole reply) within the timeout.
    Silent,
    /// The server closed the connection.
    Closed,
    /// Not an SMTP reply (another protocol, or TLS bytes): the first bytes, made printable.
    NotSmtp(String),
    Io(String),
}

/// Reads one whole reply.
pub async fn read_reply<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    wait: Duration,
) -> Result<Reply, ReadError> {
    let work = async {
        let mut code = None;
        let mut lines = Vec::new();
        loop {
            let mut raw = Vec::new();
            let n = (&mut *reader)
                .take(MAX_LINE as u64)
                .read_until(b'\n', &mut raw)
                .await
                .map_err(|e| ReadError::Io(e.to_string()))?;
            if n == 0 {
                return Err(ReadError::Closed);
            }
            let line = String::from_utf8_lossy(&raw);
            let line = line.trim_end_matches(['\r', '\n']);
            let bytes = line.as_bytes();
            let well_formed = bytes.len() >= 3
                && bytes[..3].iter().all(u8::is_ascii_digit)
                && matches!(bytes.get(3), None | Some(b' ') | Some(b'-'));
            if !well_formed || !raw.ends_with(b"\n") {
                return Err(ReadError::NotSmtp(printable(&raw)));
            }
            let this: u16 = line[..3].parse().unwrap_or(0);
            if *code.get_or_insert(this) != this {
                return Err(ReadError::NotSmtp(printable(&raw)));
            }
            lines.push(line.get(4..).unwrap_or("").to_string());
            if bytes.get(3) != Some(&b'-') {
                return Ok(Reply { code: this, lines });
            }
            if lines.len() >= MAX_LINES {
                return Err(ReadError::NotSmtp(
                    "(a reply of more than 100 lines)".into(),
                ));
            }
        }
    };
    timeout(wait, work).await.unwrap_or(Err(ReadError::Silent))
}

/// Sends one command line (CRLF added).
pub async fn send<W: AsyncWrite + Unpin>(writer: &mut W, command: &str) -> Result<(), String> {
    writer
        .write_all(format!("{command}\r\n").as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    writer.flush().await.map_err(|e| e.to_string())
}

/// The first bytes of something that was not SMTP, safe to print.
fn printable(raw: &[u8]) -> String {
    raw.iter()
        .take(40)
        .map(|&b| match b {
            b' '..=b'~' => (b as char).to_string(),
            _ => format!("\\x{b:02x}"),
        })
        .collect()
}

/// The SASL mechanisms an EHLO reply offers (`AUTH PLAIN LOGIN`, or the old `AUTH=PLAIN`).
pub fn auth_mechanisms(capabilities: &[String]) -> Vec<String> {
    let mut mechs: Vec<String> = Vec::new();
    for cap in capabilities {
        let upper = cap.to_ascii_uppercase();
        let rest = upper
            .strip_prefix("AUTH ")
            .or_else(|| upper.strip_prefix("AUTH="));
        for mech in rest.into_iter().flat_map(str::split_whitespace) {
            if !mechs.iter().any(|m| m == mech) {
                mechs.push(mech.to_string());
            }
        }
    }
    mechs
}

/// The EHLO reply offers this keyword (case-insensitive, parameters after a space ignored).
pub fn offers(capabilities: &[String], keyword: &str) -> bool {
    capabilities.iter().any(|c| {
        c.split_whitespace()
            .next()
            .is_some_and(|k| k.eq_ignore_ascii_case(keyword))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read(bytes: &[u8]) -> Result<Reply, ReadError> {
        let mut reader = tokio::io::BufReader::new(bytes);
        read_reply(&mut reader, Duration::from_secs(1)).await
    }

    #[tokio::test]
    async fn reads_multiline_replies_as_rfc_5321_writes_them() {
        // From ../shared/conformance/587 recordings: Postfix's EHLO reply before TLS.
        let reply =
            read(b"250-mail.example.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 CHUNKING\r\n")
                .await
                .unwrap();
        assert_eq!(reply.code, 250);
        assert_eq!(reply.capabilities(), ["PIPELINING", "STARTTLS", "CHUNKING"]);
        assert!(offers(&reply.capabilities(), "starttls"));
        assert_eq!(read(b"220 ok\r\n").await.unwrap().lines, ["ok"]);
        assert_eq!(read(b"").await, Err(ReadError::Closed));
        assert!(matches!(
            read(b"HTTP/1.1 400 Bad\r\n").await,
            Err(ReadError::NotSmtp(_))
        ));
        assert!(matches!(
            read(b"250-a\r\n251 b\r\n").await,
            Err(ReadError::NotSmtp(_))
        ));
    }

    #[test]
    fn auth_mechanisms_in_both_spellings() {
        let caps = ["AUTH PLAIN LOGIN", "AUTH=LOGIN", "SIZE 10240000"].map(String::from);
        assert_eq!(auth_mechanisms(&caps), ["PLAIN", "LOGIN"]);
        assert!(auth_mechanisms(&["AUTHX".into()]).is_empty());
    }
}
