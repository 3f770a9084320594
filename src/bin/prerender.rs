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
//!
//! And the states people share (every port from every network, alone and compared with each
//! other port, at every step) into first/, one file each, which a link to one of them shows in
//! place of the default first screen (boot-first.js, boot.js).

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
    if let Err(e) = write_vocabularies(&page) {
        eprintln!("prerender: {e}");
        return ExitCode::FAILURE;
    }
    if let Err(e) = draw_steps(&page.with_file_name("drawing.js")) {
        eprintln!("prerender: cannot draw the steps into drawing.js: {e}");
        return ExitCode::FAILURE;
    }
    if let Err(e) = draw_shared(&page.with_file_name("first")) {
        eprintln!("prerender: cannot draw the shared states into first/: {e}");
        return ExitCode::FAILURE;
    }
    let view = unquoted(&first_screen(""));
    let drawn = format!(r#"<div id="app" data-prerendered>{view}</div>"#);
    let html = without_app_link(&html.replacen(root, &drawn, 1));
    if let Err(e) = std::fs::write(&page, html) {
        eprintln!("prerender: cannot write {}: {e}", page.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The vocabularies of the Rust that the scripts beside `page` need (src/contract.rs), written
/// into their placeholders.
fn write_vocabularies(page: &std::path::Path) -> Result<(), String> {
    use smtp_port_simulator::contract::*;
    for (file, placeholder, value) in [
        ("embed.js", EMBED_PLACEHOLDER, embed_vocabulary()),
        ("drawing.js", DRAWING_PLACEHOLDER, drawing_keys()),
        ("boot-first.js", SHARED_PLACEHOLDER, shared_pattern()),
    ] {
        let path = page.with_file_name(file);
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let filled = fill(&source, placeholder, &value)
            .ok_or(format!("no `{placeholder}` in {}", path.display()))?;
        std::fs::write(&path, filled)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
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

/// What starts every file of first/: boot.js shows a file only if it does, not a host's page
/// for a missing one.
const SHARED_MARK: &str = "<!--first-->";

/// The first screen of each state people share, at each step: every port from every network,
/// alone and compared with each other port. One file per state, `first/<query>.html` with the
/// query as the app writes it and `_` for `&` (boot-first.js fetches the one its address names,
/// boot.js shows it), so a shared link paints its own state before the wasm arrives.
fn draw_shared(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ports = smtp_sim::Port::ALL.map(|p| p.number());
    let mut bases = Vec::new();
    for net in smtp_sim::Network::ALL.map(|n| n.name()) {
        for port in ports {
            bases.push(format!("?port={port}&net={net}"));
            for other in ports.into_iter().filter(|&o| o != port) {
                bases.push(format!("?port={port}&net={net}&compare={other}"));
            }
        }
    }
    let mut drawn = std::collections::BTreeSet::new();
    for base in bases {
        for step in 0..=Model::from_query(&base).total() {
            let query = Model::from_query(&format!("{base}&step={step}"))
                .settings
                .to_query();
            // The plain address has its drawing in index.html.
            if query.is_empty() || !drawn.insert(query.clone()) {
                continue;
            }
            let name = query.trim_start_matches('?').replace('&', "_");
            let view = unquoted(&first_screen(&query));
            std::fs::write(
                dir.join(format!("{name}.html")),
                format!("{SHARED_MARK}{view}"),
            )?;
        }
    }
    Ok(())
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

/// `html` with the quotes left out around attribute values that need none (`type=button`), as
/// the page's minifier does for the rest of index.html: the same nodes, fewer bytes for every
/// reader. Only inside tags; values with anything but letters, digits and `-_.:#` keep theirs.
fn unquoted(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if in_tag && rest.starts_with("=\"") {
            let value_end = rest[2..].find('"').map_or(rest.len(), |i| i + 2);
            let value = &rest[2..value_end.min(rest.len())];
            let bare = !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.:#".contains(c));
            if value_end >= rest.len() {
                out.push_str(rest);
                break;
            }
            if bare {
                out.push('=');
                out.push_str(value);
            } else {
                out.push_str(&rest[..=value_end]);
            }
            rest = &rest[value_end + 1..];
            continue;
        }
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Trunk (with `inject_scripts = false`) leaves the app's `<link data-trunk rel="rust" …>` in
/// the built page, and `data-integrity=none` on the style sheet's, where they do nothing but
/// cost every reader their bytes.
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
            // The instruction to Trunk not to hash it is no use to the browser either.
            out.push_str(&tag.replace("data-integrity=none ", ""));
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::unquoted;

    #[test]
    fn only_safe_values_inside_tags_lose_their_quotes() {
        assert_eq!(
            unquoted(r#"<p class="a b" id="x-1" data-prerendered>say id="x"</p><i title="">"#),
            r#"<p class="a b" id=x-1 data-prerendered>say id="x"</p><i title="">"#
        );
        assert_eq!(
            unquoted(r##"<a href="#ports-title">"##),
            "<a href=#ports-title>"
        );
        assert_eq!(unquoted(r#"<a b="unclosed"#), r#"<a b="unclosed"#);
    }
}
