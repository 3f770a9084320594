//! One part of the page per file, named after what the learner sees. Parts with state of their
//! own, or worth skipping when their data is unchanged, are components; the rest are plain
//! functions of their props (each Yew component costs about 1 KB of WebAssembly).

mod arrow;
/// Public for the live view (src/bin/live-view/), which draws its lines in the transcript's look.
pub mod badge;
mod compare_notes;
mod console;
mod console_view;
pub mod controls;
mod diagnose;
pub mod diagram;
pub mod explanation;
mod handout;
mod line;
pub mod notices;
pub mod panels;
pub mod path_picker;
pub mod port_table;
mod retries;
mod setup_view;
pub mod share;
mod steps;
pub mod students;
pub mod transcript;
pub mod try_it;

pub use compare_notes::{difference_at, CompareNotes, Props as CompareNotesProps};
pub use console::ConsoleScreen;
pub use console_view::{ConsoleView, Props as ConsoleViewProps};
pub use diagnose::Diagnose;
pub use setup_view::{Part as SetupPart, Props as SetupViewProps, SetupView};
