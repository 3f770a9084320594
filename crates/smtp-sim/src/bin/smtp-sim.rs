//! smtp-sim in a terminal (std only):
//!
//!   smtp-sim diagnose [FILE]                 what went wrong: causes, fixes, simulator links
//!   smtp-sim replay [--port N] TRANSCRIPT    replay C:/S: lines against the server model
//!
//! Exit codes: 0 done (replay: the replies are identical), 1 the replies differ, 2 usage error.

use std::io::Read;
use std::process::ExitCode;

use smtp_sim::teach::diagnose::{diagnose, login, Cause};
use smtp_sim::{Out, Port, Server};

const USAGE: &str = "usage: smtp-sim diagnose [FILE]   (reads stdin without FILE)
       smtp-sim replay [--port N] TRANSCRIPT   (C:/S: lines, as in ../shared/conformance)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("diagnose") if args.len() <= 2 => read(args.get(1)).map(|t| print_diagnosis(&t)),
        Some("replay") => replay_args(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(true)
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// The text of FILE, or of stdin; invalid UTF-8 is replaced, not refused.
fn read(file: Option<&String>) -> Result<String, String> {
    let mut bytes = Vec::new();
    match file.map(String::as_str) {
        None | Some("-") => std::io::stdin().read_to_end(&mut bytes).map(|_| ()),
        Some(path) => std::fs::read(path).map(|b| bytes = b),
    }
    .map_err(|e| format!("smtp-sim: cannot read {}: {e}", file.map_or("stdin", |f| f)))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn print_diagnosis(text: &str) -> bool {
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
    true
}

fn replay_args(args: &[String]) -> Result<bool, String> {
    let (port, file) = match args {
        [flag, n, file] | [file, flag, n] if flag == "--port" => (Some(n.as_str()), file),
        [file] => (None, file),
        _ => return Err(USAGE.into()),
    };
    let text = read(Some(file))?;
    let port = match port {
        Some(n) => n.parse().ok().and_then(Port::from_number),
        None => port_of(file, &text),
    }
    .ok_or(
        "smtp-sim: which port? Name the file like 587_….txt or pass --port 25|465|587|2525|588|80",
    )?;
    Ok(replay(port, &text))
}

/// The port from a file name such as `587_wrong_password.txt` or `swaks_465_….txt`, else from
/// a `# Server: … at 127.0.0.1:587` header.
fn port_of(file: &str, text: &str) -> Option<Port> {
    let name = file.rsplit('/').next().unwrap_or(file);
    let from_name = name
        .split(['_', '.', '-'])
        .find_map(|t| t.parse().ok().and_then(Port::from_number));
    from_name.or_else(|| {
        let header = text.lines().find_map(|l| l.strip_prefix("# Server: "))?;
        let addr = header.split(" at ").nth(1)?.split_whitespace().next()?;
        addr.rsplit(':')
            .next()?
            .parse()
            .ok()
            .and_then(Port::from_number)
    })
}

/// Queue IDs differ from run to run: `queued as 2C1B4E68EA` → `queued as <ID>`.
fn normalise(line: &str) -> String {
    match line.find("queued as ") {
        Some(at) => format!("{}queued as <ID>", &line[..at]),
        None => line.to_string(),
    }
}

/// Sends the transcript's client lines to the model and compares its replies with the
/// transcript's server lines, in order. Prints each difference with its line number.
fn replay(port: Port, text: &str) -> bool {
    let (mut server, greeting) = Server::connect(port.server_config());
    let mut got: Vec<(usize, String)> = Vec::new();
    let mut want: Vec<(usize, String)> = Vec::new();
    let take = |outs: Vec<Out>, at: usize, got: &mut Vec<(usize, String)>| {
        for out in outs {
            if let Out::Reply(reply) = out {
                got.extend(reply.wire_lines().into_iter().map(|l| (at, normalise(&l))));
            }
        }
    };
    take(greeting, 0, &mut got);
    for (i, line) in text.lines().enumerate() {
        let at = i + 1;
        if line.starts_with("# ----") {
            break;
        }
        if let Some(c) = line.strip_prefix("C: ") {
            take(server.receive(format!("{c}\r\n").as_bytes()), at, &mut got);
        } else if let Some(s) = line.strip_prefix("S: ") {
            want.push((at, normalise(s)));
        } else if line.starts_with("* [TLS handshake complete")
            || line.starts_with("* [swaks] TLS started")
        {
            take(server.tls_handshake(), at, &mut got);
        }
    }
    let mut same = true;
    for n in 0..want.len().max(got.len()) {
        match (want.get(n), got.get(n)) {
            (Some(w), Some(g)) if w.1 == g.1 => {}
            (w, g) => {
                same = false;
                match w {
                    Some((at, text)) => println!("line {at}: recorded  {text}"),
                    None => println!("(end):   recorded  nothing more"),
                }
                match g {
                    Some((0, text)) => println!("          model     {text}   (on connect)"),
                    Some((at, text)) => println!("          model     {text}   (after line {at})"),
                    None => println!("          model     nothing more"),
                }
            }
        }
    }
    println!(
        "{} server lines recorded, {} from the model on port {}: {}",
        want.len(),
        got.len(),
        port.number(),
        if same { "identical" } else { "they differ" }
    );
    same
}
