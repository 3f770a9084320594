//! smtp-sim: a deterministic model of sending one email — DNS, the TCP path, TLS and an SMTP
//! server that answers as the lab's Postfix 3.7 does. Pure Rust: no DOM, no clock, no I/O.

pub mod address;
pub mod auth;
pub mod base64;
pub mod client;
pub mod command;
pub mod console;
pub mod dialogue;
pub mod eavesdrop;
pub mod envelope;
pub mod hint;
pub mod lesson;
pub mod network;
pub mod port;
pub mod reply;
pub mod server;
pub mod session;
pub mod settings;
pub mod try_it;

pub use client::ClientTls;
pub use dialogue::{journey, Journey, Setup};
pub use network::{Block, Network};
pub use port::Port;
pub use reply::Reply;
pub use server::{Config, Out, Server};
