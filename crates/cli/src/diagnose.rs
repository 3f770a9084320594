//! `smtp-sim diagnose`: the model's diagnosis of a pasted error (or a program's settings),
//! printed for a terminal or as JSON for a script.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use smtp_sim::teach::diagnose::{diagnose, login, Cause, Diagnosis};

use crate::page;

/// Arguments of `smtp-sim diagnose`: the likely causes (most likely first), the evidence each
/// rests on, a safe fix in the program's own words, and a link that shows it in the simulator.
#[derive(clap::Args)]
#[command(
    after_help = "Reads an error message, a log, a transcript or a program's mail settings.\n\nExit status: 0 a cause, a settings verdict or a success was found; 3 no known cause (or the text is not about mail); 2 a usage or input error."
)]
pub struct Args {
    /// The file holding the error, log or settings; stdin when absent or `-`.
    file: Option<PathBuf>,
    /// Print JSON: {"causes": [{"id", "title", "evidence", "fix", "link", "checklist", …}], …}.
    #[arg(long)]
    json: bool,
    /// Where the simulator is served; links are made from it.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080/")]
    base_url: String,
}

/// Prints the diagnosis and exits as documented on `Args`.
pub fn run(args: Args) -> ExitCode {
    let from_terminal =
        args.file.as_deref().is_none_or(|f| f.as_os_str() == "-") && std::io::stdin().is_terminal();
    if from_terminal {
        eprintln!("Paste the error, log or settings, then press Ctrl-D on a line of its own (Ctrl-Z, Enter on Windows).");
    }
    let text = match crate::read_input(args.file.as_deref()) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if text.trim().is_empty() {
        eprintln!(
            "smtp-sim diagnose: nothing to read: paste an error, a log or settings (see --help)"
        );
        return ExitCode::from(2);
    }
    let d = diagnose(&text);
    let base = base(&args.base_url);
    let out = if args.json {
        format!("{}\n", json(&d, &base))
    } else {
        as_text(&d, &base)
    };
    // A reader that stops early (`| head`) closes the pipe: that is no error of ours.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes());
    match d.findings[0].cause {
        Cause::Unknown | Cause::NotMail => ExitCode::from(3),
        _ => ExitCode::SUCCESS,
    }
}

/// The base URL with its trailing slash, so that `base?port=…` opens the simulator.
fn base(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') || url.contains('?') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

fn json(d: &Diagnosis, base: &str) -> serde_json::Value {
    let causes: Vec<serde_json::Value> = d
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "id": f.cause.id(),
                "title": f.cause.title(),
                "evidence": f.evidence,
                "fix": f.fix,
                "link": page::link(base, &f.setup, f.shown),
                "what": f.what,
                "source": f.source,
                // The list the fix points to ("the usual causes are listed below").
                "checklist": if f.cause == Cause::AuthFailed { login::USUAL_CAUSES.to_vec() } else { Vec::new() },
            })
        })
        .collect();
    serde_json::json!({
        "causes": causes,
        "program": d.program.map(|p| p.name()),
        "host": d.host,
        "port": d.port,
        "truncated": d.truncated,
    })
}

/// The diagnosis as text for a terminal.
fn as_text(d: &Diagnosis, base: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if d.truncated {
        let _ = writeln!(out, "Only the first 64 KB were read.");
    }
    if let Some(line) = d.connected() {
        let _ = writeln!(out, "{line}");
    }
    if let Some(p) = d.program {
        let _ = writeln!(out, "Program: {}", p.name());
    }
    for (n, f) in d.findings.iter().enumerate() {
        let _ = writeln!(out, "\n{}. {} ({})", n + 1, f.cause.title(), f.cause.id());
        let _ = writeln!(out, "   {}", f.what);
        if !f.evidence.is_empty() {
            let _ = writeln!(out, "   Evidence: {}", f.evidence);
        }
        let link = page::link(base, &f.setup, f.shown);
        if !link.is_empty() {
            let _ = writeln!(out, "   Source: {}", f.source);
        }
        let _ = writeln!(out, "   Fix: {}", f.fix);
        if f.cause == Cause::AuthFailed {
            for cause in login::USUAL_CAUSES {
                let _ = writeln!(out, "     - {cause}");
            }
        }
        if !link.is_empty() {
            let _ = writeln!(out, "   Show in the simulator: {link}");
        }
    }
    out
}
