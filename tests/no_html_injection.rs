//! Nothing user-supplied is ever inserted as HTML: the view never touches `inner_html`, Yew's
//! `html!` renders every string as text, and the JavaScript beside the app parses no string as
//! HTML but the steps drawn at build time. (The browser tests type script payloads too.)

#[test]
fn the_view_never_sets_inner_html() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut stack = vec![std::path::PathBuf::from(src)];
    let mut checked = 0;
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for needle in [
                "inner_html",
                "outer_html",
                "insert_adjacent_html",
                "from_html_unchecked",
            ] {
                assert!(!text.contains(needle), "{} uses {needle}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} source files checked");
}

/// The page's JavaScript (web/: boot, drawing, embed kit, frame) may not parse strings as
/// HTML either, except where it re-shows the app's own markup drawn at build time.
#[test]
fn the_javascript_never_parses_strings_as_html_except_the_build_time_steps() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/web");
    // (file, the line): drawing.js shows a step's HTML that src/bin/prerender.rs wrote at build
    // time (STEPS, steps.js) or the drawn screen's own first markup, never anything typed.
    // boot.js shows a shared state's first screen, a file of the app's own origin that
    // prerender.rs wrote into first/ (named by the address only after a strict pattern, and shown
    // only if it starts with the drawings' mark).
    let allowed = [
        ("boot.js", "drawn.innerHTML = shared;"),
        (
            "drawing.js",
            "const next = Object.assign(document.createElement('template'), { innerHTML: html }).content;",
        ),
    ];
    let sinks = [
        "innerHTML =",
        "innerHTML=",
        "innerHTML:",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "createContextualFragment",
        "parseFromString",
        "srcdoc",
    ];
    let mut scanned = 0;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "js") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let code = line.trim();
            if code.starts_with("//") || code.starts_with('*') {
                continue;
            }
            if sinks.iter().any(|s| code.contains(s)) {
                found.push((name.clone(), code.to_string()));
            }
        }
        scanned += 1;
    }
    assert!(scanned >= 5, "only {scanned} JavaScript files scanned");
    found.sort();
    let found: Vec<(&str, &str)> = found
        .iter()
        .map(|(f, l)| (f.as_str(), l.as_str()))
        .collect();
    assert_eq!(found, allowed, "HTML parsed from a string");
    let boot = std::fs::read_to_string(format!("{root}/boot.js")).unwrap();
    assert!(boot.contains("if (drawn && shared?.startsWith('<!--first-->')) {"));
    let first = std::fs::read_to_string(format!("{root}/boot-first.js")).unwrap();
    assert!(first.contains("if (SHARED.test(location.search))"));
    assert!(first.contains("fetch(`first/${"));
    // drawing.js's sink takes only the build-time steps or the drawn screen's own markup.
    let drawing = std::fs::read_to_string(format!("{root}/drawing.js")).unwrap();
    let callers: Vec<&str> = drawing
        .lines()
        .filter(|l| l.contains("show(") && !l.contains("const show"))
        .collect();
    assert_eq!(callers.len(), 1, "{callers:?}");
    assert!(
        drawing.contains("const html = step ? (STEPS[step] ?? (await allSteps)[step]) : first;")
    );
    assert!(drawing.contains("const first = drawn?.innerHTML ?? '';"));
}
