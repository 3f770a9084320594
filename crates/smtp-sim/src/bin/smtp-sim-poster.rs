//! smtp-sim-poster DIR WIDTH HEIGHT COMPARE CONSOLE DIAGNOSE: draws the poster of every state a
//! link can describe into DIR: each setup, alone and compared with each other port, as
//! `<name>.svg`, one file per distinct drawing; the console on each port as `console-<port>.svg`;
//! Diagnose as `diagnose.svg`; beside each, the page a plain iframe opens first (`<name>.html`). Each is WIDTH wide and as tall as that view's figure (HEIGHT, or
//! COMPARE for two ports side by side, CONSOLE, DIAGNOSE): the box it takes in an article. The build runs it (Trunk.toml pre_build hook)
//! into `target/posters/`, which index.html copies to `dist/posters/`; the builder's snippets
//! name the file (`smtp_sim::poster::name`).

use std::collections::{HashMap, HashSet};
use std::process::ExitCode;

use smtp_sim::poster::{self, journeys};
use smtp_sim::{journey, Port};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let numbers: Option<Vec<u32>> = args.iter().skip(1).map(|a| a.parse().ok()).collect();
    let (Some(dir), Some(&[width, height, compare, console, diagnose])) =
        (args.first(), numbers.as_deref())
    else {
        eprintln!(
            "usage: smtp-sim-poster DIR WIDTH HEIGHT COMPARE CONSOLE DIAGNOSE   (one SVG per state)"
        );
        return ExitCode::from(2);
    };
    let boxes = Boxes {
        width,
        height,
        compare,
        console,
        diagnose,
    };
    match draw_all(dir, &boxes) {
        Ok(n) => {
            println!("smtp-sim-poster: {n} posters in {dir}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("smtp-sim-poster: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The figure's box per view, in CSS pixels.
struct Boxes {
    width: u32,
    height: u32,
    compare: u32,
    console: u32,
    diagnose: u32,
}

/// A setup's link query (`?port=…&…`).
fn link(params: &[(&str, String)]) -> String {
    let pairs: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("?{}", pairs.join("&"))
}

fn write_page(dir: &str, name: &str, page: String) -> Result<(), String> {
    let path = format!("{dir}/{name}.html");
    std::fs::write(&path, page).map_err(|e| format!("cannot write {path}: {e}"))
}

fn write(dir: &str, name: &str, svg: String) -> Result<(), String> {
    let path = format!("{dir}/{name}.svg");
    std::fs::write(&path, svg).map_err(|e| format!("cannot write {path}: {e}"))
}

fn draw_all(dir: &str, boxes: &Boxes) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {dir}: {e}"))?;
    // Posters of an earlier model would stay behind under names nothing links to any more.
    let old = std::fs::read_dir(dir).map_err(|e| format!("cannot read {dir}: {e}"))?;
    for entry in old.flatten() {
        if entry
            .path()
            .extension()
            .is_some_and(|x| x == "svg" || x == "html")
        {
            std::fs::remove_file(entry.path()).map_err(|e| format!("cannot remove: {e}"))?;
        }
    }
    let setups = poster::setups();
    // Each journey's digest once: a comparison's second journey is another setup's own.
    let digests: HashMap<String, u64> = setups
        .iter()
        .map(|s| (format!("{s:?}"), poster::digest(&journey(*s))))
        .collect();
    let mut drawn = HashSet::new();
    for setup in &setups {
        let own = digests[&format!("{setup:?}")];
        let compared = Port::ALL.into_iter().filter(|p| *p != setup.port);
        for compare in std::iter::once(None).chain(compared.map(Some)) {
            let mut pair = vec![own];
            pair.extend(compare.map(|p| digests[&format!("{:?}", setup.compared_with(p))]));
            let name = poster::name_of(&pair);
            if !drawn.insert(name.clone()) {
                continue;
            }
            let height = match compare {
                Some(_) => boxes.compare,
                None => boxes.height,
            };
            let shown = journeys(*setup, compare);
            write(dir, &name, poster::svg(&shown, boxes.width, height))?;
            let mut query = link(&setup.params());
            if let Some(port) = compare {
                query += &format!("&compare={}", port.number());
            }
            let title = poster::title(&shown);
            let page = poster::frame_page(&name, &title, &query, boxes.width, height);
            write_page(dir, &name, page)?;
        }
    }
    for port in Port::ALL {
        let name = format!("console-{}", port.number());
        write(
            dir,
            &name,
            poster::console_svg(port, boxes.width, boxes.console),
        )?;
        let query = format!("?port={}&view=console", port.number());
        let title = format!("SMTP Port Simulator: type SMTP to port {}", port.number());
        let page = poster::frame_page(&name, &title, &query, boxes.width, boxes.console);
        write_page(dir, &name, page)?;
    }
    write(
        dir,
        "diagnose",
        poster::diagnose_svg(boxes.width, boxes.diagnose),
    )?;
    let title = "SMTP Port Simulator: what went wrong?";
    let page = poster::frame_page(
        "diagnose",
        title,
        "?view=diagnose",
        boxes.width,
        boxes.diagnose,
    );
    write_page(dir, "diagnose", page)?;
    Ok(drawn.len() + Port::ALL.len() + 1)
}
