//! One component per file, named after what the learner sees.

mod console;
mod controls;
mod diagram;
mod explanation;
mod follow;
mod help;
mod notices;
mod path_picker;
mod port_table;
mod share;
mod transcript;
mod try_it;

pub use console::Console;
pub use controls::Controls;
pub use diagram::Diagram;
pub use explanation::Explanation;
pub use help::Help;
pub use notices::Notices;
pub use path_picker::PathPicker;
pub use port_table::PortTable;
pub use share::{page_url, Share};
pub use transcript::Transcript;
pub use try_it::TryIt;
