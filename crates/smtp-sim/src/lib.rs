#![warn(missing_docs)]
//! smtp-sim: a deterministic model of sending one email — DNS, the TCP path, TLS and an SMTP
//! server that answers as the lab's Postfix 3.7 does. Pure Rust: no DOM, no clock, no I/O.
//!
//! Reading order: `event` (the shared words) → `server` (the Postfix-faithful server) → `path`
//! (port, network, the sending program's TLS setting) → `journey` and `console` (the two drivers
//! of the same server) → `teach` (lessons, hints, the eavesdropper, commands to try, Diagnose).
//!
//! ```text
//! event.rs      the shared words: Setup (what the learner chose, with its link parameters),
//!               Event (a line that crossed the wire, carrying its typed Reply), Tag, Lane
//! server/       the Postfix-faithful server: mod.rs (Server, Out, Tally and the error rule),
//!               config, session, command (reading and dispatching a line), envelope (MAIL,
//!               RCPT, VRFY), message (DATA, BDAT), auth, address, read (the output as a
//!               client reads it, for both drivers), reply (typed replies:
//!               code, enhanced code, `why`), base64
//! path/         what lies between the program and the server: port (the catalogue), network
//!               (DNS, SYN timings, firewalls, presets), client (the TLS setting), attacker
//! journey/      the first driver: the scripted client that takes one Setup through the server,
//!               step by step (failure.rs: journeys that stop before any mail; attack.rs: the
//!               steps an attacker adds)
//! console.rs    the second driver: the learner types, the same server answers
//! compare.rs    two journeys lined up by kind of step, and what differed between them
//! teach/        lesson (each step's text and RFC), hint (the console's next step), eavesdrop
//!               (what a passive observer reads), attack (the attacker's lessons), try_it
//!               (terminal commands), diagnose/ (the simulator run backwards)
//! ```
//!
//! # Design
//!
//! - **Two drivers, one server.** The walkthrough (`journey`) and the console are two clients of
//!   the same `Server`, so they cannot disagree; the page and the terminal tool render what they
//!   return and hold no protocol logic.
//! - **One home for each value.** `Setup` holds port, network, firewall, client setting, attacker,
//!   certificate check and relay policy, and reads and writes their link parameters
//!   (`Setup::KEYS`, `read_param`, `params`); the page's own parameters (view, step, theme, embed)
//!   are the page's. `Setup` lives in `event.rs` beside the other shared words: the journey, the
//!   teaching and the views all name it.
//! - **Replies stay typed.** A journey event and a console line carry the `Reply` on the line
//!   that completes it; explanations and hints key on its code and `Reply::why` (which rule made
//!   the server answer so), never on its text, so rewording a reply cannot drop its hint.
//! - **Errors are counted in one place.** Every handler returns a `Tally` (accepted, refused, or
//!   not counted, as Postfix does for `452 4.5.3`); `Server::count` applies Postfix's rule.
//! - **Teaching text sits beside the behaviour it describes** (`teach/`), tested with it, and
//!   names its source: an RFC section, a recording in `../shared/conformance/`, or the program
//!   whose message it quotes (`tests/sources.rs` checks each).
//! - **Links name places, not URLs.** Diagnose says where the simulator shows a finding
//!   (`teach::diagnose::Shown`); the page and the terminal build their links from it.
//! - **Compare steps through rows.** With two ports side by side, a step is a row of the
//!   comparison (`compare`): common steps together, each port's own steps (587's STARTTLS, 465's
//!   handshake) in rows of their own.
//!
//! # Recipes
//!
//! **A URL parameter that shapes the journey.** A field on `Setup` (`event.rs`) with its key in
//! `Setup::KEYS`, read in `read_param` and written in `params`; the journey or path code that
//! uses it; its lesson. The page follows: its settings hand every `Setup` key to `read_param`,
//! and the build writes `Setup::KEYS` into the embed kit (`src/contract.rs` in the web crate),
//! so only the control that sets it (`src/components/path_picker.rs`) and, for an embed title,
//! its words (`src/settings/`) are written by hand. Document its values in the README's
//! parameter table and add its row to `tests/links.rs`, which checks each documented value.
//!
//! **A network preset.** A `Network` variant in `path/network.rs`, added to `Network::ALL` with
//! its `name` (the link value), `label`, `story` (with its source), `blocks` and `advice`; the
//! test `networks_block_what_their_story_says` lists what it blocks. The page's picker iterates
//! `Network::ALL`; the embed title's words are `network_words` in the web crate's
//! `src/settings/`, which the compiler asks for (the match is exhaustive).
//!
//! **A port.** A `Port` variant in `path/port.rs` with its `info()` (role, how TLS starts, who
//! standardised it, the myth), added to `Port::ALL`; `from_number` and `Setup::read_param`
//! follow. The server that answers on it is `server_config` (the lab's 587 unless the lab
//! recorded that port otherwise: check `../shared/conformance/`); the port table iterates
//! `Port::ALL`.
//!
//! **A lesson.** A `Lesson` variant in `teach/lesson.rs` with its `title`, `rfc` (section) and
//! `explain`; the journey pushes it with its events (`journey/`). `tests/sources.rs` checks that
//! the step cites the sections its lesson rests on.
//!
//! **A diagnosis cause.** A `teach::diagnose::Cause` variant added to `Cause::ALL` with its `id`
//! (stable: the page's `data-cause`, the terminal's JSON), `title` and `what`; the words that
//! recognise it in `catalogue.rs` (each with the program and file it was found in) or a code in
//! `codes.rs`; its safe fix in `fixes.rs`; where the simulator shows it in `prints::place` or
//! `finding`. `tests/diagnose.rs` fails until it has a real message, key phrases for its fix, and
//! a row in the README's cause table. Never tune on `tests/diagnose_holdout.txt`.

pub mod compare;
pub mod console;
pub mod event;
pub mod journey;
pub mod path;
pub mod poster;
pub mod server;
pub mod teach;

pub use event::{Event, Lane, Outcome, Setup, Tag};
pub use journey::{journey, Journey, Step};
pub use path::client::ClientTls;
pub use path::network::{Block, Mx, Network};
pub use path::port::Port;
pub use server::reply::Reply;
pub use server::{Config, Out, Server};
