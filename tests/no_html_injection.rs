//! Nothing user-supplied is ever inserted as HTML: the view never touches `inner_html`, and
//! Yew's `html!` renders every string as text. (The browser tests type script payloads too.)

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
