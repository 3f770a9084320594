//! Table-driven checks of the server model against ../shared/conformance/facts.md §2–§11, the
//! recordings next to it, and the source-level notes on Postfix 3.7.11 smtpd (the error counter,
//! the "I can break rules" hang-up, STARTTLS resets, BDAT states ...): one module per section of
//! facts.md, a section split by topic where it is long.
//!
//! Every expected reply is copied from facts.md, a recording, or the Postfix 3.7.11 source
//! (src/smtpd/smtpd.c and friends); none was taken from the model's own output.
//!
//! Script steps: a plain string is one command line (CRLF is appended); `<raw>...` is sent as
//! is; `<tls>` completes the TLS handshake; `<idle N>` lets the client stay silent N seconds.
//! Transcripts hold the reply lines as sent (without CRLF) plus `<close>` / `<reset>` when the
//! server hangs up; `queued as <ID>` stands for any queue ID.

#[path = "../common/mod.rs"]
mod common;
mod harness;

mod s02_greeting;
mod s03_starttls;
mod s04_auth_exchange;
mod s04_auth_outcome;
mod s05_error_count;
mod s05_idle_timeout;
mod s05_transaction;
mod s05_unknown_commands;
mod s05_vrfy_etrn;
mod s06_long_lines_and_dots;
mod s06_relay;
mod s06_syntax;
mod s07_pipelining;
mod s08_bdat;
mod s09_extensions;
mod s10_line_endings;
mod s11_wrong_protocol;
