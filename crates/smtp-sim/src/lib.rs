#![warn(missing_docs)]
//! smtp-sim: a deterministic model of sending one email — DNS, the TCP path, TLS and an SMTP
//! server that answers as the lab's Postfix 3.7 does. Pure Rust: no DOM, no clock, no I/O.
//!
//! Reading order: `event` (the shared words) → `server` (the Postfix-faithful server) → `path`
//! (port, network, the sending program's TLS setting) → `journey` and `console` (the two drivers
//! of the same server) → `teach` (lessons, hints, the eavesdropper, commands to try).

pub mod compare;
pub mod console;
pub mod event;
pub mod journey;
pub mod path;
pub mod server;
pub mod teach;

pub use event::{Event, Lane, Outcome, Setup, Tag};
pub use journey::{journey, Journey, Step};
pub use path::client::ClientTls;
pub use path::network::{Block, Network};
pub use path::port::Port;
pub use server::reply::Reply;
pub use server::{Config, Out, Server};
