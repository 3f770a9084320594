//! `smtp-sim diagnose`: the model's diagnosis of a pasted error, printed for a terminal.

use std::path::PathBuf;
use std::process::ExitCode;

use smtp_sim::teach::diagnose::{diagnose, login, Cause};

/// Arguments of `smtp-sim diagnose`.
#[derive(clap::Args)]
pub struct Args {
    /// The file holding the error or log; stdin when absent or `-`.
    file: Option<PathBuf>,
}

/// Prints the diagnosis; 0 when done, 2 when the input cannot be read.
pub fn run(args: Args) -> ExitCode {
    match crate::read_input(args.file.as_deref()) {
        Ok(text) => {
            print_diagnosis(&text);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn print_diagnosis(text: &str) {
    let d = diagnose(text);
    if d.truncated {
        println!("Only the first 64 KB were read.");
    }
    if let Some(line) = d.connected() {
        println!("{line}");
    }
    if let Some(p) = d.program {
        println!("Program: {}", p.name());
    }
    for (n, f) in d.findings.iter().enumerate() {
        println!("\n{}. {}", n + 1, f.cause.id());
        println!("   {}", f.what);
        if !f.matched.is_empty() {
            println!("   Matched: \"{}\"", f.matched);
        }
        println!("   Source: {}", f.source);
        println!("   Fix: {}", f.fix);
        if f.cause == Cause::AuthFailed {
            for cause in login::USUAL_CAUSES {
                println!("     - {cause}");
            }
        }
        println!("   Show in the simulator: ?{}", f.link);
    }
}
