//! `smtp-sim probe`: the simulator's journey run for real against a host, from this network.

use std::process::ExitCode;

/// Arguments of `smtp-sim probe`.
#[derive(clap::Args)]
pub struct Args {}

/// Probes the host.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("smtp-sim probe: not built yet");
    ExitCode::from(2)
}
