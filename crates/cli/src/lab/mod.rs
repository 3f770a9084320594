//! `smtp-sim lab`: a real SMTP server on loopback that answers with the model's `Server`.

use std::process::ExitCode;

/// Arguments of `smtp-sim lab`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the lab until Ctrl-C.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("smtp-sim lab: not built yet");
    ExitCode::from(2)
}
