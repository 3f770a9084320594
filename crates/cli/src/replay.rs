//! `smtp-sim replay`: a recorded C:/S: transcript's client lines fed to the server model, its
//! replies compared with the recorded ones.

use std::path::PathBuf;
use std::process::ExitCode;

use smtp_sim::{Out, Port, Server};

/// Arguments of `smtp-sim replay`.
#[derive(clap::Args)]
pub struct Args {
    /// The port the transcript was recorded on (25, 465, 587, 2525, 588 or 80); read from the
    /// file name (`587_….txt`) or its `# Server: … at HOST:PORT` header when absent.
    #[arg(long)]
    port: Option<u16>,
    /// The transcript: `C: ` and `S: ` lines, as in the conformance recordings.
    transcript: PathBuf,
}

/// 0 when the replies are identical, 1 when they differ, 2 for a usage or input error.
pub fn run(args: Args) -> ExitCode {
    match replay_args(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn replay_args(args: &Args) -> Result<bool, String> {
    let text = crate::read_input(Some(&args.transcript))?;
    let file = args.transcript.to_string_lossy();
    let port = match args.port {
        Some(n) => Port::from_number(n),
        None => port_of(&file, &text),
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
