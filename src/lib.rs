//! The web view of SMTP Port Simulator: renders the `smtp-sim` model and sends it the learner's
//! intents. No protocol decision is made here. The app lives in the library so that the wasm
//! DOM tests in tests/ can mount its components.

mod app;
mod components;
mod state;
mod url;

pub use app::App;
pub use state::{Action, Model};
