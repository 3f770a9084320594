//! smtp-sim-poster DIR WIDTH HEIGHT COMPARE_HEIGHT: draws the poster of every state a link can
//! describe (each setup, alone and compared with each other port) into DIR as `<name>.svg`,
//! one file per distinct drawing, each WIDTH × HEIGHT (COMPARE_HEIGHT for two ports side by
//! side): the box a figure takes in an article. The build runs it (Trunk.toml pre_build hook)
//! into `target/posters/`, which index.html copies to `dist/posters/`; the builder's snippets
//! name the file (`smtp_sim::poster::name`).

use std::collections::{HashMap, HashSet};
use std::process::ExitCode;

use smtp_sim::poster::{self, journeys};
use smtp_sim::{journey, Port};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [dir, w, h, hc] => match (w.parse(), h.parse(), hc.parse()) {
            (Ok(w), Ok(h), Ok(hc)) => Some((dir, w, h, hc)),
            _ => None,
        },
        _ => None,
    };
    let Some((dir, width, height, compare_height)) = parsed else {
        eprintln!("usage: smtp-sim-poster DIR WIDTH HEIGHT COMPARE_HEIGHT   (one SVG per state)");
        return ExitCode::from(2);
    };
    match draw_all(dir, width, height, compare_height) {
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

fn draw_all(dir: &str, width: u32, height: u32, compare_height: u32) -> Result<usize, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {dir}: {e}"))?;
    // Posters of an earlier model would stay behind under names nothing links to any more.
    let old = std::fs::read_dir(dir).map_err(|e| format!("cannot read {dir}: {e}"))?;
    for entry in old.flatten() {
        if entry.path().extension().is_some_and(|x| x == "svg") {
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
            let box_height = if compare.is_some() {
                compare_height
            } else {
                height
            };
            let svg = poster::svg(&journeys(*setup, compare), width, box_height);
            let path = format!("{dir}/{name}.svg");
            std::fs::write(&path, svg).map_err(|e| format!("cannot write {path}: {e}"))?;
        }
    }
    Ok(drawn.len())
}
