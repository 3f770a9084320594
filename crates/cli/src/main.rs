//! `smtp-sim`, the terminal tool: one subcommand per job, each in a module of its own.
//!
//! Exit codes are each subcommand's (see its `--help`); 2 is always a usage or input error.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod diagnose;
mod lab;
mod page;
mod probe;
mod replay;

/// SMTP Port Simulator in a terminal: diagnose a mail error, replay a transcript against the
/// server model, run a real lab server that answers like the simulator, or probe a real host.
#[derive(Parser)]
#[command(name = "smtp-sim", version, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Explain a mail error (or a program's settings): causes, evidence, safe fixes, links.
    Diagnose(diagnose::Args),
    /// Replay a C:/S: transcript against the server model and show where the replies differ.
    Replay(replay::Args),
    /// Run a real SMTP server on loopback that answers like the simulator, under attack if asked.
    Lab(lab::Args),
    /// Run the journey for real against a host: which port works from this network.
    Probe(probe::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Diagnose(args) => diagnose::run(args),
        Command::Replay(args) => replay::run(args),
        Command::Lab(args) => lab::run(args),
        Command::Probe(args) => probe::run(args),
    }
}

/// The text of FILE, or of stdin for `-` or no file; invalid UTF-8 is replaced, not refused.
pub(crate) fn read_input(file: Option<&std::path::Path>) -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    match file {
        None => std::io::stdin().read_to_end(&mut bytes).map(|_| ()),
        Some(path) if path.as_os_str() == "-" => {
            std::io::stdin().read_to_end(&mut bytes).map(|_| ())
        }
        Some(path) => std::fs::read(path).map(|b| bytes = b),
    }
    .map_err(|e| {
        let name = file.map_or("stdin".into(), |f| f.display().to_string());
        format!("smtp-sim: cannot read {name}: {e}")
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
