//! Draws the app's first screen (the header and the stage in the default state, as the page's
//! plain address shows it) into the built index.html at build time, so a reader sees the real
//! first view as soon as the HTML and the style sheet arrive, before any wasm. Run by Trunk as a post_build hook (Trunk.toml), on
//! `$TRUNK_STAGING_DIR/index.html`; natively, with Yew's server renderer (feature `prerender`).
//!
//! The app then replaces these nodes with its own, identical ones in the same frame (`start`
//! in lib.rs). A link to any other state hides them until then (boot-first.js, app.css), so a
//! wrong port never flashes.
//!
//! It also draws every later step of that journey (the same first screen for `?step=k`), for
//! a reader who presses Next step before the app has started (drawing.js, which boot.js imports
//! at the first press): step 1 into the built copy of drawing.js (`STEPS`), so that press costs
//! one small request, and every step into steps.js, which drawing.js fetches at once. The app,
//! reading `?step=k`, goes on from the step shown.

use std::path::PathBuf;
use std::process::ExitCode;

use smtp_port_simulator::{App, AppProps, Model};

/// The empty root in index.html, as Trunk writes it (minified in release builds, not in debug).
const ROOTS: [&str; 2] = [r#"<div id="app"></div>"#, "<div id=app></div>"];

fn main() -> ExitCode {
    let page = match std::env::var_os("TRUNK_STAGING_DIR") {
        Some(dir) => PathBuf::from(dir).join("index.html"),
        None => match std::env::args_os().nth(1) {
            Some(file) => PathBuf::from(file),
            None => {
                eprintln!("prerender: give index.html as the argument (or run as a Trunk hook)");
                return ExitCode::from(2);
            }
        },
    };
    let html = match std::fs::read_to_string(&page) {
        Ok(html) => html,
        Err(e) => {
            eprintln!("prerender: cannot read {}: {e}", page.display());
            return ExitCode::FAILURE;
        }
    };
    let Some(root) = ROOTS.iter().find(|r| html.contains(*r)) else {
        eprintln!(
            "prerender: {} has no empty <div id=\"app\"></div> to draw into",
            page.display()
        );
        return ExitCode::FAILURE;
    };
    if let Err(e) = draw_steps(&page.with_file_name("drawing.js")) {
        eprintln!("prerender: cannot draw the steps into drawing.js: {e}");
        return ExitCode::FAILURE;
    }
    let view = first_screen("");
    let drawn = format!(r#"<div id="app" data-prerendered>{view}</div>"#);
    let html = without_app_link(&html.replacen(root, &drawn, 1));
    if let Err(e) = std::fs::write(&page, html) {
        eprintln!("prerender: cannot write {}: {e}", page.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// What drawing.js declares empty, and is given step 1 here.
const STEPS: &str = "export const STEPS = [];";

/// Steps 1 to the last of the default journey: the first into `drawing`'s `STEPS`, all of them
/// into steps.js beside it (index k for step k in both).
fn draw_steps(drawing: &std::path::Path) -> std::io::Result<()> {
    let source = std::fs::read_to_string(drawing)?;
    if !source.contains(STEPS) {
        return Err(std::io::Error::other(format!("no `{STEPS}` in it")));
    }
    let steps: Vec<String> = (1..=Model::from_query("").total())
        .map(|k| js_string(&first_screen(&format!("?step={k}"))))
        .collect();
    let first = STEPS.replace("[]", &format!("[null,{}]", steps[0]));
    std::fs::write(drawing, source.replacen(STEPS, &first, 1))?;
    let all = format!(
        "// Steps 1 to {} of the default journey, drawn at build time (src/bin/prerender.rs).\nexport default [null,{}];\n",
        steps.len(),
        steps.join(",")
    );
    std::fs::write(drawing.with_file_name("steps.js"), all)
}

/// `text` as a JavaScript string literal.
fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The app's first screen for the state `query` describes, without hydration markers: the app
/// replaces it rather than adopting it, which costs the reader's download nothing.
fn first_screen(query: &str) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a single-threaded runtime");
    let renderer = yew::LocalServerRenderer::<App>::with_props(AppProps {
        query: Some(query.to_owned().into()),
        first_screen: true,
    })
    .hydratable(false);
    tokio::task::LocalSet::new().block_on(&runtime, renderer.render())
}

/// Trunk (with `inject_scripts = false`) leaves the app's `<link data-trunk rel="rust" …>` in
/// the built page, where it does nothing but cost every reader its bytes.
fn without_app_link(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<link") {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..=start + len];
        out.push_str(&rest[..start]);
        if !(tag.contains("rel=rust") || tag.contains(r#"rel="rust""#)) {
            out.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}
