//! What the server remembers about one connection.

use super::reply::Reply;

/// What the server expects next on the connection, with what it keeps only for that: the
/// state of an AUTH exchange or a BDAT chunk cannot outlive the exchange or the chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for a TLS ClientHello: port 465 before the greeting, or right after STARTTLS.
    TlsHandshake,
    /// Reading command lines.
    Command,
    /// Reading the message after `354`, until a lone `.`.
    Data,
    /// Reading the octets announced by `BDAT n`.
    Chunk {
        /// Octets of the chunk still to be read.
        remaining: u64,
        /// Octets the BDAT announced, named in its `250 2.0.0 Ok: n bytes` reply.
        size: u64,
        /// The BDAT was refused: its octets are read and thrown away, not counted, and this
        /// reply is sent once the last of them has arrived (the refusal is the discard flag).
        refusal: Option<Reply>,
    },
    /// Inside an AUTH exchange, after a `334` challenge.
    AuthContinue(AuthStep),
    /// The connection has ended; nothing more is read.
    Closed,
}

/// Which client response an AUTH exchange is waiting for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthStep {
    /// PLAIN sent with no initial response: `334 ` and wait for base64(authzid\0user\0pass).
    Plain,
    /// LOGIN: waiting for the user name.
    LoginUser,
    /// LOGIN: waiting for the password.
    LoginPassword {
        /// The decoded user name, kept until the password decides; it goes with the step, so an
        /// aborted or failed exchange leaves none behind.
        user: String,
    },
}

/// How the client introduced itself: HELO (plain SMTP) or EHLO (ESMTP, RFC 5321 §4.1.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Helo {
    /// `HELO`: no service extensions.
    Helo,
    /// `EHLO`: the server lists its extensions.
    Ehlo,
}

/// One mail transaction (RFC 5321 §3.3): from MAIL to the end of the message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transaction {
    /// The reverse-path given in `MAIL FROM` (empty for the null sender `<>`).
    pub sender: String,
    /// `MAIL FROM` carried the SMTPUTF8 parameter (RFC 6531).
    pub smtputf8: bool,
    /// The forward-paths accepted by `RCPT TO`, in order.
    pub recipients: Vec<String>,
    /// Octets of message content received so far (DATA or BDAT).
    pub size: u64,
    /// The current BDAT carries LAST.
    pub last_chunk: bool,
    /// BDAT content as Postfix counts it: every stored line is its length plus CRLF.
    pub act_size: u64,
    /// The line still open at the end of the last chunk, and its trailing CRs.
    pub partial_len: u64,
    /// How many CRs end that open line (a CR before LF is not counted twice).
    pub trailing_cr: u64,
    /// DATA: the previous line ended in CRLF (only `<CR><LF>.<CR><LF>` ends DATA when normalising).
    pub prev_crlf: bool,
    /// DATA: some line of the message ended in a bare LF.
    pub bare_lf_seen: bool,
}

/// CHUNKING state (RFC 3030): once BDAT has been used, DATA, MAIL and RCPT are refused until
/// the last chunk or RSET.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bdat {
    /// No BDAT in this transaction.
    None,
    /// BDAT chunks are being received; more may follow.
    Active,
    /// A BDAT failed: until RSET, chunks are read and thrown away.
    Error,
}

/// What the server remembers about one connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// What the server expects next.
    pub phase: Phase,
    /// The `220` greeting has been sent.
    pub greeted: bool,
    /// The connection is inside TLS.
    pub tls: bool,
    /// HELO or EHLO, once the client has sent one.
    pub helo: Option<Helo>,
    /// EHLO was used at least once: PIPELINING has been announced (HELO does not undo it).
    pub esmtp: bool,
    /// The client sent commands ahead of replies where PIPELINING did not allow it.
    pub ill_pipelining: bool,
    /// The user name of a successful AUTH, if any.
    pub auth_user: Option<String>,
    /// Failed AUTH attempts: Dovecot delays the next ones ("auth penalty").
    pub auth_failures: u32,
    /// The mail transaction in progress, from MAIL on.
    pub mail: Option<Transaction>,
    /// CHUNKING state of the transaction.
    pub bdat: Bdat,
    /// Postfix's error count, checked against the soft and hard error limits.
    pub errors: u32,
    /// `smtpd_junk_command_limit`: NOOP, RSET, VRFY, ETRN, HELO, EHLO beyond 100 count as errors.
    pub junk_commands: u32,
    /// Messages queued on this connection so far.
    pub queued: u32,
}

impl Transaction {
    /// Counts chunk octets the way Postfix stores them: line by line, CRLF added.
    pub fn count_chunk(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b'\n' => {
                    self.act_size += self.partial_len - self.trailing_cr + 2;
                    (self.partial_len, self.trailing_cr) = (0, 0);
                }
                b'\r' => {
                    self.partial_len += 1;
                    self.trailing_cr += 1;
                }
                _ => {
                    self.partial_len += 1;
                    self.trailing_cr = 0;
                }
            }
        }
    }

    /// The size at the last chunk: an unterminated last line gets its CRLF too, and keeps the
    /// CRs it ends in: smtp_get_noexcept() strips CRs only before an LF (Postfix 3.7.11
    /// smtp_stream.c; smtpd.c bdat_cmd, "handle missing end-of-line").
    pub fn final_size(&self) -> u64 {
        match self.partial_len {
            0 => self.act_size,
            n => self.act_size + n + 2,
        }
    }
}

impl Session {
    /// A fresh connection: reading commands, or (implicit TLS) waiting for the handshake.
    pub fn new(wrapper_tls: bool) -> Self {
        Session {
            phase: if wrapper_tls {
                Phase::TlsHandshake
            } else {
                Phase::Command
            },
            greeted: false,
            tls: false,
            helo: None,
            esmtp: false,
            ill_pipelining: false,
            auth_user: None,
            auth_failures: 0,
            mail: None,
            bdat: Bdat::None,
            errors: 0,
            junk_commands: 0,
            queued: 0,
        }
    }

    /// A queue ID in Postfix's short form (10 hex digits), deterministic for repeatable lessons.
    /// A message was queued: Postfix forgives earlier errors then.
    pub fn next_queue_id(&mut self) -> String {
        self.queued += 1;
        self.errors = 0;
        self.junk_commands = 0;
        let n = u64::from(self.queued).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 24;
        format!("{:010X}", n & 0xFF_FFFF_FFFF)
    }
}
